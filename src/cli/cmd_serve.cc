// cardex serve: the web application and its HTTP API (formats.md "HTTP").
#include <CLI/CLI.hpp>
#include <cstdio>

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
  cmd.add_flag("--quiet", o->quiet, "no access log on stderr");
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
}

int Serve(const GlobalOptions& global, ServeOptions o, const std::function<void(uint16_t)>& ready) {
  o.app.db_spec = global.db;
  o.app.audit_checkpoint_every = std::chrono::seconds(o.audit_checkpoint_seconds);
  if (o.quiet) o.app.log = nullptr;
  auto app = http::App::Create(o.app);
  if (!app.ok()) return Fail(app.status());
  http::App* handler_app = app->get();
  auto server = http::Server::Listen(
      o.server, [handler_app](http::Request& r) { return handler_app->Handle(r); });
  if (!server.ok()) return Fail(server.status());
  if (ready) ready((*server)->port());
  std::fprintf(stderr, "cardex: serving %s on http://%s:%u/ (%d threads); Ctrl-C stops\n",
               global.db.c_str(), o.server.host.c_str(), (*server)->port(), o.server.threads);
  (*server)->RunUntilSignal();
  std::fprintf(stderr, "cardex: stopped\n");
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
