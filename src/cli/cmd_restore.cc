// cardex restore --from FILE: brings a backup (cardex backup) back as the
// database, after checking it is a Cardex database this binary understands
// (Store::RestoreFrom), then brings its schema up to date.
#include <CLI/CLI.hpp>
#include <cstdio>

#include "command.h"

namespace cardex::cli {
namespace {

int RunRestore(const GlobalOptions& global, const std::string& from, bool force) {
  auto store = OpenStore(global.db);
  if (!store.ok()) return Fail(store.status());
  auto version = (*store)->SchemaVersion();
  if (!version.ok()) return Fail(version.status());
  if (*version > 0 && !force) {
    return Fail(global.db +
                " already holds a Cardex database; stop the service, keep a copy, and pass --force "
                "to replace it with the backup");
  }
  if (Status s = (*store)->RestoreFrom(from); !s.ok()) return Fail(s);
  if (Status s = (*store)->Migrate(); !s.ok()) return Fail(s);
  auto now = (*store)->SchemaVersion();
  if (!now.ok()) return Fail(now.status());
  std::printf("restore: %s from %s (schema version %d)\n", global.db.c_str(), from.c_str(), *now);
  return 0;
}

}  // namespace

void RegisterRestore(CLI::App& app, const GlobalOptions& global, Action* action) {
  auto* cmd = app.add_subcommand(
      "restore", "Replace the SQLite database by a backup (stop the service first)");
  static std::string from;
  static bool force = false;
  cmd->add_option("--from", from, "the backup file (cardex backup --out)")->required();
  cmd->add_flag("--force", force, "replace a database that already holds data");
  cmd->callback([&global, action] { *action = [&global] { return RunRestore(global, from, force); }; });
}

}  // namespace cardex::cli
