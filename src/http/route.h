// Internal: what a route declares and what its handler gets.
#ifndef CARDEX_SRC_HTTP_ROUTE_H_
#define CARDEX_SRC_HTTP_ROUTE_H_

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "cardex/auth/accounts.h"
#include "cardex/auth/authorize.h"
#include "cardex/auth/sessions.h"
#include "cardex/cards/signing_key.h"
#include "cardex/http/message.h"
#include "cardex/http/router.h"
#include "cardex/store/store.h"

namespace cardex::http {

class Metrics;
class StaleReads;
class MemberPageServices;

// Where the pipeline finds the target Authorize checks.
enum class TargetFrom {
  kNone,       // Target{}: only scope "" passes (administration)
  kAnyScope,   // no target: any role holding the permission, scope not checked
  kMember,     // path {member_no} → the member's cell (404 when unknown)
  kStation,    // path {station} → that station
  kUnit,       // path {unit} → that unit
  kQueryUnit,  // ?unit=CODE, or the caller's own scope when absent
  // ?station=CODE; when absent, a station officer's own station, and for
  // everyone else their scope unit (the page then offers its stations).
  kQueryStation,
  kBatch,      // path {batch_id} → the batch's commune (404 when unknown)
  kGroup,      // path {group} → that working group and its unit (404 when unknown)
  kFollowUp,   // path {follow_up_id} → its working group and the group's unit (404)
};

struct Context {
  Request& request;
  PathParams params;
  Store& store;
  const ScopeResolver& scopes;
  std::optional<SessionInfo> session;  // set for routes that need one
  Target target;                       // as the pipeline resolved it
  Metrics& metrics;
  const AuthOptions& auth;
  LoginThrottle& throttle;
  bool secure_cookies = false;
  // The SHA-256 of the request body (hex), set for idempotent routes: the
  // photo upload stores it rather than hash 30 KB again.
  std::string body_sha256;
  // The key that signs card payloads, loaded once per process.
  std::function<Result<cards::SigningKey>()> signing_key;
  // Where reads that may be a little stale go (the dashboards: a standby
  // when one is configured; stale_reads.h). Set by the pipeline for every
  // request; null only where a handler runs outside it.
  StaleReads* stale_reads = nullptr;
  // The member's public page's settings, throttles and pass key
  // (member_page.h); set by the pipeline for every request.
  MemberPageServices* member_page = nullptr;

  const Principal& who() const { return session->principal; }
  const std::string& Param(const std::string& name) const { return params.at(name); }
};

using HandlerFn = std::function<Response(Context&)>;

struct Route {
  std::string name;  // the pattern, for metrics and logs
  bool needs_session = true;
  std::optional<Permission> permission;  // checked when set
  TargetFrom target = TargetFrom::kNone;
  // Changes state: the session's CSRF token must come in X-CSRF-Token.
  bool csrf = false;
  // Also needs an Idempotency-Key header: the handler runs in a transaction
  // with the key's record, and a repeated key replays the first answer.
  bool idempotent = false;
  HandlerFn handle;
  // A web page: the pipeline answers its refusals in HTML (a missing
  // session redirects to /login) instead of the API's JSON errors.
  bool page = false;
};

using AppRouter = Router<Route>;

// Response helpers shared by the handler files.
Response Json(int status, std::string body);
// The HTTP status and error code for a Status.
Response FromStatus(const Status& status);

// Registration, one function per handler file.
void AddSessionRoutes(AppRouter& router);
void AddDeskRoutes(AppRouter& router);
void AddCardRoutes(AppRouter& router);
void AddOpsRoutes(AppRouter& router);
void AddGroupRoutes(AppRouter& router);  // api_groups.cc
void AddCorrectionRoutes(AppRouter& router);  // api_corrections.cc
void AddUploadRoutes(AppRouter& router);  // page_upload.cc (the API route and its page)
void AddPageRoutes(AppRouter& router);
void AddSyncRoutes(AppRouter& router);  // api_sync.cc (stations' copies: docs/station.md)

// The station sync's gauges for /metrics (api_sync.cc), read from the store:
// each live join's outbox depth, issues and the age of its last push.
std::string StationSyncExposition(Store& store);  // pages.cc, page_desk.cc, page_unit.cc, page_group.cc

// The HTML form of a pipeline refusal for a page route (or an unknown
// path outside /api/): 401 becomes a redirect to the login page.
Response PageRefusal(const Request& request, const Response& json_error);

}  // namespace cardex::http

#endif  // CARDEX_SRC_HTTP_ROUTE_H_
