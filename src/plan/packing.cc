#include "packing.h"

#include <algorithm>
#include <numeric>
#include <tuple>

#include "bounds.h"
#include "exact_packing.h"

namespace cardex::plan::internal {
namespace {

// Indices into `items` (sorted by size, largest first) of a subset whose sum
// is the largest not above `cap`. Exact subset sum; among equal sums it
// favours large cells, which leaves the small ones to fill later gaps.
std::vector<int> BestFill(const std::vector<int64_t>& item_sizes, int64_t cap) {
  std::vector<int32_t> first(static_cast<size_t>(cap) + 1, -1);  // first item reaching a sum
  first[0] = INT32_MAX;
  int64_t best = 0;
  for (size_t i = 0; i < item_sizes.size() && best < cap; ++i) {
    const int64_t size = item_sizes[i];
    if (size > cap || size <= 0) continue;
    for (int64_t s = cap; s >= size; --s) {
      if (first[s] == -1 && first[s - size] != -1) {
        first[s] = static_cast<int32_t>(i);
        best = std::max(best, s);
      }
    }
  }
  std::vector<int> chosen;
  for (int64_t s = best; s > 0;) {
    const int32_t i = first[s];
    chosen.push_back(i);
    s -= item_sizes[i];
  }
  return chosen;
}

std::vector<int64_t> SizesOf(const std::vector<int>& cells, const std::vector<int64_t>& sizes) {
  std::vector<int64_t> out;
  out.reserve(cells.size());
  for (int i : cells) out.push_back(sizes[i]);
  return out;
}

int64_t Load(const std::vector<int>& cells, const std::vector<int64_t>& sizes) {
  int64_t n = 0;
  for (int i : cells) n += sizes[i];
  return n;
}

// bins[d]: the cells of day d; bins.back(): the cells no day took.
using Bins = std::vector<std::vector<int>>;

// (last non-empty bin, its load): the station's finish, smaller is better.
std::pair<size_t, int64_t> FinishKey(const Bins& bins, const std::vector<int64_t>& sizes) {
  size_t last = bins.size() - 1;
  while (last > 0 && bins[last].empty()) --last;
  return {last, Load(bins[last], sizes)};
}

// Each day in turn takes the subset of the remaining cells (largest first)
// that fills it best.
Bins FillDayByDay(const std::vector<Day>& days, const std::vector<int64_t>& used,
                  const std::vector<int64_t>& sizes, std::vector<int> rest) {
  Bins bins(days.size() + 1);
  int64_t rest_sum = Load(rest, sizes);
  for (size_t d = 0; d < days.size() && !rest.empty(); ++d) {
    const int64_t cap = days[d].size() - used[d];
    if (cap <= 0) continue;
    std::vector<int> chosen;  // indices into `rest`
    if (rest_sum <= cap) {
      chosen.resize(rest.size());
      std::iota(chosen.begin(), chosen.end(), 0);
    } else {
      chosen = BestFill(SizesOf(rest, sizes), cap);
    }
    std::sort(chosen.begin(), chosen.end(), std::greater<int>());
    for (int k : chosen) {
      bins[d].push_back(rest[k]);
      rest_sum -= sizes[rest[k]];
      rest.erase(rest.begin() + k);
    }
  }
  bins.back() = rest;
  return bins;
}

// Classic best-fit decreasing into as few leading days as hold the work,
// one more day at a time while cells are left over; then, among days of
// equal size, the fuller bins go first so the lightest is last.
Bins BestFitDecreasing(const std::vector<Day>& days, const std::vector<int64_t>& used,
                       const std::vector<int64_t>& sizes, const std::vector<int>& rest) {
  const int64_t total = Load(rest, sizes);
  size_t k = 0;
  for (int64_t room = 0; k < days.size() && room < total; ++k) room += days[k].size() - used[k];
  Bins bins;
  for (;; ++k) {
    bins.assign(days.size() + 1, {});
    std::vector<int64_t> left(days.size());
    for (size_t d = 0; d < days.size(); ++d) left[d] = days[d].size() - used[d];
    for (int i : rest) {  // largest first
      size_t best = days.size();
      for (size_t d = 0; d < k; ++d) {
        if (left[d] >= sizes[i] && (best == days.size() || left[d] < left[best])) best = d;
      }
      if (best < days.size()) left[best] -= sizes[i];
      bins[best].push_back(i);
    }
    if (bins.back().empty() || k >= days.size()) break;
  }
  for (size_t a = 0; a < days.size(); ++a) {  // selection sort within equal sizes
    for (size_t b = a + 1; b < days.size(); ++b) {
      if (days[b].size() - used[b] == days[a].size() - used[a] && Load(bins[b], sizes) > Load(bins[a], sizes)) {
        std::swap(bins[a], bins[b]);
      }
    }
  }
  return bins;
}

// Day-by-day best fills can leave large cells for the last days that no
// longer combine. A station finishes with its last non-empty bin (the
// "no day" bin counts as after every day), so local search re-splits the
// cells of two or three bins by exact subset sum (earlier bins filled first)
// and keeps a change when the finish moves earlier, or, at the same finish,
// when the loads get more uneven (sum of squares), which frees later bins.
class BinImprover {
 public:
  BinImprover(const std::vector<Day>& days, const std::vector<int64_t>& used, const std::vector<int64_t>& sizes,
              std::vector<std::vector<int>>* bins)
      : sizes_(sizes), bins_(*bins), cap_(bins->size()), load_(bins->size()) {
    for (size_t d = 0; d < bins_.size(); ++d) {
      cap_[d] = d < days.size() ? days[d].size() - used[d] : INT64_MAX;
      load_[d] = Load(bins_[d], sizes_);
    }
  }

