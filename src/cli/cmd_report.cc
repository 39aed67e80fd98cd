// cardex report: reports for people and machines read from the roll-ups.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>

#include "cardex/progress/report.h"
#include "command.h"

namespace cardex::cli {
namespace {

struct ProgressArgs {
  std::string unit, out;
};

int RunProgress(const GlobalOptions& global, const ProgressArgs& args) {
  auto store = OpenAndMigrate(global);
  if (!store.ok()) return Fail(store.status());
  auto written = progress::WriteProgressReport(**store, args.unit, args.out);
  if (!written.ok()) return Fail(written.status());
  std::printf("wrote the progress of %lld units to %s\n", static_cast<long long>(*written),
              args.out.c_str());
  return 0;
}

}  // namespace

void RegisterReport(CLI::App& app, const GlobalOptions& global, Action* action) {
  auto* report = app.add_subcommand("report", "Reports on the campaign");
  report->require_subcommand(1);
  auto args = std::make_shared<ProgressArgs>();
  auto* cmd = report->add_subcommand(
      "progress", "Progress of the unit and every unit under it: .csv (formats.md), .xlsx or .pdf");
  cmd->add_option("--unit", args->unit, "the unit (default: every root)");
  cmd->add_option("--out", args->out, "FILE.csv, FILE.xlsx or FILE.pdf")->required();
  cmd->callback([&global, action, args] {
    *action = [&global, args] { return RunProgress(global, *args); };
  });
}

}  // namespace cardex::cli
