// The reception-day simulation: exact days have no wait, overload does,
// counts add up, and the same seed gives the same figures.
#include "cardex/plan/simulate.h"

#include <gtest/gtest.h>

#include "cardex/plan/schedule.h"
#include "instances.h"
#include "tests/support/test_env.h"

namespace cardex::plan {
namespace {

Date D(const char* text) { return *Date::Parse(text); }
TimeOfDay T(const char* text) { return *TimeOfDay::Parse(text); }

// One station, 08:00-12:00, `members` members in cells of 12.
PlanInput Morning(int counters, int minutes, int members) {
  PlanInput in;
  in.from = in.to = D("2025-08-05");
  in.stations.push_back({"S", counters, minutes, {"X"}});
  in.shifts.push_back({"S", D("2025-08-05"), T("08:00"), T("12:00")});
  for (int i = 0; i < members; ++i) {
    if (i % 12 == 0) in.cells.push_back({"X.C" + std::to_string(i / 12), "X", {}});
    in.cells.back().members.push_back({"m" + std::to_string(i), false});
  }
  return in;
}

int64_t StationRows(const PlanOutput& out) {
  int64_t n = 0;
  for (const Appointment& a : out.appointments) n += a.mode == Mode::kStation ? 1 : 0;
  return n;
}

void ExpectSame(const SimulationResult& a, const SimulationResult& b) {
  ASSERT_EQ(a.station_days.size(), b.station_days.size());
  for (size_t i = 0; i < a.station_days.size(); ++i) {
    const StationDaySimulation &x = a.station_days[i], &y = b.station_days[i];
    EXPECT_EQ(x.station, y.station);
    EXPECT_EQ(x.day, y.day);
    EXPECT_EQ(x.no_shows, y.no_shows);
    EXPECT_EQ(x.max_queue, y.max_queue);
    EXPECT_EQ(x.mean_wait, y.mean_wait);
    EXPECT_EQ(x.p95_wait, y.p95_wait);
    EXPECT_EQ(x.overtime, y.overtime);
  }
  EXPECT_EQ(a.p95_wait, b.p95_wait);
}

TEST(Simulate, ExactDaysOfAPlanHaveNoWait) {
  for (double scale : {0.002, 0.01}) {
    PlanInput in = testing::NationalInstance(scale);
    Result<PlanOutput> out = Plan(in);
    ASSERT_TRUE(out.ok());
    Result<SimulationResult> sim = Simulate(in, *out, ExactOptions());
    ASSERT_TRUE(sim.ok()) << sim.status().message();
    EXPECT_EQ(sim->served, StationRows(*out));
    EXPECT_EQ(sim->no_shows, 0);
    EXPECT_EQ(sim->worst_p95_wait, 0.0);
    EXPECT_EQ(sim->mean_wait, 0.0);
    EXPECT_EQ(sim->within_target_share, 1.0);
    for (const StationDaySimulation& d : sim->station_days) {
      EXPECT_EQ(d.max_wait, 0.0);
      EXPECT_EQ(d.overtime, 0.0);
      // Members arrive exactly when a counter frees: nobody stands in line.
      EXPECT_EQ(d.max_queue, 0);
    }
  }
}

TEST(Simulate, ExactDaysOfRandomPlansHaveNoWaitForPlannedMembers) {
  for (uint64_t seed = 1; seed <= 150; ++seed) {
    PlanInput in = testing::RandomInstance(seed);
    in.fixed.clear();  // fixed appointments may lie outside the shifts
    Result<PlanOutput> out = Plan(in);
    ASSERT_TRUE(out.ok());
    Result<SimulationResult> sim = Simulate(in, *out, ExactOptions());
    ASSERT_TRUE(sim.ok()) << sim.status().message();
    EXPECT_EQ(sim->served, StationRows(*out)) << "seed " << seed;
    EXPECT_EQ(sim->worst_p95_wait, 0.0) << "seed " << seed;
    for (const StationDaySimulation& d : sim->station_days) EXPECT_EQ(d.max_wait, 0.0) << "seed " << seed;
  }
}

TEST(Simulate, ServiceSlowerThanPlannedMakesLongWaits) {
  PlanInput in = Morning(2, 10, 48);  // a full morning: 24 waves of 2
  Result<PlanOutput> out = Plan(in);
  ASSERT_TRUE(out.ok());
  ASSERT_EQ(out->report.left, 0);
  in.stations[0].minutes_per_member = 20;  // service takes twice the slot
  Result<SimulationResult> sim = Simulate(in, *out, ExactOptions());
  ASSERT_TRUE(sim.ok());
  ASSERT_EQ(sim->station_days.size(), 1u);
  const StationDaySimulation& d = sim->station_days[0];
  // The last pair waits for 23 services of 10 extra minutes: 230 minutes.
  EXPECT_DOUBLE_EQ(d.max_wait, 230.0);
  EXPECT_GT(d.p95_wait, 200.0);
  EXPECT_GT(d.max_queue, 20);
  EXPECT_DOUBLE_EQ(d.overtime, 240.0);  // served until 16:00 (queue finished after closing)
  EXPECT_EQ(sim->within_target_share, 0.0);
}

TEST(Simulate, LateArrivalsPushTheWaitOfThoseOnTime) {
  PlanInput in = Morning(1, 10, 24);
  Result<PlanOutput> out = Plan(in);
  ASSERT_TRUE(out.ok());
  SimulationOptions o = ExactOptions();
  o.late_share = 0.3;
  o.late_mean_minutes = 30;
  Result<SimulationResult> sim = Simulate(in, *out, o);
  ASSERT_TRUE(sim.ok());
  EXPECT_GT(sim->station_days[0].max_wait, 0.0);
  EXPECT_GT(sim->mean_wait, 0.0);
}

// A member late for the last slot before the lunch break is served if the
// lateness is within the closing grace, and otherwise after the break.
TEST(Simulate, LateAfterClosingWaitsForTheNextShiftBeyondTheGrace) {
  PlanInput in;
  in.from = in.to = D("2025-08-05");
  in.stations.push_back({"S", 1, 10, {"X"}});
  in.shifts.push_back({"S", D("2025-08-05"), T("08:00"), T("09:00")});
  in.shifts.push_back({"S", D("2025-08-05"), T("13:00"), T("14:00")});
  in.cells.push_back({"X.C1", "X", {{"m1", false}}});
  PlanOutput out;
  const int64_t slot = LocalMinute(D("2025-08-05"), T("08:50"));
  out.appointments.push_back({0, 0, 0, Mode::kStation, slot, slot + 10});
  SimulationOptions o = ExactOptions();
  o.punctual_mean_minutes = 20;  // arrives 09:10
  Result<SimulationResult> sim = Simulate(in, out, o);
  ASSERT_TRUE(sim.ok());
  EXPECT_EQ(sim->station_days[0].max_wait, 0.0);
  o.closing_grace_minutes = 5;  // served at 13:00
  sim = Simulate(in, out, o);
  ASSERT_TRUE(sim.ok());
  EXPECT_DOUBLE_EQ(sim->station_days[0].max_wait, 230.0);
}

TEST(Simulate, ServedAndNoShowsAddUpToTheStationAppointments) {
  SimulationOptions o;  // lateness, no-shows and varying service
  for (uint64_t seed = 1; seed <= 100; ++seed) {
    PlanInput in = testing::RandomInstance(seed);
    Result<PlanOutput> out = Plan(in);
    ASSERT_TRUE(out.ok());
    o.seed = seed;
    Result<SimulationResult> sim = Simulate(in, *out, o);
    ASSERT_TRUE(sim.ok()) << sim.status().message();
    int64_t fixed_in_window = 0;
    const int64_t from = static_cast<int64_t>(in.from.days()) * 1440;
    const int64_t to = (static_cast<int64_t>(in.to.days()) + 1) * 1440;
    for (const FixedAppointment& f : in.fixed) fixed_in_window += !f.home_visit && f.start >= from && f.start < to;
    EXPECT_EQ(sim->scheduled, StationRows(*out) + fixed_in_window) << "seed " << seed;
    EXPECT_EQ(sim->served + sim->no_shows, sim->scheduled);
    int64_t within = 0;
    for (const StationDaySimulation& d : sim->station_days) {
      EXPECT_EQ(d.served + d.no_shows, d.scheduled);
      EXPECT_GT(d.scheduled, 0);
      EXPECT_LE(d.mean_wait, d.max_wait);
      EXPECT_LE(d.p95_wait, d.max_wait);
      EXPECT_GE(d.mean_wait, 0.0);
      EXPECT_LE(d.p95_wait, sim->worst_p95_wait);
      within += d.p95_wait < o.target_p95_minutes;
    }
    if (!sim->station_days.empty()) {
      EXPECT_DOUBLE_EQ(sim->within_target_share,
                       static_cast<double>(within) / static_cast<double>(sim->station_days.size()));
    }
  }
}

TEST(Simulate, NoShowRateIsHonoured) {
  PlanInput in = testing::NationalInstance(0.01);
  Result<PlanOutput> out = Plan(in);
  ASSERT_TRUE(out.ok());
  SimulationOptions o;
  o.no_show_rate = 0.1;
  Result<SimulationResult> sim = Simulate(in, *out, o);
  ASSERT_TRUE(sim.ok());
  const double rate = static_cast<double>(sim->no_shows) / static_cast<double>(sim->scheduled);
  EXPECT_NEAR(rate, 0.1, 0.01);
  o.no_show_rate = 1.0;
  sim = Simulate(in, *out, o);
  ASSERT_TRUE(sim.ok());
  EXPECT_EQ(sim->served, 0);
  EXPECT_EQ(sim->p95_wait, 0.0);
}

TEST(Simulate, SameSeedSameFigures) {
  PlanInput in = testing::NationalInstance(0.005);
  Result<PlanOutput> out = Plan(in);
  ASSERT_TRUE(out.ok());
  SimulationOptions o;
  o.seed = 7;
  Result<SimulationResult> a = Simulate(in, *out, o);
  Result<SimulationResult> b = Simulate(in, *out, o);
  ASSERT_TRUE(a.ok() && b.ok());
  ExpectSame(*a, *b);
  o.seed = 8;
  Result<SimulationResult> c = Simulate(in, *out, o);
  ASSERT_TRUE(c.ok());
  EXPECT_NE(a->mean_wait, c->mean_wait);
}

TEST(Simulate, RefusesOptionsOutOfRange) {
  PlanInput in = Morning(1, 10, 3);
  Result<PlanOutput> out = Plan(in);
  ASSERT_TRUE(out.ok());
  SimulationOptions o;
  o.no_show_rate = 1.5;
  EXPECT_EQ(Simulate(in, *out, o).status().code(), StatusCode::kInvalidArgument);
  o = {};
  o.service_cv = -1;
  EXPECT_EQ(Simulate(in, *out, o).status().code(), StatusCode::kInvalidArgument);
  PlanOutput bad = *out;
  bad.appointments[0].station = 5;
  EXPECT_EQ(Simulate(in, bad).status().code(), StatusCode::kInvalidArgument);
}

TEST(Simulate, WritesOneRowPerStationDay) {
  PlanInput in = Morning(1, 10, 30);  // two mornings
  in.to = D("2025-08-06");
  in.shifts.push_back({"S", D("2025-08-06"), T("08:00"), T("12:00")});
  Result<PlanOutput> out = Plan(in);
  ASSERT_TRUE(out.ok());
  Result<SimulationResult> sim = Simulate(in, *out, ExactOptions());
  ASSERT_TRUE(sim.ok());
  cardex::testing::TempDir dir;
  ASSERT_TRUE(WriteSimulationCsv(in, *sim, dir.file("sim.csv")).ok());
  std::string text = cardex::testing::ReadFile(dir.file("sim.csv"));
  std::string expected =
      "station_code,date,scheduled,served,no_shows,mean_wait,p95_wait,max_wait,max_queue,overtime\n";
  for (const StationDaySimulation& d : sim->station_days) {
    expected += "S," + d.day.ToString() + "," + std::to_string(d.scheduled) + "," + std::to_string(d.served) +
                ",0,0.0,0.0,0.0,0,0.0\n";
  }
  EXPECT_EQ(text, expected);
  EXPECT_EQ(sim->station_days.size(), 2u);
}

}  // namespace
}  // namespace cardex::plan
