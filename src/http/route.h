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
#include "cardex/http/message.h"
#include "cardex/http/router.h"
#include "cardex/store/store.h"

namespace cardex::http {

class Metrics;

// Where the pipeline finds the target Authorize checks.
enum class TargetFrom {
  kNone,       // Target{}: only scope "" passes (administration)
  kAnyScope,   // no target: any role holding the permission, scope not checked
  kMember,     // path {member_no} → the member's cell (404 when unknown)
  kStation,    // path {station} → that station
  kUnit,       // path {unit} → that unit
  kQueryUnit,  // ?unit=CODE, or the caller's own scope when absent
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
};

using AppRouter = Router<Route>;

// Response helpers shared by the handler files.
Response Json(int status, std::string body);
// The HTTP status and error code for a Status.
Response FromStatus(const Status& status);

// Registration, one function per handler file.
void AddSessionRoutes(AppRouter& router);
void AddDeskRoutes(AppRouter& router);
void AddOpsRoutes(AppRouter& router);

}  // namespace cardex::http

#endif  // CARDEX_SRC_HTTP_ROUTE_H_
