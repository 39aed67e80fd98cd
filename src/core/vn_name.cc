// Vietnamese name folding. Two paths give the same answers:
//  - the ICU path: whole-string NFC/NFD, full case folding, then collapsing;
//  - a table-driven path for the common case (ASCII, precomposed Latin,
//    Vietnamese letters, combining marks) that touches no ICU service per call.
// Reconciliation calls FormKey/FoldKey tens of millions of times, so the
// table path matters; internal::*Slow give the ICU answers for tests.
#include "cardex/core/vn_name.h"

#include <unicode/bytestream.h>
#include <unicode/casemap.h>
#include <unicode/coll.h>
#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "cardex/core/text.h"
#include "vn_name_internal.h"

namespace cardex::vn_name {
namespace {

constexpr char kReplacement[] = "\xEF\xBF\xBD";  // U+FFFD

[[noreturn]] void IcuDataMissing(const char* what) {
  std::fprintf(stderr, "cardex: ICU %s is unavailable (is libicu data installed?)\n", what);
  std::abort();
}

const icu::Normalizer2& NfcNormalizer() {
  static const icu::Normalizer2* n = [] {
    UErrorCode e = U_ZERO_ERROR;
    const icu::Normalizer2* p = icu::Normalizer2::getNFCInstance(e);
    if (U_FAILURE(e) || p == nullptr) IcuDataMissing("NFC normalizer");
    return p;
  }();
  return *n;
}

const icu::Normalizer2& NfdNormalizer() {
  static const icu::Normalizer2* n = [] {
    UErrorCode e = U_ZERO_ERROR;
    const icu::Normalizer2* p = icu::Normalizer2::getNFDInstance(e);
    if (U_FAILURE(e) || p == nullptr) IcuDataMissing("NFD normalizer");
    return p;
  }();
  return *n;
}

icu::StringPiece Piece(std::string_view s) { return {s.data(), static_cast<int32_t>(s.size())}; }

bool IsAscii(std::string_view s) {
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t word;
    std::memcpy(&word, s.data() + i, 8);
    if (word & 0x8080808080808080ULL) return false;
  }
  for (; i < s.size(); ++i) {
    if (static_cast<uint8_t>(s[i]) >= 0x80) return false;
  }
  return true;
}

// ASCII members of Unicode White_Space: TAB, LF, VT, FF, CR, SPACE.
bool IsAsciiSpace(uint8_t b) { return b == ' ' || (b >= 0x09 && b <= 0x0D); }

char AsciiLower(uint8_t b) { return static_cast<char>(b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b); }

void AppendUtf8(std::string* out, UChar32 c) {
  char buf[4];
  int32_t n = 0;
  U8_APPEND_UNSAFE(buf, n, c);
  out->append(buf, static_cast<size_t>(n));
}

// A tone or vowel mark: what StripDiacritics drops after NFD.
bool IsDroppedMark(UChar32 c) { return u_getCombiningClass(c) != 0 || u_charType(c) == U_NON_SPACING_MARK; }

bool IsDStroke(UChar32 c) { return c == 0x0111 || c == 0x0110; }  // đ, Đ; NFD keeps them whole

// Returns `s` when it is valid UTF-8, else a copy in `*storage` with every
// ill-formed sequence replaced by U+FFFD (vn_name.h promises no crash).
std::string_view ValidUtf8(std::string_view s, std::string* storage) {
  if (!FindInvalidUtf8(s)) return s;
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const auto n = static_cast<int32_t>(s.size());
  storage->clear();
  for (int32_t i = 0; i < n;) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) {
      storage->append(kReplacement);
    } else {
      storage->append(s.data() + start, static_cast<size_t>(i - start));
    }
  }
  return *storage;
}

std::string Normalized(const icu::Normalizer2& n, std::string_view valid) {
  UErrorCode e = U_ZERO_ERROR;
  if (n.isNormalizedUTF8(Piece(valid), e) && U_SUCCESS(e)) return std::string(valid);
  std::string out;
  out.reserve(valid.size() + 8);
  icu::StringByteSink<std::string> sink(&out);
  e = U_ZERO_ERROR;
  n.normalizeUTF8(0, Piece(valid), sink, nullptr, e);
  return U_SUCCESS(e) ? out : std::string(valid);
}

