// cardex backup --out FILE: a consistent copy of the SQLite database taken
// while the server keeps serving (Store::BackupTo; docs/operations.md).
#include <CLI/CLI.hpp>
#include <cstdio>

#include "command.h"

namespace cardex::cli {
namespace {

int RunBackup(const GlobalOptions& global, const std::string& out) {
  // No migration: a backup copies the database as it is, and must not wait
  // for (or cause) a schema change under a running server.
  auto store = OpenStore(global.db);
  if (!store.ok()) return Fail(store.status());
  auto version = (*store)->SchemaVersion();
  if (!version.ok()) return Fail(version.status());
  if (*version == 0) return Fail(global.db + " holds no Cardex database to back up");
  if (Status s = (*store)->BackupTo(out); !s.ok()) return Fail(s);
  std::printf("backup: %s (schema version %d)\n", out.c_str(), *version);
  return 0;
}

}  // namespace

void RegisterBackup(CLI::App& app, const GlobalOptions& global, Action* action) {
  auto* cmd = app.add_subcommand(
      "backup", "Copy the SQLite database consistently while it is in use (PostgreSQL: docs/operations.md)");
  static std::string out;
  cmd->add_option("--out", out, "the backup file to write (must not exist)")->required();
  cmd->callback([&global, action] { *action = [&global] { return RunBackup(global, out); }; });
}

}  // namespace cardex::cli
