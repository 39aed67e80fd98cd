// The web application behind `cardex serve`: every route of the JSON API and
// of the pages, and the one pipeline each request goes through:
//
//   route → session (401) → CSRF for state changes (403) → Authorize (403,
//   the route's permission against its target: cardex/auth/authorize.h)
//   → idempotency key (state-changing POST/PUT) → handler → metrics, log
//
// The error shape and status codes are formats.md's ("HTTP"); the API is
// described in docs/openapi.yaml.
//
// Thread safety: Handle() may be called from any number of threads at once.
// Each thread gets its own Store connection, opened on first use (and
// reopened after the database was unreachable).
#ifndef CARDEX_HTTP_APP_H_
#define CARDEX_HTTP_APP_H_

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "cardex/auth/accounts.h"
#include "cardex/selfservice/options.h"
#include "cardex/core/log_line.h"
#include "cardex/core/status.h"
#include "cardex/http/message.h"

namespace cardex::http {

struct AppOptions {
  std::string db_spec = "cardex.db";  // as --db
  // A standby for the reads that may be a little stale (the dashboards),
  // as `serve --standby-db`: a postgresql:// URL, e.g. a standby's or a
  // multi-host URL with target_session_attrs=prefer-standby. "" (and
  // always on SQLite): every read goes to db_spec. Desks, sessions and
  // every write use db_spec whatever this says (docs/ha.md).
  std::string standby_db;
  AuthOptions auth;
  // The per-address login throttle (docs/settings.md); tests shrink it.
  LoginThrottleOptions throttle;
  // The session cookie's `Secure` attribute (docs/security.md, "Sessions"):
  // kAuto marks it on a request that a trusted proxy says came over HTTPS
  // (X-Forwarded-Proto: https); kAlways and kNever are the explicit choices
  // (`serve --secure-cookies` / `--insecure-cookies`).
  enum class SecureCookies { kAuto, kAlways, kNever };
  SecureCookies secure_cookies = SecureCookies::kAuto;
  // Reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are
  // believed: IP addresses or ADDRESS/PREFIX networks (`serve
  // --trusted-proxy`). Empty: the socket's peer is the client, always.
  std::vector<std::string> trusted_proxies;
  // The card signing key file (cardex card keygen); "" uses the database's
  // own key (docs/cards.md, "The signing key").
  std::string card_key_file;
  // Signed audit checkpoints (cardex/auth/audit_checkpoint.h): with both
  // set, the server appends one to `audit_checkpoints` at start and every
  // `audit_checkpoint_every` while the head moves. The key file is loaded
  // at Create (an error then stops the server from starting).
  std::string audit_checkpoint_key;
  std::string audit_checkpoints;
  std::chrono::seconds audit_checkpoint_every{300};
  // Where the access log goes (one line per request: level, method, route
  // pattern, status, microseconds, login; no paths, queries, bodies or other
  // personal data); nullptr for none.
  FILE* log = stderr;
  // Fold the desks' steps into the progress roll-ups on a thread of the
  // server's own (every 200 ms). False only for the desk benchmark, to
  // measure what keeping them current costs (`cardex serve`'s hidden
  // --bench-no-rollups, CARDEX_BENCH_NO_ROLLUPS=1: docs/settings.md): pages
  // still fold when they read, and the first after a long run pays for all.
  bool fold_rollups = true;
  LogFormat log_format = LogFormat::kJson;
  // SQLite: how often the WAL is checkpointed in the background.
  std::chrono::milliseconds checkpoint_interval{200};
  // How often the desks' steps are folded into the progress roll-ups.
  std::chrono::milliseconds fold_interval{200};
  // A station's copy (docs/station.md): how often it pushes its outbox and
  // pulls its coming days in the background; zero: only `cardex station
  // sync`. Ignored on any other database.
  std::chrono::milliseconds station_sync_interval{30000};
  // How long a request (or a background pass) may wait on the database
  // before the server breaks the wait off and answers 503 (a frozen or
  // cut-off primary never answers; src/http/db_watchdog.h); zero: no limit.
  std::chrono::milliseconds db_deadline{10000};
  // The member's public page (docs/settings.md, "The member's page"): the
  // self-service rules, and its two throttles of sign-in attempts, one per
  // client address and one per invitation code (the failure count that
  // locks a code is in the database: cardex/selfservice/access.h).
  selfservice::SelfServiceOptions member_page;
  LoginThrottleOptions member_throttle_address{.burst = 30, .refill = std::chrono::milliseconds(2000)};
  LoginThrottleOptions member_throttle_code{.burst = 10, .refill = std::chrono::milliseconds(30000)};
  // Where the server's events go (a database outage begins or ends: one
  // line each, src/http/outage_log.h), in log_format; nullptr for none.
  FILE* event_log = stderr;
};

class App {
 public:
  // Opens a first connection, checks the schema is current and loads the
  // unit tree for scope checks.
  static Result<std::unique_ptr<App>> Create(const AppOptions& options);
  ~App();

  Response Handle(Request& request);

  // Reloads the unit tree and stations (after an import).
  Status ReloadScopes();

  // Every (method, pattern) the application serves, in registration order:
  // for tests that must walk every route.
  std::vector<std::pair<std::string, std::string>> Routes() const;

  class Impl;

 private:
  explicit App(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace cardex::http

#endif  // CARDEX_HTTP_APP_H_
