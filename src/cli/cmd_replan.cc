#include <cstdio>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "cardex/plan/appointments.h"
#include "cardex/plan/check.h"
#include "cardex/plan/plan_io.h"
#include "replan.h"

namespace cardex::cli {

int RunReplan(const GlobalOptions& global, const ReplanArgs& args) {
  auto from = Date::Parse(args.from);
  if (!from.ok()) return Fail("--from: " + from.status().message());
  auto to = Date::Parse(args.to);
  if (!to.ok()) return Fail("--to: " + to.status().message());
  if (*to < *from) return Fail("--to comes before --from");
  auto day = Date::Parse(args.day);
  if (!day.ok()) return Fail("--replan-from: " + day.status().message());
  if (*to < *day) return Fail("--replan-from comes after --to");
  auto opened = OpenAndMigrate(global);
  if (!opened.ok()) return Fail(opened.status());
  Store& store = **opened;

  // One transaction from reading the stored plan to replacing it.
  Transaction txn(store);
  if (Status s = txn.Begin(); !s.ok()) return Fail(s);
  auto full = plan::LoadPlanInput(store, *from, *to);
  if (!full.ok()) return Fail(full.status());

  // Two passes keep memory to the kept rows: which cells have a settled
  // appointment, then those cells' appointments.
  const std::string first_day = day->ToString();
  std::unordered_set<std::string> kept_units;
  Status scanned = store.ScanAppointments({}, [&](const StoredAppointment& a) {
    if (a.slot_start < first_day || a.status != "invited") kept_units.insert(a.unit_code);
    return Status::Ok();
  });
  if (!scanned.ok()) return Fail(scanned);
  std::vector<StoredAppointment> stored;
  scanned = store.ScanAppointments({}, [&](const StoredAppointment& a) {
    if (kept_units.count(a.unit_code)) stored.push_back(a);
    return Status::Ok();
  });
  if (!scanned.ok()) return Fail(scanned);
  auto replan = plan::ReplanInput(*full, stored, *day);
  if (!replan.ok()) return Fail(replan.status());
  std::vector<StoredAppointment>().swap(stored);

  auto output = plan::Plan(replan->input);
  if (!output.ok()) return Fail(output.status());
  if (args.check) {
    auto violations = plan::CheckSchedule(replan->input, *output);
    for (const auto& v : violations) std::fprintf(stderr, "violation: %s\n", v.c_str());
    if (!violations.empty()) return Fail("the plan breaks the rules above (a bug: please report)");
  }
  auto key = plan::LoadInvitationKey(store);
  if (!key.ok()) return Fail(key.status());
  auto run = store.NextPlanRun();
  if (!run.ok()) return Fail(run.status());
  if (Status s = plan::StorePlan(store, replan->input, *output, *key, *run, replan->kept); !s.ok()) {
    return Fail(s);
  }
  if (Status s = plan::WriteScheduleCsv(replan->input, *output, args.out, replan->kept); !s.ok()) {
    return Fail(s);
  }
  if (Status s = txn.Commit(); !s.ok()) {
    std::remove(args.out.c_str());
    return Fail(s);
  }

  const plan::PlanReport& r = output->report;
  std::printf("re-planned %lld of %lld members in %zu cells from %s around %zu appointments kept "
              "(%lld cells as they were)",
              static_cast<long long>(r.scheduled), static_cast<long long>(r.members),
              replan->input.cells.size(), first_day.c_str(), replan->kept.size(),
              static_cast<long long>(replan->kept_cells));
  if (r.campaign_finish >= 0) {
    std::printf("; last slot ends %s", plan::FormatLocalMinute(r.campaign_finish).c_str());
  }
  std::printf("\n");
  if (replan->waiting > 0) {
    std::fprintf(stderr,
                 "cardex: %lld members of cells kept as they were have no appointment; "
                 "plan them with --catch-up\n",
                 static_cast<long long>(replan->waiting));
  }
  if (r.left == 0) return 0;
  std::fprintf(stderr, "cardex: the window is too short: %lld members are left\n", static_cast<long long>(r.left));
  for (size_t i = 0; i < r.stations.size(); ++i) {
    const plan::StationReport& s = r.stations[i];
    if (s.members_left == 0) continue;
    std::fprintf(stderr, "  station %s: %lld members left; needs %.1f more counter-hours\n",
                 replan->input.stations[i].code.c_str(), static_cast<long long>(s.members_left),
                 s.extra_counter_minutes / 60.0);
  }
  return 1;
}

}  // namespace cardex::cli
