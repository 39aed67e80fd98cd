// Calendar dates (ISO 8601), partial dates for member birth dates, and times
// of day for shifts.
#ifndef CARDEX_CORE_DATES_H_
#define CARDEX_CORE_DATES_H_

#include <compare>
#include <string>
#include <string_view>

#include "cardex/core/status.h"

namespace cardex {

// A proleptic Gregorian date.
class Date {
 public:
  Date() = default;  // 1970-01-01
  // Exactly "YYYY-MM-DD" naming a day that exists (1980-02-31 is refused),
  // year 1000..9999. The message says what was expected.
  static Result<Date> Parse(std::string_view text);
  static Date FromDays(int days_since_1970);  // inverse of days()
  static Date Today();                        // local time zone

  int year() const { return year_; }
  int month() const { return month_; }
  int day() const { return day_; }
  int days() const;  // days since 1970-01-01 (negative before)
  std::string ToString() const;  // YYYY-MM-DD
  int weekday() const;           // 0 = Monday .. 6 = Sunday

  auto operator<=>(const Date&) const = default;

 private:
  Date(int y, int m, int d) : year_(y), month_(m), day_(d) {}
  int year_ = 1970, month_ = 1, day_ = 1;
};

bool IsLeapYear(int year);
int DaysInMonth(int year, int month);

// The current time in UTC as "YYYY-MM-DDTHH:MM:SSZ": how exchange steps,
// cards and roll-up days are stamped.
std::string UtcNowText();

// A member's birth date as organisations record it: YYYY, YYYY-MM or
// YYYY-MM-DD. Each part given must exist.
class PartialDate {
 public:
  enum class Precision { kYear, kMonth, kDay };
  static Result<PartialDate> Parse(std::string_view text);

  Precision precision() const { return precision_; }
  int year() const { return year_; }
  int month() const { return month_; }  // 0 when not given
  int day() const { return day_; }      // 0 when not given
  bool is_full() const { return precision_ == Precision::kDay; }
  std::string ToString() const;  // as parsed
  // The earliest full date it could be (YYYY-01-01 for "YYYY").
  Date Earliest() const;

  // True when every part given equals the full date's part: "1980-05" agrees
  // with 1980-05-17. formats.md: such a partial date differs only in form.
  bool AgreesWith(const Date& full) const;

 private:
  Precision precision_ = Precision::kDay;
  int year_ = 0, month_ = 0, day_ = 0;
};

// "HH:MM", 00:00 .. 23:59.
class TimeOfDay {
 public:
  static Result<TimeOfDay> Parse(std::string_view text);
  static TimeOfDay FromMinutes(int minutes);  // 0 .. 1439
  int minutes() const { return minutes_; }    // since midnight
  std::string ToString() const;
  auto operator<=>(const TimeOfDay&) const = default;

 private:
  int minutes_ = 0;
};

// How long a shift from `start` to `end` lasts, in minutes. An end at or
// before the start runs past midnight: 22:00→06:00 is 480, 08:00→08:00 is
// 1440.
int ShiftMinutes(TimeOfDay start, TimeOfDay end);

}  // namespace cardex

#endif  // CARDEX_CORE_DATES_H_
