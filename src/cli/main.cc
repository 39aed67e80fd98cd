// cardex: the one executable. Commands and their options are the public
// contract of ../shared/spec/formats.md; each lives in its own cmd_*.cc.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "command.h"
#include "config_file.h"

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

// Secrets come from files (never arguments, which any user sees in ps): the
// database password is handed to libpq as PGPASSWORD, inside this process only.
Status ApplyGlobalSettings(const GlobalOptions& global) {
  if (!global.db_password_file.empty()) {
    std::ifstream in(global.db_password_file);
    if (!in) return Status::InvalidArgument("cannot read --db-password-file " + global.db_password_file);
    std::stringstream text;
    text << in.rdbuf();
    std::string password = text.str();
    while (!password.empty() && (password.back() == '\n' || password.back() == '\r')) password.pop_back();
    if (password.empty()) return Status::InvalidArgument(global.db_password_file + " is empty");
    setenv("PGPASSWORD", password.c_str(), 1);
  }
  if (!global.sqlite_synchronous.empty()) {
    setenv("CARDEX_SQLITE_SYNCHRONOUS", global.sqlite_synchronous.c_str(), 1);
  }
  return Status::Ok();
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
  app.add_option("--db-password-file", global.db_password_file,
                 "file holding the PostgreSQL password (else ~/.pgpass or PGPASSWORD)")
      ->envname("CARDEX_DB_PASSWORD_FILE");
  app.add_option("--sqlite-synchronous", global.sqlite_synchronous,
                 "SQLite synchronous mode: NORMAL (default) or FULL (docs/reliability.md)")
      ->envname("CARDEX_SQLITE_SYNCHRONOUS")
      ->check(CLI::IsMember({"NORMAL", "FULL"}));
  AddConfigOption(app);

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
  RegisterBackup(app, global, &action);
  RegisterRestore(app, global, &action);
  RegisterStation(app, global, &action);
  RegisterCentre(app, global, &action);
  RegisterNotices(app, global, &action);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() != 0) {
      std::string located = LocateConfigError(app, e);
      if (!located.empty()) {
        std::fprintf(stderr, "cardex: %s\n", located.c_str());
        return 2;
      }
    }
    return app.exit(e) == 0 ? 0 : 2;
  }
  if (cardex::Status settings = ApplyGlobalSettings(global); !settings.ok()) return Fail(settings);
  return action ? action() : 2;
}
