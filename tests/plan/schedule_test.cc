// The planner's API: input errors, date-times, the capacity report, and a
// plan redone from a later day when a station changes.
#include <gtest/gtest.h>

#include "cardex/plan/check.h"
#include "cardex/plan/schedule.h"

namespace cardex::plan {
namespace {

Date D(const char* text) { return *Date::Parse(text); }
TimeOfDay T(const char* text) { return *TimeOfDay::Parse(text); }

PlanInput OneStation(int counters, int members) {
  PlanInput in;
  in.from = D("2025-08-05");
  in.to = D("2025-08-05");
  in.stations.push_back({"S", counters, 10, {"X"}});
  in.shifts.push_back({"S", D("2025-08-05"), T("08:00"), T("10:00")});
  CellInput cell{"X.C1", "X", {}};
  for (int i = 0; i < members; ++i) cell.members.push_back({"m" + std::to_string(i), false});
  in.cells.push_back(cell);
  return in;
}

TEST(PlanApi, FormatsLocalDateTimes) {
  EXPECT_EQ(FormatLocalMinute(LocalMinute(D("2025-08-05"), T("07:05"))), "2025-08-05T07:05");
  EXPECT_EQ(FormatLocalMinute(LocalMinute(D("1969-12-31"), T("23:59"))), "1969-12-31T23:59");
  EXPECT_STREQ(ModeName(Mode::kHomeVisit), "home_visit");
}

TEST(PlanApi, RefusesMalformedInput) {
  PlanInput in = OneStation(1, 1);
  in.to = D("2025-08-04");
  EXPECT_EQ(Plan(in).status().code(), StatusCode::kInvalidArgument);
  in = OneStation(0, 1);
  EXPECT_NE(Plan(in).status().message().find("station S: counters"), std::string::npos);
  in = OneStation(1, 1);
  in.stations.push_back(in.stations[0]);
  EXPECT_NE(Plan(in).status().message().find("appears twice"), std::string::npos);
  in = OneStation(1, 1);
  in.shifts[0].station_code = "Q";
  EXPECT_NE(Plan(in).status().message().find("unknown station Q"), std::string::npos);
}

TEST(PlanApi, ReportsCapacityAndWhatIsLeft) {
  // 2 counters x 12 slots = 24 places for a cell of 30: it cannot come.
  Result<PlanOutput> out = Plan(OneStation(2, 30));
  ASSERT_TRUE(out.ok());
  const StationReport& s = out->report.stations[0];
  EXPECT_EQ(s.work_minutes, 300);
  EXPECT_EQ(s.open_counter_minutes, 240);
  EXPECT_EQ(s.free_slots, 24);
  EXPECT_EQ(out->report.left, 30);
  EXPECT_EQ(s.members_left, 30);
  // Not the cell's 300 counter-minutes: the day needs room for 6 more
  // (three slots at both counters), 30 minutes more at two counters.
  EXPECT_EQ(s.extra_counter_minutes, 60);
  EXPECT_EQ(s.shortfall.kind, ShortfallKind::kLongerShift);
  EXPECT_EQ(s.shortfall.extra_minutes, 30);
  EXPECT_EQ(out->unscheduled.size(), 30u);
}

TEST(PlanApi, CellLargerThanEveryDaySpansDays) {
  PlanInput in = OneStation(1, 20);  // 12 slots a day
  in.to = D("2025-08-06");
  in.shifts.push_back({"S", D("2025-08-06"), T("08:00"), T("10:00")});
  Result<PlanOutput> out = Plan(in);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->report.left, 0);
  EXPECT_EQ(FormatLocalMinute(out->appointments.back().end), "2025-08-06T09:20");
  EXPECT_TRUE(CheckSchedule(in, *out).empty());
}

// Issue 6: from 2025-08-06 the station opens a second counter. The members
// received on the first day keep their slots; the plan is redone from the
// second day for the others, with the new counters.
TEST(PlanApi, RedoneFromTheDayAStationChanges) {
  PlanInput in = OneStation(1, 20);
  in.to = D("2025-08-07");
  in.cells.push_back({"X.C2", "X", {}});
  for (int i = 0; i < 12; ++i) in.cells[1].members.push_back({"n" + std::to_string(i), false});
  in.cells[0].members.resize(8);
  for (const char* day : {"2025-08-06", "2025-08-07"}) in.shifts.push_back({"S", D(day), T("08:00"), T("10:00")});
  Result<PlanOutput> before = Plan(in);
  ASSERT_TRUE(before.ok());
  ASSERT_EQ(before->report.left, 0);

  PlanInput after = in;
  after.from = D("2025-08-06");
  after.stations[0].counters = 2;
  const int64_t change = LocalMinute(after.from, T("00:00"));
  std::vector<CellInput> rest = {{"X.C1", "X", {}}, {"X.C2", "X", {}}};
  for (const Appointment& a : before->appointments) {
    if (a.start >= change) rest[a.cell].members.push_back(in.cells[a.cell].members[a.member]);
  }
  after.cells = rest;
  Result<PlanOutput> redone = Plan(after);
  ASSERT_TRUE(redone.ok());
  EXPECT_TRUE(CheckSchedule(after, *redone).empty());
  for (const Appointment& a : redone->appointments) EXPECT_GE(a.start, change);
  // Day one took X.C2 (12 fills it); X.C1's 8 now go 2 at a time.
  EXPECT_EQ(FormatLocalMinute(redone->report.campaign_finish), "2025-08-06T08:40");
}

}  // namespace
}  // namespace cardex::plan
