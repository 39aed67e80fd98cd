// cardex user: accounts (include/cardex/auth/accounts.h).
//
//   cardex user add LOGIN --role ROLE [--scope CODE] [--name TEXT] [--password-file F]
//   cardex user passwd LOGIN [--password-file F]
//   cardex user disable LOGIN
//   cardex user list
//
// Passwords never travel on the command line (other users see it in ps and
// it stays in shell history): they are read from --password-file or from
// standard input (first line; without echo when it is a terminal).
#include <termios.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>

#include "cardex/auth/accounts.h"
#include "command.h"

namespace cardex::cli {
namespace {

struct UserArgs {
  std::string login, role, scope, name, password_file;
};

std::string Actor() {
  const char* user = std::getenv("USER");
  return std::string("cli:") + (user && *user ? user : "cardex");
}

void StripLineEnd(std::string* line) {
  while (!line->empty() && (line->back() == '\n' || line->back() == '\r')) line->pop_back();
}

Result<std::string> ReadPassword(const std::string& file) {
  std::string line;
  if (!file.empty()) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return Status::IoError(file + ": cannot be read");
    std::getline(in, line);
    StripLineEnd(&line);
    return line;
  }
  const bool tty = isatty(STDIN_FILENO);
  termios saved{};
  if (tty) {
    std::fputs("password: ", stderr);
    tcgetattr(STDIN_FILENO, &saved);
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  bool got = static_cast<bool>(std::getline(std::cin, line));
  if (tty) {
    tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    std::fputs("\n", stderr);
  }
  if (!got) return Status::InvalidArgument("no password on standard input (or use --password-file)");
  StripLineEnd(&line);
  return line;
}

int RunAdd(const GlobalOptions& global, const UserArgs& args) {
  auto role = ParseRole(args.role);
  if (!role) {
    std::string names;
    for (Role r : AllRoles()) names += (names.empty() ? "" : ", ") + std::string(RoleName(r));
    return Fail("--role: " + args.role + " is not a role; expected one of " + names);
  }
  auto password = ReadPassword(args.password_file);
  if (!password.ok()) return Fail(password.status());
  auto store = OpenAndMigrate(global);
  if (!store.ok()) return Fail(store.status());
  Status s = CreateUser(**store, {args.login, args.name, *role, args.scope}, *password, Actor(),
                        Clock::now());
  if (!s.ok()) return Fail(s);
  std::printf("added %s (%s, scope %s)\n", args.login.c_str(), args.role.c_str(),
              args.scope.empty() ? "everything" : args.scope.c_str());
  return 0;
}

int RunPasswd(const GlobalOptions& global, const UserArgs& args) {
  auto password = ReadPassword(args.password_file);
  if (!password.ok()) return Fail(password.status());
  auto store = OpenAndMigrate(global);
  if (!store.ok()) return Fail(store.status());
  Status s = SetPassword(**store, args.login, *password, Actor(), Clock::now());
  if (!s.ok()) return Fail(s);
  std::printf("changed the password of %s; its sessions are ended\n", args.login.c_str());
  return 0;
}

int RunDisable(const GlobalOptions& global, const UserArgs& args) {
  auto store = OpenAndMigrate(global);
  if (!store.ok()) return Fail(store.status());
  Status s = DisableUser(**store, args.login, Actor(), Clock::now());
  if (!s.ok()) return Fail(s);
  std::printf("disabled %s; its sessions are ended\n", args.login.c_str());
  return 0;
}

int RunList(const GlobalOptions& global) {
  auto store = OpenAndMigrate(global);
  if (!store.ok()) return Fail(store.status());
  auto users = ListUsers(**store);
  if (!users.ok()) return Fail(users.status());
  const std::string now = FormatUtc(Clock::now());
  std::printf("login,role,scope,status,name\n");
  for (const UserInfo& u : *users) {
    std::string status = u.disabled ? "disabled"
                         : (!u.locked_until.empty() && u.locked_until > now)
                             ? "locked until " + u.locked_until
                             : "active";
    std::printf("%s,%s,%s,%s,%s\n", u.login.c_str(), std::string(RoleName(u.role)).c_str(),
                u.scope.c_str(), status.c_str(), u.display_name.c_str());
  }
  return 0;
}

}  // namespace

void RegisterUser(CLI::App& app, const GlobalOptions& global, Action* action) {
  auto args = std::make_shared<UserArgs>();
  auto* cmd = app.add_subcommand("user", "Add, change, disable and list accounts");
  cmd->require_subcommand(1);

  auto* add = cmd->add_subcommand("add", "Add an account (password from stdin or --password-file)");
  add->add_option("login", args->login, "lowercase letters, digits, '.', '_', '-'")->required();
  add->add_option("--role", args->role,
                  "administrator, province_coordinator, commune_officer, cell_secretary, "
                  "station_officer or inspector")
      ->required();
  add->add_option("--scope", args->scope,
                  "a unit code (its subtree), a station code for station_officer, "
                  "empty for everything");
  add->add_option("--name", args->name, "the person's name, as shown on screens");
  add->add_option("--password-file", args->password_file, "read the password from this file");
  add->callback([&global, action, args] { *action = [&global, args] { return RunAdd(global, *args); }; });

  auto* passwd = cmd->add_subcommand("passwd", "Set a new password and end the account's sessions");
  passwd->add_option("login", args->login)->required();
  passwd->add_option("--password-file", args->password_file, "read the password from this file");
  passwd->callback(
      [&global, action, args] { *action = [&global, args] { return RunPasswd(global, *args); }; });

  auto* disable = cmd->add_subcommand("disable", "Disable an account and end its sessions");
  disable->add_option("login", args->login)->required();
  disable->callback(
      [&global, action, args] { *action = [&global, args] { return RunDisable(global, *args); }; });

  auto* list = cmd->add_subcommand("list", "List the accounts as CSV");
  list->callback([&global, action] { *action = [&global] { return RunList(global); }; });
}

}  // namespace cardex::cli
