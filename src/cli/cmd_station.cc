// cardex station ...: stations that keep working offline (docs/station.md).
// On the central: credential, revoke, list, issues. On a station's own
// SQLite copy: join, sync, status. The work is the station library's; this
// file parses flags and prints.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>

#include "cardex/core/dates.h"
#include "cardex/http/sync_client.h"
#include "cardex/selfservice/member_view.h"
#include "cardex/store/atomically.h"
#include "cardex/station/credentials.h"
#include "cardex/station/overview.h"
#include "cardex/station/sync.h"
#include "command.h"

namespace cardex::cli {
namespace {

struct StationArgs {
  std::string station, central, credential_file, from;
  int days = 2;
  int timeout_ms = 10000;
  bool push_only = false, pull_only = false;
  std::string actor = "cli";
  std::string address;
};

Result<std::string> ReadCredential(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::IoError(path + ": cannot read the credential");
  std::stringstream ss;
  ss << in.rdbuf();
  std::string token = ss.str();
  while (!token.empty() && (token.back() == '\n' || token.back() == '\r' || token.back() == ' ')) {
    token.pop_back();
  }
  return token;
}

station::PullWindow Window(const StationArgs& a) {
  return {a.from.empty() ? Date::Today().ToString() : a.from, a.days};
}

int RunCredential(const GlobalOptions& global, const StationArgs& a) {
  auto store = OpenAndMigrate(global);
  if (!store.ok()) return Fail(store.status());
  auto c = station::IssueCredential(**store, a.station, a.actor, UtcNowText());
  if (!c.ok()) return Fail(c.status());
  // The token goes to stdout alone, so it can be piped into a file; it is
  // shown this once (only its hash is kept).
  std::fprintf(stderr, "credential for station %s (join %s); keep it secret, it is not shown again\n",
               c->station_code.c_str(), c->join_id.c_str());
  std::printf("%s\n", c->token.c_str());
  return 0;
}

// Where the station is, for the member's page and its .ics (issue 21).
int RunAddress(const GlobalOptions& global, const StationArgs& a) {
  auto store = OpenAndMigrate(global);
  if (!store.ok()) return Fail(store.status());
  Status s = Atomically(**store, [&] {
    return selfservice::SetStationAddress(**store, a.station, a.address, a.actor, UtcNowText());
  });
  if (!s.ok()) return Fail(s);
  std::printf("station %s: address %s\n", a.station.c_str(), a.address.empty() ? "removed" : "recorded");
  return 0;
}

int RunRevoke(const GlobalOptions& global, const StationArgs& a) {
  auto store = OpenAndMigrate(global);
  if (!store.ok()) return Fail(store.status());
  auto n = station::RevokeStation(**store, a.station, a.actor, UtcNowText());
  if (!n.ok()) return Fail(n.status());
  std::printf("station %s: %lld credential(s) revoked\n", a.station.c_str(), static_cast<long long>(*n));
  return 0;
}

int RunList(const GlobalOptions& global) {
  auto store = OpenAndMigrate(global);
  if (!store.ok()) return Fail(store.status());
  auto rows = station::ListStationSyncs(**store);
  if (!rows.ok()) return Fail(rows.status());
  std::printf("station\tjoin\tlast_push\tlast_pull\tacked\toutbox\tconflicts\theld\trevoked\n");
  for (const auto& r : *rows) {
    std::printf("%s\t%s\t%s\t%s\t%lld\t%lld\t%lld\t%lld\t%s\n", r.station_code.c_str(), r.join_id.c_str(),
                r.last_push_at.empty() ? "-" : r.last_push_at.c_str(),
                r.last_pull_at.empty() ? "-" : r.last_pull_at.c_str(), static_cast<long long>(r.acked_seq),
                static_cast<long long>(r.outbox_depth), static_cast<long long>(r.conflicts),
                static_cast<long long>(r.held), r.revoked_at.empty() ? "-" : r.revoked_at.c_str());
  }
  return 0;
}

int RunIssues(const GlobalOptions& global, const StationArgs& a) {
  auto store = OpenAndMigrate(global);
  if (!store.ok()) return Fail(store.status());
  auto rows = station::ListSyncIssues(**store, a.station);
  if (!rows.ok()) return Fail(rows.status());
  for (const auto& r : *rows) {
    std::printf("%s #%lld %s %s %s by %s at %s: %s\n  what to do: %s\n", r.station_code.c_str(),
                static_cast<long long>(r.seq), r.outcome.c_str(), r.member_no.c_str(), r.step.c_str(),
                r.actor.c_str(), r.at.c_str(), r.reason.c_str(), station::WhatToDo(r.outcome, false).c_str());
  }
  std::printf("%zu issue(s)\n", rows->size());
  return 0;
}

Result<std::unique_ptr<http::SyncClient>> Client(const std::string& url, const std::string& token,
                                                 const StationArgs& a) {
  return http::SyncClient::Create(url, token, std::chrono::milliseconds(a.timeout_ms));
}

void PrintPull(const station::PullReport& p) {
  std::printf("pulled station %s: %lld members (%lld kept as the station has them), %lld accounts, "
              "%lld purged\n",
              p.station_code.c_str(), static_cast<long long>(p.members),
              static_cast<long long>(p.kept_local), static_cast<long long>(p.users),
              static_cast<long long>(p.purged));
}

int RunJoin(const GlobalOptions& global, const StationArgs& a) {
  auto token = ReadCredential(a.credential_file);
  if (!token.ok()) return Fail(token.status());
  auto client = Client(a.central, *token, a);
  if (!client.ok()) return Fail(client.status());
  auto store = OpenAndMigrate(global);
  if (!store.ok()) return Fail(store.status());
  if ((*store)->backend() != "sqlite") return Fail("a station's copy is a SQLite file");
  auto p = station::Join(**store, **client, a.central, *token, Window(a), UtcNowText());
  if (!p.ok()) return Fail(p.status());
  PrintPull(*p);
  return 0;
}

int RunSync(const GlobalOptions& global, const StationArgs& a) {
  auto store = OpenAndMigrate(global);
  if (!store.ok()) return Fail(store.status());
  auto self = station::LoadSelf(**store);
  if (!self.ok()) return Fail(self.status());
  auto client = Client(self->central_url, self->token, a);
  if (!client.ok()) return Fail(client.status());
  if (!a.pull_only) {
    auto r = station::Push(**store, **client, UtcNowText());
    if (!r.ok()) return Fail(r.status());
    std::printf("pushed %lld steps: %lld accepted, %lld held, %lld conflicts, %lld photos; acked up to %lld\n",
                static_cast<long long>(r->sent), static_cast<long long>(r->accepted),
                static_cast<long long>(r->held), static_cast<long long>(r->conflicts),
                static_cast<long long>(r->photos), static_cast<long long>(r->acked_seq));
  }
  if (!a.push_only) {
    auto p = station::Pull(**store, **client, Window(a), UtcNowText());
    if (!p.ok()) return Fail(p.status());
    PrintPull(*p);
  }
  return 0;
}

int RunStatus(const GlobalOptions& global) {
  auto store = OpenAndMigrate(global);
  if (!store.ok()) return Fail(store.status());
  auto self = station::LoadSelf(**store);
  if (!self.ok()) return Fail(self.status());
  auto c = station::CountOutbox(**store);
  if (!c.ok()) return Fail(c.status());
  std::printf("station %s (join %s), central %s\nwindow %s – %s, last pull %s, last push %s, acked %lld\n"
              "outbox: %lld pending, %lld accepted, %lld held, %lld conflicts\n",
              self->station_code.c_str(), self->join_id.c_str(), self->central_url.c_str(),
              self->window_from.c_str(), self->window_to.c_str(),
              self->last_pull_at.empty() ? "-" : self->last_pull_at.c_str(),
              self->last_push_at.empty() ? "-" : self->last_push_at.c_str(),
              static_cast<long long>(self->acked_seq), static_cast<long long>(c->pending),
              static_cast<long long>(c->accepted), static_cast<long long>(c->held),
              static_cast<long long>(c->conflicts));
  auto issues = station::ListOutboxIssues(**store);
  if (!issues.ok()) return Fail(issues.status());
  for (const auto& e : *issues) {
    if (e.outcome == "pending") continue;
    std::printf("#%lld %s %s %s by %s at %s: %s\n", static_cast<long long>(e.seq), e.outcome.c_str(),
                e.member_no.c_str(), e.step.c_str(), e.actor.c_str(), e.at.c_str(), e.outcome_reason.c_str());
  }
  return 0;
}

}  // namespace

void RegisterStation(CLI::App& app, const GlobalOptions& global, Action* action) {
  auto a = std::make_shared<StationArgs>();
  auto* cmd = app.add_subcommand("station", "Stations that keep working offline (docs/station.md)");
  cmd->require_subcommand(1);
  auto* cred = cmd->add_subcommand("credential", "Central: issue a station's sync credential (printed once)");
  cred->add_option("station", a->station, "the station's code")->required();
  cred->callback([&global, action, a] { *action = [&global, a] { return RunCredential(global, *a); }; });
  auto* revoke = cmd->add_subcommand("revoke", "Central: revoke every sync credential of a station");
  revoke->add_option("station", a->station, "the station's code")->required();
  revoke->callback([&global, action, a] { *action = [&global, a] { return RunRevoke(global, *a); }; });
  auto* address = cmd->add_subcommand("address", "Where a station is, shown on the member's page (\"\" removes it)");
  address->add_option("station", a->station, "the station's code")->required();
  address->add_option("address", a->address, "the address, as members should read it")->required();
  address->callback([&global, action, a] { *action = [&global, a] { return RunAddress(global, *a); }; });
  auto* list = cmd->add_subcommand("list", "Central: each station's last sync, outbox depth and issues");
  list->callback([&global, action] { *action = [&global] { return RunList(global); }; });
  auto* issues = cmd->add_subcommand("issues", "Central: steps held or in conflict, with what to do");
  issues->add_option("station", a->station, "only this station's");
  issues->callback([&global, action, a] { *action = [&global, a] { return RunIssues(global, *a); }; });

  auto window = [a](CLI::App* sub) {
    sub->add_option("--from", a->from, "first local day of the copy (YYYY-MM-DD; default today)");
    sub->add_option("--days", a->days, "days the copy holds (1-14)")->check(CLI::Range(1, 14));
    sub->add_option("--timeout-ms", a->timeout_ms, "give up on the central after this long")
        ->check(CLI::Range(100, 600000));
  };
  auto* join = cmd->add_subcommand("join", "Station: make --db this station's copy and pull it");
  join->add_option("--central", a->central, "the central server, http://HOST:PORT")->required();
  join->add_option("--credential-file", a->credential_file, "the file holding the credential")->required();
  window(join);
  join->callback([&global, action, a] { *action = [&global, a] { return RunJoin(global, *a); }; });
  auto* sync = cmd->add_subcommand("sync", "Station: push the outbox, then pull the coming days");
  window(sync);
  sync->add_flag("--push-only", a->push_only, "push, do not pull");
  sync->add_flag("--pull-only", a->pull_only, "pull, do not push");
  sync->callback([&global, action, a] { *action = [&global, a] { return RunSync(global, *a); }; });
  auto* status = cmd->add_subcommand("status", "Station: the copy's last sync, outbox and refused steps");
  status->callback([&global, action] { *action = [&global] { return RunStatus(global); }; });
}

}  // namespace cardex::cli
