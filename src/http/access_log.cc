#include "access_log.h"

#include <fmt/format.h>

#include "cardex/core/text.h"
#include "metrics.h"

namespace cardex::http {

namespace {

constexpr size_t kMaxField = 128;

// JSON string content: quotes, backslashes and control characters escaped;
// bytes beyond kMaxField dropped, and a UTF-8 sequence cut short with them.
std::string Escaped(std::string_view s) {
  if (s.size() > kMaxField) {
    s = s.substr(0, kMaxField);
    size_t end = s.size();
    while (end > 0 && (static_cast<unsigned char>(s[end - 1]) & 0xC0) == 0x80) --end;
    if (end > 0 && static_cast<unsigned char>(s[end - 1]) >= 0xC0) s = s.substr(0, end - 1);
  }
  const bool utf8 = !FindInvalidUtf8(s).has_value();
  std::string out;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20 || u == 0x7F) {
      out += fmt::format("\\u{:04x}", u);
    } else if (u >= 0x80 && !utf8) {
      out += '?';  // a log line stays valid UTF-8
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::string AccessLogLine(const AccessLogEntry& e) {
  return fmt::format(
      "{{\"ts\":\"{}\",\"method\":\"{}\",\"route\":\"{}\",\"status\":{},\"us\":{},\"user\":\"{}\"}}\n",
      Escaped(e.ts), MethodLabel(e.method), Escaped(e.route), e.status, e.micros, Escaped(e.user));
}

}  // namespace cardex::http
