// The no-show reserve (reserve.h) and the campaign with its catch-up
// (campaign.h), on hand-made instances with known answers.
#include "cardex/plan/campaign.h"

#include <gtest/gtest.h>

#include "cardex/plan/check.h"
#include "cardex/plan/reserve.h"
#include "cardex/plan/schedule.h"
#include "instances.h"

namespace cardex::plan {
namespace {

Date D(const char* text) { return *Date::Parse(text); }
TimeOfDay T(const char* text) { return *TimeOfDay::Parse(text); }

// One station of one counter, 30 minutes a member, 08:00-11:00 on `days`
// days from 2025-08-05 (six slots a day); cells of `cell_size`.
PlanInput Small(int days, int members, int cell_size) {
  PlanInput in;
  in.from = D("2025-08-05");
  in.to = Date::FromDays(in.from.days() + days - 1);
  in.stations.push_back({"S", 1, 30, {"X"}});
  for (int d = 0; d < days; ++d) in.shifts.push_back({"S", Date::FromDays(in.from.days() + d), T("08:00"), T("11:00")});
  for (int i = 0; i < members; ++i) {
    if (i % cell_size == 0) in.cells.push_back({"X.C" + std::to_string(i / cell_size), "X", {}});
    in.cells.back().members.push_back({"m" + std::to_string(i), false});
  }
  return in;
}

TEST(Reserve, KeepsTheLastSlotsOfEveryDayRoundedUp) {
  PlanInput in = Small(2, 10, 5);
  Result<PlanInput> reserved = WithNoShowReserve(in, 0.11);  // 11 % of 6 slots: one
  ASSERT_TRUE(reserved.ok()) << reserved.status().message();
  ASSERT_EQ(ReservedPositions(*reserved), 2);
  for (int d = 0; d < 2; ++d) {
    const FixedAppointment& f = reserved->fixed[static_cast<size_t>(d)];
    EXPECT_TRUE(f.reserve);
    EXPECT_FALSE(f.home_visit);
    EXPECT_EQ(f.start, LocalMinute(Date::FromDays(in.from.days() + d), T("10:30")));
    EXPECT_EQ(f.end - f.start, 30);
  }
  // 34 % of 6 is 2.04: three slots, the last three.
  Result<PlanInput> more = WithNoShowReserve(in, 0.34);
  ASSERT_TRUE(more.ok());
  EXPECT_EQ(ReservedPositions(*more), 6);
  EXPECT_EQ(more->fixed[2].start, LocalMinute(in.from, T("09:30")));
  EXPECT_EQ(ReservedPositions(*WithNoShowReserve(in, 0)), 0);
  EXPECT_FALSE(WithNoShowReserve(in, 0.95).ok());
  EXPECT_FALSE(WithNoShowReserve(in, -0.1).ok());
}

TEST(Reserve, ThePlanLeavesItFreeAndTheCheckerHoldsItToThat) {
  // Two cells of five on two days of six slots: without a reserve each day
  // takes one cell and leaves its last slot free anyway; with one slot a
  // day reserved the plan is the same, and with two the cells no longer fit.
  PlanInput in = Small(2, 10, 5);
  PlanInput reserved = *WithNoShowReserve(in, 1.0 / 6);
  Result<PlanOutput> out = Plan(reserved);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->report.scheduled, 10);
  EXPECT_TRUE(CheckSchedule(reserved, *out).empty());
  for (const Appointment& a : out->appointments) {
    EXPECT_LT(a.start % 1440, 10 * 60 + 30) << "an appointment in the reserved last slot";
  }
  PlanInput two = *WithNoShowReserve(in, 2.0 / 6);
  Result<PlanOutput> short_of = Plan(two);
  ASSERT_TRUE(short_of.ok());
  EXPECT_LT(short_of->report.scheduled, 10);  // a cell larger than a day spans days; not both
  // A plan made without the reserve breaks it: the checker says so.
  PlanInput three = Small(2, 12, 6);
  Result<PlanOutput> full = Plan(three);
  ASSERT_TRUE(full.ok());
  ASSERT_EQ(full->report.scheduled, 12);
  EXPECT_FALSE(CheckSchedule(*WithNoShowReserve(three, 0.11), *full).empty());
}

TEST(Campaign, WithoutNoShowsItEndsWithThePlan) {
  PlanInput in = Small(3, 10, 5);
  Result<PlanOutput> out = Plan(in);
  ASSERT_TRUE(out.ok());
  SimulationOptions o = ExactOptions();
  Result<CampaignResult> c = SimulateCampaign(in, *out, o);
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->members, 10);
  EXPECT_EQ(c->received, 10);
  EXPECT_EQ(c->misses, 0);
  EXPECT_EQ(c->catch_ups, 0);
  EXPECT_TRUE(c->complete);
  EXPECT_EQ(c->last_day, D("2025-08-06"));  // two cells, two days
  EXPECT_EQ(c->days_to_spare, 1);
  EXPECT_EQ(c->waits.served, 10);
  EXPECT_EQ(c->waits.p95_wait, 0.0);
  EXPECT_EQ(c->day_99, D("2025-08-06"));
}

