#include <CLI/CLI.hpp>
#include <cstdio>

#include "cardex/plan/check.h"
#include "cardex/plan/plan_io.h"
#include "command.h"

namespace cardex::cli {
namespace {

struct PlanArgs {
  std::string from, to, out;
  bool check = false;
};

void PrintReport(const plan::PlanInput& input, const plan::PlanOutput& output) {
  const plan::PlanReport& r = output.report;
  std::printf("planned %lld of %lld members", static_cast<long long>(r.scheduled),
              static_cast<long long>(r.members));
  if (r.campaign_finish >= 0) {
    std::printf("; last slot ends %s", plan::FormatLocalMinute(r.campaign_finish).c_str());
  }
  std::printf("; worst station efficiency %.3f\n", r.worst_efficiency);
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
  auto from = Date::Parse(args.from);
  if (!from.ok()) return Fail("--from: " + from.status().message());
  auto to = Date::Parse(args.to);
  if (!to.ok()) return Fail("--to: " + to.status().message());
  if (*to < *from) return Fail("--to comes before --from");
  auto store = OpenAndMigrate(global);
  if (!store.ok()) return Fail(store.status());
  auto input = plan::LoadPlanInput(**store, *from, *to);
  if (!input.ok()) return Fail(input.status());
  auto output = plan::Plan(*input);
  if (!output.ok()) return Fail(output.status());
  if (args.check) {
    auto violations = plan::CheckSchedule(*input, *output);
    for (const auto& v : violations) std::fprintf(stderr, "violation: %s\n", v.c_str());
    if (!violations.empty()) return Fail("the plan breaks the rules above (a bug: please report)");
  }
  Status written = plan::WriteScheduleCsv(*input, *output, args.out);
  if (!written.ok()) return Fail(written);
  PrintReport(*input, *output);
  return output->report.left == 0 ? 0 : 1;
}

}  // namespace

void RegisterPlan(CLI::App& app, const GlobalOptions& global, Action* action) {
  auto args = std::make_shared<PlanArgs>();
  auto* cmd = app.add_subcommand("plan", "Invite every cell to a station time slot");
  cmd->add_option("--from", args->from, "first day of the window (YYYY-MM-DD)")->required();
  cmd->add_option("--to", args->to, "last day of the window (YYYY-MM-DD)")->required();
  cmd->add_option("--out", args->out, "the schedule CSV to write")->required();
  cmd->add_flag("--check", args->check, "verify every schedule rule before writing");
  cmd->callback([&global, action, args] {
    *action = [&global, args] { return RunPlan(global, *args); };
  });
}

}  // namespace cardex::cli
