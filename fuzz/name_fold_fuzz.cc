// Feeds arbitrary bytes to the name folding functions and the UTF-8 checks.
// They must never crash, their outputs must be valid UTF-8, the keys must be
// idempotent, and the table-driven fast paths must agree with ICU.
#include <unicode/utf8.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "../src/core/vn_name_internal.h"
#include "cardex/core/text.h"
#include "cardex/core/vn_name.h"

namespace {

void Check(bool condition) {
  if (!condition) std::abort();
}

// A decoder-based reference for FindInvalidUtf8.
bool IcuSaysValid(std::string_view s) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const auto n = static_cast<int32_t>(s.size());
  for (int32_t i = 0; i < n;) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) return false;
  }
  return true;
}

bool IsValid(std::string_view s) { return !cardex::FindInvalidUtf8(s).has_value(); }

bool SpacesCollapsed(std::string_view s) {
  if (s.empty()) return true;
  if (s.front() == ' ' || s.back() == ' ') return false;
  return s.find("  ") == std::string_view::npos;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace vn = cardex::vn_name;
  if (size > 4096) return 0;  // names are short; keep iterations fast
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  const auto invalid = cardex::FindInvalidUtf8(text);
  Check(invalid.has_value() != IcuSaysValid(text));
  if (invalid) Check(*invalid < text.size());
  if (!invalid) {
    if (auto control = cardex::FindControlChar(text)) Check(*control < text.size());
  }

  const std::string nfc = vn::Nfc(text);
  const std::string collapsed = vn::CollapseSpaces(text);
  const std::string normalized = vn::Normalize(text);
  const std::string form = vn::FormKey(text);
  const std::string stripped = vn::StripDiacritics(text);
  const std::string fold = vn::FoldKey(text);
  for (const std::string* out : {&nfc, &collapsed, &normalized, &form, &stripped, &fold}) Check(IsValid(*out));

  Check(vn::Nfc(nfc) == nfc);
  Check(SpacesCollapsed(collapsed) && SpacesCollapsed(normalized) && SpacesCollapsed(form) && SpacesCollapsed(fold));
  Check(vn::Normalize(normalized) == normalized);
  Check(vn::FormKey(form) == form);
  Check(vn::FoldKey(fold) == fold);
  Check(!vn::HasDiacritics(stripped));
  Check(vn::StripDiacritics(stripped) == stripped);
  Check(vn::HasDiacritics(text) == vn::internal::HasDiacriticsSlow(text));
  Check(form == vn::internal::FormKeySlow(text));
  Check(fold == vn::internal::FoldKeySlow(text));

  Check(vn::DiffersOnlyInForm(text, text));
  Check(vn::DiffersOnlyInForm(form, text));
  Check(vn::DiffersOnlyInForm(normalized, text));
  if (!vn::HasDiacritics(text)) Check(vn::DiffersOnlyInForm(text, text) && fold == form);

  if (size <= 256) (void)vn::CollationKey(text);
  return 0;
}
