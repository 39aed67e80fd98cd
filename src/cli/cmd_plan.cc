#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <map>
#include <vector>

#include "cardex/ingest/absences.h"
#include "cardex/plan/campaign.h"
#include "cardex/plan/runs.h"
#include "cardex/plan/simulate.h"
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
  std::string changes_out;
  double expected_no_shows = 0;
  bool no_show_rate_given = false;
};

// Where a re-plan or a catch-up writes its changed invitations: --changes-out,
// else beside the schedule, "plan2.csv" -> "plan2_changes".
std::string ChangesDir(const PlanArgs& args) {
  if (!args.changes_out.empty()) return args.changes_out;
  std::string base = args.out;
  if (base.size() > 4 && base.substr(base.size() - 4) == ".csv") base.resize(base.size() - 4);
  return base + "_changes";
}

// How many invitations changed and why, and where their lists are.
void PrintChanges(const plan::RunReport& run, const std::string& dir) {
  std::map<std::string, int64_t> by_reason;
  int64_t lost = 0;
  for (const plan::ChangedInvitation& c : run.changes) {
    ++by_reason[plan::MoveReasonName(c.reason)];
    lost += c.after ? 0 : 1;
  }
  std::printf("%zu invitations changed", run.changes.size());
  const char* sep = " (";
  for (const auto& [reason, n] : by_reason) {
    std::printf("%s%s %lld", sep, reason.c_str(), static_cast<long long>(n));
    sep = ", ";
  }
  if (!by_reason.empty()) std::printf(")");
  if (lost > 0) std::printf(", %lld of them without a new slot", static_cast<long long>(lost));
  std::printf("; %lld members newly invited", static_cast<long long>(run.newly_invited));
  if (run.changed_cells > 0) {
    std::printf("; lists for %lld cells in %s", static_cast<long long>(run.changed_cells), dir.c_str());
  }
  std::printf("\n");
}

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

// The campaign with its catch-up (campaign.h): the day it reaches 100 %.
void PrintCampaign(const plan::CampaignResult& c, const plan::SimulationOptions& o) {
  std::printf("campaign with catch-up (%.0f%% no-shows): %lld misses, %lld catch-up appointments (%lld home visits "
              "after %d misses); ",
              100.0 * o.no_show_rate, static_cast<long long>(c.misses), static_cast<long long>(c.catch_ups),
              static_cast<long long>(c.home_catch_ups), o.home_visit_after_misses);
  if (c.complete) {
    std::printf("100%% received on %s, %lld %s before the deadline", c.last_day.ToString().c_str(),
                static_cast<long long>(c.days_to_spare), c.days_to_spare == 1 ? "day" : "days");
  } else {
    std::printf("%lld of %lld members not received by the deadline", static_cast<long long>(c.not_received),
                static_cast<long long>(c.members));
  }
  if (c.day_99.days() > 0) std::printf("; 99%% on %s", c.day_99.ToString().c_str());
  std::printf("; wait mean %.1f min, p95 %.1f min\n", c.waits.mean_wait, c.waits.p95_wait);
}

void PrintEfficiency(const plan::PlanReport& r) {
  std::printf("; worst station efficiency %.3f (mean %.3f) against the work bound, %.3f (mean %.3f) against the "
              "cell bound\n",
              r.worst_efficiency_vs_work_bound, MeanEfficiency(r, &plan::StationReport::efficiency_vs_work_bound),
              r.worst_efficiency_vs_cell_bound, MeanEfficiency(r, &plan::StationReport::efficiency_vs_cell_bound));
}

void PrintLastSlot(const plan::PlanReport& r) {
  if (r.campaign_finish >= 0) std::printf("; last slot ends %s", plan::FormatLocalMinute(r.campaign_finish).c_str());
}

// Members the run did not plan because of their state, each with its reason
// (member numbers are the organisation's, not personal data).
void PrintLeftOut(const std::vector<plan::LeftOut>& left_out, const char* what) {
  if (left_out.empty()) return;
  std::fprintf(stderr, "cardex: %zu members %s:\n", left_out.size(), what);
  constexpr size_t kShown = 50;
  for (size_t i = 0; i < left_out.size() && i < kShown; ++i) {
    std::fprintf(stderr, "  member %s: %s\n", left_out[i].member_no.c_str(), left_out[i].reason.c_str());
  }
  if (left_out.size() > kShown) std::fprintf(stderr, "  (%zu more not shown)\n", left_out.size() - kShown);
}

