#include <CLI/CLI.hpp>
#include <cstdio>

#include "cardex/ingest/import.h"
#include "command.h"

namespace cardex::cli {

void RegisterExport(CLI::App& app, const GlobalOptions& global, Action* action) {
  struct Args {
    std::string kind, file;
  };
  auto args = std::make_shared<Args>();
  auto* cmd = app.add_subcommand("export", "Write the stored rows of a kind as CSV");
  cmd->add_option("kind", args->kind, "units, members, citizens, stations or shifts")->required();
  cmd->add_option("file", args->file, "the CSV file to write")->required();
  cmd->callback([&global, action, args] {
    *action = [&global, args] {
      RecordKind kind;
      if (!ParseRecordKind(args->kind, &kind)) {
        return Fail("unknown kind '" + args->kind +
                    "'; expected units, members, citizens, stations or shifts");
      }
      auto store = OpenAndMigrate(global);
      if (!store.ok()) return Fail(store.status());
      int64_t formulas = 0;
      auto rows = ExportFile(**store, kind, args->file, &formulas);
      if (!rows.ok()) return Fail(rows.status());
      if (formulas > 0) {
        // The file is the machine contract (formats.md): exact, not neutralised.
        std::fprintf(stderr,
                     "warning: %lld values in %s start with =, +, -, @, a tab or CR and are "
                     "written exactly as stored; a spreadsheet may run them as formulas: "
                     "import the file as text rather than opening it\n",
                     static_cast<long long>(formulas), args->file.c_str());
      }
      std::printf("exported %lld %s to %s\n", static_cast<long long>(*rows), args->kind.c_str(),
                  args->file.c_str());
      return 0;
    };
  });
}

}  // namespace cardex::cli