TEST(Campaign, EveryoneMissingUsesEveryLaterFreeSlotOnce) {
  // Cells of five on days 1 and 2 (one reserved slot each), day 3 empty:
  // the free slots after day 1 are day 2's reserve and day 3's six. Day 1's
  // misses take day 2's reserve and four of day 3; day 2's take the last
  // two; no one is received.
  PlanInput in = *WithNoShowReserve(Small(3, 10, 5), 1.0 / 6);
  Result<PlanOutput> out = Plan(in);
  ASSERT_TRUE(out.ok());
  ASSERT_EQ(out->report.scheduled, 10);
  SimulationOptions o = ExactOptions();
  o.no_show_rate = 1.0;
  o.home_visit_after_misses = 0;
  Result<CampaignResult> c = SimulateCampaign(in, *out, o);
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->catch_ups, 7);
  EXPECT_EQ(c->misses, 17);
  EXPECT_EQ(c->received, 0);
  EXPECT_EQ(c->not_received, 10);
  EXPECT_FALSE(c->complete);
  EXPECT_EQ(c->days_to_spare, -1);
}

TEST(Campaign, AMemberWhoMissedTwiceIsVisitedAtHome) {
  // As above, but a second miss sends the mobile team (six visits a day).
  // Day 2: its five first invitations miss and take day 3's last two
  // counter slots (three find none); day 1's member in day 2's reserve
  // misses a second time and is visited at home on day 3. Day 3's six
  // catch-ups miss a second time with no day left.
  PlanInput in = *WithNoShowReserve(Small(3, 10, 5), 1.0 / 6);
  Result<PlanOutput> out = Plan(in);
  ASSERT_TRUE(out.ok());
  SimulationOptions o = ExactOptions();
  o.no_show_rate = 1.0;
  Result<CampaignResult> c = SimulateCampaign(in, *out, o);
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->home_catch_ups, 1);
  EXPECT_EQ(c->catch_ups, 8);
  EXPECT_EQ(c->received, 1);
  EXPECT_EQ(c->not_received, 9);
  EXPECT_EQ(c->last_day, D("2025-08-07"));
}

TEST(Campaign, TheReserveCatchesUpInsideAFullWindow) {
  // 30 members in cells of six over six days of six slots: without a
  // reserve the plan fills five days (one left for catch-up); with two
  // slots a day kept the first invitations take all six days, and the
  // misses of each day are received the next. The counts must add up
  // either way, and catch-ups only take free slots.
  for (double reserve : {0.0, 2.0 / 6}) {
    PlanInput in = *WithNoShowReserve(Small(6, 24, 4), reserve);
    Result<PlanOutput> out = Plan(in);
    ASSERT_TRUE(out.ok());
    ASSERT_EQ(out->report.scheduled, 24) << reserve;
    SimulationOptions o = ExactOptions();
    o.no_show_rate = 0.2;
    o.seed = 7;
    Result<CampaignResult> c = SimulateCampaign(in, *out, o);
    ASSERT_TRUE(c.ok()) << c.status().message();
    EXPECT_EQ(c->members, 24);
    EXPECT_EQ(c->received + c->not_received, 24);
    EXPECT_GT(c->misses, 0) << "a 20 % miss rate over 24 members and seed 7";
    EXPECT_LE(c->catch_ups, c->misses);
    EXPECT_LE(c->catch_ups, 36 - 24);  // the free slots of the window
    EXPECT_EQ(c->waits.served, c->received - c->home_catch_ups);  // home visits have no queue
    // The same seed, the same campaign.
    Result<CampaignResult> again = SimulateCampaign(in, *out, o);
    EXPECT_EQ(again->received, c->received);
    EXPECT_EQ(again->last_day, c->last_day);
  }
}

TEST(Campaign, TheReservePaysOnAProvince) {
  // A province-like instance whose plan without a reserve runs to the last
  // day: with 11 % no-shows the reserve must leave no one behind where the
  // plan without it does, and keep the p95 wait under 15 minutes.
  PlanInput base = testing::NationalInstance(0.002);
  Result<PlanOutput> bare = Plan(base);
  ASSERT_TRUE(bare.ok());
  SimulationOptions o;
  o.no_show_rate = 0.11;
  Result<CampaignResult> without = SimulateCampaign(base, *bare, o);
  ASSERT_TRUE(without.ok()) << without.status().message();
  PlanInput reserved = *WithNoShowReserve(base, 0.11);
  Result<PlanOutput> with_plan = Plan(reserved);
  ASSERT_TRUE(with_plan.ok());
  Result<CampaignResult> with = SimulateCampaign(reserved, *with_plan, o);
  ASSERT_TRUE(with.ok());
  EXPECT_LE(with->not_received, without->not_received);
  EXPECT_LT(with->waits.p95_wait, 15.0);
}

}  // namespace
}  // namespace cardex::plan
