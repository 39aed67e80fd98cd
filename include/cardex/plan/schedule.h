// The reception planner of `cardex plan` (formats.md, "The schedule"): which
// station receives each member, and when. A pure computation over plain
// structs; the caller loads them from the store and writes the CSV.
//
// The model. A station's open time is cut into waves: each shift (clipped to
// the window) is split from its start into floor(minutes / minutes_per_member)
// consecutive slot times, and each wave offers `counters` positions (fewer
// where fixed appointments already hold counters). Positions are ordered by
// (time, counter); a cell takes a contiguous run of positions inside one day,
// so its members come in one block of consecutive slots and no wave ever holds
// more members than counters. A day is a station's set of waves of shifts
// dated that day: a shift past midnight belongs to its date. Shifts that
// overlap start their waves where the earlier shift's waves end.
//
// Cells are assigned to stations first (a commune with one serving station
// is trivial; cells of communes served by several stations go, largest
// first, to the station whose projected last slot is earliest), then each
// station packs its cells into days so its last day holds as little as
// possible: two starting packings (each day in turn takes the best-filling
// subset of the remaining cells by exact subset sum; best-fit decreasing
// into as few days as hold the work), each improved by local search that
// re-splits the cells of two or three days by subset sum; the earlier finish
// wins; where that finish is after the cell bound (below), a bounded exact
// search (depth first, cells into days) between the two looks for an earlier
// packing, and where it exhausts proves the bound higher; in the final
// packing a station it left unproven gets a search a hundred times deeper. A cell larger than
// any of the station's days spans days, starting at the beginning of the
// station's free time. Then, where stations share a
// commune, cells move between two of them (one or two cells each way, both
// stations re-packed) while the later finish of the two gets earlier (or the
// same, and the other earlier); where the two share at most 20 cells, branch
// and bound over every split of them follows (within a budget that grows with
// the cost of packing every station once), so two stations sharing a commune
// finish as early as any split of their cells allows with these packings.
//
// Efficiency (StationReport) compares the finish with two lower bounds: the
// work bound ignores cells, so where cells are a large part of a day the
// one-day rule alone keeps a station above it (nine cells of more than half a
// day need nine days); the cell bound is the least number of days relaxations
// of packing the cells into days allow (their work, the best subset sum each
// day can take, how many cells above each size each day can hold, Martello
// and Toth's L2), and in the last of those days what the others cannot take;
// raised to what the exact search proved. 1.0 against it proves the
// station's finish optimal for its cells.
//
// Home visits. Members with home_visit get a home_visit appointment from the
// station that receives their cell, on a separate track: the station's
// mobile teams (`home_visit_teams`, default 1) visit one member per team at a
// time, each visit lasting `home_visit_minutes` (default minutes_per_member),
// inside the station's shifts. Home visits never hold a counter. Each cell's
// home visits form one block on the mobile track, one day where they fit, in
// the order the cells come to the station.
//
// Times are local minutes since 1970-01-01T00:00 (no time zone: the shift
// times are local). The window is [from 00:00, to + 1 day 00:00): a night
// shift dated `to` is cut at midnight.
//
// The same input always gives the same plan. Thread safety: Plan() keeps no
// state; concurrent calls on distinct inputs are safe.
#ifndef CARDEX_PLAN_SCHEDULE_H_
#define CARDEX_PLAN_SCHEDULE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "cardex/core/dates.h"
#include "cardex/core/status.h"
#include "cardex/plan/shortfall.h"

