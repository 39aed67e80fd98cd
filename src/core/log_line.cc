#include "cardex/core/log_line.h"

#include <cstdio>

namespace cardex {
namespace {

// Length of the valid UTF-8 sequence at s[i], or 0 when the byte there does
// not begin one (then it is written as \xNN).
size_t Utf8Length(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  if (n == 0 || (n == 2 && c < 0xC2) || i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 0;
  }
  return n;
}

bool NeedsQuotes(std::string_view value) {
  if (value.empty()) return true;
  for (char c : value) {
    if (c == ' ' || c == '=' || c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20 ||
        static_cast<unsigned char>(c) >= 0x7F) {
      return true;
    }
  }
  return false;
}

}  // namespace

std::string_view LogLevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug: return "debug";
    case LogLevel::kInfo: return "info";
    case LogLevel::kWarn: return "warn";
    case LogLevel::kError: return "error";
  }
  return "info";
}

std::optional<LogFormat> ParseLogFormat(std::string_view name) {
  if (name == "logfmt") return LogFormat::kLogfmt;
  if (name == "json") return LogFormat::kJson;
  return std::nullopt;
}

std::string EscapeLogValue(std::string_view value, LogFormat format) {
  std::string out;
  bool cut = false;
  size_t i = 0;
  while (i < value.size()) {
    if (i >= kMaxLogValue) {
      cut = true;
      break;
    }
    size_t n = Utf8Length(value, i);
    unsigned char c = static_cast<unsigned char>(value[i]);
    char hex[8];
    if (n == 0 || c < 0x20 || c == 0x7F) {
      if (c == '\n') {
        out += "\\n";
      } else if (c == '\t') {
        out += "\\t";
      } else {
        std::snprintf(hex, sizeof hex, format == LogFormat::kJson ? "\\u%04x" : "\\x%02x", c);
        out += hex;
      }
      ++i;
    } else if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
      ++i;
    } else {
      out.append(value.substr(i, n));
      i += n;
    }
  }
  if (cut) out += "…";
  return out;
}

LogLine::LogLine(LogFormat format, std::string_view ts, LogLevel level, std::string_view event)
    : format_(format) {
  if (format_ == LogFormat::kJson) text_ = "{";
  Add("ts", ts);
  Add("level", LogLevelName(level));
  Add("event", event);
}

LogLine& LogLine::Add(std::string_view key, std::string_view value) {
  if (format_ == LogFormat::kJson) {
    if (text_.size() > 1) text_ += ',';
    text_ += '"';
    text_.append(key);
    text_ += "\":\"";
    text_ += EscapeLogValue(value, format_);
    text_ += '"';
  } else {
    if (!text_.empty()) text_ += ' ';
    text_.append(key);
    text_ += '=';
    if (NeedsQuotes(value)) {
      text_ += '"';
      text_ += EscapeLogValue(value, format_);
      text_ += '"';
    } else {
      text_ += EscapeLogValue(value, format_);
    }
  }
  return *this;
}

LogLine& LogLine::Add(std::string_view key, int64_t value) {
  std::string number = std::to_string(value);
  if (format_ == LogFormat::kJson) {
    if (text_.size() > 1) text_ += ',';
    text_ += '"';
    text_.append(key);
    text_ += "\":";
    text_ += number;
  } else {
    if (!text_.empty()) text_ += ' ';
    text_.append(key);
    text_ += '=';
    text_ += number;
  }
  return *this;
}

std::string LogLine::Finish() const {
  return format_ == LogFormat::kJson ? text_ + "}\n" : text_ + "\n";
}

}  // namespace cardex
