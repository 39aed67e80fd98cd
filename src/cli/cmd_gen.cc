#include <CLI/CLI.hpp>
#include <cstdio>

#include "cardex/gen/generator.h"
#include "command.h"
#include "progress_bar.h"

namespace cardex::cli {
namespace {

struct GenArgs {
  std::string preset = "generic";
  std::string out = "data";
  gen::GenOptions options;
};

int RunGen(GenArgs& args) {
  auto preset = gen::ParsePreset(args.preset);
  if (!preset.ok()) return Fail(preset.status());
  args.options.preset = *preset;
  std::unique_ptr<ProgressBar> bar;
  std::string stage;
  auto progress = [&](std::string_view s, int64_t done, int64_t total) {
    if (s != stage) {
      stage = s;
      bar = std::make_unique<ProgressBar>("generating " + stage);
    }
    bar->Update(done, total, done);
  };
  gen::GenSummary summary;
  Status status = gen::Generate(args.options, args.out, progress, &summary);
  bar.reset();
  if (!status.ok()) return Fail(status);
  std::printf("wrote %s: %lld units, %lld members, %lld citizens, %lld stations, %lld shifts\n",
              args.out.c_str(), static_cast<long long>(summary.units),
              static_cast<long long>(summary.members), static_cast<long long>(summary.citizens),
              static_cast<long long>(summary.stations), static_cast<long long>(summary.shifts));
  std::printf("truth.csv verdicts:");
  for (int v = 0; v < gen::kVerdictCount; ++v) {
    std::printf(" %s %lld", std::string(gen::VerdictName(static_cast<gen::Verdict>(v))).c_str(),
                static_cast<long long>(summary.verdicts[v]));
  }
  std::printf("; %lld with a suggestion\n", static_cast<long long>(summary.suggestions));
  return 0;
}

}  // namespace

void RegisterGen(CLI::App& app, const GlobalOptions&, Action* action) {
  auto args = std::make_shared<GenArgs>();
  auto* cmd = app.add_subcommand(
      "gen", "Write a synthetic province or country in the public formats, with truth.csv");
  cmd->add_option("--preset", args->preset, "generic or lam-dong")->capture_default_str();
  cmd->add_option("--members", args->options.members, "members (0: the preset's default)");
  cmd->add_option("--citizens", args->options.citizens, "registry citizens (0: 10 x members)");
  cmd->add_option("--seed", args->options.seed, "random seed; the same seed gives the same files")
      ->capture_default_str();
  cmd->add_option("--from", args->options.from, "first day of shifts (YYYY-MM-DD)")
      ->capture_default_str();
  cmd->add_option("--to", args->options.to, "last day of shifts (YYYY-MM-DD)")
      ->capture_default_str();
  cmd->add_option("--out", args->out, "output directory")->capture_default_str();
  cmd->callback([action, args] { *action = [args] { return RunGen(*args); }; });
}

}  // namespace cardex::cli
