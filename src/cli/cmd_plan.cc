#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <thread>
#include <vector>

#include "cardex/plan/appointments.h"
#include "cardex/plan/check.h"
#include "cardex/plan/plan_io.h"
#include "cardex/plan/simulate.h"
#include "cardex/progress/daily.h"
#include "catch_up.h"
#include "replan.h"
#include "command.h"

namespace cardex::cli {
namespace {

struct PlanArgs {
  std::string from, to, out;
  bool check = false;
  bool simulate = false;
  std::string simulate_out;
  plan::SimulationOptions sim;
  bool timings = false;
  bool catch_up = false;
  std::string absent;
  std::string replan_from;
};

// Seconds since the previous call: the phases `--timings` reports.
class PhaseClock {
 public:
  double Lap() {
    auto now = std::chrono::steady_clock::now();
    double s = std::chrono::duration<double>(now - last_).count();
    last_ = now;
    return s;
  }

 private:
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

double MeanEfficiency(const plan::PlanReport& r, double plan::StationReport::*efficiency) {
  double sum = 0;
  int n = 0;
  for (const plan::StationReport& s : r.stations) {
    if (s.members == 0) continue;
    sum += s.*efficiency;
    ++n;
  }
  return n == 0 ? 1.0 : sum / n;
}

void PrintSimulation(const plan::PlanInput& input, const plan::SimulationResult& r,
                     const plan::SimulationOptions& o) {
  std::printf("simulated %zu station-days (seed %llu): %lld members expected, %lld no-shows; "
              "wait mean %.1f min, p95 %.1f min\n",
              r.station_days.size(), static_cast<unsigned long long>(o.seed),
              static_cast<long long>(r.scheduled), static_cast<long long>(r.no_shows), r.mean_wait,
              r.p95_wait);
  if (r.worst_station_day < 0) return;
  const plan::StationDaySimulation& w = r.station_days[static_cast<size_t>(r.worst_station_day)];
  std::printf("station-day p95 wait: worst %.1f min (station %s on %s), mean %.1f min; "
              "%.1f%% of station-days under %.0f min\n",
              r.worst_p95_wait, input.stations[w.station].code.c_str(), w.day.ToString().c_str(),
              r.mean_station_day_p95, 100.0 * r.within_target_share, o.target_p95_minutes);
}

void PrintReport(const plan::PlanInput& input, const plan::PlanOutput& output) {
  const plan::PlanReport& r = output.report;
  std::printf("planned %lld of %lld members", static_cast<long long>(r.scheduled),
              static_cast<long long>(r.members));
  if (r.campaign_finish >= 0) {
    std::printf("; last slot ends %s", plan::FormatLocalMinute(r.campaign_finish).c_str());
  }
  std::printf("; worst station efficiency %.3f (mean %.3f) against the work bound, %.3f (mean %.3f) against the "
              "cell bound\n",
              r.worst_efficiency_vs_work_bound, MeanEfficiency(r, &plan::StationReport::efficiency_vs_work_bound),
              r.worst_efficiency_vs_cell_bound, MeanEfficiency(r, &plan::StationReport::efficiency_vs_cell_bound));
  if (r.left == 0) return;
  std::fprintf(stderr, "cardex: the window is too short: %lld members are left", 
               static_cast<long long>(r.left));
  if (r.unserved > 0) {
    std::fprintf(stderr, " (%lld of them in communes no station serves)",
                 static_cast<long long>(r.unserved));
  }
  std::fprintf(stderr, "\n");
  for (size_t i = 0; i < r.stations.size(); ++i) {
    const plan::StationReport& s = r.stations[i];
    if (s.members_left == 0) continue;
    std::fprintf(stderr, "  station %s: %lld members left; needs %.1f more counter-hours\n",
                 input.stations[i].code.c_str(), static_cast<long long>(s.members_left),
                 s.extra_counter_minutes / 60.0);
  }
}

int RunPlan(const GlobalOptions& global, const PlanArgs& args) {
  if (args.catch_up || !args.absent.empty()) {
    if (!args.catch_up) return Fail("--absent needs --catch-up");
    if (args.absent.empty()) return Fail("--catch-up needs --absent FILE.csv");
    if (!args.replan_from.empty()) return Fail("--catch-up and --replan-from do not go together");
    return RunCatchUp(global, CatchUpArgs{args.from, args.to, args.absent, args.out, args.check});
  }
  if (!args.replan_from.empty()) {
    return RunReplan(global, ReplanArgs{args.from, args.to, args.replan_from, args.out, args.check});
  }
  auto from = Date::Parse(args.from);
  if (!from.ok()) return Fail("--from: " + from.status().message());
  auto to = Date::Parse(args.to);
  if (!to.ok()) return Fail("--to: " + to.status().message());
  if (*to < *from) return Fail("--to comes before --from");
  PhaseClock clock;
  auto store = OpenAndMigrate(global);
  if (!store.ok()) return Fail(store.status());
  auto input = plan::LoadPlanInput(**store, *from, *to);
  if (!input.ok()) return Fail(input.status());
  const double load_s = clock.Lap();
  auto output = plan::Plan(*input);
  if (!output.ok()) return Fail(output.status());
  const double plan_s = clock.Lap();
  if (args.check) {
    auto violations = plan::CheckSchedule(*input, *output);
    for (const auto& v : violations) std::fprintf(stderr, "violation: %s\n", v.c_str());
    if (!violations.empty()) return Fail("the plan breaks the rules above (a bug: please report)");
  }
  const double check_s = clock.Lap();
  // The stored plan and the file agree: the appointments are replaced in
  // one transaction while a second thread writes the file (the machine has
  // two cores), and a failure of either leaves both as they were (the file
  // appears only when complete, and is removed unless the commit succeeds).
  // Alone on the database (no server has it open), the plan's rows are
  // written once instead of twice (store.h); otherwise as usual.
  const bool solo = (*store)->BeginSoloWrite().ok();
  Transaction txn(**store);
  if (Status s = txn.Begin(); !s.ok()) return Fail(s);
  auto key = plan::LoadInvitationKey(**store);
  if (!key.ok()) return Fail(key.status());
  auto run = (*store)->NextPlanRun();
  if (!run.ok()) return Fail(run.status());
  Status written;
  double csv_s = 0;
  std::thread csv_writer([&] {
    PhaseClock csv_clock;
    written = plan::WriteScheduleCsv(*input, *output, args.out);
    csv_s = csv_clock.Lap();
  });
  Status stored = plan::StorePlan(**store, *input, *output, *key, *run);
  // The window's last day is the deadline the dashboards forecast against.
  if (stored.ok()) stored = progress::SaveCampaignWindow(**store, *from, *to);
  csv_writer.join();
  if (!stored.ok() || !written.ok()) {
    if (written.ok()) std::remove(args.out.c_str());
    return Fail(stored.ok() ? written : stored);
  }
  if (Status s = txn.Commit(); !s.ok()) {
    std::remove(args.out.c_str());
    return Fail(s);
  }
  if (solo) {
    if (Status s = (*store)->EndSoloWrite(); !s.ok()) return Fail(s);
  }
  const double store_s = clock.Lap();
  PrintReport(*input, *output);
  if (args.simulate || !args.simulate_out.empty()) {
    auto sim = plan::Simulate(*input, *output, args.sim);
    if (!sim.ok()) return Fail(sim.status());
    if (!args.simulate_out.empty()) {
      Status sim_written = plan::WriteSimulationCsv(*input, *sim, args.simulate_out);
      if (!sim_written.ok()) return Fail(sim_written);
    }
    PrintSimulation(*input, *sim, args.sim);
  }
  const double simulate_s = clock.Lap();
  if (args.timings) {
    std::fprintf(stderr,
                 "timings (s): load %.2f, plan %.2f, check %.2f, store %.2f (csv %.2f beside it), simulate %.2f\n",
                 load_s, plan_s, check_s, store_s, csv_s, simulate_s);
  }
  return output->report.left == 0 ? 0 : 1;
}

}  // namespace

void RegisterPlan(CLI::App& app, const GlobalOptions& global, Action* action) {
  auto args = std::make_shared<PlanArgs>();
  auto* cmd = app.add_subcommand("plan", "Invite every cell to a station time slot");
  cmd->add_option("--from", args->from, "first day of the window (YYYY-MM-DD)")->required();
  cmd->add_option("--to", args->to, "last day of the window (YYYY-MM-DD)")->required();
  cmd->add_option("--out", args->out, "the schedule CSV to write (with --catch-up: the re-planned members)")
      ->required();
  cmd->add_flag("--check", args->check, "verify every schedule rule before writing");
  cmd->add_flag("--simulate", args->simulate,
                "simulate the reception days (lateness, no-shows, varying service) and report the waits");
  cmd->add_option("--seed", args->sim.seed, "the simulation's seed")->capture_default_str();
  cmd->add_option("--simulate-out", args->simulate_out,
                  "also write the simulated waits per station and day to this CSV (implies --simulate)");
  cmd->add_option("--no-show-rate", args->sim.no_show_rate, "simulation: share of members who do not come")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--late-share", args->sim.late_share, "simulation: share of members who come much later")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--service-cv", args->sim.service_cv,
                  "simulation: coefficient of variation of the service time")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--closing-grace", args->sim.closing_grace_minutes,
                  "simulation: minutes after a shift closes within which late members are still served")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  cmd->add_flag("--catch-up", args->catch_up,
                "plan only the members of --absent again, around everyone already invited");
  cmd->add_option("--absent", args->absent,
                  "catch-up: CSV of member_no,reason (busy, ill, wrong_data)");
  cmd->add_option("--replan-from", args->replan_from,
                  "plan again from this day (YYYY-MM-DD) with the stations and shifts as stored now; cells "
                  "with an appointment before it, or a member who already came, stay as they are");
  cmd->add_flag("--timings", args->timings, "print the time each phase took on standard error");
  cmd->callback([&global, action, args] {
    *action = [&global, args] { return RunPlan(global, *args); };
  });
}

}  // namespace cardex::cli
