// Cells to stations, and each station's counter track packed (see
// schedule.h for the model). Internal to cardex_plan.
#ifndef CARDEX_SRC_PLAN_ASSIGNMENT_H_
#define CARDEX_SRC_PLAN_ASSIGNMENT_H_

#include <cstdint>
#include <vector>

#include "cardex/plan/schedule.h"
#include "packing.h"
#include "station_setup.h"

namespace cardex::plan::internal {

struct CellWork {
  int64_t station = 0, home = 0;  // members by mode
};

// One station's counter track: its cells and where each goes.
struct StationPacking {
  std::vector<int32_t> cells;         // indices into PlanInput::cells, ascending
  std::vector<Placement> placements;  // parallel to cells
  int64_t left = 0;                   // station members not placed
  int64_t finish = -1;                // last slot end (-1: none placed)
  // No packing of these cells ends before this position (-1: not known).
  int64_t proven_last_pos = -1;
  int64_t heuristic_finish = -1;  // `finish` before the exact search (packing.h)
};

// Assigns every served cell to one of the stations serving its commune
// (*station_of: -1 where none does) and packs each station's counter track.
// Cells of communes several stations serve are first spread largest first
// (LPT on the projected last slot), then moved or swapped between two such
// stations, both re-packed, while that lowers the later finish of the two
// (members left first; then the sum of the two finishes), so the campaign
// ends as early as the packings allow, not as early as the counters alone.
std::vector<StationPacking> AssignAndPack(const PlanInput& in, const Stations& st,
                                          const std::vector<CellWork>& work, std::vector<int32_t>* station_of);

}  // namespace cardex::plan::internal

#endif  // CARDEX_SRC_PLAN_ASSIGNMENT_H_
