// cardex group: working groups (include/cardex/groups/groups.h).
//
//   cardex group add CODE --name TEXT --unit UNIT [--leader TEXT]
//   cardex group assign CODE UNIT...
//   cardex group member CODE LOGIN...
//   cardex group list
//
// Every change is one transaction with its audit entry; the actor is
// "cli:$USER", as for `cardex user`.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <memory>

#include "cardex/auth/accounts.h"
#include "cardex/groups/groups.h"
#include "command.h"

namespace cardex::cli {
namespace {

struct GroupArgs {
  std::string code, name, leader, unit;
  std::vector<std::string> items;  // units or logins
};

std::string Actor() {
  const char* user = std::getenv("USER");
  return std::string("cli:") + (user && *user ? user : "cardex");
}

// A CSV field (RFC 4180 quoting when needed).
std::string Field(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string Joined(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : " ") + s;
  return out;
}

int RunAdd(const GlobalOptions& global, const GroupArgs& args) {
  auto store = OpenAndMigrate(global);
  if (!store.ok()) return Fail(store.status());
  groups::Group g{args.code, args.name, args.leader, args.unit, {}, {}};
  Status s = groups::Atomically(**store, [&] {
    return groups::DefineGroup(**store, g, Actor(), FormatUtc(Clock::now()));
  });
  if (!s.ok()) return Fail(s);
  std::printf("added working group %s (unit %s)\n", args.code.c_str(), args.unit.c_str());
  return 0;
}

// Assigns units or adds members, all or none.
int RunEach(const GlobalOptions& global, const GroupArgs& args, bool units) {
  auto store = OpenAndMigrate(global);
  if (!store.ok()) return Fail(store.status());
  const std::string at = FormatUtc(Clock::now());
  Status s = groups::Atomically(**store, [&]() -> Status {
    for (const std::string& item : args.items) {
      CARDEX_RETURN_IF_ERROR(units ? groups::AssignUnit(**store, args.code, item, Actor(), at)
                                   : groups::AddMember(**store, args.code, item, Actor(), at));
    }
    return Status::Ok();
  });
  if (!s.ok()) return Fail(s);
  std::printf("working group %s: %zu %s\n", args.code.c_str(), args.items.size(),
              units ? "units assigned" : "members added");
  return 0;
}

int RunList(const GlobalOptions& global) {
  auto store = OpenAndMigrate(global);
  if (!store.ok()) return Fail(store.status());
  auto all = groups::ListGroups(**store);
  if (!all.ok()) return Fail(all.status());
  std::printf("group_code,name,leader,unit_code,units,members\n");
  for (const groups::Group& g : *all) {
    std::printf("%s,%s,%s,%s,%s,%s\n", Field(g.code).c_str(), Field(g.name).c_str(),
                Field(g.leader).c_str(), Field(g.unit_code).c_str(), Field(Joined(g.units)).c_str(),
                Field(Joined(g.members)).c_str());
  }
  return 0;
}

}  // namespace

void RegisterGroup(CLI::App& app, const GlobalOptions& global, Action* action) {
  auto args = std::make_shared<GroupArgs>();
  auto* cmd = app.add_subcommand("group", "Define working groups, assign units and members");
  cmd->require_subcommand(1);

  auto* add = cmd->add_subcommand("add", "Define a working group");
  add->add_option("code", args->code, "1-32 of [A-Za-z0-9._-]")->required();
  add->add_option("--name", args->name, "the group's name")->required();
  add->add_option("--unit", args->unit, "the unit whose subtree the group works in")->required();
  add->add_option("--leader", args->leader, "the leader's name");
  add->callback([&global, action, args] { *action = [&global, args] { return RunAdd(global, *args); }; });

  auto* assign = cmd->add_subcommand("assign", "Assign units to a working group");
  assign->add_option("code", args->code)->required();
  assign->add_option("units", args->items, "unit codes inside the group's unit")->required();
  assign->callback([&global, action, args] {
    *action = [&global, args] { return RunEach(global, *args, /*units=*/true); };
  });

  auto* member = cmd->add_subcommand("member", "Add accounts to a working group");
  member->add_option("code", args->code)->required();
  member->add_option("logins", args->items, "account logins")->required();
  member->callback([&global, action, args] {
    *action = [&global, args] { return RunEach(global, *args, /*units=*/false); };
  });

  auto* list = cmd->add_subcommand("list", "List the working groups as CSV");
  list->callback([&global, action] { *action = [&global] { return RunList(global); }; });
}

}  // namespace cardex::cli
