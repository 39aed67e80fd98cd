#include "exact_packing.h"

#include <algorithm>
#include <numeric>

namespace cardex::plan::internal {
namespace {

enum class Outcome : uint8_t { kFits, kCannot, kUnknown };

// Can the cells (sizes largest first) go into bins of `caps`? Depth first,
// one cell at a time into each bin it fits, with the usual cuts: bins of
// equal room are interchangeable, a cell that fills a bin exactly goes there,
// and room no remaining cell fits is lost.
class BinSearch {
 public:
  BinSearch(const std::vector<int64_t>& sizes, std::vector<int64_t> caps, int64_t* nodes)
      : sizes_(sizes), caps_(std::move(caps)), nodes_(*nodes), bin_of_(sizes.size(), -1),
        rest_(sizes.size() + 1, 0) {
    for (size_t i = sizes.size(); i-- > 0;) rest_[i] = rest_[i + 1] + sizes[i];
  }

  Outcome Run() {
    const bool fits = Place(0);
    if (fits) return Outcome::kFits;
    return out_of_nodes_ ? Outcome::kUnknown : Outcome::kCannot;
  }
  const std::vector<int32_t>& bin_of() const { return bin_of_; }

 private:
  bool Place(size_t i) {
    if (i == sizes_.size()) return true;
    if (--nodes_ < 0) {
      out_of_nodes_ = true;
      return false;
    }
    const int64_t smallest = sizes_.back();
    int64_t useful = 0;
    for (int64_t c : caps_) useful += c >= smallest ? c : 0;
    if (useful < rest_[i]) return false;
    const int64_t size = sizes_[i];
    for (size_t b = 0; b < caps_.size(); ++b) {
      if (caps_[b] == size) return Try(i, b);
    }
    for (size_t b = 0; b < caps_.size(); ++b) {
      if (caps_[b] < size) continue;
      bool seen = false;
      for (size_t e = 0; e < b && !seen; ++e) seen = caps_[e] == caps_[b];
      if (seen) continue;
      if (Try(i, b)) return true;
      if (out_of_nodes_) return false;
    }
    return false;
  }

  bool Try(size_t i, size_t b) {
    caps_[b] -= sizes_[i];
    bin_of_[i] = static_cast<int32_t>(b);
    const bool fits = Place(i + 1);
    caps_[b] += sizes_[i];
    return fits;
  }

  const std::vector<int64_t>& sizes_;
  std::vector<int64_t> caps_;
  int64_t& nodes_;
  std::vector<int32_t> bin_of_;
  std::vector<int64_t> rest_;  // rest_[i]: sum of sizes from i on
  bool out_of_nodes_ = false;
};

}  // namespace

ExactPacking SearchEarliestPacking(const Timeline& timeline, const std::vector<int64_t>& sizes,
                                   int64_t bound_last_pos, int64_t feasible_last_pos, int64_t nodes) {
  ExactPacking result;
  result.proven_last_pos = bound_last_pos;
  const auto& days = timeline.days();
  // Largest first; day_of is reported in the caller's order.
  std::vector<int32_t> order(sizes.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int32_t a, int32_t b) { return sizes[a] > sizes[b]; });
  std::vector<int64_t> sorted;
  for (int32_t i : order) sorted.push_back(sizes[i]);

  int64_t lo = bound_last_pos, hi = feasible_last_pos;
  while (lo < hi && nodes > 0) {
    const int64_t mid = lo + (hi - lo) / 2;
    // The days up to the one holding position `mid`, that one cut after it.
    std::vector<int64_t> caps;
    std::vector<int32_t> day_index;
    for (size_t d = 0; d < days.size() && days[d].first_pos <= mid; ++d) {
      caps.push_back(std::min(days[d].end_pos, mid + 1) - days[d].first_pos);
      day_index.push_back(static_cast<int32_t>(d));
    }
    BinSearch search(sorted, caps, &nodes);
    const Outcome outcome = search.Run();
    if (outcome == Outcome::kFits) {
      result.day_of.assign(sizes.size(), -1);
      for (size_t k = 0; k < order.size(); ++k) result.day_of[order[k]] = day_index[search.bin_of()[k]];
      // The packing may end before mid.
      std::vector<int64_t> load(days.size(), 0);
      for (size_t i = 0; i < sizes.size(); ++i) load[result.day_of[i]] += sizes[i];
      result.last_pos = -1;
      for (size_t d = 0; d < days.size(); ++d) {
        if (load[d] > 0) result.last_pos = days[d].first_pos + load[d] - 1;
      }
      hi = result.last_pos;
    } else {
      // Fewer positions never help: impossible at mid is impossible before.
      if (outcome == Outcome::kCannot) result.proven_last_pos = std::max(result.proven_last_pos, mid + 1);
      lo = mid + 1;
    }
  }
  return result;
}

}  // namespace cardex::plan::internal
