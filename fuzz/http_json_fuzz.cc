// Feeds arbitrary bytes to what the HTTP layer decodes before a handler
// sees a request: the JSON body reader of every route (src/http/json_body),
// the request target (path and query percent-decoding, DecodeTarget) and
// the Cookie header. None may crash; what they accept must keep their
// contracts. The first byte picks the decoder, so one corpus covers all.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "cardex/core/text.h"
#include "cardex/http/message.h"
#include "src/http/json_body.h"

namespace {

void Check(bool condition) {
  if (!condition) std::abort();
}

// The fields of the desk and session routes (api_desk.cc, api_session.cc).
constexpr std::string_view kFields[] = {"invitation_code", "citizen_id", "version", "note",
                                        "station",         "reason",     "not_before", "login",
                                        "password"};

void FuzzJsonBody(std::string_view body, bool all_fields) {
  using cardex::http::JsonBody;
  auto parsed = all_fields
                    ? JsonBody::Parse(body, {"invitation_code", "citizen_id", "version", "note",
                                             "station", "reason", "not_before", "login", "password"})
                    : JsonBody::Parse(body, {"version", "note", "station"});
  if (!parsed.ok()) {
    Check(parsed.status().code() == cardex::StatusCode::kInvalidArgument);
    Check(!parsed.status().message().empty());
    return;
  }
  // Accepted: valid UTF-8, and every getter answers without crashing; a
  // string that comes back is valid UTF-8 too (Boost.JSON decodes \u
  // escapes, which must not smuggle in broken surrogates).
  Check(!cardex::FindInvalidUtf8(body).has_value());
  for (std::string_view field : kFields) {
    auto s = parsed->OptionalString(field);
    if (s.ok()) {
      Check(!cardex::FindInvalidUtf8(*s).has_value());
    } else {
      Check(s.status().code() == cardex::StatusCode::kInvalidArgument);
    }
    auto required = parsed->String(field);
    Check(required.ok() || required.status().code() == cardex::StatusCode::kInvalidArgument);
    if (required.ok() && s.ok()) Check(*required == *s);
    auto n = parsed->OptionalInt(field, -7);
    Check(n.ok() || n.status().code() == cardex::StatusCode::kInvalidArgument);
  }
}

std::string Encode(std::string_view raw) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : raw) {
    out += '%';
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

void FuzzTarget(std::string_view target) {
  cardex::http::Request r;
  r.target = std::string(target);
  std::string_view refused = cardex::http::DecodeTarget(&r);
  if (!refused.empty()) return;
  Check(!r.path.empty() && r.path.front() == '/');
  Check(r.path.find('\0') == std::string::npos);
  Check(r.path.size() <= target.size());
  for (const auto& [key, value] : r.query) {
    Check(!key.empty());
    Check(key.find('\0') == std::string::npos && value.find('\0') == std::string::npos);
  }
  // Decoding what is fully encoded gives the original back.
  std::string again;
  Check(cardex::http::PercentDecode(Encode(r.path), false, &again) && again == r.path);
}

void FuzzPercentDecode(std::string_view in, bool plus_is_space) {
  std::string out;
  if (!cardex::http::PercentDecode(in, plus_is_space, &out)) return;
  Check(out.size() <= in.size());
  Check(out.find('\0') == std::string::npos);
  if (!plus_is_space) {
    // Without escapes or '+' the text is its own decoding.
    if (in.find('%') == std::string_view::npos) Check(out == in);
  }
}

void FuzzCookie(std::string_view header) {
  cardex::http::Request r;
  r.headers["cookie"] = std::string(header);
  std::string value = r.Cookie("cardex_session");
  Check(value.size() <= header.size());
  Check(value.find(';') == std::string::npos);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 6) {
    case 0: FuzzJsonBody(text, true); break;
    case 1: FuzzJsonBody(text, false); break;
    case 2: FuzzTarget(text); break;
    case 3: FuzzPercentDecode(text, true); break;
    case 4: FuzzPercentDecode(text, false); break;
    case 5: FuzzCookie(text); break;
  }
  return 0;
}
