// CatchUp (runs.h): new slots for the members who missed theirs, around
// everyone already invited.
#include <cstdio>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "cardex/plan/check.h"
#include "cardex/plan/runs.h"
#include "cardex/store/sql.h"
#include "run_clock.h"

namespace cardex::plan {

Result<RunReport> CatchUp(Store& store, const RunRequest& request, const AbsenceSource& absent_source) {
  if (request.to < request.from) return Status::InvalidArgument("--to comes before --from");
  RunReport report;
  RunClock clock;
  // One transaction from reading the stored appointments to replacing the
  // absent members' ones: no plan written meanwhile can take the same slots.
  Transaction txn(store);
  CARDEX_RETURN_IF_ERROR(txn.Begin());
  std::vector<LeftOut> left_out;
  CARDEX_ASSIGN_OR_RETURN(PlanInput full, LoadPlanInput(store, request.from, request.to, &left_out));

  std::unordered_set<std::string> plannable, members;
  for (const CellInput& c : full.cells) {
    for (const MemberInput& m : c.members) plannable.insert(m.member_no);
  }
  std::unordered_map<std::string, std::string> left_reason;
  for (const LeftOut& l : left_out) left_reason.emplace(l.member_no, l.reason);
  CARDEX_RETURN_IF_ERROR(store.ScanMembers([&](const Member& m) {
    members.insert(m.member_no);
    return Status::Ok();
  }));
  const WhyNotFn why_not = [&](std::string_view no) -> std::string {
    std::string key(no);
    if (plannable.count(key)) return "";
    if (auto it = left_reason.find(key); it != left_reason.end()) {
      return "the member is not to be received: " + it->second;
    }
    if (members.count(key)) return "the member is not to be received: not an official member";
    return "no member has this number";
  };
  CARDEX_ASSIGN_OR_RETURN(std::vector<Absence> absent, absent_source(why_not));
  // A source that does not refuse the unplannable itself still never
  // re-invites them: they are listed, not planned.
  std::vector<Absence> to_plan;
  for (Absence& a : absent) {
    std::string why = why_not(a.member_no);
    if (why.empty()) {
      to_plan.push_back(std::move(a));
    } else {
      report.left_out.push_back(LeftOut{a.member_no, "", std::move(why)});
    }
  }

  // Members a re-imported list made official (newly_official, schema v16)
  // who hold no appointment yet: planned like the absent, whatever the
  // source says (ingest audits each change).
  {
    std::unordered_set<std::string> listed;
    for (const Absence& a : to_plan) listed.insert(a.member_no);
    CARDEX_ASSIGN_OR_RETURN(
        SqlRows fresh,
        store.Query("SELECT n.member_no FROM newly_official n WHERE NOT EXISTS (SELECT 1 FROM "
                    "appointments a WHERE a.member_no = n.member_no) ORDER BY n.member_no"));
    for (size_t r = 0; r < fresh.size(); ++r) {
      std::string no(fresh.Text(r, 0));
      if (listed.count(no)) continue;
      std::string why = why_not(no);
      if (!why.empty()) {
        report.left_out.push_back(LeftOut{no, "", std::move(why)});
        continue;
      }
      report.newly_official.push_back(no);
      to_plan.push_back(Absence{std::move(no), AbsenceReason::kBusy});
    }
  }

  std::vector<StoredAppointment> stored;
  CARDEX_RETURN_IF_ERROR(store.ScanAppointments({}, [&](const StoredAppointment& a) {
    stored.push_back(a);
    return Status::Ok();
  }));
  CARDEX_ASSIGN_OR_RETURN(report.input, CatchUpInput(full, stored, to_plan));
  std::unordered_map<std::string, StoredAppointment> missed;  // the absent members' old appointments
  {
    std::unordered_set<std::string> absent_members;
    for (const Absence& a : to_plan) absent_members.insert(a.member_no);
    for (StoredAppointment& a : stored) {
      if (absent_members.count(a.member_no)) missed.emplace(a.member_no, std::move(a));
    }
  }
  std::vector<StoredAppointment>().swap(stored);
  report.timings.load = clock.Lap();
  CARDEX_ASSIGN_OR_RETURN(report.output, Plan(report.input));
  report.timings.plan = clock.Lap();
  if (request.check) {
    CheckOptions options;
    options.cells_together = false;
    report.violations = CheckSchedule(report.input, report.output, options);
    report.timings.check = clock.Lap();
    if (!report.violations.empty()) return report;
  }

  CARDEX_ASSIGN_OR_RETURN(InvitationKey key, LoadInvitationKey(store));
  CARDEX_ASSIGN_OR_RETURN(int64_t run, store.NextPlanRun());
  // Absent members left without a slot lose the one they missed.
  std::vector<std::string> unplaced;
  for (const MemberRef& m : report.output.unscheduled) {
    unplaced.push_back(report.input.cells[m.cell].members[m.member].member_no);
  }
  CARDEX_RETURN_IF_ERROR(store.DeleteAppointments(unplaced).status());
  const std::vector<StoredAppointment> rows = ToStoredAppointments(report.input, report.output, key, run);
  CARDEX_RETURN_IF_ERROR(store.UpsertAppointments(rows));
  // The old codes of the absent members stay known (the desk still finds
  // them), and their new invitations are listed per cell for reprinting.
  std::unordered_map<std::string, const StoredAppointment*> new_row;
  for (const StoredAppointment& r : rows) new_row.emplace(r.member_no, &r);
  for (const Absence& a : to_plan) {
    auto old = missed.find(a.member_no);
    if (old == missed.end()) continue;
    auto it = new_row.find(a.member_no);
    if (it != new_row.end() && it->second->invitation_code == old->second.invitation_code) continue;
    report.changes.push_back(ChangedInvitation{
        old->second, it == new_row.end() ? std::nullopt : std::optional<StoredAppointment>(*it->second),
        MoveReason::kCatchUp});
  }
  for (const StoredAppointment& r : rows) report.newly_invited += missed.count(r.member_no) ? 0 : 1;
  CARDEX_RETURN_IF_ERROR(RecordSupersededCodes(store, report.changes, run));
  if (!request.changes_dir.empty()) {
    CARDEX_ASSIGN_OR_RETURN(report.changed_cells, WriteChangedInvitations(store, report.changes, request.changes_dir));
  }
  CARDEX_RETURN_IF_ERROR(WriteScheduleCsv(report.input, report.output, request.out));
  if (Status s = txn.Commit(); !s.ok()) {
    std::remove(request.out.c_str());
    return s;
  }
  report.timings.store = clock.Lap();
  return report;
}

}  // namespace cardex::plan
