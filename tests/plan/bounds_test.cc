// The cell bound and the exact packing search (src/plan/bounds.h,
// exact_packing.h) against brute force on small stations: the bound never
// comes after the best packing, and the search, given enough nodes, finds
// that packing and proves it the best.
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>

#include "src/plan/bounds.h"
#include "src/plan/exact_packing.h"
#include "src/plan/packing.h"

namespace cardex::plan::internal {
namespace {

Timeline Station(const std::vector<int>& day_minutes, int step, int counters) {
  std::vector<OpenInterval> shifts;
  for (size_t d = 0; d < day_minutes.size(); ++d) {
    const int64_t start = static_cast<int64_t>(d) * 1440 + 8 * 60;
    shifts.push_back({start, start + day_minutes[d], static_cast<int>(d)});
  }
  return Timeline(shifts, step, counters, {});
}

// The earliest last position of any packing (cells whole in one day, each
// day filled from its first position), by trying every assignment; -1 when
// none fits.
int64_t BruteForceLastPos(const Timeline& t, const std::vector<int64_t>& sizes) {
  const auto& days = t.days();
  const size_t n = sizes.size();
  std::vector<size_t> day_of(n, 0);
  int64_t best = -1;
  while (true) {
    std::vector<int64_t> load(days.size(), 0);
    for (size_t i = 0; i < n; ++i) load[day_of[i]] += sizes[i];
    bool fits = true;
    int64_t last = -1;
    for (size_t d = 0; d < days.size(); ++d) {
      fits &= load[d] <= days[d].size();
      if (load[d] > 0) last = days[d].first_pos + load[d] - 1;
    }
    if (fits && (best < 0 || last < best)) best = last;
    size_t i = 0;
    while (i < n && ++day_of[i] == days.size()) day_of[i++] = 0;
    if (i == n) return best;
  }
}

TEST(CellBound, NineCellsOverHalfADayNeedNineDays) {
  const Timeline t = Station(std::vector<int>(10, 120), 10, 1);  // days of 12 slots
  const std::vector<int64_t> cells(9, 7);
  EXPECT_EQ(WorkBoundFinish(t, 63), t.SlotEnd(t.days()[5].first_pos + 2));  // 5 days and 3 slots
  EXPECT_EQ(CellBoundLastPos(t, cells), t.days()[8].first_pos + 6);          // 9 days, 7 on the last
  EXPECT_EQ(CellBoundFinish(t, cells), t.SlotEnd(t.days()[8].first_pos + 6));
}

TEST(CellBound, CountsCellsAboveEachSize) {
  // Days of 10 slots hold at most two cells of 4. Cells 4, 4, 4, 3, 3 fit in
  // two days (4+3+3 | 4+4), the second holding at least 8; five cells of 4
  // (20, the work of two days) need three, the third holding one.
  const Timeline t = Station({100, 100, 100, 100}, 10, 1);
  EXPECT_EQ(CellBoundLastPos(t, {4, 4, 4, 3, 3}), t.days()[1].first_pos + 7);
  EXPECT_EQ(CellBoundLastPos(t, {4, 4, 4, 4, 4}), t.days()[2].first_pos + 3);
}

TEST(CellBound, NeverAfterTheBestPackingAndTheSearchFindsIt) {
  uint64_t state = 12345;
  auto next = [&](int lo, int hi) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return lo + static_cast<int>((state >> 33) % static_cast<uint64_t>(hi - lo + 1));
  };
  int tightened = 0, improved = 0;
  for (int trial = 0; trial < 300; ++trial) {
    SCOPED_TRACE("trial " + std::to_string(trial));
    const int days = next(1, 4);
    std::vector<int> minutes;
    for (int d = 0; d < days; ++d) minutes.push_back(next(0, 3) == 0 ? next(3, 12) * 10 : 120);
    const Timeline t = Station(minutes, 10, next(1, 3));
    int64_t largest_day = 0;
    for (const Day& d : t.days()) largest_day = std::max(largest_day, d.size());
    if (largest_day == 0) continue;
    std::vector<int64_t> sizes;
    const int n = next(1, 7);
    for (int i = 0; i < n; ++i) sizes.push_back(next(1, static_cast<int>(largest_day)));
    const int64_t best = BruteForceLastPos(t, sizes);
    if (best < 0) continue;
    const int64_t bound = CellBoundLastPos(t, sizes);
    ASSERT_LE(bound, best);
    ASSERT_LE(CellBoundFinish(t, sizes), t.SlotEnd(best));

    // The heuristic packer alone, then with the exact search.
    ExactReport report;
    auto LastPos = [](const std::vector<Placement>& placements) {
      int64_t last = -1;
      for (const Placement& p : placements) {
        for (const Segment& s : p.segments) last = std::max(last, s.pos + s.count - 1);
      }
      return last;
    };
    const int64_t heuristic = LastPos(PackStationDays(t, sizes, false));
    const int64_t exact = LastPos(PackStationDays(t, sizes, false, 1'000'000, &report));
    ASSERT_GE(heuristic, best);
    EXPECT_EQ(exact, best);
    EXPECT_EQ(report.proven_last_pos, best);
    tightened += bound < best ? 1 : 0;
    improved += exact < heuristic ? 1 : 0;
  }
  // The cases are not all trivial: the bound alone is sometimes short of the
  // best, which only the search proves.
  EXPECT_GT(tightened, 0);
  std::printf("bound below the best packing in %d trials; the search beat the heuristic in %d\n", tightened,
              improved);
}

}  // namespace
}  // namespace cardex::plan::internal
