// The planning workflows, each one run of `cardex plan` against a store:
// the whole plan, a re-plan from a day on, and a catch-up of absent
// members. Each runs in one transaction of its own, from reading the input
// to storing the appointments (and the campaign window), and writes the
// schedule CSV; the caller (the command line, later the web) only supplies
// the request and presents the report.
//
// Errors: a Status for what stops the run (bad request, store failure, an
// unwritable file); then nothing is stored and no file is left. A window
// too short is not an error: the report says who is left and what capacity
// would place them. With `check`, a plan that breaks a schedule rule
// (check.h: a bug) is reported in `violations` and neither stored nor
// written.
//
// Thread safety: a run uses the caller's Store (one per thread) and, for
// the whole plan, one extra thread of its own for the CSV.
#ifndef CARDEX_PLAN_RUNS_H_
#define CARDEX_PLAN_RUNS_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "cardex/core/dates.h"
#include "cardex/core/status.h"
#include "cardex/plan/appointments.h"
#include "cardex/plan/changed_invitations.h"
#include "cardex/plan/plan_io.h"
#include "cardex/plan/schedule.h"
#include "cardex/store/store.h"

namespace cardex::plan {

struct RunRequest {
  Date from = Date::FromDays(0), to = Date::FromDays(0);  // the window, inclusive
  std::string out;     // the schedule CSV (catch-up: the re-planned members' rows)
  bool check = false;  // CheckSchedule before anything is stored
  // Re-plan and catch-up: where the changed invitations go, per cell
  // (changed_invitations.h); "" writes none.
  std::string changes_dir;
  // The whole plan: the share of each station-day's counter positions held
  // back for the catch-up of members who miss their day (reserve.h; the
  // expected no-show rate). 0: none.
  double no_show_reserve = 0;
};

// Seconds each phase took (`cardex plan --timings`).
struct RunTimings {
  double load = 0, plan = 0, check = 0, store = 0, csv = 0;  // csv ran beside store
};

struct RunReport {
  // What was planned and the result: the whole plan; a re-plan's moved
  // cells; a catch-up's absent members. The caller may simulate them.
  PlanInput input;
  PlanOutput output;
  // Non-empty: the plan broke these rules; nothing was stored or written.
  std::vector<std::string> violations;
  // Members to be received whom the run did not plan because of their
  // exchange state or verdict (LeftOut), in member_no order: a re-plan's
  // moved cells and a catch-up list them; a whole plan counts them too.
  std::vector<LeftOut> left_out;
  // Re-plan: stored appointments kept as they were, the cells kept whole,
  // and members of kept cells with no appointment (for a catch-up).
  int64_t kept_appointments = 0;
  int64_t kept_cells = 0;
  int64_t waiting = 0;
  // Re-plan and catch-up: every member whose stored appointment changed
  // (or was lost: no slot in the window), with why; the old codes are
  // recorded as superseded. A member whose cell moved back into the very
  // same slot is not among them.
  std::vector<ChangedInvitation> changes;
  int64_t changed_cells = 0;   // cells with files in changes_dir
  int64_t newly_invited = 0;   // members placed who had no appointment
  int64_t dropped = 0;         // appointments of members no longer to be received
  int64_t reserved_positions = 0;  // the whole plan: counter positions kept free (no_show_reserve)
  // Catch-up: members a re-imported list made official (they were
  // probationary) and who held no appointment, planned with the absent.
  std::vector<std::string> newly_official;
  RunTimings timings;
};

// The whole plan for the window: replaces every stored appointment and the
// campaign window (progress/daily.h), and writes the schedule to
// `request.out` on a second thread meanwhile. When no other connection has
// the database open it writes alone (Store::BeginSoloWrite).
Result<RunReport> PlanCampaign(Store& store, const RunRequest& request);

// A re-plan from `day` on (ReplanInput): cells with a settled appointment
// stay as stored, every other cell is planned again around them; the stored
// plan is replaced and `request.out` holds it whole (kept rows first).
// kInvalidArgument when `day` lies outside the window.
Result<RunReport> ReplanCampaign(Store& store, const RunRequest& request, Date day);

// Why a member may not be planned again, "" when they may: "no member has
// this number", "the member is not to be received: ..." (not official,
// reconciled as deceased, past reception, not exchanging).
using WhyNotFn = std::function<std::string(std::string_view member_no)>;
// Reads the absent members once the run can say who may be planned. A file
// refused (any bad row) is an error Status; the caller keeps its messages.
using AbsenceSource = std::function<Result<std::vector<Absence>>(const WhyNotFn& why_not)>;

// A catch-up: the absent members get new slots (ill ones a home visit)
// around every other stored appointment, which stays; their old
// appointments are replaced (dropped for those who find no slot), and their
// rows written to `request.out`. Members who became official on a
// re-imported member list (schema v15 newly_official, recorded and audited
// by the import) and hold no appointment are planned with them
// (report.newly_official), or listed in left_out when they may not be.

Result<RunReport> CatchUp(Store& store, const RunRequest& request, const AbsenceSource& absent);

}  // namespace cardex::plan

#endif  // CARDEX_PLAN_RUNS_H_
