// cardex inspection / cardex follow-up: what working groups record
// (include/cardex/groups/groups.h).
//
//   cardex inspection add GROUP --unit UNIT --date YYYY-MM-DD --findings TEXT
//                         [--follow-up "TEXT|OWNER|YYYY-MM-DD"]...
//   cardex inspection list GROUP
//   cardex follow-up list [--owner LOGIN]     (open ones; all owners without --owner)
//   cardex follow-up close ID
#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <memory>

#include "cardex/auth/accounts.h"
#include "cardex/groups/groups.h"
#include "command.h"

namespace cardex::cli {
namespace {

struct InspectionArgs {
  std::string group, unit, date, findings, owner;
  std::vector<std::string> follow_ups;
  int64_t id = 0;
};

std::string Actor() {
  const char* user = std::getenv("USER");
  return std::string("cli:") + (user && *user ? user : "cardex");
}

std::string Field(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

Result<groups::FollowUp> ParseFollowUp(const std::string& spec) {
  const size_t a = spec.rfind('|');
  const size_t b = a == std::string::npos || a == 0 ? std::string::npos : spec.rfind('|', a - 1);
  if (b == std::string::npos) {
    return Status::InvalidArgument("--follow-up: expected \"TEXT|OWNER|YYYY-MM-DD\", got \"" +
                                   spec + "\"");
  }
  groups::FollowUp f;
  f.text = spec.substr(0, b);
  f.owner = spec.substr(b + 1, a - b - 1);
  f.due_on = spec.substr(a + 1);
  return f;
}

void PrintFollowUp(const groups::FollowUp& f) {
  std::printf("%lld,%lld,%s,%s,%s,%s,%s,%s,%s,%s\n", static_cast<long long>(f.id),
              static_cast<long long>(f.inspection_id), Field(f.group_code).c_str(),
              Field(f.unit_code).c_str(), Field(f.owner).c_str(), f.due_on.c_str(),
              f.status.c_str(), Field(f.closed_by).c_str(), f.closed_at.c_str(),
              Field(f.text).c_str());
}
constexpr const char* kFollowUpHeader =
    "follow_up_id,inspection_id,group_code,unit_code,owner,due_on,status,closed_by,closed_at,text\n";

int RunAdd(const GlobalOptions& global, const InspectionArgs& args) {
  groups::Inspection in;
  in.group_code = args.group;
  in.unit_code = args.unit;
  in.inspected_on = args.date;
  in.findings = args.findings;
  for (const std::string& spec : args.follow_ups) {
    auto f = ParseFollowUp(spec);
    if (!f.ok()) return Fail(f.status());
    in.follow_ups.push_back(std::move(*f));
  }
  auto store = OpenAndMigrate(global);
  if (!store.ok()) return Fail(store.status());
  auto recorded = groups::Atomically(**store, [&] {
    return groups::RecordInspection(**store, in, Actor(), FormatUtc(Clock::now()));
  });
  if (!recorded.ok()) return Fail(recorded.status());
  std::printf("recorded inspection %lld of %s (%zu follow-ups)\n",
              static_cast<long long>(recorded->id), recorded->unit_code.c_str(),
              recorded->follow_ups.size());
  return 0;
}

int RunList(const GlobalOptions& global, const InspectionArgs& args) {
  auto store = OpenAndMigrate(global);
  if (!store.ok()) return Fail(store.status());
  if (Status s = groups::GetGroup(**store, args.group).status(); !s.ok()) return Fail(s);
  auto all = groups::GroupInspections(**store, args.group);
  if (!all.ok()) return Fail(all.status());
  std::printf("inspection_id,group_code,unit_code,date,recorded_by,follow_ups_open,findings\n");
  for (const groups::Inspection& in : all->rows) {
    int open = 0;
    for (const groups::FollowUp& f : in.follow_ups) open += f.status == "open";
    std::printf("%lld,%s,%s,%s,%s,%d,%s\n", static_cast<long long>(in.id),
                Field(in.group_code).c_str(), Field(in.unit_code).c_str(), in.inspected_on.c_str(),
                Field(in.recorded_by).c_str(), open, Field(in.findings).c_str());
  }
  return 0;
}

int RunFollowUps(const GlobalOptions& global, const InspectionArgs& args) {
  auto store = OpenAndMigrate(global);
  if (!store.ok()) return Fail(store.status());
  std::printf("%s", kFollowUpHeader);
  if (!args.owner.empty()) {
    auto mine = groups::OpenFollowUpsOf(**store, args.owner);
    if (!mine.ok()) return Fail(mine.status());
    for (const groups::FollowUp& f : mine->rows) PrintFollowUp(f);
    return 0;
  }
  auto all = groups::ListGroups(**store);
  if (!all.ok()) return Fail(all.status());
  for (const groups::Group& g : *all) {
    auto ins = groups::GroupInspections(**store, g.code);
    if (!ins.ok()) return Fail(ins.status());
    for (const groups::Inspection& in : ins->rows) {
      for (const groups::FollowUp& f : in.follow_ups) {
        if (f.status == "open") PrintFollowUp(f);
      }
    }
  }
  return 0;
}

int RunClose(const GlobalOptions& global, const InspectionArgs& args) {
  auto store = OpenAndMigrate(global);
  if (!store.ok()) return Fail(store.status());
  Status s = groups::Atomically(**store, [&] {
    return groups::CloseFollowUp(**store, args.id, Actor(), FormatUtc(Clock::now()));
  });
  if (!s.ok()) return Fail(s);
  std::printf("closed follow-up %lld\n", static_cast<long long>(args.id));
  return 0;
}

}  // namespace

void RegisterInspection(CLI::App& app, const GlobalOptions& global, Action* action) {
  auto args = std::make_shared<InspectionArgs>();
  auto* cmd = app.add_subcommand("inspection", "Record and list working groups' inspections");
  cmd->require_subcommand(1);
  auto* add = cmd->add_subcommand("add", "Record an inspection and its follow-ups");
  add->add_option("group", args->group, "the working group's code")->required();
  add->add_option("--unit", args->unit, "the unit inspected (assigned to the group)")->required();
  add->add_option("--date", args->date, "the day of the visit, YYYY-MM-DD")->required();
  add->add_option("--findings", args->findings, "what the group found")->required();
  add->add_option("--follow-up", args->follow_ups,
                  "\"TEXT|OWNER|YYYY-MM-DD\": what to do, the account that owns it, by when");
  add->callback([&global, action, args] { *action = [&global, args] { return RunAdd(global, *args); }; });
  auto* list = cmd->add_subcommand("list", "List a group's inspections as CSV");
  list->add_option("group", args->group)->required();
  list->callback([&global, action, args] { *action = [&global, args] { return RunList(global, *args); }; });

  auto* follow = app.add_subcommand("follow-up", "List and close inspections' follow-ups");
  follow->require_subcommand(1);
  auto* flist = follow->add_subcommand("list", "List open follow-ups as CSV");
  flist->add_option("--owner", args->owner, "only this account's");
  flist->callback(
      [&global, action, args] { *action = [&global, args] { return RunFollowUps(global, *args); }; });
  auto* close = follow->add_subcommand("close", "Mark a follow-up done");
  close->add_option("id", args->id, "the follow-up's number")->required();
  close->callback([&global, action, args] { *action = [&global, args] { return RunClose(global, *args); }; });
}

}  // namespace cardex::cli
