// Vietnam's local time and the quiet hours.
#include "cardex/notices/clock.h"

#include <gtest/gtest.h>

namespace cardex::notices {
namespace {

int64_t Utc(const char* text) {
  auto t = ParseUtc(text);
  EXPECT_TRUE(t.ok()) << text;
  return t.ok() ? *t : 0;
}

TEST(Clock, UtcTextRoundTrips) {
  EXPECT_EQ(UtcText(Utc("2025-08-06T23:59:07Z")), "2025-08-06T23:59:07Z");
  EXPECT_EQ(UtcText(0), "1970-01-01T00:00:00Z");
  EXPECT_FALSE(ParseUtc("2025-08-06").ok());
  EXPECT_FALSE(ParseUtc("2025-02-30T10:00:00Z").ok());
}

TEST(Clock, LocalTimeIsSevenHoursAhead) {
  // 17:30 UTC on the 6th is 00:30 on the 7th in Vietnam.
  const int64_t t = Utc("2025-08-06T17:30:00Z");
  EXPECT_EQ(LocalDay(t).ToString(), "2025-08-07");
  EXPECT_EQ(LocalMinute(t), 30);
  EXPECT_EQ(*ParseLocal("2025-08-07T00:30"), t);
}

TEST(QuietHoursTest, OvernightQuietHoursAreLocal) {
  const QuietHours q;  // 21:00-07:00
  EXPECT_EQ(q.ToString(), "21:00-07:00");
  EXPECT_FALSE(q.IsQuiet(Utc("2025-08-06T13:59:00Z")));  // 20:59 local
  EXPECT_TRUE(q.IsQuiet(Utc("2025-08-06T14:00:00Z")));   // 21:00 local
  EXPECT_TRUE(q.IsQuiet(Utc("2025-08-06T17:00:00Z")));   // midnight local
  EXPECT_TRUE(q.IsQuiet(Utc("2025-08-06T23:59:00Z")));   // 06:59 local
  EXPECT_FALSE(q.IsQuiet(Utc("2025-08-07T00:00:00Z")));  // 07:00 local
  // 02:00 UTC is 09:00 in Vietnam: not quiet, though it is night in UTC terms.
  EXPECT_FALSE(q.IsQuiet(Utc("2025-08-06T02:00:00Z")));
  EXPECT_EQ(UtcText(q.NextAllowed(Utc("2025-08-06T15:12:34Z"))), "2025-08-07T00:00:00Z");
  EXPECT_EQ(UtcText(q.NextAllowed(Utc("2025-08-06T09:00:00Z"))), "2025-08-06T09:00:00Z");
}

TEST(QuietHoursTest, DaytimeQuietHoursAndNone) {
  auto lunch = QuietHours::Parse("11:30-13:30");
  ASSERT_TRUE(lunch.ok());
  EXPECT_TRUE(lunch->IsQuiet(Utc("2025-08-06T05:00:00Z")));   // 12:00 local
  EXPECT_FALSE(lunch->IsQuiet(Utc("2025-08-06T06:30:00Z")));  // 13:30 local
  auto none = QuietHours::Parse("00:00-00:00");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->IsQuiet(Utc("2025-08-06T17:00:00Z")));
}

TEST(QuietHoursTest, BadSettingNamesTheForm) {
  auto bad = QuietHours::Parse("21h-7h");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("HH:MM-HH:MM"), std::string::npos);
  EXPECT_FALSE(QuietHours::Parse("21:00-24:00").ok());
}

}  // namespace
}  // namespace cardex::notices
