#include "bounds.h"

#include <algorithm>
#include <numeric>

namespace cardex::plan::internal {
namespace {

// Martello and Toth's L2: the least number of bins of size `cap` the items
// (sorted largest first, none above cap) need.
int64_t L2(const std::vector<int64_t>& desc, int64_t cap) {
  if (desc.empty()) return 0;
  const int64_t total = std::accumulate(desc.begin(), desc.end(), int64_t{0});
  int64_t best = (total + cap - 1) / cap;
  // Thresholds t: the distinct sizes up to cap / 2, and 0.
  std::vector<int64_t> thresholds{0};
  for (int64_t s : desc) {
    if (2 * s <= cap && s != thresholds.back()) thresholds.push_back(s);
  }
  for (int64_t t : thresholds) {
    int64_t j1 = 0, j2 = 0, j2_sum = 0, j3_sum = 0;
    for (int64_t s : desc) {
      if (s > cap - t) {
        ++j1;
      } else if (2 * s > cap) {
        ++j2;
        j2_sum += s;
      } else if (s >= t) {
        j3_sum += s;
      }
    }
    const int64_t spill = j3_sum - (j2 * cap - j2_sum);
    best = std::max(best, j1 + j2 + (spill > 0 ? (spill + cap - 1) / cap : 0));
  }
  return best;
}

}  // namespace

int64_t WorkBoundFinish(const Timeline& timeline, int64_t members) {
  if (members <= 0 || timeline.positions() == 0) return -1;
  return timeline.SlotEnd(std::min(members, timeline.positions()) - 1);
}

int64_t CellBoundFinish(const Timeline& timeline, const std::vector<int64_t>& sizes) {
  const int64_t last = CellBoundLastPos(timeline, sizes);
  return last < 0 ? -1 : timeline.SlotEnd(last);
}

int64_t CellBoundLastPos(const Timeline& timeline, const std::vector<int64_t>& sizes) {
  const auto& days = timeline.days();
  const int64_t total = std::accumulate(sizes.begin(), sizes.end(), int64_t{0});
  if (total <= 0 || timeline.positions() == 0) return -1;
  const int64_t work_bound = std::min(total, timeline.positions()) - 1;  // its last position
  if (total > timeline.positions()) return work_bound;
  int64_t largest_day = 0;
  for (const Day& d : days) largest_day = std::max(largest_day, d.size());

  // Cells larger than every day are work that may go anywhere.
  std::vector<int64_t> cells;  // the others, largest first
  int64_t spanning = 0;
  for (int64_t s : sizes) {
    if (s > largest_day) {
      spanning += s;
    } else if (s > 0) {
      cells.push_back(s);
    }
  }
  if (cells.empty()) return work_bound;
  std::sort(cells.begin(), cells.end(), std::greater<int64_t>());
  const int64_t cell_work = total - spanning;

  // Subset sums of the cells up to the largest day.
  std::vector<char> reachable(static_cast<size_t>(largest_day) + 1, 0);
  reachable[0] = 1;
  for (int64_t s : cells) {
    for (int64_t v = largest_day; v >= s; --v) reachable[v] |= reachable[v - s];
  }
  auto best_fill = [&](int64_t cap) {
    while (cap > 0 && !reachable[cap]) --cap;
    return cap;
  };

  // For each threshold h (a distinct size, and 0): the cells above h, and
  // how many of them each day could hold at most.
  std::vector<int64_t> ascending(cells.rbegin(), cells.rend());
  std::vector<int64_t> prefix(ascending.size() + 1, 0);
  struct Threshold {
    int64_t count = 0;                // cells above h
    size_t first = 0;                 // their first index in ascending
    std::vector<int64_t> per_day;     // at most that many in each day
  };
  std::vector<Threshold> thresholds;
  for (size_t i = 0; i < ascending.size(); ++i) prefix[i + 1] = prefix[i] + ascending[i];
  for (size_t i = 0; i < ascending.size(); ++i) {
    if (i > 0 && ascending[i] == ascending[i - 1]) continue;
    Threshold t;  // the cells from index i up: those above ascending[i] - 1
    t.first = i;
    t.count = static_cast<int64_t>(ascending.size() - i);
    for (const Day& d : days) {
      // The most of ascending[i..] (smallest first) whose sum fits the day.
      const auto end = std::upper_bound(prefix.begin() + static_cast<std::ptrdiff_t>(i), prefix.end(),
                                        prefix[i] + d.size());
      t.per_day.push_back(static_cast<int64_t>(end - prefix.begin()) - 1 - static_cast<int64_t>(i));
    }
    thresholds.push_back(std::move(t));
  }

  std::vector<int64_t> fills;
  fills.reserve(days.size());
  for (const Day& d : days) fills.push_back(best_fill(d.size()));

  // Least number of leading days that pass every relaxation.
  int64_t positions = 0, filled = 0, cap = 0;
  std::vector<int64_t> held(thresholds.size(), 0);
  size_t k = 0;
  for (; k < days.size(); ++k) {
    positions += days[k].size();
    filled += fills[k];
    cap = std::max(cap, days[k].size());
    for (size_t i = 0; i < thresholds.size(); ++i) held[i] += thresholds[i].per_day[k];
    if (positions < total || filled < cell_work || cells.front() > cap) continue;
    bool fits = true;
    for (size_t i = 0; i < thresholds.size() && fits; ++i) fits = held[i] >= thresholds[i].count;
    if (fits && L2(cells, cap) <= static_cast<int64_t>(k + 1)) break;
  }

  // Day k is the earliest that can be the last; what must it hold?
  for (; k < days.size(); ++k) {
    int64_t before_positions = 0, before_filled = 0;
    for (size_t d = 0; d < k; ++d) {
      before_positions += days[d].size();
      before_filled += fills[d];
    }
    int64_t least = std::max<int64_t>({1, total - before_positions, cell_work - before_filled});
    for (const Threshold& t : thresholds) {
      int64_t before = 0;
      for (size_t d = 0; d < k; ++d) before += t.per_day[d];
      const int64_t extra = t.count - before;  // cells above h the last day must take
      if (extra > 0) least = std::max(least, prefix[t.first + static_cast<size_t>(extra)] - prefix[t.first]);
    }
    if (spanning == 0) {  // the day's load is a subset sum
      while (least <= largest_day && !reachable[least]) ++least;
    }
    if (least > days[k].size()) continue;  // this day cannot be the last
    return std::max(work_bound, days[k].first_pos + least - 1);
  }
  return work_bound;  // unreachable when the cells fit: the plan itself does
}

}  // namespace cardex::plan::internal
