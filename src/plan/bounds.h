// Lower bounds on a station's finish, for StationReport. Internal.
#ifndef CARDEX_SRC_PLAN_BOUNDS_H_
#define CARDEX_SRC_PLAN_BOUNDS_H_

#include <cstdint>
#include <vector>

#include "timeline.h"

namespace cardex::plan::internal {

// The end of the last slot if `members` took the first free positions, cells
// ignored (-1: none; the last slot when they are more than the positions).
int64_t WorkBoundFinish(const Timeline& timeline, int64_t members);

// A lower bound on the end of the last slot of any plan that places every
// cell of `sizes` whole in one day of `timeline` (a cell larger than every
// day spans days, counted as work that may go anywhere); never earlier than
// WorkBoundFinish. Relaxations of packing the cells into the first k days,
// k the least that passes all of them:
//   - the work fits the positions of the k days;
//   - what one day can take of the cells is at most the best subset sum of
//     their sizes within the day's size, and the k days' best sums hold them;
//   - for each size h, the cells larger than h number no more than the k
//     days could hold (a day holds at most as many as its smallest such cells
//     that fit: nine cells over half a day need nine days);
//   - Martello and Toth's L2 bin-packing bound, every day as large as the
//     largest of the k.
// The last of those days then holds at least what the earlier ones cannot
// (by the same counts, and a subset sum), so the bound is the end of that
// many positions into it.
int64_t CellBoundFinish(const Timeline& timeline, const std::vector<int64_t>& sizes);
// The same bound as the position of that last slot (-1: no cells).
int64_t CellBoundLastPos(const Timeline& timeline, const std::vector<int64_t>& sizes);

}  // namespace cardex::plan::internal

#endif  // CARDEX_SRC_PLAN_BOUNDS_H_
