// cardex reconcile [--full] --out FILE.csv [--out FILE.xlsx]
#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "cardex/reconcile/reconcile.h"
#include "cardex/reconcile/report_xlsx.h"
#include "cardex/reconcile/resolve.h"
#include "command.h"
#include "progress_bar.h"

namespace cardex::cli {
namespace {

struct ReconcileArgs {
  bool full = false;
  bool timings = false;
  std::vector<std::string> out;  // .xlsx: the report for people; anything else: CSV
  std::string by_unit;
  double min_probability = reconcile::ReconcileOptions{}.suggestion_min_probability;
  double min_margin = reconcile::ReconcileOptions{}.suggestion_min_margin_bits;
};

bool IsXlsx(const std::string& path) {
  return path.size() >= 5 && (path.compare(path.size() - 5, 5, ".xlsx") == 0 ||
                              path.compare(path.size() - 5, 5, ".XLSX") == 0);
}

int RunReconcile(const GlobalOptions& global, const ReconcileArgs& args) {
  auto store = OpenAndMigrate(global);
  if (!store.ok()) return Fail(store.status());
  // Two read-only connections for the registry: it looks ids up on two
  // threads while the run stores results on this one. Without them (they
  // failed to open) the run is only slower.
  StoreOptions reader_options;
  reader_options.read_only = true;
  auto reader = OpenStore(global.db, reader_options);
  auto reader2 = OpenStore(global.db, reader_options);
  std::unique_ptr<reconcile::Registry> registry = reconcile::MakeStoreRegistry(
      **store, reader.ok() ? std::move(reader).value() : nullptr,
      reader2.ok() ? std::move(reader2).value() : nullptr);

  std::unique_ptr<ProgressBar> bar;
  std::string stage;
  reconcile::ReconcileOptions options;
  options.full = args.full;
  options.suggestion_min_probability = args.min_probability;
  options.suggestion_min_margin_bits = args.min_margin;
  // The first CSV is written by the run itself, from the results in memory;
  // the other files from the stored results afterwards.
  for (const std::string& path : args.out) {
    if (!IsXlsx(path) && options.report_path.empty()) options.report_path = path;
  }
  options.progress = [&](std::string_view s, int64_t done, int64_t total) {
    if (s != stage) {
      stage = s;
      bar = std::make_unique<ProgressBar>(std::string(s));
    }
    bar->Update(done, total, done);
  };
  auto summary = reconcile::Reconcile(**store, *registry, options);
  bar.reset();
  if (!summary.ok()) return Fail(summary.status());
  const auto& s = *summary;
  std::printf("%s run %lld: checked %lld of %lld members%s\n", s.full ? "full" : "incremental",
              static_cast<long long>(s.run_id), static_cast<long long>(s.checked),
              static_cast<long long>(s.members),
              s.full ? "" : " (changed since the last run)");
  std::printf("verdicts:");
  for (int v = 0; v < kVerdictCount; ++v) {
    std::printf(" %s %lld", std::string(VerdictName(static_cast<Verdict>(v))).c_str(),
                static_cast<long long>(s.verdicts[static_cast<size_t>(v)]));
  }
  std::printf("; %lld with a suggestion\n", static_cast<long long>(s.suggestions));
  for (const std::string& path : args.out) {
    if (path == options.report_path) {
      std::printf("wrote %s\n", path.c_str());
      continue;
    }
    auto rows = IsXlsx(path) ? reconcile::WriteReportXlsx(**store, path)
                             : reconcile::WriteStoredReport(**store, path);
    if (!rows.ok()) return Fail(rows.status());
    std::printf("wrote %s\n", path.c_str());
  }
  if (!args.by_unit.empty()) {
    auto units = reconcile::WriteVerdictCounts(**store, args.by_unit);
    if (!units.ok()) return Fail(units.status());
    std::printf("wrote %s: verdict counts of %lld units\n", args.by_unit.c_str(),
                static_cast<long long>(*units));
  }
  if (args.timings) {
    std::printf("seconds:");
    for (const auto& [step, seconds] : s.seconds) std::printf(" %s %.2f", step.c_str(), seconds);
    std::printf("\n");
  }
  return 0;
}

}  // namespace

void RegisterReconcile(CLI::App& app, const GlobalOptions& global, Action* action) {
  auto args = std::make_shared<ReconcileArgs>();
  auto* cmd = app.add_subcommand(
      "reconcile", "Check every member against the population registry; write the report");
  cmd->add_flag("--full", args->full,
                "re-check every member (default: only what changed since the last run)");
  cmd->add_option("--out", args->out,
                  "the report: CSV (formats.md), or for people .xlsx (Vietnamese; a sheet of "
                  "members and one of counts per unit); may be given more than once")
      ->required();
  cmd->add_option("--by-unit", args->by_unit,
                  "also write each unit's verdict counts (its whole subtree), CSV");
  cmd->add_flag("--timings", args->timings, "print how long each step took");
  cmd->add_option("--suggest-probability", args->min_probability,
                  "suggest a citizen only when the probability that it is the person meant "
                  "is at least this (0-1)")
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--suggest-margin", args->min_margin,
                  "and only when it scores this many bits (log2 of odds) above the runner-up")
      ->check(CLI::Range(0.0, 1000.0));
  cmd->callback([&global, action, args] {
    *action = [&global, args] { return RunReconcile(global, *args); };
  });
}

}  // namespace cardex::cli
