// Many random instances, each checked by CheckSchedule against every rule;
// the planner's efficiency is measured on them and on a national-shaped
// instance (CARDEX_PLAN_SCALE=1 for the full 5.6 million members).
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstdio>

#include "cardex/plan/check.h"
#include "cardex/plan/schedule.h"
#include "tests/plan/instances.h"

namespace cardex::plan {
namespace {

using testing::NationalInstance;
using testing::RandomInstance;

constexpr uint64_t kSeeds = 400;

TEST(ScheduleProperty, RandomInstancesHoldEveryRule) {
  int64_t stations_measured = 0, below_99 = 0, over_full = 0;
  double worst = 1.0, sum = 0.0, worst_cell = 1.0, sum_cell = 0.0;
  for (uint64_t seed = 1; seed <= kSeeds; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    const PlanInput in = RandomInstance(seed);
    Result<PlanOutput> out = Plan(in);
    ASSERT_TRUE(out.ok()) << out.status().message();
    const std::vector<std::string> violations = CheckSchedule(in, *out);
    for (const std::string& v : violations) ADD_FAILURE() << v;
    if (!violations.empty()) break;
    if (out->report.left > out->report.unserved) ++over_full;
    for (const StationReport& sr : out->report.stations) {
      // The bounds are lower bounds: no plan, this one included, ends before.
      EXPECT_LE(sr.work_bound_finish, sr.cell_bound_finish);
      EXPECT_LE(sr.cell_bound_finish, sr.finish);
      if (sr.finish < 0 || sr.members_left > 0) continue;
      ++stations_measured;
      worst = std::min(worst, sr.efficiency_vs_work_bound);
      sum += sr.efficiency_vs_work_bound;
      below_99 += sr.efficiency_vs_work_bound < 0.99 ? 1 : 0;
      worst_cell = std::min(worst_cell, sr.efficiency_vs_cell_bound);
      sum_cell += sr.efficiency_vs_cell_bound;
    }
  }
  // Small random stations often hold cells as large as their days, where no
  // packing reaches the bound; these figures are measured, not targets.
  std::printf("random instances: %llu, over-full: %lld; stations measured: %lld, efficiency against the work "
              "bound mean %.4f, worst %.4f, below 0.99: %lld; against the cell bound mean %.4f, worst %.4f\n",
              static_cast<unsigned long long>(kSeeds), static_cast<long long>(over_full),
              static_cast<long long>(stations_measured), stations_measured ? sum / stations_measured : 1.0, worst,
              static_cast<long long>(below_99), stations_measured ? sum_cell / stations_measured : 1.0, worst_cell);
  EXPECT_GT(over_full, 0) << "the generator should produce some over-full windows";
  EXPECT_GE(stations_measured ? sum / stations_measured : 1.0, 0.97);
}

TEST(ScheduleProperty, SameInputSamePlan) {
  for (uint64_t seed = 1; seed <= 40; ++seed) {
    const PlanInput in = RandomInstance(seed);
    Result<PlanOutput> a = Plan(in), b = Plan(in);
    ASSERT_TRUE(a.ok() && b.ok());
    ASSERT_EQ(a->appointments.size(), b->appointments.size());
    for (size_t i = 0; i < a->appointments.size(); ++i) {
      const Appointment &x = a->appointments[i], &y = b->appointments[i];
      ASSERT_TRUE(x.cell == y.cell && x.member == y.member && x.station == y.station && x.mode == y.mode &&
                  x.start == y.start && x.end == y.end)
          << "seed " << seed << " row " << i;
    }
  }
}

// After the first day, every fifth member received that day did not come;
// every third of those is ill. They are re-planned from the second day
// around the appointments already given, which must not move.
TEST(ScheduleProperty, CatchUpFitsAroundFixedAppointments) {
  int64_t replanned = 0;
  for (uint64_t seed = 1; seed <= kSeeds; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    const PlanInput in = RandomInstance(seed);
    if (in.from == in.to) continue;
    Result<PlanOutput> first = Plan(in);
    ASSERT_TRUE(first.ok());
    const int64_t day_two = LocalMinute(Date::FromDays(in.from.days() + 1), TimeOfDay::FromMinutes(0));

    PlanInput catch_up = in;
    catch_up.from = Date::FromDays(in.from.days() + 1);
    catch_up.split_cells_when_needed = true;
    catch_up.cells.clear();
    std::vector<CellInput> missed(in.cells.size());
    int64_t k = 0;
    for (const Appointment& a : first->appointments) {
      const MemberInput& m = in.cells[a.cell].members[a.member];
      if (a.start >= day_two) {
        catch_up.fixed.push_back({in.stations[a.station].code, a.start, a.end, a.mode == Mode::kHomeVisit});
      } else if (a.start < day_two && ++k % 5 == 0) {
        MemberInput again = m;
        again.home_visit = m.home_visit || k % 3 == 0;  // ill: a home visit now
        missed[a.cell].members.push_back(again);
      }
    }
    for (size_t c = 0; c < in.cells.size(); ++c) {
      if (missed[c].members.empty()) continue;
      missed[c].unit_code = in.cells[c].unit_code;
      missed[c].commune_code = in.cells[c].commune_code;
      catch_up.cells.push_back(std::move(missed[c]));
    }
    Result<PlanOutput> second = Plan(catch_up);
    ASSERT_TRUE(second.ok()) << second.status().message();
    CheckOptions options;
    options.cells_together = false;
    for (const std::string& v : CheckSchedule(catch_up, *second, options)) ADD_FAILURE() << v;
    replanned += second->report.scheduled;
  }
  EXPECT_GT(replanned, 0);
}

TEST(ScheduleProperty, NationalShapedInstance) {
  const char* env = std::getenv("CARDEX_PLAN_SCALE");
  const double scale = env != nullptr ? std::atof(env) : 0.02;
  const PlanInput in = NationalInstance(scale);
  const auto start = std::chrono::steady_clock::now();
  Result<PlanOutput> out = Plan(in);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_TRUE(out.ok()) << out.status().message();
  const auto check_start = std::chrono::steady_clock::now();
  const std::vector<std::string> violations = CheckSchedule(in, *out);
  const double check_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - check_start).count();
  for (const std::string& v : violations) ADD_FAILURE() << v;
  int64_t below_99 = 0, cell_below_99 = 0;
  double sum = 0, sum_cell = 0;
  for (const StationReport& sr : out->report.stations) {
    EXPECT_LE(sr.cell_bound_finish, sr.finish);
    below_99 += sr.efficiency_vs_work_bound < 0.99 ? 1 : 0;
    sum += sr.efficiency_vs_work_bound;
    cell_below_99 += sr.efficiency_vs_cell_bound < 0.99 ? 1 : 0;
    sum_cell += sr.efficiency_vs_cell_bound;
  }
  const double n = static_cast<double>(in.stations.size());
  std::printf("national x%.3f: %zu stations, %zu cells, %lld members, left %lld; plan %.2f s, check %.2f s; "
              "efficiency against the work bound worst %.4f mean %.4f, below 0.99: %lld; against the cell bound "
              "worst %.4f mean %.4f, below 0.99: %lld\n",
              scale, in.stations.size(), in.cells.size(), static_cast<long long>(out->report.members),
              static_cast<long long>(out->report.left), seconds, check_seconds,
              out->report.worst_efficiency_vs_work_bound, sum / n, static_cast<long long>(below_99),
              out->report.worst_efficiency_vs_cell_bound, sum_cell / n, static_cast<long long>(cell_below_99));
  EXPECT_EQ(out->report.left, 0);
  // Against the bound that ignores cells (work / counters). Cells here are
  // about half a station's day and may not be split, so some stations cannot
  // come near it: nine cells over half a day need nine days whatever the
  // packing. The cell bound keeps cells whole, and where the packer misses
  // it the exact search proves it (or finds the earlier packing) on most.
  EXPECT_GE(sum / n, 0.95);
  EXPECT_GE(sum_cell / n, 0.99);
}

}  // namespace
}  // namespace cardex::plan
