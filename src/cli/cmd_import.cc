#include <CLI/CLI.hpp>
#include <cstdio>

#include "cardex/ingest/import.h"
#include "command.h"
#include "progress_bar.h"

namespace cardex::cli {
namespace {

struct ImportArgs {
  std::string kind;
  std::string file;
  size_t max_errors = 100;
};

int RunImport(const GlobalOptions& global, const ImportArgs& args) {
  RecordKind kind;
  if (!ParseRecordKind(args.kind, &kind)) {
    return Fail("unknown kind '" + args.kind +
                "'; expected units, members, citizens, stations or shifts");
  }
  auto store = OpenAndMigrate(global);
  if (!store.ok()) return Fail(store.status());

  ProgressBar bar("importing " + args.kind);
  ImportOptions options;
  options.max_errors = args.max_errors;
  options.progress = [&bar](int64_t done, int64_t total, int64_t rows) {
    bar.Update(done, total, rows);
  };
  auto result = ImportFile(**store, kind, args.file, options);
  if (!result.ok()) return Fail(result.status());
  if (!result->ok()) {
    for (const auto& e : result->errors) std::fprintf(stderr, "%s\n", e.c_str());
    if (result->errors_truncated) std::fprintf(stderr, "(more errors not shown)\n");
    return Fail(args.file + ": refused, nothing was imported");
  }
  std::printf("imported %lld %s from %s\n", static_cast<long long>(result->rows),
              args.kind.c_str(), args.file.c_str());
  return 0;
}

}  // namespace

void RegisterImport(CLI::App& app, const GlobalOptions& global, Action* action) {
  auto args = std::make_shared<ImportArgs>();
  auto* cmd = app.add_subcommand("import", "Import a CSV file, all or nothing");
  cmd->add_option("kind", args->kind, "units, members, citizens, stations or shifts")->required();
  cmd->add_option("file", args->file, "the CSV file")->required();
  cmd->add_option("--max-errors", args->max_errors, "stop after reporting this many bad rows")
      ->capture_default_str();
  cmd->callback([&global, action, args] {
    *action = [&global, args] { return RunImport(global, *args); };
  });
}

}  // namespace cardex::cli
