#include "cardex/core/dates.h"

#include <gtest/gtest.h>

#include <ctime>

#include "tests/core/case_file.h"

namespace cardex {
namespace {

using testing::CaseFile;
using testing::LoadCases;

template <class T>
void ExpectParseOutcome(const CaseFile& c, const Result<T>& r) {
  EXPECT_EQ(r.ok(), c.GetBool("valid")) << r.status().message();
  if (!r.ok()) {
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    if (c.Has("error_contains")) {
      EXPECT_NE(r.status().message().find(c.Get("error_contains")), std::string::npos) << r.status().message();
    }
  }
}

void RunDateCase(const CaseFile& c) {
  auto d = Date::Parse(c.Get("input"));
  ExpectParseOutcome(c, d);
  if (!d.ok()) return;
  EXPECT_EQ(d->ToString(), c.Has("expect") ? c.Get("expect") : c.Get("input"));
  EXPECT_EQ(Date::FromDays(d->days()), *d);
}

void RunPartialCase(const CaseFile& c) {
  auto p = PartialDate::Parse(c.Get("input"));
  ExpectParseOutcome(c, p);
  if (!p.ok()) return;
  EXPECT_EQ(p->ToString(), c.Has("expect") ? c.Get("expect") : c.Get("input"));
  if (c.Has("precision")) {
    const char* names[] = {"year", "month", "day"};
    EXPECT_EQ(names[static_cast<int>(p->precision())], c.Get("precision"));
  }
  if (c.Has("earliest")) {
    EXPECT_EQ(p->Earliest().ToString(), c.Get("earliest"));
  }
  if (c.Has("agrees")) {
    auto full = Date::Parse(c.Get("agrees_with"));
    ASSERT_TRUE(full.ok());
    EXPECT_EQ(p->AgreesWith(*full), c.GetBool("agrees"));
  }
}

void RunTimeCase(const CaseFile& c) {
  auto t = TimeOfDay::Parse(c.Get("input"));
  ExpectParseOutcome(c, t);
  if (!t.ok()) return;
  EXPECT_EQ(t->ToString(), c.Has("expect") ? c.Get("expect") : c.Get("input"));
  if (c.Has("minutes")) {
    EXPECT_EQ(t->minutes(), c.GetInt("minutes"));
  }
}

void RunShiftCase(const CaseFile& c) {
  auto start = TimeOfDay::Parse(c.Get("start"));
  auto end = TimeOfDay::Parse(c.Get("end"));
  ASSERT_TRUE(start.ok() && end.ok());
  EXPECT_EQ(ShiftMinutes(*start, *end), c.GetInt("minutes"));
}

TEST(DateCases, EveryCaseFile) {
  ASSERT_GE(testing::LoadCases("dates").size(), 30u);
}

// Each file of tests/cases/dates/ is a test of its own.
class DateCasesFile : public ::testing::TestWithParam<testing::CaseFile> {};

TEST_P(DateCasesFile, Holds) {
  const testing::CaseFile& c = GetParam();
  const std::string type = c.Get("type");
  if (type == "date") {
    RunDateCase(c);
  } else if (type == "partial") {
    RunPartialCase(c);
  } else if (type == "time") {
    RunTimeCase(c);
  } else if (type == "shift") {
    RunShiftCase(c);
  } else {
    ADD_FAILURE() << "unknown type " << type;
  }
}

INSTANTIATE_TEST_SUITE_P(Files, DateCasesFile, ::testing::ValuesIn(testing::LoadCases("dates")),
                         testing::CaseFileName);

TEST(Date, LeapYears) {
  EXPECT_TRUE(IsLeapYear(2000));
  EXPECT_TRUE(IsLeapYear(2024));
  EXPECT_TRUE(IsLeapYear(1600));
  EXPECT_FALSE(IsLeapYear(1900));
  EXPECT_FALSE(IsLeapYear(2100));
  EXPECT_FALSE(IsLeapYear(2023));
  EXPECT_EQ(DaysInMonth(2024, 2), 29);
  EXPECT_EQ(DaysInMonth(2023, 2), 28);
  EXPECT_EQ(DaysInMonth(2023, 4), 30);
  EXPECT_EQ(DaysInMonth(2023, 12), 31);
  EXPECT_EQ(DaysInMonth(2023, 13), 0);
}

TEST(Date, EveryDayFrom1000To9999RoundTrips) {
  // Parse, days() and FromDays agree on every day of the accepted range.
  int expected_days = Date::Parse("1000-01-01")->days();
  int weekday = Date::Parse("1000-01-01")->weekday();
  for (int y = 1000; y <= 9999; ++y) {
    for (int m = 1; m <= 12; ++m) {
      for (int d = 1; d <= DaysInMonth(y, m); ++d) {
        const Date date = Date::FromDays(expected_days);
        ASSERT_EQ(date.year(), y);
        ASSERT_EQ(date.month(), m);
        ASSERT_EQ(date.day(), d);
        ASSERT_EQ(date.days(), expected_days);
        ASSERT_EQ(date.weekday(), weekday);
        ++expected_days;
        weekday = (weekday + 1) % 7;
      }
    }
  }
  auto last = Date::Parse("9999-12-31");
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(last->days(), expected_days - 1);
}

TEST(Date, KnownDaysAndWeekdays) {
  EXPECT_EQ(Date::Parse("1970-01-01")->days(), 0);
  EXPECT_EQ(Date::Parse("1969-12-31")->days(), -1);
  EXPECT_EQ(Date::Parse("2000-03-01")->days(), 11017);
  EXPECT_EQ(Date::Parse("1970-01-01")->weekday(), 3);  // Thursday
  EXPECT_EQ(Date::Parse("2025-08-05")->weekday(), 1);  // Tuesday: the peak period began
  EXPECT_EQ(Date::Parse("2025-08-09")->weekday(), 5);  // Saturday
  EXPECT_EQ(Date::Parse("1900-01-01")->weekday(), 0);  // Monday
}

TEST(Date, Ordering) {
  EXPECT_LT(*Date::Parse("1980-05-17"), *Date::Parse("1980-05-18"));
  EXPECT_LT(*Date::Parse("1980-12-31"), *Date::Parse("1981-01-01"));
  EXPECT_EQ(*Date::Parse("1980-05-17"), Date::FromDays(Date::Parse("1980-05-17")->days()));
}

Date LocalDateNow() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &local);
  return *Date::Parse(buf);
}

