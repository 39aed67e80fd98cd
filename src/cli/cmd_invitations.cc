#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>

#include "cardex/plan/invitations.h"
#include "command.h"

namespace cardex::cli {
namespace {

struct InvitationsArgs {
  std::string unit, out;
};

int RunInvitations(const GlobalOptions& global, const InvitationsArgs& args) {
  auto store = OpenAndMigrate(global);
  if (!store.ok()) return Fail(store.status());
  auto written = plan::WriteInvitations(**store, args.unit, args.out);
  if (!written.ok()) return Fail(written.status());
  if (!written->unit_pdf_path.empty()) {
    std::printf("wrote invitations for %lld members of %lld cells in %s: CELL.csv, CELL.xlsx, CELL.pdf and "
                "one .ics per member, and %s with every cell for printing\n",
                static_cast<long long>(written->members), static_cast<long long>(written->cells), args.out.c_str(),
                written->unit_pdf_path.c_str());
    return 0;
  }
  std::printf("wrote invitations for %lld members: %s, %s, %s and one .ics each in %s\n",
              static_cast<long long>(written->members), written->list_path.c_str(),
              written->xlsx_path.c_str(), written->pdf_path.c_str(), args.out.c_str());
  return 0;
}

}  // namespace

void RegisterInvitations(CLI::App& app, const GlobalOptions& global, Action* action) {
  auto args = std::make_shared<InvitationsArgs>();
  auto* cmd = app.add_subcommand(
      "invitations", "Write a cell's invitation list (CELL.csv, CELL.xlsx), printable invitations with QR "
      "codes (CELL.pdf) and one iCalendar file per member");
  cmd->add_option("--unit", args->unit, "the cell, or any unit: every cell beneath it, plus UNIT.pdf of them all")
      ->required();
  cmd->add_option("--out", args->out, "the directory to write into (created if missing)")->required();
  cmd->callback([&global, action, args] {
    *action = [&global, args] { return RunInvitations(global, *args); };
  });
}

}  // namespace cardex::cli