std::string Folded(std::string_view valid) {
  std::string out;
  out.reserve(valid.size() + 8);
  icu::StringByteSink<std::string> sink(&out);
  UErrorCode e = U_ZERO_ERROR;
  icu::CaseMap::utf8Fold(U_FOLD_CASE_DEFAULT, Piece(valid), sink, nullptr, e);
  return U_SUCCESS(e) ? out : std::string(valid);
}

std::string Collapsed(std::string_view valid) {
  std::string out;
  out.reserve(valid.size());
  const auto* p = reinterpret_cast<const uint8_t*>(valid.data());
  const auto n = static_cast<int32_t>(valid.size());
  bool pending_space = false;
  for (int32_t i = 0; i < n;) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c >= 0 && u_isUWhiteSpace(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.append(valid.data() + start, static_cast<size_t>(i - start));
  }
  return out;
}

// NFD, drop marks, đ→d; the caller composes again.
std::string StrippedDecomposed(std::string_view valid) {
  const std::string nfd = Normalized(NfdNormalizer(), valid);
  std::string out;
  out.reserve(nfd.size());
  const auto* p = reinterpret_cast<const uint8_t*>(nfd.data());
  const auto n = static_cast<int32_t>(nfd.size());
  for (int32_t i = 0; i < n;) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (IsDroppedMark(c)) continue;
    if (IsDStroke(c)) {
      out.push_back(c == 0x0111 ? 'd' : 'D');
    } else {
      out.append(nfd.data() + start, static_cast<size_t>(i - start));
    }
  }
  return out;
}

std::string StripValid(std::string_view valid) { return Normalized(NfcNormalizer(), StrippedDecomposed(valid)); }

std::string FormKeyValid(std::string_view valid) {
  // NFC again after folding: folding may leave a sequence that composes.
  return Collapsed(Normalized(NfcNormalizer(), Folded(Normalized(NfcNormalizer(), valid))));
}

bool CodePointHasDiacritics(UChar32 c) {
  if (IsDStroke(c) || IsDroppedMark(c)) return true;
  icu::UnicodeString decomposition;
  if (!NfdNormalizer().getDecomposition(c, decomposition)) return false;
  for (int32_t i = 0; i < decomposition.length();) {
    const UChar32 d = decomposition.char32At(i);
    if (IsDroppedMark(d) || IsDStroke(d)) return true;
    i += U16_LENGTH(d);
  }
  return false;
}

// ---- The table path ----

enum class Kind : uint8_t { kComplex, kKeep, kWhite, kDrop };

struct Entry {
  char16_t form_to = 0;  // FormKey of the code point alone, when kKeep
  char16_t fold_to = 0;  // FoldKey of the code point alone, when kKeep
  Kind form = Kind::kComplex;
  Kind fold = Kind::kComplex;
  bool has_diacritics = false;
};

constexpr UChar32 kTableEnd = 0x2000;  // Latin, Greek, Cyrillic, Vietnamese, marks

// Composition leaves it alone and it does not reorder: a string of such code
// points is NFC, and concatenating two such strings stays NFC.
bool IsStableStarter(UChar32 c) {
  return u_getCombiningClass(c) == 0 && u_getIntPropertyValue(c, UCHAR_NFC_QUICK_CHECK) == UNORM_YES;
}

// One code point, or -1 when `s` is empty or holds more than one.
UChar32 SingleCodePoint(std::string_view s) {
  if (s.empty()) return -1;
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const auto n = static_cast<int32_t>(s.size());
  int32_t i = 0;
  UChar32 c;
  U8_NEXT(p, i, n, c);
  return i == n ? c : -1;
}

// Where folding one code point gives one stable, non-space code point.
bool FoldsSimply(UChar32 c, char16_t* to) {
  std::string s;
  AppendUtf8(&s, c);
  const UChar32 f = SingleCodePoint(Folded(s));
  if (f < 0 || f > 0xFFFF || !IsStableStarter(f) || u_isUWhiteSpace(f)) return false;
  *to = static_cast<char16_t>(f);
  return true;
}

