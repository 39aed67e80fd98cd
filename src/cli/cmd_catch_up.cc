#include <cstdio>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "cardex/ingest/absences.h"
#include "cardex/plan/appointments.h"
#include "cardex/plan/check.h"
#include "cardex/plan/plan_io.h"
#include "catch_up.h"

namespace cardex::cli {

int RunCatchUp(const GlobalOptions& global, const CatchUpArgs& args) {
  auto from = Date::Parse(args.from);
  if (!from.ok()) return Fail("--from: " + from.status().message());
  auto to = Date::Parse(args.to);
  if (!to.ok()) return Fail("--to: " + to.status().message());
  if (*to < *from) return Fail("--to comes before --from");
  auto opened = OpenAndMigrate(global);
  if (!opened.ok()) return Fail(opened.status());
  Store& store = **opened;

  // One transaction from reading the stored appointments to replacing the
  // absent members' ones: no plan written meanwhile can take the same slots.
  Transaction txn(store);
  if (Status s = txn.Begin(); !s.ok()) return Fail(s);
  auto full = plan::LoadPlanInput(store, *from, *to);
  if (!full.ok()) return Fail(full.status());

  std::unordered_set<std::string> received, members;
  for (const plan::CellInput& c : full->cells) {
    for (const plan::MemberInput& m : c.members) received.insert(m.member_no);
  }
  Status scanned = store.ScanMembers([&](const Member& m) {
    members.insert(m.member_no);
    return Status::Ok();
  });
  if (!scanned.ok()) return Fail(scanned);
  auto file = ReadAbsenceFile(args.absent, [&](std::string_view no) {
    std::string key(no);
    if (received.count(key)) return MemberStanding::kReceived;
    return members.count(key) ? MemberStanding::kNotReceived : MemberStanding::kUnknown;
  });
  if (!file.ok()) return Fail(file.status());
  if (!file->errors.empty()) {
    for (const auto& e : file->errors) std::fprintf(stderr, "%s\n", e.c_str());
    if (file->errors_truncated) std::fprintf(stderr, "(more errors not shown)\n");
    return Fail(args.absent + ": refused, nothing was planned");
  }
  std::vector<plan::Absence> absent;
  for (const AbsenceRow& r : file->rows) {
    plan::Absence a{r.member_no, plan::AbsenceReason::kBusy};
    plan::ParseAbsenceReason(r.reason, &a.reason);
    absent.push_back(std::move(a));
  }

  std::vector<StoredAppointment> stored;
  scanned = store.ScanAppointments({}, [&](const StoredAppointment& a) {
    stored.push_back(a);
    return Status::Ok();
  });
  if (!scanned.ok()) return Fail(scanned);
  auto input = plan::CatchUpInput(*full, stored, absent);
  if (!input.ok()) return Fail(input.status());
  auto output = plan::Plan(*input);
  if (!output.ok()) return Fail(output.status());
  if (args.check) {
    plan::CheckOptions options;
    options.cells_together = false;
    auto violations = plan::CheckSchedule(*input, *output, options);
    for (const auto& v : violations) std::fprintf(stderr, "violation: %s\n", v.c_str());
    if (!violations.empty()) return Fail("the plan breaks the rules above (a bug: please report)");
  }

  auto key = plan::LoadInvitationKey(store);
  if (!key.ok()) return Fail(key.status());
  auto run = store.NextPlanRun();
  if (!run.ok()) return Fail(run.status());
  // Absent members left without a slot lose the one they missed.
  std::vector<std::string> unplaced;
  for (const plan::MemberRef& m : output->unscheduled) {
    unplaced.push_back(input->cells[m.cell].members[m.member].member_no);
  }
  if (auto gone = store.DeleteAppointments(unplaced); !gone.ok()) return Fail(gone.status());
  if (Status s = store.UpsertAppointments(plan::ToStoredAppointments(*input, *output, *key, *run));
      !s.ok()) {
    return Fail(s);
  }
  if (Status s = plan::WriteScheduleCsv(*input, *output, args.out); !s.ok()) return Fail(s);
  if (Status s = txn.Commit(); !s.ok()) {
    std::remove(args.out.c_str());
    return Fail(s);
  }

  const plan::PlanReport& r = output->report;
  std::printf("re-planned %lld of %lld absent members around %zu appointments kept",
              static_cast<long long>(r.scheduled), static_cast<long long>(r.members),
              input->fixed.size());
  if (r.campaign_finish >= 0) {
    std::printf("; last slot ends %s", plan::FormatLocalMinute(r.campaign_finish).c_str());
  }
  std::printf("\n");
  if (r.left == 0) return 0;
  std::fprintf(stderr, "cardex: the window is too short: %lld absent members are left\n",
               static_cast<long long>(r.left));
  for (size_t i = 0; i < r.stations.size(); ++i) {
    const plan::StationReport& s = r.stations[i];
    if (s.members_left == 0) continue;
    std::fprintf(stderr, "  station %s: %lld members left; needs %.1f more counter-hours\n",
                 input->stations[i].code.c_str(), static_cast<long long>(s.members_left),
                 s.extra_counter_minutes / 60.0);
  }
  return 1;
}

}  // namespace cardex::cli
