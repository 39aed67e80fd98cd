// Internal: one access-log line per request (docs/settings.md, `--quiet`).
// What goes in is bounded and chosen by the server, never the client's own
// text: the method as MethodLabel (metrics.h) reduces it, the route is a
// registered pattern, the user a stored login. Paths, queries, headers and
// bodies never appear (they may hold member data, and an attacker's bytes).
#ifndef CARDEX_SRC_HTTP_ACCESS_LOG_H_
#define CARDEX_SRC_HTTP_ACCESS_LOG_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace cardex::http {

struct AccessLogEntry {
  std::string_view ts;      // UTC, FormatUtc
  std::string_view method;  // as sent: reduced to MethodLabel here
  std::string_view route;   // the matched pattern or "unmatched"
  int status = 0;
  int64_t micros = 0;
  std::string_view user;  // the session's login, "" without one
};

// One JSON object and a newline. Strings are JSON-escaped and cut to 128
// bytes each, so a line stays under 1 KiB whatever the entry holds.
std::string AccessLogLine(const AccessLogEntry& entry);

}  // namespace cardex::http

#endif  // CARDEX_SRC_HTTP_ACCESS_LOG_H_
