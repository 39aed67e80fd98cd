// cardex reconcile [--full] --out FILE.csv [--out FILE.xlsx]
//                  [--registry-url URL ... (the registry service instead of
//                  the imported citizens table)]
#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "cardex/reconcile/reconcile.h"
#include "cardex/reconcile/report_xlsx.h"
#include "cardex/reconcile/resolve.h"
#include "cardex/registry/service_registry.h"
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
  // The registry service (docs/registry_service.md); empty url: the
  // imported citizens table.
  registry::ServiceOptions service;
  double deadline_seconds = 30;
  std::string unchecked;
};

bool IsXlsx(const std::string& path) {
  return path.size() >= 5 && (path.compare(path.size() - 5, 5, ".xlsx") == 0 ||
                              path.compare(path.size() - 5, 5, ".XLSX") == 0);
}

int RunReconcile(const GlobalOptions& global, const ReconcileArgs& args) {
  auto store = OpenAndMigrate(global);
  if (!store.ok()) return Fail(store.status());
  std::unique_ptr<reconcile::Registry> registry;
  registry::ServiceRegistry* service = nullptr;
  if (!args.service.base_url.empty()) {
    // The service's answers are cached in this database for the campaign;
    // the client writes them before the run begins storing.
    registry::ServiceOptions o = args.service;
    o.call_deadline_ms = static_cast<int64_t>(args.deadline_seconds * 1000);
    o.cache = store->get();
    auto made = registry::MakeServiceRegistry(o);
    if (!made.ok()) return Fail(made.status());
    service = made->get();
    registry = std::move(made).value();
  } else {
    // Two read-only connections for the registry: it looks ids up on two
    // threads while the run stores results on this one. Without them (they
    // failed to open) the run is only slower.
    StoreOptions reader_options;
    reader_options.read_only = true;
    auto reader = OpenStore(global.db, reader_options);
    auto reader2 = OpenStore(global.db, reader_options);
    registry = reconcile::MakeStoreRegistry(**store,
                                            reader.ok() ? std::move(reader).value() : nullptr,
                                            reader2.ok() ? std::move(reader2).value() : nullptr);
  }

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
  options.unchecked_path = args.unchecked;
  auto summary = reconcile::Reconcile(**store, *registry, options);
  bar.reset();
  if (service != nullptr) {
    const registry::ServiceStats st = service->stats();
    std::printf("registry service: %lld calls (%lld retries: %lld throttled, %lld server errors, "
                "%lld connection failures or deadlines, %lld restarted for a missing page); "
                "asked %lld ids and %lld suggestion queries, %lld ids and %lld queries from the "
                "cache\n",
                static_cast<long long>(st.calls), static_cast<long long>(st.retries),
                static_cast<long long>(st.throttled), static_cast<long long>(st.server_errors),
                static_cast<long long>(st.transport_errors), static_cast<long long>(st.restarted),
                static_cast<long long>(st.asked_ids), static_cast<long long>(st.asked_queries),
                static_cast<long long>(st.cached_ids), static_cast<long long>(st.cached_queries));
  }
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
  registry::ServiceOptions& svc = args->service;
  cmd->add_option("--registry-url", svc.base_url,
                  "ask the population registry's service (http[s]://host[:port][/prefix], "
                  "docs/registry_service.md) instead of the imported citizens table");
  cmd->add_option("--registry-token-file", svc.token_file,
                  "a file holding the service's bearer token")
      ->check(CLI::ExistingFile);
  cmd->add_option("--registry-cert", svc.client_cert_file,
                  "client certificate (PEM) for mutual TLS");
  cmd->add_option("--registry-key", svc.client_key_file, "its private key (PEM)");
  cmd->add_option("--registry-ca", svc.ca_file,
                  "the CA bundle the service's certificate must chain to (default: the system's)");
  cmd->add_option("--registry-concurrency", svc.concurrency, "requests in flight at most")
      ->check(CLI::Range(1, 64));
  cmd->add_option("--registry-rate", svc.requests_per_second, "requests started a second at most")
      ->check(CLI::Range(0.01, 10000.0));
  cmd->add_option("--registry-attempts", svc.max_attempts,
                  "tries of one request before it counts as unanswered")
      ->check(CLI::Range(1, 100));
  cmd->add_option("--registry-deadline", args->deadline_seconds,
                  "seconds one call may take before it is abandoned and tried again")
      ->check(CLI::Range(0.1, 3600.0));
  cmd->add_option("--registry-cache-since", svc.cache_since,
                  "use the service's cached answers fetched at or after this UTC time "
                  "(YYYY-MM-DDTHH:MM:SSZ, the campaign's start; default: every cached answer)");
  cmd->add_option("--unchecked", args->unchecked,
                  "when the service cannot answer, list the members that could not be "
                  "checked here (CSV member_no,question); the run stores nothing");
  cmd->callback([&global, action, args] {
    *action = [&global, args] { return RunReconcile(global, *args); };
  });
}

}  // namespace cardex::cli
