// One log line: a level, an event name and key/value fields, written as
// logfmt (`ts=… level=info event=request route=/api/steps status=200`) or as
// one JSON object, for journald and whatever reads it (docs/operations.md,
// "Logs"). Pure formatting, no I/O: the caller writes the line.
//
// Values may come from an attacker (a request's method, a login typed at the
// door): every value is escaped (quotes, backslashes, control characters and
// bytes that are not strict UTF-8 as \xNN) and cut once its escaped form
// reaches kMaxLogValue bytes (on a UTF-8 boundary, marked with "…"), so one
// line stays one bounded line of valid UTF-8. What to log is the
// caller's duty: never citizen ids, names or birth dates (docs/security.md).
#ifndef CARDEX_CORE_LOG_LINE_H_
#define CARDEX_CORE_LOG_LINE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cardex {

enum class LogFormat { kLogfmt, kJson };
enum class LogLevel { kDebug, kInfo, kWarn, kError };

inline constexpr size_t kMaxLogValue = 256;

std::string_view LogLevelName(LogLevel level);
// "logfmt" or "json"; nullopt otherwise.
std::optional<LogFormat> ParseLogFormat(std::string_view name);

// Builds one line. Not thread-safe; cheap to make one per line.
class LogLine {
 public:
  // Starts with ts (UTC, `ts` given as text by the caller), level and event.
  LogLine(LogFormat format, std::string_view ts, LogLevel level, std::string_view event);
  LogLine& Add(std::string_view key, std::string_view value);
  LogLine& Add(std::string_view key, const char* value) { return Add(key, std::string_view(value)); }
  LogLine& Add(std::string_view key, int64_t value);
  // The line with its trailing newline.
  std::string Finish() const;

 private:
  LogFormat format_;
  std::string text_;
};

// `value` bounded and escaped as LogLine writes it (without logfmt's quotes).
std::string EscapeLogValue(std::string_view value, LogFormat format);

}  // namespace cardex

#endif  // CARDEX_CORE_LOG_LINE_H_
