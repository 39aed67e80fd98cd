#include "html.h"

#include <cctype>

#include "assets.h"

namespace cardex::http {

std::string Esc(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string Render(std::string_view tmpl, Vars vars) {
  std::string out;
  out.reserve(tmpl.size() * 2);
  size_t i = 0;
  while (i < tmpl.size()) {
    size_t open = tmpl.find('{', i);
    if (open == std::string_view::npos) break;
    size_t close = tmpl.find('}', open + 1);
    if (close == std::string_view::npos) break;
    out.append(tmpl.substr(i, open - i));
    std::string_view key = tmpl.substr(open + 1, close - open - 1);
    bool raw = !key.empty() && key.front() == '!';
    if (raw) key.remove_prefix(1);
    const std::string_view* value = nullptr;
    for (const auto& [name, v] : vars) {
      if (name == key) {
        value = &v;
        break;
      }
    }
    if (value == nullptr) {
      out.append(tmpl.substr(open, close + 1 - open));
    } else {
      out += raw ? std::string(*value) : Esc(*value);
    }
    i = close + 1;
  }
  out.append(tmpl.substr(i));
  return out;
}

LangChoice PickLang(const Request& request) {
  if (auto it = request.query.find("lang"); it != request.query.end()) {
    if (it->second == "en") return {Lang::kEn, true};
    if (it->second == "vi") return {Lang::kVi, true};
  }
  return {request.Cookie("lang") == "en" ? Lang::kEn : Lang::kVi, false};
}

std::string FilePicker(std::string_view name, std::string_view attributes, std::string_view pick,
                       std::string_view none) {
  return Render(R"(<span class="file-picker"><label class="btn btn-big file-pick"><input class="visually-hidden" type="file" name="{name}" {!attributes}><span>{pick}</span></label> <span class="file-name" aria-live="polite">{none}</span></span>)",
                {{"name", name}, {"attributes", attributes}, {"pick", pick}, {"none", none}});
}

std::string LinkWith(const Request& request, std::string_view key, std::string_view value) {
  std::string out = request.path + "?";
  for (const auto& [k, v] : request.query) {
    if (k == key) continue;
    // Re-encode: the values were decoded by the server.
    out += k + "=" + PercentEncode(v, "-_.~") + "&";
  }
  return out + std::string(key) + "=" + PercentEncode(value, "-_.~");
}

std::string AssetUrl(std::string_view name) {
  const Asset* a = FindAsset(name);
  return "/assets/" + std::string(name) + (a ? "?v=" + std::string(a->etag) : "");
}

Response HtmlPage(const Request& request, const PageSpec& spec) {
  LangChoice lc = PickLang(request);
  Lang lang = lc.lang;
  std::string user_bar;
  if (spec.who != nullptr) {
    user_bar = Render(
        R"(<span class="who">{name} · {role} · {scope}</span>
<button type="button" class="btn btn-small" data-logout>{logout}</button>)",
        {{"name", spec.who->display_name.empty() ? spec.who->login : spec.who->display_name},
         {"role", Term(lang, "role", RoleName(spec.who->role))},
         {"scope", spec.who->scope.empty() ? "*" : spec.who->scope},
         {"logout", T(lang, {"Đăng xuất", "Log out"})}});
  }
  std::string lang_switch =
      lang == Lang::kVi
          ? Render(R"(<a class="lang" href="{href}" hreflang="en" lang="en">English</a>)",
                   {{"href", LinkWith(request, "lang", "en")}})
          : Render(R"(<a class="lang" href="{href}" hreflang="vi" lang="vi">Tiếng Việt</a>)",
                   {{"href", LinkWith(request, "lang", "vi")}});
  Response r;
  r.status = spec.status;
  r.content_type = "text/html; charset=utf-8";
  r.body = Render(R"(<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="csrf-token" content="{csrf}">
<title>{title} · Cardex</title>
<link rel="stylesheet" href="{css}">
<script src="{js}" defer></script>
</head>
<body data-lang="{lang}">
<header class="bar">
<a class="brand" href="{home}">Cardex</a>
<span class="spacer"></span>
{!user_bar}
{!lang_switch}
</header>
<main>
{!body}
</main>
</body>
</html>
)",
                  {{"lang", lang == Lang::kEn ? "en" : "vi"},
                   {"csrf", spec.csrf},
                   {"title", spec.title},
                   {"css", AssetUrl("desk.css")},
                   {"js", AssetUrl("desk.js")},
                   {"home", spec.home},
                   {"user_bar", user_bar},
                   {"lang_switch", lang_switch},
                   {"body", spec.body_html}});
  // Scripts only from this server (no inline script, so an injected
  // fragment could not run); photos are shown from blob: URLs before upload.
  r.AddHeader("Content-Security-Policy",
              "default-src 'self'; img-src 'self' blob: data:; media-src 'self' blob:; "
              "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'");
  r.AddHeader("Referrer-Policy", "same-origin");
  if (lc.from_query) {
    r.AddHeader("Set-Cookie", std::string("lang=") + (lang == Lang::kEn ? "en" : "vi") +
                                  "; Path=/; Max-Age=31536000; SameSite=Lax");
  }
  return r;
}

Response HtmlError(const Request& request, int status, std::string_view detail) {
  Lang lang = PickLang(request).lang;
  Tr head{"Đã có lỗi", "Something went wrong"};
  switch (status) {
    case 400: head = {"Yêu cầu không hợp lệ", "Bad request"}; break;
    case 403: head = {"Không có quyền truy cập", "Access refused"}; break;
    case 404: head = {"Không tìm thấy", "Not found"}; break;
    case 405: head = {"Phương thức không được phép", "Method not allowed"}; break;
    case 409: head = {"Xung đột trạng thái", "Conflict"}; break;
    case 503: head = {"Cơ sở dữ liệu không truy cập được", "The database cannot be reached"}; break;
    default: break;
  }
  std::string body = Render(R"(<section class="card error-page" data-status="{status}">
<h1>{head}</h1>
<p class="detail">{detail}</p>
<p><a class="btn" href="/">{home}</a></p>
</section>)",
                            {{"status", std::to_string(status)},
                             {"head", T(lang, head)},
                             {"detail", detail},
                             {"home", T(lang, {"Về trang chính", "Back to the start"})}});
  return HtmlPage(request, PageSpec{T(lang, head), std::move(body), nullptr, "", status});
}

Response Redirect(std::string_view location) {
  Response r;
  r.status = 303;
  r.content_type = "text/plain; charset=utf-8";
  r.AddHeader("Location", std::string(location));
  return r;
}

}  // namespace cardex::http
