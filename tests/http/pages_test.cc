// The web pages through a live server: page routes need a session (a
// redirect to /login otherwise), are refused in HTML where the API answers
// JSON, escape what they show, mask citizen ids in lists, switch language,
// and serve the embedded assets with cache validators.
#include <gtest/gtest.h>

#include "src/http/html.h"
#include "tests/http/server_fixture.h"

namespace cardex::testing {
namespace {

TEST(HtmlTest, EscapesTextAndPlaceholders) {
  EXPECT_EQ(http::Esc(R"(<a href="x">'&'</a>)"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  EXPECT_EQ(http::Render("<p title=\"{t}\">{t}{!raw}{missing}</p>", {{"t", "<b>"}, {"raw", "<i>"}}),
            "<p title=\"&lt;b&gt;\">&lt;b&gt;<i>{missing}</p>");
}

using PagesTest = ServerTest;

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

TEST_P(PagesTest, PagesNeedASessionAndRedirectToLogin) {
  HttpClient c(server_->port());
  HttpReply r = c.Send("GET", "/desk?date=2025-08-05");
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(r.headers["location"], "/login?next=/desk%3Fdate%3D2025-08-05");
  r = c.Send("GET", "/login");
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(Contains(r.headers["content-type"], "text/html"));
  EXPECT_TRUE(Contains(r.headers["content-security-policy"], "default-src 'self'"));
  EXPECT_TRUE(Contains(r.body, "Đăng nhập"));
  // An outside `next` is not followed after login.
  r = c.Send("GET", "/login?next=//evil.example/");
  EXPECT_TRUE(Contains(r.body, "data-next=\"/\""));
}

TEST_P(PagesTest, DeskDayListsTheStationsSlotsWithMaskedIds) {
  auto desk = LogIn("desk");
  HttpReply r = desk->Send("GET", "/");
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(r.headers["location"], "/desk");
  r = desk->Send("GET", "/desk?date=2025-08-05");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(Contains(r.body, "08:00–08:10"));
  EXPECT_TRUE(Contains(r.body, "079******001"));
  EXPECT_FALSE(Contains(r.body, "079080000001"));
  EXPECT_TRUE(Contains(r.body, "data-member=\"M3\""));
  EXPECT_EQ(r.headers["cache-control"], "no-store");
  r = desk->Send("GET", "/desk?date=2025-02-31");
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(Contains(r.headers["content-type"], "text/html"));
}

TEST_P(PagesTest, MemberPageEscapesWhatItShows) {
  ASSERT_TRUE(store_->Exec("UPDATE members SET full_name = ? WHERE member_no = 'M1'",
                           {std::string_view("<script>alert(1)</script>")})
                  .ok());
  auto desk = LogIn("desk");
  HttpReply r = desk->Send("GET", "/desk/member/M1");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_FALSE(Contains(r.body, "<script>alert"));
  EXPECT_TRUE(Contains(r.body, "&lt;script&gt;alert(1)&lt;/script&gt;"));
  // The steps the state allows: an invited member can be checked in.
  EXPECT_TRUE(Contains(r.body, "data-url=\"/api/members/M1/check-in\""));
  EXPECT_FALSE(Contains(r.body, "data-url=\"/api/members/M1/submit\""));
}

TEST_P(PagesTest, RefusalsAreHtmlForPagesAndJsonForTheApi) {
  auto cell2 = LogIn("cell2");
  HttpReply r = cell2->Send("GET", "/desk/member/M1");
  EXPECT_EQ(r.status, 403);
  EXPECT_TRUE(Contains(r.headers["content-type"], "text/html"));
  EXPECT_TRUE(Contains(r.body, "data-status=\"403\""));
  EXPECT_FALSE(Contains(r.body, "Nguyễn Văn 1"));
  // The station's day is the desk's list (desk_check_in), as in the API,
  // even where the station serves the secretary's commune.
  r = cell2->Send("GET", "/desk?station=S&date=2025-08-05");
  EXPECT_EQ(r.status, 403);
  EXPECT_FALSE(Contains(r.body, "Nguyễn Văn 1"));
  r = cell2->Send("GET", "/api/members/M1");
  EXPECT_EQ(r.status, 403);
  EXPECT_TRUE(Contains(r.headers["content-type"], "application/json"));
  r = cell2->Send("GET", "/units/P.C.2");
  EXPECT_EQ(r.status, 200);
  r = cell2->Send("GET", "/units/P.C.1");
  EXPECT_EQ(r.status, 403);
  r = cell2->Send("GET", "/no/such/page", "", {{"Accept", "text/html,application/xhtml+xml"}});
  EXPECT_EQ(r.status, 404);
  EXPECT_TRUE(Contains(r.headers["content-type"], "text/html"));
  r = cell2->Send("GET", "/no/such/page");
  EXPECT_TRUE(Contains(r.headers["content-type"], "application/json"));
  r = cell2->Send("GET", "/api/no/such");
  EXPECT_EQ(r.status, 404);
  EXPECT_TRUE(Contains(r.headers["content-type"], "application/json"));
  auto desk = LogIn("desk");
  r = desk->Send("GET", "/desk?station=NOPE");
  EXPECT_EQ(r.status, 404);
}

TEST_P(PagesTest, LanguageSwitchIsRemembered) {
  auto desk = LogIn("desk");
  const std::string session = desk->cookie;  // the test client keeps one cookie
  HttpReply r = desk->Send("GET", "/desk?date=2025-08-05&lang=en");
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(Contains(r.body, "Check a member in"));
  EXPECT_TRUE(Contains(r.headers["set-cookie"], "lang=en"));
  desk->cookie = session;
  r = desk->Send("GET", "/desk?date=2025-08-05", "", {{"Cookie", session + "; lang=en"}});
  EXPECT_TRUE(Contains(r.body, "<html lang=\"en\">"));
  r = desk->Send("GET", "/desk?date=2025-08-05");
  EXPECT_TRUE(Contains(r.body, "Tiếp nhận đảng viên"));
}

TEST_P(PagesTest, AssetsAreEmbeddedAndCacheable) {
  HttpClient c(server_->port());
  HttpReply r = c.Send("GET", "/assets/desk.js");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.headers["content-type"], "text/javascript; charset=utf-8");
  EXPECT_TRUE(Contains(r.body, "X-CSRF-Token"));
  std::string etag = r.headers["etag"];
  ASSERT_EQ(etag.size(), 18u);
  r = c.Send("GET", "/assets/desk.js", "", {{"If-None-Match", etag}});
  EXPECT_EQ(r.status, 304);
  r = c.Send("GET", "/assets/desk.css?v=" + etag.substr(1, 16));
  EXPECT_EQ(r.status, 200);
  r = c.Send("GET", "/assets/desk.js?v=" + etag.substr(1, 16));
  EXPECT_EQ(r.headers["cache-control"], "public, max-age=31536000, immutable");
  EXPECT_EQ(c.Send("GET", "/assets/nope.js").status, 404);
}

INSTANTIATE_TEST_SUITE_P(Http, PagesTest, kBothBackends, BackendName);

}  // namespace
}  // namespace cardex::testing