  void Run() {
    for (int round = 0; round < 32 && budget_ > 0; ++round) {
      if (!Wasteful()) return;
      bool improved = false;
      const size_t last = LastBin();
      for (size_t i = 0; i < last && budget_ > 0; ++i) {
        for (size_t j = i + 1; j <= last && budget_ > 0; ++j) {
          if (bins_[i].empty() && bins_[j].empty()) continue;
          improved |= Try({i, j});
          const size_t l = LastBin();  // may have moved
          if (l != i && l != j) improved |= Try({i, j, l}) || Try({j, i, l});
        }
      }
      if (!improved) return;
    }
  }

 private:
  size_t LastBin() const {
    size_t last = bins_.size() - 1;
    while (last > 0 && bins_[last].empty()) --last;
    return last;
  }
  // Free positions before the last bin beyond what its own slack could
  // explain: nothing to gain when the days before it are full.
  bool Wasteful() const {
    const size_t last = LastBin();
    int64_t waste = 0;
    for (size_t d = 0; d < last; ++d) waste += cap_[d] - load_[d];
    return waste > 0;
  }
  // (last bin, its load, -sum of squares): smaller is better.
  std::tuple<size_t, int64_t, double> Key() const {
    const size_t last = LastBin();
    double squares = 0;
    for (int64_t l : load_) squares += static_cast<double>(l) * static_cast<double>(l);
    return {last, load_[last], -squares};
  }

  // Re-splits the cells of `order`'s bins: each but the last takes the best
  // fill of what remains, the last takes the rest.
  bool Try(std::vector<size_t> order) {
    std::vector<int> pool;
    for (size_t b : order) pool.insert(pool.end(), bins_[b].begin(), bins_[b].end());
    std::stable_sort(pool.begin(), pool.end(), [&](int x, int y) { return sizes_[x] > sizes_[y]; });
    std::vector<std::vector<int>> split(order.size());
    std::vector<int> remaining = pool;
    for (size_t k = 0; k + 1 < order.size(); ++k) {
      const int64_t cap = std::min<int64_t>(cap_[order[k]], Load(remaining, sizes_));
      budget_ -= static_cast<int64_t>(remaining.size()) * (cap + 1);
      std::vector<int> chosen = BestFill(SizesOf(remaining, sizes_), cap);
      std::sort(chosen.begin(), chosen.end(), std::greater<int>());
      for (int c : chosen) {
        split[k].push_back(remaining[c]);
        remaining.erase(remaining.begin() + c);
      }
    }
    split.back() = remaining;
    if (Load(split.back(), sizes_) > cap_[order.back()]) return false;
    const auto before = Key();
    std::vector<std::vector<int>> old(order.size());
    for (size_t k = 0; k < order.size(); ++k) {
      old[k] = std::move(bins_[order[k]]);
      bins_[order[k]] = split[k];
      load_[order[k]] = Load(split[k], sizes_);
    }
    if (Key() < before) return true;
    for (size_t k = 0; k < order.size(); ++k) {
      bins_[order[k]] = std::move(old[k]);
      load_[order[k]] = Load(bins_[order[k]], sizes_);
    }
    return false;
  }

