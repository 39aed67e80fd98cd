// What every `cardex` command shares: the global options, how a command is
// registered, and how failures are printed.
#ifndef CARDEX_CLI_COMMAND_H_
#define CARDEX_CLI_COMMAND_H_

#include <functional>
#include <memory>
#include <string>

#include "cardex/core/status.h"
#include "cardex/store/store.h"

namespace CLI {
class App;
}

namespace cardex::cli {

struct GlobalOptions {
  std::string db = "cardex.db";  // SQLite path or postgresql:// URL
  std::string db_password_file;  // "": libpq's own (~/.pgpass, PGPASSWORD)
  std::string sqlite_synchronous;  // "": the store's default (NORMAL)
};

// A command's body; returns the process exit code.
using Action = std::function<int()>;

// Each command adds its subcommand to `app`; when the subcommand is chosen,
// its parse callback stores the body in `*action`.
void RegisterInit(CLI::App& app, const GlobalOptions& global, Action* action);
void RegisterImport(CLI::App& app, const GlobalOptions& global, Action* action);
void RegisterExport(CLI::App& app, const GlobalOptions& global, Action* action);
void RegisterGen(CLI::App& app, const GlobalOptions& global, Action* action);
void RegisterReconcile(CLI::App& app, const GlobalOptions& global, Action* action);
void RegisterResolve(CLI::App& app, const GlobalOptions& global, Action* action);
void RegisterPlan(CLI::App& app, const GlobalOptions& global, Action* action);
void RegisterAppointments(CLI::App& app, const GlobalOptions& global, Action* action);
void RegisterInvitations(CLI::App& app, const GlobalOptions& global, Action* action);
void RegisterServe(CLI::App& app, const GlobalOptions& global, Action* action);
void RegisterDemo(CLI::App& app, const GlobalOptions& global, Action* action);
void RegisterUser(CLI::App& app, const GlobalOptions& global, Action* action);
void RegisterAudit(CLI::App& app, const GlobalOptions& global, Action* action);
void RegisterCard(CLI::App& app, const GlobalOptions& global, Action* action);
void RegisterReport(CLI::App& app, const GlobalOptions& global, Action* action);
void RegisterGroup(CLI::App& app, const GlobalOptions& global, Action* action);
void RegisterInspection(CLI::App& app, const GlobalOptions& global, Action* action);
void RegisterBackup(CLI::App& app, const GlobalOptions& global, Action* action);
void RegisterRestore(CLI::App& app, const GlobalOptions& global, Action* action);
void RegisterStation(CLI::App& app, const GlobalOptions& global, Action* action);
void RegisterCentre(CLI::App& app, const GlobalOptions& global, Action* action);
void RegisterNotices(CLI::App& app, const GlobalOptions& global, Action* action);

// Prints "cardex: MESSAGE" to stderr and returns the exit code for failure.
int Fail(const Status& status);
int Fail(const std::string& message);

// Opens the database and brings its schema up to date (every command may be
// the first one run against a new database).
Result<std::unique_ptr<Store>> OpenAndMigrate(const GlobalOptions& global);

}  // namespace cardex::cli

#endif  // CARDEX_CLI_COMMAND_H_