Entry MakeEntry(UChar32 c) {
  Entry e;
  e.has_diacritics = CodePointHasDiacritics(c);
  if (u_isUWhiteSpace(c)) {
    // Normalisation, folding and stripping all leave white space as it is.
    e.form = e.fold = Kind::kWhite;
    return e;
  }
  if (IsStableStarter(c) && FoldsSimply(c, &e.form_to)) e.form = Kind::kKeep;
  std::string s;
  AppendUtf8(&s, c);
  const std::string stripped = StrippedDecomposed(s);
  if (stripped.empty()) {
    e.fold = Kind::kDrop;
  } else if (UChar32 b = SingleCodePoint(stripped); b >= 0 && IsStableStarter(b) && !u_isUWhiteSpace(b)) {
    if (FoldsSimply(b, &e.fold_to)) e.fold = Kind::kKeep;
  }
  return e;
}

const std::array<Entry, kTableEnd>& Table() {
  static const auto* table = [] {
    auto* t = new std::array<Entry, kTableEnd>();
    for (UChar32 c = 0; c < kTableEnd; ++c) (*t)[static_cast<size_t>(c)] = MakeEntry(c);
    return t;
  }();
  return *table;
}

// FormKey (strip=false) or FoldKey (strip=true) without ICU services per
// call; false when the input needs the ICU path (invalid UTF-8, characters
// outside the table, or ones that normalise or fold into several).
bool TableKey(std::string_view s, bool strip, std::string* out) {
  const auto& table = Table();
  out->clear();
  out->reserve(s.size());
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const auto n = static_cast<int32_t>(s.size());
  bool pending_space = false;
  for (int32_t i = 0; i < n;) {
    const uint8_t b = p[i];
    if (b < 0x80) {
      ++i;
      if (IsAsciiSpace(b)) {
        pending_space = !out->empty();
        continue;
      }
      if (pending_space) out->push_back(' ');
      pending_space = false;
      out->push_back(AsciiLower(b));
      continue;
    }
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) return false;
    Kind kind;
    char16_t to = 0;
    if (c < kTableEnd) {
      const Entry& e = table[static_cast<size_t>(c)];
      kind = strip ? e.fold : e.form;
      to = strip ? e.fold_to : e.form_to;
    } else {
      kind = u_isUWhiteSpace(c) ? Kind::kWhite : Kind::kComplex;
    }
    switch (kind) {
      case Kind::kComplex:
        return false;
      case Kind::kDrop:
        break;
      case Kind::kWhite:
        pending_space = !out->empty();
        break;
      case Kind::kKeep:
        if (pending_space) out->push_back(' ');
        pending_space = false;
        AppendUtf8(out, to);
        break;
    }
  }
  return true;
}

// Collapsing on its own, ASCII only: no case change.
std::string CollapsedAscii(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool pending_space = false;
  for (char ch : s) {
    if (IsAsciiSpace(static_cast<uint8_t>(ch))) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(ch);
  }
  return out;
}

const icu::Collator* PrototypeCollator() {
  static const icu::Collator* proto = [] {
    UErrorCode e = U_ZERO_ERROR;
    icu::Collator* c = icu::Collator::createInstance(icu::Locale("vi"), e);
    if (U_FAILURE(e) || c == nullptr) IcuDataMissing("Vietnamese collator");
    return c;
  }();
  return proto;
}

// Collator::getSortKey is not documented as thread-safe: one clone per thread.
icu::Collator& ThreadCollator() {
  thread_local std::unique_ptr<icu::Collator> collator(PrototypeCollator()->clone());
  return *collator;
}

// The same collator with digits compared as numbers, for unit names.
icu::Collator& ThreadNumericCollator() {
  thread_local std::unique_ptr<icu::Collator> collator = [] {
    std::unique_ptr<icu::Collator> c(PrototypeCollator()->clone());
    UErrorCode e = U_ZERO_ERROR;
    c->setAttribute(UCOL_NUMERIC_COLLATION, UCOL_ON, e);
    return c;
  }();
  return *collator;
}

std::string SortKeyWith(icu::Collator& collator, std::string_view normalized_utf8);

}  // namespace

std::string Nfc(std::string_view name) {
  if (IsAscii(name)) return std::string(name);
  std::string storage;
  return Normalized(NfcNormalizer(), ValidUtf8(name, &storage));
}

std::string CollapseSpaces(std::string_view name) {
  if (IsAscii(name)) return CollapsedAscii(name);
  std::string storage;
  return Collapsed(ValidUtf8(name, &storage));
}

