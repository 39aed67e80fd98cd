// The web pages' front door: the start page, login, the embedded assets,
// and the HTML form of the pipeline's refusals. The desk and unit pages
// are in page_desk.cc and page_unit.cc.
#include <boost/json.hpp>

#include "assets.h"
#include "member_page.h"
#include "pages.h"

namespace cardex::http {

Route PageRoute(std::string name, std::optional<Permission> permission, TargetFrom target,
                HandlerFn fn) {
  return Route{.name = std::move(name), .permission = permission, .target = target,
               .handle = std::move(fn), .page = true};
}

Response UserPage(Context& ctx, std::string_view title, std::string body_html) {
  return HtmlPage(ctx.request,
                  PageSpec{title, std::move(body_html), &ctx.who(), ctx.session->csrf_token, 200});
}

std::string_view StateLabel(Lang lang, std::string_view state) { return Term(lang, "state", state); }

std::string_view VerdictLabel(Lang lang, std::string_view verdict) {
  return Term(lang, "verdict", verdict);
}

std::string StateBadge(Lang lang, std::string_view state) {
  return Render(R"(<span class="badge state-{state}" data-state="{state}">{label}</span>)",
                {{"state", state}, {"label", StateLabel(lang, state)}});
}

Response PageRefusal(const Request& request, const Response& json_error) {
  if (json_error.status == 401) {
    std::string next = request.target.empty() ? "/" : request.target;
    return Redirect("/login?next=" + PercentEncode(next, "/-_."));
  }
  // The catalogue's message in the page's language (it names codes and
  // permissions only, never member data).
  std::string detail;
  if (!json_error.error_id.empty()) {
    detail = Msg(PickLang(request).lang, json_error.error_id, json_error.error_args);
  }
  Response r = HtmlError(request, json_error.status, detail);
  for (const auto& [name, value] : json_error.headers) {
    if (name == "Allow" || name == "Retry-After") r.AddHeader(name, value);
  }
  return r;
}

namespace {

// A local path to return to after login; anything else becomes "/".
std::string SafeNext(const Request& request) {
  auto it = request.query.find("next");
  if (it == request.query.end()) return "/";
  const std::string& n = it->second;
  if (n.empty() || n[0] != '/' || (n.size() > 1 && (n[1] == '/' || n[1] == '\\'))) return "/";
  for (char c : n) {
    if (static_cast<unsigned char>(c) < 0x20) return "/";
  }
  return n;
}

Response LoginPage(Context& ctx) {
  Lang lang = LangOf(ctx);
  std::string body = Render(
      R"(<section class="card narrow">
<h1>{title}</h1>
<form id="login-form" class="stack" data-next="{next}" data-err-401="{e401}" data-err-403="{e403}" data-err-429="{e429}">
<label>{login}<input name="login" autocomplete="username" autocapitalize="none" spellcheck="false" required autofocus></label>
<label>{password}<input name="password" type="password" autocomplete="current-password" required></label>
<button class="btn btn-primary btn-big" type="submit">{submit}</button>
<p class="msg" role="alert" hidden></p>
</form>
<noscript><p class="msg">{noscript}</p></noscript>
</section>)",
      {{"title", T(lang, {"Đăng nhập", "Log in"})},
       {"next", SafeNext(ctx.request)},
       {"login", T(lang, {"Tên đăng nhập", "Login"})},
       {"password", T(lang, {"Mật khẩu", "Password"})},
       {"submit", T(lang, {"Đăng nhập", "Log in"})},
       {"e401", T(lang, {"Sai tên đăng nhập hoặc mật khẩu.", "Wrong login or password."})},
       {"e403", T(lang, {"Tài khoản đang bị khóa tạm thời.", "The account is locked for now."})},
       {"e429", T(lang, {"Thử quá nhiều lần; đợi vài giây.", "Too many attempts; wait a few seconds."})},
       {"noscript", T(lang, {"Trang này cần bật JavaScript.", "This page needs JavaScript."})}});
  return HtmlPage(ctx.request,
                  PageSpec{T(lang, {"Đăng nhập", "Log in"}), std::move(body), nullptr, "", 200});
}

// Where a role starts its day.
Response Start(Context& ctx) {
  const Principal& who = ctx.who();
  if (who.role == Role::kStationOfficer) return Redirect("/desk");
  if (who.scope.empty()) return Redirect("/units");
  return Redirect("/units/" + who.scope);
}

Response ServeAsset(Context& ctx) {
  const Asset* a = FindAsset(ctx.Param("name"));
  if (a == nullptr) return ErrorResponse(404, "not_found", "not_found.asset");
  std::string etag = "\"" + std::string(a->etag) + "\"";
  Response r;
  auto v = ctx.request.query.find("v");
  // A URL naming the current hash never changes: cache it for a year.
  r.AddHeader("Cache-Control", v != ctx.request.query.end() && v->second == a->etag
                                   ? "public, max-age=31536000, immutable"
                                   : "no-cache");
  r.AddHeader("ETag", etag);
  if (ctx.request.Header("if-none-match") == etag) {
    r.status = 304;
    r.content_type.clear();
    return r;
  }
  r.content_type = std::string(a->content_type);
  r.body = std::string(a->bytes);
  return r;
}

}  // namespace

void AddPageRoutes(AppRouter& router) {
  router.Add("GET", "/", PageRoute("/", std::nullopt, TargetFrom::kNone, Start));
  router.Add("GET", "/login",
             Route{.name = "/login", .needs_session = false, .handle = LoginPage, .page = true});
  router.Add("GET", "/assets/{name}",
             Route{.name = "/assets/{name}", .needs_session = false, .handle = ServeAsset});
  AddDeskPages(router);
  AddUnitPages(router);
  AddDashboardPages(router);
  AddGroupPages(router);
  AddCorrectionPages(router);
  AddStationSyncPages(router);
  AddMemberPages(router);
  AddMemberFormPages(router);
}

}  // namespace cardex::http