// The members left and what each station lacks; the exit code.
int PrintShortfall(const plan::RunReport& run, const char* members) {
  const plan::PlanReport& r = run.output.report;
  if (r.left == 0) return 0;
  std::fprintf(stderr, "cardex: the window is too short: %lld %s are left", static_cast<long long>(r.left), members);
  if (r.unserved > 0) {
    std::fprintf(stderr, " (%lld of them in communes no station serves)", static_cast<long long>(r.unserved));
  }
  std::fprintf(stderr, "\n");
  for (size_t i = 0; i < r.stations.size(); ++i) {
    const plan::StationReport& s = r.stations[i];
    if (s.members_left == 0) continue;
    std::fprintf(stderr, "  station %s: %lld members left; needs %.1f more counter-hours",
                 run.input.stations[i].code.c_str(), static_cast<long long>(s.members_left),
                 s.extra_counter_minutes / 60.0);
    if (s.shortfall.kind != plan::ShortfallKind::kNone) {
      std::fprintf(stderr, ": %s", plan::DescribeShortfall(run.input, i, s.shortfall).c_str());
    }
    if (s.home_visits > 0 && s.members_left > s.counter_members_left) {
      std::fprintf(stderr, " (%lld home visits left)", static_cast<long long>(s.members_left - s.counter_members_left));
    }
    std::fprintf(stderr, "\n");
  }
  return 1;
}

// A run's failure: its violations (a bug), or its error.
int FailRun(const Result<plan::RunReport>& run) {
  if (!run.ok()) return Fail(run.status());
  for (const auto& v : run->violations) std::fprintf(stderr, "violation: %s\n", v.c_str());
  return Fail("the plan breaks the rules above (a bug: please report)");
}

bool RunFailed(const Result<plan::RunReport>& run) { return !run.ok() || !run->violations.empty(); }

int RunCatchUp(Store& store, const plan::RunRequest& request, const std::string& path) {
  std::vector<std::string> errors;
  bool truncated = false;
  auto run = plan::CatchUp(store, request, [&](const plan::WhyNotFn& why_not) -> Result<std::vector<plan::Absence>> {
    auto file = ReadAbsenceFile(path, why_not);
    if (!file.ok()) return file.status();
    if (!file->errors.empty()) {
      errors = file->errors;
      truncated = file->errors_truncated;
      return Status::InvalidArgument(path + ": refused, nothing was planned");
    }
    std::vector<plan::Absence> absent;
    for (const AbsenceRow& r : file->rows) {
      plan::Absence a{r.member_no, plan::AbsenceReason::kBusy};
      plan::ParseAbsenceReason(r.reason, &a.reason);
      absent.push_back(std::move(a));
    }
    return absent;
  });
  for (const auto& e : errors) std::fprintf(stderr, "%s\n", e.c_str());
  if (truncated) std::fprintf(stderr, "(more errors not shown)\n");
  if (RunFailed(run)) return FailRun(run);
  const plan::PlanReport& r = run->output.report;
  std::printf("re-planned %lld of %lld absent members around %zu appointments kept",
              static_cast<long long>(r.scheduled), static_cast<long long>(r.members), run->input.fixed.size());
  if (!run->newly_official.empty()) {
    std::printf(" (%zu of them newly official)", run->newly_official.size());
  }
  PrintLastSlot(r);
  std::printf("\n");
  PrintChanges(*run, request.changes_dir);
  PrintLeftOut(run->left_out, "of the file are not planned again");
  return PrintShortfall(*run, "absent members") == 0 && run->left_out.empty() ? 0 : 1;
}

int RunReplan(Store& store, const plan::RunRequest& request, const std::string& day_text) {
  auto day = Date::Parse(day_text);
  if (!day.ok()) return Fail("--replan-from: " + day.status().message());
  auto run = plan::ReplanCampaign(store, request, *day);
  if (RunFailed(run)) return FailRun(run);
  const plan::PlanReport& r = run->output.report;
  std::printf("re-planned %lld of %lld members in %zu cells from %s around %lld appointments kept "
              "(%lld cells as they were)",
              static_cast<long long>(r.scheduled), static_cast<long long>(r.members), run->input.cells.size(),
              day->ToString().c_str(), static_cast<long long>(run->kept_appointments),
              static_cast<long long>(run->kept_cells));
  PrintLastSlot(r);
  std::printf("\n");
  PrintChanges(*run, request.changes_dir);
  PrintLeftOut(run->left_out, "of the cells re-planned are not invited again");
  if (run->waiting > 0) {
    std::fprintf(stderr,
                 "cardex: %lld members of cells kept as they were have no appointment; "
                 "plan them with --catch-up\n",
                 static_cast<long long>(run->waiting));
  }
  return PrintShortfall(*run, "members");
}