std::string Normalize(std::string_view name) {
  if (IsAscii(name)) return CollapsedAscii(name);
  // Removing white space at the ends cannot make NFC text compose further:
  // collapsing after NFC keeps it NFC.
  return Collapsed(Nfc(name));
}

std::string FormKey(std::string_view name) {
  std::string out;
  if (TableKey(name, /*strip=*/false, &out)) return out;
  return internal::FormKeySlow(name);
}

std::string StripDiacritics(std::string_view name) {
  if (IsAscii(name)) return std::string(name);
  std::string storage;
  return StripValid(ValidUtf8(name, &storage));
}

bool HasDiacritics(std::string_view name) {
  if (IsAscii(name)) return false;
  const auto& table = Table();
  const auto* p = reinterpret_cast<const uint8_t*>(name.data());
  const auto n = static_cast<int32_t>(name.size());
  // NFD of a string is the per-code-point decompositions reordered, so a
  // per-code-point check is exact.
  for (int32_t i = 0; i < n;) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) continue;  // U+FFFD carries no diacritic
    if (c < kTableEnd ? table[static_cast<size_t>(c)].has_diacritics : CodePointHasDiacritics(c)) return true;
  }
  return false;
}

std::string FoldKey(std::string_view name) {
  std::string out;
  if (TableKey(name, /*strip=*/true, &out)) return out;
  return internal::FoldKeySlow(name);
}

bool DiffersOnlyInForm(std::string_view recorded, std::string_view registry) {
  const std::string recorded_key = FormKey(recorded);
  if (recorded_key == FormKey(registry)) return true;
  // A name typed with some diacritics must carry the registry's exactly.
  if (HasDiacritics(recorded)) return false;
  return recorded_key == FoldKey(registry);
}

std::string CollationKey(std::string_view name) { return SortKeyWith(ThreadCollator(), Normalize(name)); }

std::string PersonSortKey(std::string_view full_name) {
  const std::string normalized = Normalize(full_name);
  const size_t space = normalized.rfind(' ');
  if (space == std::string::npos) return SortKeyWith(ThreadCollator(), normalized);
  // ICU keys hold no zero byte: a zero between the two parts makes byte
  // order the order of (given name, rest).
  std::string key = SortKeyWith(ThreadCollator(), std::string_view(normalized).substr(space + 1));
  key += '\0';
  key += SortKeyWith(ThreadCollator(), std::string_view(normalized).substr(0, space));
  return key;
}

std::string UnitSortKey(std::string_view name) { return SortKeyWith(ThreadNumericCollator(), Normalize(name)); }

namespace {

std::string SortKeyWith(icu::Collator& collator, std::string_view normalized) {
  const icu::UnicodeString text = icu::UnicodeString::fromUTF8(Piece(normalized));
  std::string key(normalized.size() * 4 + 16, '\0');
  auto length = collator.getSortKey(text, reinterpret_cast<uint8_t*>(key.data()), static_cast<int32_t>(key.size()));
  if (length > static_cast<int32_t>(key.size())) {
    key.assign(static_cast<size_t>(length), '\0');
    length = collator.getSortKey(text, reinterpret_cast<uint8_t*>(key.data()), length);
  }
  // The length counts ICU's terminating zero byte; drop it so that keys can
  // be concatenated and compared as plain byte strings.
  key.resize(length > 0 ? static_cast<size_t>(length - 1) : 0);
  return key;
}

}  // namespace

namespace internal {

std::string FormKeySlow(std::string_view name) {
  std::string storage;
  return FormKeyValid(ValidUtf8(name, &storage));
}

std::string FoldKeySlow(std::string_view name) {
  std::string storage;
  return FormKeyValid(StripValid(ValidUtf8(name, &storage)));
}

bool HasDiacriticsSlow(std::string_view name) {
  std::string storage;
  const std::string nfd = Normalized(NfdNormalizer(), ValidUtf8(name, &storage));
  const auto* p = reinterpret_cast<const uint8_t*>(nfd.data());
  const auto n = static_cast<int32_t>(nfd.size());
  for (int32_t i = 0; i < n;) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (IsDroppedMark(c) || IsDStroke(c)) return true;
  }
  return false;
}

}  // namespace internal
}  // namespace cardex::vn_name
