// POST/DELETE /api/session and GET /api/me.
#include <boost/json.hpp>

#include <cctype>

#include "cardex/auth/known_device.h"
#include "cardex/auth/login_audit.h"
#include "cardex/auth/sessions.h"
#include "json_body.h"
#include "route.h"

namespace cardex::http {

namespace {

std::string SessionCookie(const std::string& value, bool secure, bool clear) {
  std::string c = "cardex_session=" + value + "; Path=/; HttpOnly; SameSite=Strict";
  if (secure) c += "; Secure";
  if (clear) c += "; Max-Age=0";
  return c;
}

boost::json::object Who(const Principal& p, std::string_view csrf) {
  boost::json::object o;
  o["login"] = p.login;
  o["display_name"] = p.display_name;
  o["role"] = RoleName(p.role);
  o["scope"] = p.scope;
  o["csrf_token"] = csrf;
  return o;
}

// application/json, with parameters or none. A form or text/plain body is
// refused before anything else: browsers send those cross-site without a
// preflight, which would let another site log a visitor into its own
// account (login CSRF).
bool IsJson(std::string_view content_type) {
  std::string_view type = content_type.substr(0, content_type.find(';'));
  while (!type.empty() && type.back() == ' ') type.remove_suffix(1);
  if (type.size() != 16) return false;
  for (size_t i = 0; i < type.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(type[i])) != "application/json"[i]) return false;
  }
  return true;
}

Response Login(Context& ctx) {
  if (!IsJson(ctx.request.Header("content-type"))) {
    return ErrorResponse(415, "unsupported_media_type", "auth.login_json");
  }
  auto body = JsonBody::Parse(ctx.request.body, {"login", "password"});
  if (!body.ok()) return FromStatus(body.status());
  auto login = body->String("login");
  auto password = body->String("password");
  if (!login.ok()) return FromStatus(login.status());
  if (!password.ok()) return FromStatus(password.status());
  const std::string device_cookie = DeviceCookieName(*login);
  const std::string device = ctx.request.Cookie(device_cookie);
  bool known = false;
  if (!device.empty()) {
    auto k = IsKnownDevice(ctx.store, *login, device, Clock::now(), ctx.auth.known_device_for);
    if (!k.ok()) return FromStatus(k.status());
    known = *k;
  }
  auto who = VerifyLogin(ctx.store, *login, *password, ctx.request.client_ip, Clock::now(),
                         &ctx.throttle, ctx.auth, known);
  if (!who.ok()) {
    const StatusCode c = who.status().code();
    if (c == StatusCode::kUnauthenticated || c == StatusCode::kPermissionDenied ||
        c == StatusCode::kResourceExhausted) {
      Status audited = AuditLogin(ctx.store, *login,
                                  c == StatusCode::kUnauthenticated ? "bad_credentials"
                                  : c == StatusCode::kPermissionDenied ? "locked"
                                                                        : "throttled");
      if (!audited.ok()) return FromStatus(audited);
    }
    Response r = FromStatus(who.status());
    // Said from the catalogue; the capability's text names no more.
    if (c == StatusCode::kUnauthenticated) r = ErrorResponse(401, "unauthenticated", "auth.bad_credentials");
    if (c == StatusCode::kPermissionDenied) r = ErrorResponse(403, "forbidden", "auth.locked");
    if (c == StatusCode::kResourceExhausted) r = ErrorResponse(429, "too_many_requests", "auth.throttled");
    if (r.status == 429) r.AddHeader("Retry-After", "3");
    return r;
  }
  auto session = CreateSession(ctx.store, who->login, Clock::now(), ctx.auth);
  if (!session.ok()) return FromStatus(session.status());
  if (Status audited = AuditLogin(ctx.store, who->login); !audited.ok()) return FromStatus(audited);
  boost::json::object o = Who(*who, session->csrf_token);
  o["expires_at"] = session->expires_at;
  Response r = Json(200, boost::json::serialize(o));
  r.AddHeader("Set-Cookie", SessionCookie(session->token, ctx.secure_cookies, false));
  // This browser is now a known device of the account (renewed each login).
  auto token = IssueDeviceToken(ctx.store, who->login, Clock::now());
  if (!token.ok()) return FromStatus(token.status());
  std::string c = DeviceCookieName(who->login) + "=" + *token +
                  "; Path=/api/session; HttpOnly; SameSite=Strict; Max-Age=" +
                  std::to_string(ctx.auth.known_device_for.count());
  if (ctx.secure_cookies) c += "; Secure";
  r.AddHeader("Set-Cookie", c);
  return r;
}

Response Logout(Context& ctx) {
  Status s = EndSession(ctx.store, ctx.request.Cookie("cardex_session"));
  if (!s.ok()) return FromStatus(s);
  if (Status audited = AuditLogout(ctx.store, ctx.who().login); !audited.ok()) return FromStatus(audited);
  Response r = Json(200, "{}");
  r.AddHeader("Set-Cookie", SessionCookie("", ctx.secure_cookies, true));
  return r;
}

Response Me(Context& ctx) {
  boost::json::object o = Who(ctx.who(), ctx.session->csrf_token);
  o["expires_at"] = ctx.session->expires_at;
  return Json(200, boost::json::serialize(o));
}

}  // namespace

void AddSessionRoutes(AppRouter& router) {
  router.Add("POST", "/api/session",
             Route{.name = "/api/session", .needs_session = false, .handle = Login});
  router.Add("DELETE", "/api/session",
             Route{.name = "/api/session", .csrf = true, .handle = Logout});
  router.Add("GET", "/api/me",
             Route{.name = "/api/me", .handle = Me});
}

}  // namespace cardex::http