namespace cardex::plan {

// Local minutes since 1970-01-01T00:00.
int64_t LocalMinute(Date date, TimeOfDay time);
// "YYYY-MM-DDTHH:MM" (formats.md date-time).
std::string FormatLocalMinute(int64_t minute);

struct StationInput {
  std::string code;
  int counters = 0;            // > 0
  int minutes_per_member = 0;  // > 0
  std::vector<std::string> serves;  // commune codes
  int home_visit_teams = 1;    // >= 0; 0: the station makes no home visits
  int home_visit_minutes = 0;  // 0: minutes_per_member
};

struct ShiftInput {
  std::string station_code;
  Date date = Date::FromDays(0);  // the day the shift belongs to, even when it ends after midnight
  TimeOfDay start, end;  // end <= start: runs past midnight (ShiftMinutes)
};

struct MemberInput {
  std::string member_no;
  bool home_visit = false;
};

// One cell and the members of it to receive (official, not deceased: the
// caller filters), in a stable order (e.g. member_no).
struct CellInput {
  std::string unit_code;
  std::string commune_code;  // matched against StationInput::serves
  std::vector<MemberInput> members;
};

// An appointment already given that must not move (catch-up, or a plan
// redone from a later day): it holds a counter (or a mobile team) over
// [start, end) and is never part of the output.
struct FixedAppointment {
  std::string station_code;
  int64_t start = 0, end = 0;  // local minutes
  bool home_visit = false;
  // Held back for the catch-up of members who do not come (reserve.h): no
  // member is expected at it, and the campaign simulation books into it.
  bool reserve = false;
};

struct PlanInput {
  std::vector<StationInput> stations;
  std::vector<ShiftInput> shifts;
  std::vector<CellInput> cells;
  Date from = Date::FromDays(0), to = Date::FromDays(0);  // inclusive days
  std::vector<FixedAppointment> fixed;
  // Catch-up: when a cell's members fit in no single day of the free
  // capacity left, place them anyway in the earliest free slots (spanning
  // days, around fixed appointments) rather than leave them out.
  bool split_cells_when_needed = false;
};

enum class Mode : uint8_t { kStation, kHomeVisit };
const char* ModeName(Mode mode);  // "station", "home_visit"

// One row of the schedule. Indices point into PlanInput.
struct Appointment {
  int32_t cell = 0;     // index into PlanInput::cells
  int32_t member = 0;   // index into that cell's members
  int32_t station = 0;  // index into PlanInput::stations
  Mode mode = Mode::kStation;
  int64_t start = 0, end = 0;  // local minutes
};

struct MemberRef {
  int32_t cell = 0, member = 0;
};

// The capacity check and the result, per station. Minutes are counter-
// minutes unless named otherwise.
struct StationReport {
  int64_t members = 0;      // station members assigned (placed or not)
  int64_t home_visits = 0;  // home-visit members assigned (placed or not)
  int64_t work_minutes = 0;          // members x minutes_per_member
  int64_t open_counter_minutes = 0;  // shift minutes x counters in the window
  int64_t free_slots = 0;            // positions left free by fixed appointments
  // Lower bounds on `finish` (-1: none placed). The work bound: the last
  // slot end if the members placed were packed with no gap, cells ignored.
  // The cell bound also keeps each cell whole in one day (relaxed as the
  // header comment says); with split_cells_when_needed it is the work bound.
  int64_t work_bound_finish = -1;
  int64_t cell_bound_finish = -1;
  int64_t finish = -1;  // last station slot end in the plan (-1: none)
  // Open minutes from the window start to a bound over those to finish: 1.0
  // when the station finishes at the bound. Against the work bound a station
  // whose cells are large next to its days cannot reach 1.0; against the
  // cell bound it can, and 1.0 proves the finish optimal.
  double efficiency_vs_work_bound = 1.0;
  double efficiency_vs_cell_bound = 1.0;
  int64_t members_left = 0;      // station and home-visit members not placed
  int64_t counter_members_left = 0;  // of them, station members
  // Extra counter-minutes (home visits: team-minutes, one visit's each) the
  // station would need to receive everyone assigned to it within the
  // window: for the counters the least change of `shortfall`.
  int64_t extra_counter_minutes = 0;
  Shortfall shortfall;  // kNone when every station member is placed
};

struct PlanReport {
  int64_t members = 0;    // every member of the input
  int64_t scheduled = 0;  // members with an appointment
  int64_t left = 0;       // members - scheduled (unserved included)
  int64_t unserved = 0;   // members of cells no station serves
  int64_t campaign_finish = -1;  // latest station slot end (-1: none)
  std::vector<StationReport> stations;  // parallel to PlanInput::stations
  // Over stations with members placed.
  double worst_efficiency_vs_work_bound = 1.0;
  double worst_efficiency_vs_cell_bound = 1.0;
};

struct PlanOutput {
  // Grouped by cell in input order, members in cell order; station rows of
  // a cell in slot order.
  std::vector<Appointment> appointments;
  std::vector<MemberRef> unscheduled;  // in input order
  PlanReport report;
};

// Plans every member of `input`. Fails (kInvalidArgument, naming the station
// or shift) only on malformed input: from after to, non-positive counters or
// minutes, a duplicate station code, a shift of an unknown station. A window
// too short is not an error: the output says who is left.
Result<PlanOutput> Plan(const PlanInput& input);

}  // namespace cardex::plan

#endif  // CARDEX_PLAN_SCHEDULE_H_
