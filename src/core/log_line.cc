#include "cardex/core/log_line.h"

#include <cstdio>

#include "cardex/core/text.h"

namespace cardex {
namespace {

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
    // Counted on what is written: an escape is up to six bytes for one.
    if (out.size() >= kMaxLogValue) {
      cut = true;
      break;
    }
    // Strict, as FindInvalidUtf8: anything else is written as an escape, so
    // the line stays valid UTF-8 whatever the client sent.
    size_t n = Utf8SequenceLength(value, i);
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
