// An independent check of a plan against the rules of formats.md ("The
// schedule"), for tests, benchmarks and `cardex plan --check`. It reads only
// the input and the output rows, not the planner's internals.
#ifndef CARDEX_PLAN_CHECK_H_
#define CARDEX_PLAN_CHECK_H_

#include <string>
#include <vector>

#include "cardex/plan/schedule.h"

namespace cardex::plan {

struct CheckOptions {
  // The cell rules: one block of consecutive slots, one day unless the cell
  // is larger than the station's day. A catch-up plan that may split cells
  // (PlanInput::split_cells_when_needed) turns them off.
  bool cells_together = true;
  // Stop after this many violations.
  size_t max_violations = 100;
};

// Every rule the plan breaks, one message each (empty: the plan holds). The
// rules: each member has at most one row and is either scheduled or listed
// as unscheduled, and the report's counts agree; a row's mode matches the
// member's home_visit flag; all rows of a cell come from one station that
// serves the cell's commune; each slot lasts minutes_per_member (home visits:
// the station's home-visit minutes), lies inside one of the station's
// shifts and inside the window; at no minute do a station's slots (fixed
// appointments included) outnumber its counters, nor its home visits its
// teams; and, with cells_together, a cell's station slots form one block (no
// other cell's slot starts inside it, and no free slot is skipped inside
// it) on one day unless the cell is larger than that day's slots, and its
// home visits fall on one day unless larger than that day's visits.
// Messages name cells by unit code and members by their index in the cell,
// never by personal data.
std::vector<std::string> CheckSchedule(const PlanInput& input, const PlanOutput& output,
                                       const CheckOptions& options = {});

}  // namespace cardex::plan

#endif  // CARDEX_PLAN_CHECK_H_
