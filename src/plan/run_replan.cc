// ReplanCampaign (runs.h): the plan made again from a day on around what
// is settled.
#include <cstdio>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "cardex/plan/check.h"
#include "cardex/plan/runs.h"
#include "run_clock.h"

namespace cardex::plan {

Result<RunReport> ReplanCampaign(Store& store, const RunRequest& request, Date day) {
  if (request.to < request.from) return Status::InvalidArgument("--to comes before --from");
  if (request.to < day) return Status::InvalidArgument("--replan-from comes after --to");
  RunReport report;
  RunClock clock;
  // One transaction from reading the stored plan to replacing it.
  Transaction txn(store);
  CARDEX_RETURN_IF_ERROR(txn.Begin());
  std::vector<LeftOut> left_out;
  CARDEX_ASSIGN_OR_RETURN(PlanInput full, LoadPlanInput(store, request.from, request.to, &left_out));

  std::vector<StoredAppointment> stored;
  CARDEX_RETURN_IF_ERROR(store.ScanAppointments({}, [&](const StoredAppointment& a) {
    stored.push_back(a);
    return Status::Ok();
  }));
  CARDEX_ASSIGN_OR_RETURN(Replan replan, ReplanInput(full, stored, day));
  // Listed: those a re-plan would otherwise have kept invited or invited
  // again, the members of every cell not settled (settled cells stay as
  // they are, whoever is in them).
  std::unordered_set<std::string> settled_units;
  const std::string first_day = day.ToString();
  for (const StoredAppointment& a : stored) {
    if (a.slot_start < first_day || a.status != "invited") settled_units.insert(a.unit_code);
  }
  std::vector<StoredAppointment>().swap(stored);
  for (LeftOut& l : left_out) {
    if (!settled_units.count(l.unit_code)) report.left_out.push_back(std::move(l));
  }
  report.kept_appointments = static_cast<int64_t>(replan.kept.size());
  report.kept_cells = replan.kept_cells;
  report.waiting = replan.waiting;
  report.dropped = replan.dropped;
  report.input = std::move(replan.input);
  report.timings.load = clock.Lap();

  CARDEX_ASSIGN_OR_RETURN(report.output, Plan(report.input));
  report.timings.plan = clock.Lap();
  if (request.check) {
    report.violations = CheckSchedule(report.input, report.output);
    report.timings.check = clock.Lap();
    if (!report.violations.empty()) return report;
  }
  CARDEX_ASSIGN_OR_RETURN(InvitationKey key, LoadInvitationKey(store));
  CARDEX_ASSIGN_OR_RETURN(int64_t run, store.NextPlanRun());
  CARDEX_RETURN_IF_ERROR(StorePlan(store, report.input, report.output, key, run, replan.kept));
  // What each moved member holds now (codes as stored: StorePlan salts the
  // rare collision), read back per cell that moved.
  std::unordered_map<std::string, StoredAppointment> now;
  std::unordered_set<std::string> moved_units;
  for (const Move& m : replan.moves) moved_units.insert(m.before.unit_code);
  for (const std::string& unit : moved_units) {
    CARDEX_RETURN_IF_ERROR(store.ScanAppointments({.unit_code = unit}, [&](const StoredAppointment& a) {
      now.emplace(a.member_no, a);
      return Status::Ok();
    }));
  }
  std::unordered_set<std::string> moved_members;
  for (const Move& m : replan.moves) {
    moved_members.insert(m.before.member_no);
    auto it = now.find(m.before.member_no);
    if (it != now.end() && it->second.invitation_code == m.before.invitation_code) continue;  // same slot again
    report.changes.push_back(ChangedInvitation{
        m.before, it == now.end() ? std::nullopt : std::optional<StoredAppointment>(it->second), m.reason});
  }
  for (const Appointment& a : report.output.appointments) {
    if (!moved_members.count(report.input.cells[a.cell].members[a.member].member_no)) ++report.newly_invited;
  }
  CARDEX_RETURN_IF_ERROR(RecordSupersededCodes(store, report.changes, run));
  if (!request.changes_dir.empty()) {
    CARDEX_ASSIGN_OR_RETURN(report.changed_cells, WriteChangedInvitations(store, report.changes, request.changes_dir));
  }
  RunClock csv_clock;
  CARDEX_RETURN_IF_ERROR(WriteScheduleCsv(report.input, report.output, request.out, replan.kept));
  report.timings.csv = csv_clock.Lap();
  if (Status s = txn.Commit(); !s.ok()) {
    std::remove(request.out.c_str());
    return s;
  }
  report.timings.store = clock.Lap();
  return report;
}

}  // namespace cardex::plan