int RunPlan(const GlobalOptions& global, const PlanArgs& args) {
  if (args.catch_up || !args.absent.empty()) {
    if (!args.catch_up) return Fail("--absent needs --catch-up");
    if (args.absent.empty()) return Fail("--catch-up needs --absent FILE.csv");
    if (!args.replan_from.empty()) return Fail("--catch-up and --replan-from do not go together");
  }
  auto from = Date::Parse(args.from);
  if (!from.ok()) return Fail("--from: " + from.status().message());
  auto to = Date::Parse(args.to);
  if (!to.ok()) return Fail("--to: " + to.status().message());
  if (*to < *from) return Fail("--to comes before --from");
  if (!args.replan_from.empty()) {
    if (auto day = Date::Parse(args.replan_from); !day.ok()) {
      return Fail("--replan-from: " + day.status().message());
    }
  }
  auto store = OpenAndMigrate(global);
  if (!store.ok()) return Fail(store.status());
  plan::RunRequest request{*from, *to, args.out, args.check, ""};
  if (args.catch_up || !args.replan_from.empty()) request.changes_dir = ChangesDir(args);
  if (args.expected_no_shows > 0 && (args.catch_up || !args.replan_from.empty())) {
    return Fail("--expected-no-shows applies to the whole plan (the reserve it keeps is what a catch-up uses)");
  }
  request.no_show_reserve = args.expected_no_shows;
  plan::SimulationOptions sim = args.sim;
  if (args.expected_no_shows > 0 && !args.no_show_rate_given) sim.no_show_rate = args.expected_no_shows;
  if (args.catch_up) return RunCatchUp(**store, request, args.absent);
  if (!args.replan_from.empty()) return RunReplan(**store, request, args.replan_from);

  auto run = plan::PlanCampaign(**store, request);
  if (RunFailed(run)) return FailRun(run);
  const plan::PlanReport& r = run->output.report;
  std::printf("planned %lld of %lld members", static_cast<long long>(r.scheduled),
              static_cast<long long>(r.members));
  if (run->reserved_positions > 0) {
    std::printf(" (%lld counter slots kept for catch-up)", static_cast<long long>(run->reserved_positions));
  }
  PrintLastSlot(r);
  PrintEfficiency(r);
  const int code = PrintShortfall(*run, "members");
  auto simulate_start = std::chrono::steady_clock::now();
  if (args.simulate || !args.simulate_out.empty()) {
    auto simulated = plan::Simulate(run->input, run->output, sim);
    if (!simulated.ok()) return Fail(simulated.status());
    if (!args.simulate_out.empty()) {
      Status sim_written = plan::WriteSimulationCsv(run->input, *simulated, args.simulate_out);
      if (!sim_written.ok()) return Fail(sim_written);
    }
    PrintSimulation(run->input, *simulated, sim);
    auto campaign = plan::SimulateCampaign(run->input, run->output, sim);
    if (!campaign.ok()) return Fail(campaign.status());
    PrintCampaign(*campaign, sim);
  }
  const double simulate_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - simulate_start).count();
  if (args.timings) {
    const plan::RunTimings& t = run->timings;
    std::fprintf(stderr,
                 "timings (s): load %.2f, plan %.2f, check %.2f, store %.2f (csv %.2f beside it), simulate %.2f\n",
                 t.load, t.plan, t.check, t.store, t.csv, simulate_s);
  }
  return code;
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
      ->check(CLI::Range(0.0, 1.0))
      ->each([args](const std::string&) { args->no_show_rate_given = true; });
  cmd->add_option("--expected-no-shows", args->expected_no_shows,
                  "the share of members expected to miss their day: that share of every station-day's slots, "
                  "at the day's end, is kept free for their catch-up (and is the simulation's no-show rate "
                  "unless --no-show-rate is given)")
      ->check(CLI::Range(0.0, 0.9));
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
                "plan only the members of --absent again, and members a re-imported list made official "
                "who hold no appointment, around everyone already invited");
  cmd->add_option("--absent", args->absent,
                  "catch-up: CSV of member_no,reason (busy, ill, wrong_data)");
  cmd->add_option("--replan-from", args->replan_from,
                  "plan again from this day (YYYY-MM-DD) with the stations and shifts as stored now; cells "
                  "with an appointment before it, or a member who already came, stay as they are");
  cmd->add_option("--changes-out", args->changes_out,
                  "re-plan and catch-up: the directory for the changed invitations, per cell CELL.csv, "
                  "CELL.xlsx and CELL.pdf (default: beside --out, NAME_changes)");
  cmd->add_flag("--timings", args->timings, "print the time each phase took on standard error");
  cmd->callback([&global, action, args] {
    *action = [&global, args] { return RunPlan(global, *args); };
  });
}

}  // namespace cardex::cli
