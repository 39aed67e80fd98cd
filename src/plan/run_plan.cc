// PlanCampaign (runs.h): the whole plan, stored and written at once.
#include <cstdio>
#include <thread>

#include "cardex/plan/check.h"
#include "cardex/plan/reserve.h"
#include "cardex/plan/runs.h"
#include "cardex/progress/daily.h"
#include "run_clock.h"

namespace cardex::plan {
namespace {

// Store::BeginSoloWrite for a scope: declared before the transaction, it
// ends the mode after the transaction committed or rolled back, on every
// path (a caller such as a server goes on using the store).
class SoloWrite {
 public:
  explicit SoloWrite(Store& store) : store_(store), on_(store.BeginSoloWrite().ok()) {}
  SoloWrite(const SoloWrite&) = delete;
  SoloWrite& operator=(const SoloWrite&) = delete;
  ~SoloWrite() {
    if (on_) (void)store_.EndSoloWrite();
  }
  Status End() {
    if (!on_) return Status::Ok();
    on_ = false;
    return store_.EndSoloWrite();
  }

 private:
  Store& store_;
  bool on_;
};

}  // namespace

Result<RunReport> PlanCampaign(Store& store, const RunRequest& request) {
  if (request.to < request.from) return Status::InvalidArgument("--to comes before --from");
  RunReport report;
  RunClock clock;
  CARDEX_ASSIGN_OR_RETURN(PlanInput loaded, LoadPlanInput(store, request.from, request.to, &report.left_out));
  // The reserve is part of the planned input: the checker then verifies
  // that no appointment took a reserved position.
  CARDEX_ASSIGN_OR_RETURN(report.input, WithNoShowReserve(loaded, request.no_show_reserve));
  report.reserved_positions = ReservedPositions(report.input);
  report.timings.load = clock.Lap();
  CARDEX_ASSIGN_OR_RETURN(report.output, Plan(report.input));
  report.timings.plan = clock.Lap();
  if (request.check) {
    report.violations = CheckSchedule(report.input, report.output);
    report.timings.check = clock.Lap();
    if (!report.violations.empty()) return report;
  }
  // The stored plan and the file agree: the appointments are replaced in
  // one transaction while a second thread writes the file (the machine has
  // two cores), and a failure of either leaves both as they were (the file
  // appears only when complete, and is removed unless the commit succeeds).
  // Alone on the database (no server has it open), the plan's rows are
  // written once instead of twice (store.h); otherwise as usual.
  SoloWrite solo(store);
  Transaction txn(store);
  CARDEX_RETURN_IF_ERROR(txn.Begin());
  CARDEX_ASSIGN_OR_RETURN(InvitationKey key, LoadInvitationKey(store));
  CARDEX_ASSIGN_OR_RETURN(int64_t run, store.NextPlanRun());
  Status written;
  std::thread csv_writer([&] {
    RunClock csv_clock;
    written = WriteScheduleCsv(report.input, report.output, request.out);
    report.timings.csv = csv_clock.Lap();
  });
  Status stored = StorePlan(store, report.input, report.output, key, run);
  // The window's last day is the deadline the dashboards forecast against.
  if (stored.ok()) stored = progress::SaveCampaignWindow(store, request.from, request.to);
  csv_writer.join();
  if (!stored.ok() || !written.ok()) {
    if (written.ok()) std::remove(request.out.c_str());
    return stored.ok() ? written : stored;
  }
  if (Status s = txn.Commit(); !s.ok()) {
    std::remove(request.out.c_str());
    return s;
  }
  CARDEX_RETURN_IF_ERROR(solo.End());
  report.timings.store = clock.Lap();
  return report;
}

}  // namespace cardex::plan
