// cardex: the one executable. Commands and their options are the public
// contract of ../shared/spec/formats.md; each lives in its own cmd_*.cc.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>

#include "command.h"

namespace cardex::cli {

int Fail(const Status& status) { return Fail(status.message()); }

int Fail(const std::string& message) {
  std::fprintf(stderr, "cardex: %s\n", message.c_str());
  return 1;
}

Result<std::unique_ptr<Store>> OpenAndMigrate(const GlobalOptions& global) {
  CARDEX_ASSIGN_OR_RETURN(std::unique_ptr<Store> store, OpenStore(global.db));
  CARDEX_RETURN_IF_ERROR(store->Migrate());
  return store;
}

}  // namespace cardex::cli

int main(int argc, char** argv) {
  using namespace cardex::cli;
  CLI::App app{"Cardex: re-issue membership cards against the population registry"};
  app.fallthrough();
  app.require_subcommand(1);
  GlobalOptions global;
  app.add_option("--db", global.db, "SQLite file path or postgresql:// URL")
      ->envname("CARDEX_DB")
      ->capture_default_str();

  Action action;
  RegisterInit(app, global, &action);
  RegisterImport(app, global, &action);
  RegisterExport(app, global, &action);
  RegisterGen(app, global, &action);
  RegisterReconcile(app, global, &action);
  RegisterResolve(app, global, &action);
  RegisterPlan(app, global, &action);
  RegisterAppointments(app, global, &action);
  RegisterInvitations(app, global, &action);
  RegisterServe(app, global, &action);
  RegisterDemo(app, global, &action);
  RegisterUser(app, global, &action);
  RegisterAudit(app, global, &action);
  RegisterCard(app, global, &action);
  RegisterReport(app, global, &action);
  RegisterGroup(app, global, &action);
  RegisterInspection(app, global, &action);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  return action ? action() : 2;
}
