#include <CLI/CLI.hpp>
#include <cstdio>

#include "command.h"

namespace cardex::cli {

void RegisterInit(CLI::App& app, const GlobalOptions& global, Action* action) {
  auto* cmd = app.add_subcommand("init", "Create the database, or upgrade its schema");
  cmd->callback([&global, action] {
    *action = [&global] {
      auto store = OpenAndMigrate(global);
      if (!store.ok()) return Fail(store.status());
      auto version = (*store)->SchemaVersion();
      if (!version.ok()) return Fail(version.status());
      std::printf("database ready: %s (%s, schema version %d)\n", global.db.c_str(),
                  std::string((*store)->backend()).c_str(), *version);
      return 0;
    };
  });
}

}  // namespace cardex::cli
