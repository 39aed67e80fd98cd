// cardex serve: the web application and its HTTP API (formats.md "HTTP").
#include <CLI/CLI.hpp>
#include <cstdio>

#include "cardex/core/log_line.h"
#include "cardex/auth/accounts.h"
#include "cardex/http/app.h"
#include "cardex/http/server.h"
#include "command.h"
#include "serve_options.h"

namespace cardex::cli {

void AddServeOptions(CLI::App& cmd, ServeOptions* o) {
  cmd.add_option("--port", o->server.port, "TCP port (0: any free port)")->capture_default_str();
  cmd.add_option("--host", o->server.host, "address to listen on")->capture_default_str();
  cmd.add_option("--threads", o->server.threads, "threads serving requests")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  cmd.add_flag_function(
      "--secure-cookies",
      [o](int64_t) { o->app.secure_cookies = http::AppOptions::SecureCookies::kAlways; },
      "always mark the session cookie Secure (default: when a --trusted-proxy says HTTPS)");
  cmd.add_flag_function(
      "--insecure-cookies",
      [o](int64_t) { o->app.secure_cookies = http::AppOptions::SecureCookies::kNever; },
      "never mark the session cookie Secure (plain HTTP on a closed network)");
  cmd.add_option("--trusted-proxy", o->app.trusted_proxies,
                 "a reverse proxy (IP or ADDRESS/PREFIX; repeatable) whose X-Forwarded-For and "
                 "X-Forwarded-Proto are believed");
  cmd.add_flag("--quiet", o->quiet, "no access log on stderr (database outages are still logged)");
  cmd.add_option_function<double>(
         "--db-timeout",
         [o](double seconds) {
           o->app.db_deadline = std::chrono::milliseconds(static_cast<int64_t>(seconds * 1000));
         },
         "seconds a request may wait on the database before it is broken off with 503 (0: no "
         "limit); default 10")
      ->check(CLI::Range(0.0, 3600.0));
  cmd.add_option("--standby-db", o->app.standby_db,
                 "PostgreSQL URL of a standby for the dashboards' reads, which may then be a little "
                 "stale (shown on the page); desks and writes always use --db (docs/ha.md)")
      ->envname("CARDEX_STANDBY_DB");
  cmd.add_option("--log-format", o->log_format, "log lines on stderr: json or logfmt")
      ->check(CLI::IsMember({"json", "logfmt"}))
      ->capture_default_str();
  // Limits and timeouts (docs/settings.md, "Server"). A proxy in front must
  // allow the same body size (docs/operations.md, nginx's client_max_body_size).
  cmd.add_option("--body-limit", o->server.body_limit, "largest request body in bytes (413 beyond)")
      ->check(CLI::Range(size_t{1024}, size_t{1} << 30))
      ->capture_default_str();
  cmd.add_option("--header-limit", o->server.header_limit, "largest request head in bytes (431 beyond)")
      ->check(CLI::Range(size_t{1024}, size_t{1} << 20))
      ->capture_default_str();
  cmd.add_option("--request-timeout", o->request_timeout_s,
                 "seconds a begun request has to arrive whole")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  cmd.add_option("--idle-timeout", o->idle_timeout_s, "seconds before an idle keep-alive connection closes")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  cmd.add_option("--drain-timeout", o->drain_timeout_s,
                 "seconds requests in flight may take to finish after SIGTERM")
      ->check(CLI::Range(0, 3600))
      ->capture_default_str();
  cmd.add_option("--checkpoint-interval", o->checkpoint_ms,
                 "SQLite: milliseconds between background WAL checkpoints")
      ->check(CLI::Range(10, 600000))
      ->capture_default_str();
  cmd.add_option("--fold-interval", o->fold_ms,
                 "milliseconds between folds of the desks' steps into the progress roll-ups")
      ->check(CLI::Range(10, 600000))
      ->capture_default_str();
  cmd.add_option("--station-sync-interval", o->station_sync_s,
                 "a station's copy: seconds between background syncs with the central (0: off)")
      ->check(CLI::Range(0, 86400))
      ->capture_default_str();
  // Accounts (docs/security.md says why these values).
  cmd.add_option("--min-password-length", o->app.auth.min_password_length,
                 "characters a new password needs at least")
      ->check(CLI::Range(size_t{8}, size_t{1024}))
      ->capture_default_str();
  cmd.add_option("--max-failed-logins", o->app.auth.max_failed_logins,
                 "consecutive failed logins that lock an account")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  cmd.add_option("--lockout", o->lockout_s, "seconds a locked account stays locked")
      ->check(CLI::Range(1, 7 * 86400))
      ->capture_default_str();
  cmd.add_option("--session-idle", o->session_idle_s, "seconds of disuse that end a session")
      ->check(CLI::Range(60, 30 * 86400))
      ->capture_default_str();
  // The member's public page (docs/settings.md, "The member's page").
  cmd.add_option("--member-max-moves", o->app.member_page.max_moves,
                 "appointments a member may move themselves on the member's page")
      ->check(CLI::Range(0, 20))
      ->capture_default_str();
  cmd.add_option("--member-move-notice", o->app.member_page.min_hours_before,
                 "hours before an appointment after which the member may no longer move it")
      ->check(CLI::Range(0, 24 * 14))
      ->capture_default_str();
  cmd.add_option("--member-max-wrong-birth-dates", o->app.member_page.max_wrong_birth_dates,
                 "wrong birth dates that lock a member's page until the cell secretary unlocks it")
      ->check(CLI::Range(1, 100))
      ->capture_default_str();
  cmd.add_option("--member-pass-minutes", o->app.member_page.pass_minutes,
                 "minutes a member stays signed in on the member's page")
      ->check(CLI::Range(1, 240))
      ->capture_default_str();
  cmd.add_option("--signing-key", o->app.card_key_file,
                 "card signing key file (cardex card keygen); default: the database's own key")
      ->envname("CARDEX_CARD_SIGNING_KEY");
  cmd.add_option("--audit-checkpoint-key", o->app.audit_checkpoint_key,
                 "audit checkpoint key file (cardex audit keygen); never in the database")
      ->envname("CARDEX_AUDIT_CHECKPOINT_KEY");
  cmd.add_option("--audit-checkpoints", o->app.audit_checkpoints,
                 "append a signed checkpoint of the audit chain's head to this file, at start "
                 "and every --audit-checkpoint-every while it moves");
  cmd.add_option("--audit-checkpoint-every", o->audit_checkpoint_seconds,
                 "seconds between audit checkpoints")
      ->check(CLI::Range(1, 86400))
      ->capture_default_str();
  // For the desk benchmark only (docs/settings.md); hidden from --help.
  cmd.add_flag("--bench-no-rollups", o->bench_no_rollups,
               "benchmark only: do not fold steps into the progress roll-ups")
      ->envname("CARDEX_BENCH_NO_ROLLUPS")
      ->group("");
}

// The database as the log may show it: a password in a URL or a conninfo
// string is replaced (secrets belong in --db-password-file, but may be there).
std::string RedactDbSpec(const std::string& spec) {
  std::string out = spec;
  size_t scheme = out.find("://");
  size_t at = out.find('@');
  if (scheme != std::string::npos && at != std::string::npos && at > scheme) {
    size_t colon = out.find(':', scheme + 3);
    if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
  }
  for (size_t p = out.find("password="); p != std::string::npos; p = out.find("password=", p + 1)) {
    size_t end = out.find_first_of(" &", p);
    out.replace(p + 9, (end == std::string::npos ? out.size() : end) - p - 9, "***");
  }
  return out;
}

int Serve(const GlobalOptions& global, ServeOptions o, const std::function<void(uint16_t)>& ready) {
  o.app.db_spec = global.db;
  o.app.audit_checkpoint_every = std::chrono::seconds(o.audit_checkpoint_seconds);
  if (o.quiet) o.app.log = nullptr;
  o.app.fold_rollups = !o.bench_no_rollups;
  const LogFormat format = ParseLogFormat(o.log_format).value_or(LogFormat::kJson);
  o.app.log_format = format;
  o.server.request_timeout = std::chrono::seconds(o.request_timeout_s);
  o.server.idle_timeout = std::chrono::seconds(o.idle_timeout_s);
  o.server.drain_timeout = std::chrono::seconds(o.drain_timeout_s);
  o.app.auth.lockout = std::chrono::seconds(o.lockout_s);
  o.app.auth.session_idle = std::chrono::seconds(o.session_idle_s);
  o.app.checkpoint_interval = std::chrono::milliseconds(o.checkpoint_ms);
  o.app.fold_interval = std::chrono::milliseconds(o.fold_ms);
  o.app.station_sync_interval = std::chrono::seconds(o.station_sync_s);
  auto event = [format](LogLevel level, std::string_view name) {
    return LogLine(format, FormatUtc(Clock::now()), level, name);
  };
  auto emit = [](const LogLine& line) {
    std::string text = line.Finish();
    std::fwrite(text.data(), 1, text.size(), stderr);
    std::fflush(stderr);
  };
  auto app = http::App::Create(o.app);
  if (!app.ok()) {
    emit(event(LogLevel::kError, "start_failed").Add("error", app.status().message()));
    return 1;
  }
  http::App* handler_app = app->get();
  auto server = http::Server::Listen(
      o.server, [handler_app](http::Request& r) { return handler_app->Handle(r); });
  if (!server.ok()) {
    emit(event(LogLevel::kError, "start_failed").Add("error", server.status().message()));
    return 1;
  }
  if (ready) ready((*server)->port());
  LogLine serving = event(LogLevel::kInfo, "serving");
  serving.Add("db", RedactDbSpec(global.db));
  if (!o.app.standby_db.empty()) serving.Add("standby_db", RedactDbSpec(o.app.standby_db));
  emit(serving
           .Add("url", "http://" + o.server.host + ":" + std::to_string((*server)->port()) + "/")
           .Add("threads", static_cast<int64_t>(o.server.threads)));
  (*server)->RunUntilSignal();
  emit(event(LogLevel::kInfo, "stopped"));
  return 0;
}

void RegisterServe(CLI::App& app, const GlobalOptions& global, Action* action) {
  auto* cmd = app.add_subcommand("serve", "Serve the web application and its HTTP API");
  static ServeOptions serve_options;  // outlives the parse and the action
  auto* o = &serve_options;
  AddServeOptions(*cmd, o);
  cmd->callback([&global, action, o] { *action = [&global, o] { return Serve(global, *o, nullptr); }; });
}

}  // namespace cardex::cli
