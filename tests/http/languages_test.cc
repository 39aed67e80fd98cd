// Every page and every API error in both languages: a Vietnamese page or
// message holds no English words, an English one no Vietnamese words (word
// lists per language; names, codes and the language switch's own label
// aside). Fails on any text left untranslated, in the catalogue or in a page.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <regex>

#include "tests/http/server_fixture.h"

namespace cardex::testing {
namespace {

// The visible text of an HTML page: tags and entities dropped, the
// language switch's label (which names the other language) removed.
std::string VisibleText(std::string html) {
  html = std::regex_replace(html, std::regex(R"(<head>[\s\S]*?</head>)"), " ");
  html = std::regex_replace(html, std::regex(R"(<a class="lang"[^>]*>[^<]*</a>)"), " ");
  html = std::regex_replace(html, std::regex(R"(<[^>]*>)"), " ");
  html = std::regex_replace(html, std::regex(R"(&[a-z#0-9]+;)"), " ");
  return html;
}

// English words no Vietnamese text has (short and common, so that an
// untranslated sentence cannot slip through).
const std::regex kEnglish(
    R"((^|[^A-Za-z_])(the|is|not|may|must|member|members|station|state|steps|check|submit|confirm|confirmed|card|unit|error|found|log|photo|registry|invited|appointment|no such|reload|officer|field|required)($|[^A-Za-z_]))",
    std::regex::icase);
// Vietnamese words no English text has (none appears in the fixture's
// names: "Nguyễn Văn N", "Tỉnh P", "Xã C", "Chi bộ N", "Công an xã C").
const std::regex kVietnamese(
    R"((của|không|được|trạng|đảng|Đã|đã|Chưa|chưa|thẻ|ngày|Tiếp nhận|tiếp nhận|Đăng|đăng|hồ sơ|Lịch|lịch|quyền|Tìm|tìm))");

std::string Match(const std::string& text, const std::regex& re) {
  std::smatch m;
  if (!std::regex_search(text, m, re)) return "";
  size_t at = static_cast<size_t>(m.position(0));
  return text.substr(at > 40 ? at - 40 : 0, 100);
}

using LanguagesTest = ServerTest;

TEST_P(LanguagesTest, EveryPageInBothLanguages) {
  const char* pages[] = {"/", "/login", "/desk?date=2025-08-05", "/desk?date=2025-08-05&station=S",
                         "/desk/member/M1", "/desk/member/M4", "/units", "/units/P", "/units/P.C",
                         "/units/P.C.1", "/dashboard", "/dashboard/P", "/dashboard/stations/S",
                         "/groups", "/desk/member/NOPE", "/units/NOPE", "/nope", "/corrections",
                         "/corrections?unit=P.C&verdict=bogus", "/members/upload?unit=P.C",
                         "/groups/NOPE", "/desk?date=2025-08-05&page=0"};
  for (const char* login : {"admin", "desk", "cell2"}) {
    auto c = LogIn(login);
    const std::string session = c->cookie;
    for (const char* page : pages) {
      for (const char* lang : {"vi", "en"}) {
        std::string target = std::string(page) + (std::string(page).find('?') == std::string::npos ? "?" : "&") +
                             "lang=" + lang;
        HttpReply r = c->Send("GET", target, "", {{"Accept", "text/html"}});
        c->cookie = session;  // the answer's lang cookie replaced the session's in the one-cookie jar
        if (r.status == 303 || r.status == 302) continue;
        SCOPED_TRACE(std::string(login) + " " + target + " → " + std::to_string(r.status));
        ASSERT_NE(r.headers["content-type"].find("text/html"), std::string::npos) << r.body.substr(0, 200);
        std::string text = VisibleText(r.body);
        if (std::string(lang) == "vi") {
          EXPECT_EQ(Match(text, kEnglish), "") << "English on a Vietnamese page";
        } else {
          EXPECT_EQ(Match(text, kVietnamese), "") << "Vietnamese on an English page";
        }
      }
    }
  }
}

TEST_P(LanguagesTest, EveryApiErrorInBothLanguages) {
  std::string csrf, admin_csrf;
  auto desk = LogIn("desk", &csrf);
  auto admin = LogIn("admin", &admin_csrf);
  HttpClient anon(server_->port());
  struct Call {
    HttpClient* client;
    std::string method, target, body, content_type;
    bool csrf, key;
  };
  const std::string json = "application/json";
  const Call calls[] = {
      {&anon, "GET", "/api/me", "", "", false, false},
      {&anon, "POST", "/api/session", R"({"login":"desk","password":"wrong!"})", json, false, false},
      {&anon, "POST", "/api/session", R"({"login":1})", json, false, false},
      {&anon, "DELETE", "/healthz", "", "", false, false},
      {&anon, "GET", "/api/nope", "", "", false, false},
      {desk.get(), "GET", "/api/members/NOPE", "", "", false, false},
      {desk.get(), "GET", "/api/stations/S/days/2025-02-30", "", "", false, false},
      {desk.get(), "GET", "/api/members/M1/photo", "", "", false, false},
      {desk.get(), "POST", "/api/desk/lookup", R"({"query":"ZZZZZZZZZZZ"})", json, true, false},
      {desk.get(), "POST", "/api/desk/lookup", R"({"query":""})", json, true, false},
      {desk.get(), "POST", "/api/desk/lookup", R"({"query":"Khong Ai Ca 1900"})", json, true, false},
      {desk.get(), "POST", "/api/desk/lookup", R"({"surprise":1})", json, true, false},
      {desk.get(), "POST", "/api/desk/scan?w=20&h=20", std::string(400, 'x'), "application/octet-stream", true, false},
      {desk.get(), "POST", "/api/desk/scan?w=20&h=20", "x", "application/octet-stream", true, false},
      {desk.get(), "POST", "/api/members/M1/check-in", "{}", json, false, true},
      {desk.get(), "POST", "/api/members/M1/check-in", "{}", json, true, false},
      {desk.get(), "POST", "/api/members/M1/check-in", "{", json, true, true},
      {desk.get(), "POST", "/api/members/M1/check-in", R"({"version":"two"})", json, true, true},
      {desk.get(), "POST", "/api/members/M1/check-in", R"({"version":99})", json, true, true},
      {desk.get(), "POST", "/api/members/M1/submit", "{}", json, true, true},
      {desk.get(), "POST", "/api/members/M1/settle", "{}", json, true, true},
      {desk.get(), "POST", "/api/members/M1/exception", R"({"reason":"bored"})", json, true, true},
      {desk.get(), "PUT", "/api/members/M1/photo", "GIF89a", "image/gif", true, true},
      {desk.get(), "PUT", "/api/members/M1/photo", "not a png", "image/png", true, true},
      {desk.get(), "POST", "/api/communes/P.C/card-batches", "{}", json, true, true},
      {desk.get(), "GET", "/api/members/M1/card", "", "", false, false},
      // The corrections work list and the member upload (issue 17).
      {admin.get(), "GET", "/api/corrections?verdict=bogus", "", "", false, false},
      {admin.get(), "GET", "/api/corrections?unit=P.NOPE", "", "", false, false},
      {admin.get(), "GET", "/api/corrections?page=0", "", "", false, false},
      {admin.get(), "GET", "/api/corrections?min_age=x", "", "", false, false},
      {admin.get(), "POST", "/api/members/M1/apply-registry", "{}", json, true, true},
      {admin.get(), "POST", "/api/members/M1/accept-suggestion", "{}", json, true, true},
      {admin.get(), "POST", "/api/members/M1/corrections", R"({"note":" "})", json, true, true},
      {admin.get(), "POST", "/api/members/M1/corrections/close", R"({"evidence":""})", json, true, true},
      {admin.get(), "POST", "/api/members/M1/corrections/close", R"({"evidence":"CCCD"})", json, true, true},
      {admin.get(), "POST", "/api/units/P.C/members", "", "text/csv", true, true},
      {admin.get(), "POST", "/api/units/P.C/members", "member_no\nX\n", "text/csv", true, true},
      // Working groups.
      {admin.get(), "POST", "/api/units/P.C/groups", R"({"code":"bad code!","name":"x","leader":"x"})", json, true, true},
      {admin.get(), "POST", "/api/units/P.C/groups", R"({"code":"T1","name":"","leader":"x"})", json, true, true},
      {admin.get(), "GET", "/api/groups/NOPE", "", "", false, false},
      {admin.get(), "POST", "/api/follow-ups/99/close", "{}", json, true, true},
      // Cards (issue 14: refusals from the catalogue, not English free text).
      {admin.get(), "POST", "/api/communes/P/card-batches", "{}", json, true, true},
      {admin.get(), "POST", "/api/communes/P.C/card-batches", R"({"issue_date":"2025-13-45"})", json, true, true},
      {admin.get(), "POST", "/api/members/M1/card/revoke", R"({"card_no":"00000000","reason":"lost"})", json, true, true},
      {admin.get(), "POST", "/api/members/M1/card/revoke", R"({"card_no":"00000000","reason":"bored"})", json, true, true},
      {admin.get(), "POST", "/api/members/M1/hand-over", R"({"card_no":"00000000"})", json, true, true},
  };
  int n = 0, errors = 0;
  for (const Call& call : calls) {
    for (const char* lang : {"vi", "en"}) {
      std::map<std::string, std::string> headers{{"Accept-Language", lang}};
      if (!call.content_type.empty()) headers["Content-Type"] = call.content_type;
      if (call.csrf) headers["X-CSRF-Token"] = call.client == admin.get() ? admin_csrf : csrf;
      if (call.key) headers["Idempotency-Key"] = "k-lang-" + std::to_string(n++);
      HttpReply r = call.client->Send(call.method, call.target, call.body, headers);
      SCOPED_TRACE(call.method + " " + call.target + " " + lang + " → " + std::to_string(r.status));
      ASSERT_GE(r.status, 400) << r.body;
      ++errors;
      auto v = boost::json::parse(r.body);
      std::string message(v.at("error").at("message").as_string());
      const std::string id(v.at("error").at("message_id").as_string());
      EXPECT_FALSE(id.empty());
      // A precise entry, not a status's headline over an English detail.
      EXPECT_FALSE(id.starts_with("error.") && v.at("error").as_object().contains("detail")) << r.body;
      if (std::string(lang) == "vi") {
        EXPECT_EQ(Match(message, kEnglish), "") << message;
      } else {
        EXPECT_EQ(Match(message, kVietnamese), "") << message;
        EXPECT_FALSE(std::regex_search(message, std::regex("[ăâđêôơưĂÂĐÊÔƠƯ]"))) << message;
      }
    }
  }
  EXPECT_EQ(errors, 2 * static_cast<int>(std::size(calls)));
}

INSTANTIATE_TEST_SUITE_P(Http, LanguagesTest, kBothBackends, BackendName);

}  // namespace
}  // namespace cardex::testing
