// Between the planner and the rest of Cardex: building its input from the
// store, and writing the schedule in the public format (formats.md, "The
// schedule").
#ifndef CARDEX_PLAN_PLAN_IO_H_
#define CARDEX_PLAN_PLAN_IO_H_

#include <span>
#include <string>
#include <vector>

#include "cardex/core/dates.h"
#include "cardex/core/status.h"
#include "cardex/plan/schedule.h"
#include "cardex/store/store.h"

namespace cardex::plan {

// An official member the plan does not receive, and why: reconciled as
// deceased, or an exchange state core's WhyNotPlannable refuses (past
// reception, not exchanging).
struct LeftOut {
  std::string member_no, unit_code;
  std::string reason;  // "reconciled as deceased", "past reception (submitted)", ...
};

// Stations, their shifts, and every cell with its official members (in
// member_no order) from `store`, for the window [from, to]. Left out: those
// reconciled as deceased and those whose exchange state refuses an
// appointment (WhyNotPlannable); with `left_out`, they are listed there in
// member_no order. A cell's commune is its nearest ancestor of kind
// `commune`. Members in units with no commune above them are kept: Plan()
// reports them as unserved.
Result<PlanInput> LoadPlanInput(Store& store, Date from, Date to, std::vector<LeftOut>* left_out = nullptr);

// Writes member_no,unit_code,station_code,slot_start,slot_end,mode, one row
// per appointment: first `kept` (stored appointments a re-plan keeps), in
// their order, then the output's, in its order. The file appears only when
// complete.
Status WriteScheduleCsv(const PlanInput& input, const PlanOutput& output, const std::string& path,
                        std::span<const StoredAppointment> kept = {});

}  // namespace cardex::plan

#endif  // CARDEX_PLAN_PLAN_IO_H_