TEST(Date, TodayIsTheLocalDate) {
  const Date before = LocalDateNow();
  const Date today = Date::Today();
  const Date after = LocalDateNow();
  // Midnight may pass between the calls.
  EXPECT_TRUE(today == before || today == after) << today.ToString();
}

TEST(Date, ErrorMessagesSayWhatWasExpected) {
  EXPECT_EQ(Date::Parse("yesterday").status().message(), "expected a date YYYY-MM-DD");
  EXPECT_EQ(Date::Parse("1980-02-31").status().message().rfind("day 31 does not exist in 1980-02", 0), 0u);
  EXPECT_EQ(PartialDate::Parse("05/1980").status().message(), "expected a date YYYY-MM-DD, YYYY-MM or YYYY");
  EXPECT_EQ(TimeOfDay::Parse("8h").status().message(), "expected a time of day HH:MM");
}

TEST(TimeOfDay, FromMinutesAndShifts) {
  EXPECT_EQ(TimeOfDay::FromMinutes(0).ToString(), "00:00");
  EXPECT_EQ(TimeOfDay::FromMinutes(1439).ToString(), "23:59");
  EXPECT_EQ(TimeOfDay::FromMinutes(8 * 60 + 5).ToString(), "08:05");
  for (int start = 0; start < 1440; start += 7) {
    for (int end = 0; end < 1440; end += 11) {
      const int m = ShiftMinutes(TimeOfDay::FromMinutes(start), TimeOfDay::FromMinutes(end));
      EXPECT_GE(m, 1);
      EXPECT_LE(m, 1440);
      EXPECT_EQ((start + m) % 1440, end);
    }
  }
}

}  // namespace
}  // namespace cardex
