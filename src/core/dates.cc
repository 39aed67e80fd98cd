#include "cardex/core/dates.h"

#include <ctime>
#include <string>

namespace cardex {
namespace {

const char* const kMonthNames[] = {"January", "February", "March",     "April",   "May",      "June",
                                   "July",    "August",   "September", "October", "November", "December"};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Reads `width` ASCII digits at `pos`; false when any is not a digit.
bool ReadNumber(std::string_view text, size_t pos, size_t width, int* out) {
  int v = 0;
  for (size_t i = pos; i < pos + width; ++i) {
    if (!IsDigit(text[i])) return false;
    v = v * 10 + (text[i] - '0');
  }
  *out = v;
  return true;
}

void AppendPadded(std::string* out, int value, int width) {
  char buf[8];
  for (int i = width - 1; i >= 0; --i) {
    buf[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  out->append(buf, static_cast<size_t>(width));
}

std::string YearMonth(int year, int month) {
  std::string s;
  AppendPadded(&s, year, 4);
  s += '-';
  AppendPadded(&s, month, 2);
  return s;
}

// Checks the first `parts` of year, month, day.
Status CheckParts(int parts, int year, int month, int day) {
  if (year < 1000) return Status::InvalidArgument("year must be between 1000 and 9999");
  if (parts >= 2 && (month < 1 || month > 12)) {
    return Status::InvalidArgument("month " + std::to_string(month) + " does not exist (expected 01..12)");
  }
  if (parts == 3 && (day < 1 || day > DaysInMonth(year, month))) {
    return Status::InvalidArgument("day " + std::to_string(day) + " does not exist in " + YearMonth(year, month) +
                                   " (" + kMonthNames[month - 1] + " has " +
                                   std::to_string(DaysInMonth(year, month)) + " days that year)");
  }
  return Status::Ok();
}

// Parses "YYYY", "YYYY-MM" or "YYYY-MM-DD"; `parts` is how many were found.
// Only the shape is checked here.
bool ParseShape(std::string_view text, int* parts, int* y, int* m, int* d) {
  *m = 0;
  *d = 0;
  if (text.size() == 4) {
    *parts = 1;
    return ReadNumber(text, 0, 4, y);
  }
  if (text.size() == 7) {
    *parts = 2;
    return text[4] == '-' && ReadNumber(text, 0, 4, y) && ReadNumber(text, 5, 2, m);
  }
  if (text.size() == 10) {
    *parts = 3;
    return text[4] == '-' && text[7] == '-' && ReadNumber(text, 0, 4, y) && ReadNumber(text, 5, 2, m) &&
           ReadNumber(text, 8, 2, d);
  }
  return false;
}

// Howard Hinnant's days_from_civil / civil_from_days.
int DaysFromCivil(int y, int m, int d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

}  // namespace

bool IsLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

Result<Date> Date::Parse(std::string_view text) {
  int parts = 0, y = 0, m = 0, d = 0;
  if (!ParseShape(text, &parts, &y, &m, &d) || parts != 3) {
    return Status::InvalidArgument("expected a date YYYY-MM-DD");
  }
  CARDEX_RETURN_IF_ERROR(CheckParts(parts, y, m, d));
  return Date(y, m, d);
}

Date Date::FromDays(int days_since_1970) {
  const int z = days_since_1970 + 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const int doe = z - era * 146097;
  const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int mp = (5 * doy + 2) / 153;
  const int d = doy - (153 * mp + 2) / 5 + 1;
  const int m = mp < 10 ? mp + 3 : mp - 9;
  const int y = yoe + era * 400 + (m <= 2);
  return Date(y, m, d);
}

std::string UtcNowText() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Date Date::Today() {
  std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  return Date(local.tm_year + 1900, local.tm_mon + 1, local.tm_mday);
}

int Date::days() const { return DaysFromCivil(year_, month_, day_); }

std::string Date::ToString() const {
  std::string s = YearMonth(year_, month_);
  s += '-';
  AppendPadded(&s, day_, 2);
  return s;
}

int Date::weekday() const {
  // 1970-01-01 was a Thursday (3 when Monday is 0).
  int w = (days() + 3) % 7;
  return w < 0 ? w + 7 : w;
}

Result<PartialDate> PartialDate::Parse(std::string_view text) {
  int parts = 0, y = 0, m = 0, d = 0;
  if (!ParseShape(text, &parts, &y, &m, &d)) {
    return Status::InvalidArgument("expected a date YYYY-MM-DD, YYYY-MM or YYYY");
  }
  CARDEX_RETURN_IF_ERROR(CheckParts(parts, y, m, d));
  PartialDate p;
  p.precision_ = parts == 1 ? Precision::kYear : parts == 2 ? Precision::kMonth : Precision::kDay;
  p.year_ = y;
  p.month_ = m;
  p.day_ = d;
  return p;
}

std::string PartialDate::ToString() const {
  std::string s;
  AppendPadded(&s, year_, 4);
  if (precision_ == Precision::kYear) return s;
  s += '-';
  AppendPadded(&s, month_, 2);
  if (precision_ == Precision::kMonth) return s;
  s += '-';
  AppendPadded(&s, day_, 2);
  return s;
}

Date PartialDate::Earliest() const {
  return Date::FromDays(DaysFromCivil(year_, month_ == 0 ? 1 : month_, day_ == 0 ? 1 : day_));
}

bool PartialDate::AgreesWith(const Date& full) const {
  if (year_ != full.year()) return false;
  if (precision_ == Precision::kYear) return true;
  if (month_ != full.month()) return false;
  if (precision_ == Precision::kMonth) return true;
  return day_ == full.day();
}

Result<TimeOfDay> TimeOfDay::Parse(std::string_view text) {
  int h = 0, m = 0;
  if (text.size() != 5 || text[2] != ':' || !ReadNumber(text, 0, 2, &h) || !ReadNumber(text, 3, 2, &m)) {
    return Status::InvalidArgument("expected a time of day HH:MM");
  }
  if (h > 23) return Status::InvalidArgument("hour " + std::to_string(h) + " does not exist (expected 00..23)");
  if (m > 59) return Status::InvalidArgument("minute " + std::to_string(m) + " does not exist (expected 00..59)");
  return FromMinutes(h * 60 + m);
}

TimeOfDay TimeOfDay::FromMinutes(int minutes) {
  TimeOfDay t;
  t.minutes_ = ((minutes % 1440) + 1440) % 1440;
  return t;
}

std::string TimeOfDay::ToString() const {
  std::string s;
  AppendPadded(&s, minutes_ / 60, 2);
  s += ':';
  AppendPadded(&s, minutes_ % 60, 2);
  return s;
}

int ShiftMinutes(TimeOfDay start, TimeOfDay end) {
  int d = end.minutes() - start.minutes();
  return d > 0 ? d : d + 1440;
}

}  // namespace cardex
