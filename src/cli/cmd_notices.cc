// cardex notices prepare [--unit CODE] [--now TIME]
// cardex notices send --gateway-url URL [--token-file FILE] [--quiet-hours HH:MM-HH:MM]
//                     [--max-attempts N] [--backoff-ms MS] [--max-backoff-ms MS] [--deadline-ms MS]
// cardex notices export FILE.csv [--quiet-hours ...]
// cardex notices import-reports FILE.csv
// The notices due to members (docs/notices.md): prepared once each from the
// appointments, then sent to the operator's SMS gateway over HTTP, or
// written to a batch file for it with its delivery reports imported back.
// Prints counts only: phones and texts are personal data.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>
#include <memory>

#include "cardex/notices/batch_file.h"
#include "cardex/notices/notices.h"
#include "cardex/notices/sender.h"
#include "command.h"

namespace cardex::cli {
namespace {

struct NoticesArgs {
  std::string unit, now, quiet_hours = "21:00-07:00";
  std::string gateway_url, token_file, cert, key, ca, path = "/messages";
  int max_attempts = 5;
  int64_t backoff_ms = 1000, max_backoff_ms = 60000, deadline_ms = 10000;
  std::string file;
};

int RunPrepare(const GlobalOptions& global, const NoticesArgs& args) {
  auto store = OpenAndMigrate(global);
  if (!store.ok()) return Fail(store.status());
  notices::PrepareOptions o;
  o.now = args.now;
  o.unit_code = args.unit;
  auto report = notices::PrepareNotices(**store, o);
  if (!report.ok()) return Fail(report.status());
  auto n = [&](notices::NoticeKind k) {
    auto it = report->prepared.find(k);
    return static_cast<long long>(it == report->prepared.end() ? 0 : it->second);
  };
  std::printf("prepared %lld notices: %lld invitations, %lld reminders, %lld moved, %lld catch-up\n",
              static_cast<long long>(report->Total()), n(notices::NoticeKind::kInvitation),
              n(notices::NoticeKind::kReminder), n(notices::NoticeKind::kMoved),
              n(notices::NoticeKind::kCatchUp));
  if (report->no_phone > 0) {
    std::printf("%lld members due a notice have no mobile number: their cell secretaries see them "
                "on the cell's page\n",
                static_cast<long long>(report->no_phone));
  }
  return 0;
}

int RunSend(const GlobalOptions& global, const NoticesArgs& args) {
  auto quiet = notices::QuietHours::Parse(args.quiet_hours);
  if (!quiet.ok()) return Fail(quiet.status());
  auto store = OpenAndMigrate(global);
  if (!store.ok()) return Fail(store.status());
  registry::EndpointOptions endpoint;
  endpoint.base_url = args.gateway_url;
  endpoint.client_cert_file = args.cert;
  endpoint.client_key_file = args.key;
  endpoint.ca_file = args.ca;
  if (!args.token_file.empty()) {
    std::ifstream in(args.token_file);
    if (!in) return Fail("gateway token file " + args.token_file + ": cannot be read");
    in >> endpoint.bearer_token;
  }
  auto gateway = registry::MakeHttpEndpoint(endpoint);
  if (!gateway.ok()) return Fail(gateway.status());
  notices::SendOptions o;
  o.quiet = *quiet;
  o.max_attempts = args.max_attempts;
  o.initial_backoff = std::chrono::milliseconds(args.backoff_ms);
  o.max_backoff = std::chrono::milliseconds(args.max_backoff_ms);
  o.deadline = std::chrono::milliseconds(args.deadline_ms);
  o.path = args.path;
  if (!args.now.empty()) {
    auto now = notices::ParseUtc(args.now);
    if (!now.ok()) return Fail(now.status());
    o.now = [t = *now] { return t; };
  }
  auto r = notices::SendNotices(**store, **gateway, o);
  if (!r.ok()) return Fail(r.status());
  if (r->quiet) {
    std::printf("quiet hours (%s, Vietnam time): nothing sent; sending may resume at %s (UTC)\n",
                quiet->ToString().c_str(), r->next_allowed.c_str());
    return 0;
  }
  std::printf("sent %lld notices (%lld the gateway already had), %lld refused by the gateway, "
              "%lld retries; %lld superseded, %lld expired before sending\n",
              static_cast<long long>(r->sent + r->duplicates), static_cast<long long>(r->duplicates),
              static_cast<long long>(r->refused), static_cast<long long>(r->retries),
              static_cast<long long>(r->superseded), static_cast<long long>(r->expired));
  if (r->left_pending > 0) {
    std::printf("%lld notices left pending (%s): run send again later\n",
                static_cast<long long>(r->left_pending),
                r->next_allowed.empty() ? "the gateway did not take them" : "quiet hours began");
    return r->next_allowed.empty() ? 3 : 0;
  }
  return 0;
}

int RunExport(const GlobalOptions& global, const NoticesArgs& args) {
  auto quiet = notices::QuietHours::Parse(args.quiet_hours);
  if (!quiet.ok()) return Fail(quiet.status());
  auto store = OpenAndMigrate(global);
  if (!store.ok()) return Fail(store.status());
  notices::ExportOptions o;
  o.quiet = *quiet;
  o.now = args.now;
  auto r = notices::ExportBatch(**store, args.file, o);
  if (!r.ok()) return Fail(r.status());
  if (r->quiet) {
    std::printf("quiet hours (%s, Vietnam time): no batch written; export again after %s (UTC)\n",
                quiet->ToString().c_str(), r->next_allowed.c_str());
    return 0;
  }
  if (r->exported == 0) {
    std::printf("no notice pending: no batch written\n");
    return 0;
  }
  std::printf("wrote %lld notices to %s (%lld superseded, %lld expired before export)\n",
              static_cast<long long>(r->exported), args.file.c_str(),
              static_cast<long long>(r->superseded), static_cast<long long>(r->expired));
  return 0;
}

int RunImportReports(const GlobalOptions& global, const NoticesArgs& args) {
  auto store = OpenAndMigrate(global);
  if (!store.ok()) return Fail(store.status());
  auto r = notices::ImportReports(**store, args.file);
  if (!r.ok()) return Fail(r.status());
  std::printf("imported delivery reports: %lld delivered, %lld failed, %lld already known\n",
              static_cast<long long>(r->delivered), static_cast<long long>(r->failed),
              static_cast<long long>(r->unchanged));
  return 0;
}

}  // namespace

void RegisterNotices(CLI::App& app, const GlobalOptions& global, Action* action) {
  auto* cmd = app.add_subcommand("notices", "Notices to members: prepare, send, export, import reports");
  cmd->require_subcommand(1);
  auto args = std::make_shared<NoticesArgs>();
  auto add_now = [&](CLI::App* sub) {
    sub->add_option("--now", args->now, "act as if it were this UTC time (YYYY-MM-DDTHH:MM:SSZ)");
  };
  auto add_quiet = [&](CLI::App* sub) {
    sub->add_option("--quiet-hours", args->quiet_hours,
                    "local (Vietnam) hours when nothing is sent, HH:MM-HH:MM (00:00-00:00: none)");
  };

  auto* prepare = cmd->add_subcommand("prepare", "Prepare every notice due now, once each");
  prepare->add_option("--unit", args->unit, "only this unit's subtree");
  add_now(prepare);
  prepare->callback([&global, action, args] {
    *action = [&global, args] { return RunPrepare(global, *args); };
  });

  auto* send = cmd->add_subcommand("send", "Send the pending notices to the SMS gateway over HTTP");
  send->add_option("--gateway-url", args->gateway_url, "the gateway (http[s]://host[:port][/prefix])")
      ->required();
  send->add_option("--path", args->path, "appended to the URL for each message");
  send->add_option("--token-file", args->token_file, "a file holding the gateway's bearer token")
      ->check(CLI::ExistingFile);
  send->add_option("--cert", args->cert, "client certificate (PEM) for mutual TLS");
  send->add_option("--key", args->key, "its private key (PEM)");
  send->add_option("--ca", args->ca, "the CA the gateway's certificate must chain to");
  send->add_option("--max-attempts", args->max_attempts, "tries per notice in one run")
      ->check(CLI::Range(1, 20));
  send->add_option("--backoff-ms", args->backoff_ms, "wait before the second try, doubled each time")
      ->check(CLI::Range(int64_t{0}, int64_t{600000}));
  send->add_option("--max-backoff-ms", args->max_backoff_ms, "the longest wait between tries")
      ->check(CLI::Range(int64_t{0}, int64_t{3600000}));
  send->add_option("--deadline-ms", args->deadline_ms, "one try's deadline")
      ->check(CLI::Range(int64_t{100}, int64_t{600000}));
  add_quiet(send);
  add_now(send);
  send->callback([&global, action, args] {
    *action = [&global, args] { return RunSend(global, *args); };
  });

  auto* exp = cmd->add_subcommand("export", "Write the pending notices to a batch file for the gateway");
  exp->add_option("file", args->file, "the batch (CSV)")->required();
  add_quiet(exp);
  add_now(exp);
  exp->callback([&global, action, args] {
    *action = [&global, args] { return RunExport(global, *args); };
  });

  auto* import = cmd->add_subcommand("import-reports", "Import the gateway's delivery reports (all or nothing)");
  import->add_option("file", args->file, "the reports (CSV)")->required()->check(CLI::ExistingFile);
  import->callback([&global, action, args] {
    *action = [&global, args] { return RunImportReports(global, *args); };
  });
}

}  // namespace cardex::cli
