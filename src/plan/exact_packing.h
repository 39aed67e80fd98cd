// Exact search for a station's earliest packing (see schedule.h). Internal.
#ifndef CARDEX_SRC_PLAN_EXACT_PACKING_H_
#define CARDEX_SRC_PLAN_EXACT_PACKING_H_

#include <cstdint>
#include <vector>

#include "timeline.h"

namespace cardex::plan::internal {

struct ExactPacking {
  std::vector<int32_t> day_of;  // per cell, the index of its day; empty: none better found
  int64_t last_pos = -1;        // the last position day_of uses
  int64_t proven_last_pos = -1;  // no packing's last position comes before it
};

// Cells of `sizes` (each no larger than some day, placed whole in one day,
// days filled from their first position) are known to fit with the last
// position at `feasible_last_pos` and not before `bound_last_pos`.
// Binary search between the two, each step a depth-first search over cells
// (largest first) into days, with at most `nodes` nodes in all: the earliest
// last position found, and the latest proven impossible (plus one).
// Deterministic.
ExactPacking SearchEarliestPacking(const Timeline& timeline, const std::vector<int64_t>& sizes,
                                   int64_t bound_last_pos, int64_t feasible_last_pos, int64_t nodes);

}  // namespace cardex::plan::internal

#endif  // CARDEX_SRC_PLAN_EXACT_PACKING_H_