  const std::vector<int64_t>& sizes_;
  std::vector<std::vector<int>>& bins_;
  std::vector<int64_t> cap_, load_;
  int64_t budget_ = 50'000'000;  // subset-sum steps per station
};

// Free positions left in each day after `used[d]` from its start, taken in
// order for a cell that may span days.
int64_t TakeSpanning(const Timeline& timeline, std::vector<int64_t>* used, size_t from_day, int64_t n,
                     Placement* placement) {
  const auto& days = timeline.days();
  int64_t taken = 0;
  for (size_t d = from_day; d < days.size() && taken < n; ++d) {
    const int64_t room = days[d].size() - (*used)[d];
    if (room <= 0) continue;
    const int64_t take = std::min(room, n - taken);
    Segment seg{days[d].first_pos + (*used)[d], take};
    if (!placement->segments.empty()) {
      Segment& last = placement->segments.back();
      if (last.pos + last.count == seg.pos) {
        last.count += take;
        seg.count = 0;
      }
    }
    if (seg.count > 0) placement->segments.push_back(seg);
    (*used)[d] += take;
    taken += take;
  }
  return taken;
}

// Where no cell spans days and every cell found a day, the heuristic's
// finish against the cell bound: an exact search in between may find an
// earlier packing, or prove the heuristic's the earliest.
void ImproveExactly(const Timeline& timeline, const std::vector<int64_t>& used, const std::vector<int64_t>& sizes,
                    const std::vector<int>& rest, int64_t nodes, Bins* bins, ExactReport* report) {
  const auto& days = timeline.days();
  if (rest.empty() || !bins->back().empty()) return;
  for (int64_t u : used) {
    if (u != 0) return;
  }
  std::vector<int64_t> rest_sizes;
  for (int i : rest) rest_sizes.push_back(sizes[i]);
  const auto [last_day, last_load] = FinishKey(*bins, sizes);
  const int64_t heuristic = days[last_day].first_pos + last_load - 1;
  const int64_t bound = CellBoundLastPos(timeline, rest_sizes);
  if (bound >= heuristic) {
    report->proven_last_pos = bound;
    return;
  }
  const ExactPacking exact = SearchEarliestPacking(timeline, rest_sizes, bound, heuristic, nodes);
  report->proven_last_pos = exact.proven_last_pos;
  if (exact.day_of.empty() || exact.last_pos >= heuristic) return;
  report->heuristic_last_pos = heuristic;
  Bins better(days.size() + 1);
  for (size_t k = 0; k < rest.size(); ++k) better[exact.day_of[k]].push_back(rest[k]);
  *bins = std::move(better);
}

}  // namespace

std::vector<Placement> PackStationDays(const Timeline& timeline, const std::vector<int64_t>& sizes,
                                       bool split_when_needed, int64_t exact_nodes, ExactReport* report) {
  ExactReport unused;
  if (report == nullptr) report = &unused;
  *report = ExactReport{};
  const auto& days = timeline.days();
  std::vector<Placement> out(sizes.size());
  std::vector<int64_t> used(days.size(), 0);
  int64_t largest_day = 0;
  for (const Day& d : days) largest_day = std::max(largest_day, d.size());

  // Cells larger than any day: back to back from the first free position.
  // Each spans whole days anyway, so starting mid-day wastes nothing.
  std::vector<int> rest;
  for (size_t i = 0; i < sizes.size(); ++i) {
    if (sizes[i] <= 0) continue;
    if (sizes[i] <= largest_day) {
      rest.push_back(static_cast<int>(i));
      continue;
    }
    int64_t room = 0;
    for (size_t d = 0; d < days.size(); ++d) room += days[d].size() - used[d];
    if (room >= sizes[i]) TakeSpanning(timeline, &used, 0, sizes[i], &out[i]);
  }
  // TakeSpanning fills days in order, so every day before the last touched is
  // full and the packing below starts where the big cells end.

  std::stable_sort(rest.begin(), rest.end(), [&](int a, int b) { return sizes[a] > sizes[b]; });
  // Two starting packings, each then improved; the one finishing first wins.
  std::vector<std::vector<int>> bins = FillDayByDay(days, used, sizes, rest);
  BinImprover(days, used, sizes, &bins).Run();
  std::vector<std::vector<int>> other = BestFitDecreasing(days, used, sizes, rest);
  BinImprover(days, used, sizes, &other).Run();
  if (FinishKey(other, sizes) < FinishKey(bins, sizes)) bins = std::move(other);
  if (exact_nodes > 0) ImproveExactly(timeline, used, sizes, rest, exact_nodes, &bins, report);

  for (size_t d = 0; d < days.size(); ++d) {
    std::sort(bins[d].begin(), bins[d].end());  // input order within the day
    for (int i : bins[d]) {
      out[i].segments.push_back({days[d].first_pos + used[d], sizes[i]});
      used[d] += sizes[i];
    }
  }

  if (split_when_needed) {
    for (size_t i = 0; i < sizes.size(); ++i) {
      if (sizes[i] > 0 && out[i].segments.empty()) TakeSpanning(timeline, &used, 0, sizes[i], &out[i]);
    }
  }
  return out;
}

std::vector<Placement> PackFirstFit(const Timeline& timeline, const std::vector<int64_t>& sizes,
                                    const std::vector<int>& not_before_date, bool split_when_needed) {
  const auto& days = timeline.days();
  std::vector<Placement> out(sizes.size());
  std::vector<int64_t> used(days.size(), 0);
  int64_t largest_day = 0;
  for (const Day& d : days) largest_day = std::max(largest_day, d.size());

  for (size_t i = 0; i < sizes.size(); ++i) {
    const int64_t n = sizes[i];
    if (n <= 0) continue;
    size_t first_day = 0;
    while (first_day < days.size() && days[first_day].date < not_before_date[i]) ++first_day;
    bool placed = false;
    if (n <= largest_day) {
      for (size_t d = first_day; d < days.size(); ++d) {
        if (days[d].size() - used[d] >= n) {
          out[i].segments.push_back({days[d].first_pos + used[d], n});
          used[d] += n;
          placed = true;
          break;
        }
      }
    }
    if (placed) continue;
    if (n > largest_day || split_when_needed) {
      int64_t room = 0;
      for (size_t d = first_day; d < days.size(); ++d) room += days[d].size() - used[d];
      if (room >= n || split_when_needed) TakeSpanning(timeline, &used, first_day, n, &out[i]);
    }
  }
  return out;
}

}  // namespace cardex::plan::internal
