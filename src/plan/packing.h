// Packing cells into a station's days (see schedule.h). Internal.
#ifndef CARDEX_SRC_PLAN_PACKING_H_
#define CARDEX_SRC_PLAN_PACKING_H_

#include <cstdint>
#include <vector>

#include "timeline.h"

namespace cardex::plan::internal {

// A run of consecutive positions.
struct Segment {
  int64_t pos = 0, count = 0;
};

// Where a cell's members go: their positions in order, one segment unless
// the cell was split (catch-up). Fewer positions than members (or none)
// means the rest are left out.
struct Placement {
  std::vector<Segment> segments;
  int64_t placed() const {
    int64_t n = 0;
    for (const Segment& s : segments) n += s.count;
    return n;
  }
};

// Counter track: packs cells of `sizes` (the station's cells, in input
// order) so the last used position is as early as possible (schedule.h
// says how). A cell larger than every day spans days from the start of the
// free time; every other cell lies in one day. With `split_when_needed`,
// cells that fit no day take the earliest free positions left, across days.
// With `exact_nodes` > 0, where every cell fits a day and none spans days,
// a bounded exact search (exact_packing.h) between the cell bound and the
// heuristic's finish looks for an earlier packing; *report (when not null)
// says what it found.
struct ExactReport {
  int64_t proven_last_pos = -1;     // no packing ends before it (-1: not known)
  int64_t heuristic_last_pos = -1;  // where the heuristic ended, if the search did better
};
std::vector<Placement> PackStationDays(const Timeline& timeline, const std::vector<int64_t>& sizes,
                                       bool split_when_needed, int64_t exact_nodes = 0,
                                       ExactReport* report = nullptr);

// Mobile-team track: each group, in the given order, goes to the first day on
// or after `not_before_date[i]` (days since 1970) with room for all of it.
std::vector<Placement> PackFirstFit(const Timeline& timeline, const std::vector<int64_t>& sizes,
                                    const std::vector<int>& not_before_date, bool split_when_needed);

}  // namespace cardex::plan::internal

#endif  // CARDEX_SRC_PLAN_PACKING_H_
