#include "cardex/notices/clock.h"

#include <cstdio>

namespace cardex::notices {
namespace {

constexpr int64_t kVietnamOffset = 7 * 3600;

Result<int64_t> ParseDayAndTime(std::string_view text, std::string_view what) {
  auto bad = [&] {
    return Status::InvalidArgument(std::string(what) + " '" + std::string(text.substr(0, 40)) +
                                   "' is not YYYY-MM-DDTHH:MM");
  };
  if (text.size() < 16 || (text[10] != 'T' && text[10] != ' ')) return bad();
  auto day = Date::Parse(text.substr(0, 10));
  auto minute = TimeOfDay::Parse(text.substr(11, 5));
  if (!day.ok() || !minute.ok()) return bad();
  int64_t seconds = 0;
  std::string_view rest = text.substr(16);
  if (rest.size() >= 3 && rest[0] == ':' && rest[1] >= '0' && rest[1] <= '5' && rest[2] >= '0' &&
      rest[2] <= '9') {
    seconds = (rest[1] - '0') * 10 + (rest[2] - '0');
    rest.remove_prefix(3);
  }
  if (!(rest.empty() || rest == "Z")) return bad();
  return static_cast<int64_t>(day->days()) * 86400 + minute->minutes() * 60 + seconds;
}

}  // namespace

Result<int64_t> ParseUtc(std::string_view text) { return ParseDayAndTime(text, "UTC time"); }

std::string UtcText(int64_t seconds) {
  const int64_t days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400;
  const int64_t rest = seconds - days * 86400;
  char out[64];
  std::snprintf(out, sizeof out, "%sT%02d:%02d:%02dZ",
                Date::FromDays(static_cast<int>(days)).ToString().c_str(),
                static_cast<int>(rest / 3600), static_cast<int>(rest / 60 % 60),
                static_cast<int>(rest % 60));
  return out;
}

Result<int64_t> ParseLocal(std::string_view text) {
  CARDEX_ASSIGN_OR_RETURN(int64_t local, ParseDayAndTime(text.substr(0, 16), "local time"));
  return local - kVietnamOffset;
}

Date LocalDay(int64_t seconds) {
  const int64_t local = seconds + kVietnamOffset;
  return Date::FromDays(static_cast<int>(local >= 0 ? local / 86400 : (local - 86399) / 86400));
}

int LocalMinute(int64_t seconds) {
  const int64_t local = seconds + kVietnamOffset;
  return static_cast<int>(((local % 86400) + 86400) % 86400 / 60);
}

Result<QuietHours> QuietHours::Parse(std::string_view text) {
  const size_t dash = text.find('-');
  auto bad = [&] {
    return Status::InvalidArgument("quiet hours '" + std::string(text.substr(0, 40)) +
                                   "': expected HH:MM-HH:MM (local time), e.g. 21:00-07:00");
  };
  if (dash == std::string_view::npos) return bad();
  auto from = TimeOfDay::Parse(text.substr(0, dash));
  auto to = TimeOfDay::Parse(text.substr(dash + 1));
  if (!from.ok() || !to.ok()) return bad();
  return QuietHours{*from, *to};
}

std::string QuietHours::ToString() const { return from.ToString() + "-" + to.ToString(); }

bool QuietHours::IsQuiet(int64_t seconds) const {
  const int m = LocalMinute(seconds);
  if (from == to) return false;
  if (from < to) return m >= from.minutes() && m < to.minutes();
  return m >= from.minutes() || m < to.minutes();
}

int64_t QuietHours::NextAllowed(int64_t seconds) const {
  if (!IsQuiet(seconds)) return seconds;
  const int m = LocalMinute(seconds);
  int wait = to.minutes() - m;
  if (wait <= 0) wait += 24 * 60;
  // To the start of the minute `to`.
  return seconds - (seconds % 60 + 60) % 60 + static_cast<int64_t>(wait) * 60;
}

}  // namespace cardex::notices
