// The web pages through a live server: page routes need a session (a
// redirect to /login otherwise), are refused in HTML where the API answers
// JSON, escape what they show, mask citizen ids in lists, switch language,
// and serve the embedded assets with cache validators. The dashboards draw
// their charts in SVG, link down the tree (and up where allowed), put the
// units at risk first and refuse units outside the visitor's scope.
#include <gtest/gtest.h>

#include "cardex/intake/exchange.h"
#include "cardex/progress/daily.h"
#include "cardex/reconcile/resolve.h"
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
  EXPECT_TRUE(Contains(r.body, "Find a member"));
  EXPECT_TRUE(Contains(r.headers["set-cookie"], "lang=en"));
  desk->cookie = session;
  r = desk->Send("GET", "/desk?date=2025-08-05", "", {{"Cookie", session + "; lang=en"}});
  EXPECT_TRUE(Contains(r.body, "<html lang=\"en\">"));
  r = desk->Send("GET", "/desk?date=2025-08-05");
  EXPECT_TRUE(Contains(r.body, "Tìm đảng viên"));
}

// A standby for the dashboards (--standby-db) is a PostgreSQL URL, and
// only beside a PostgreSQL --db: SQLite has none. The server refuses to
// start otherwise, naming the setting.
TEST_P(PagesTest, AStandbyIsRefusedUnlessBothArePostgres) {
  http::AppOptions options;
  options.db_spec = spec_;
  options.log = nullptr;
  options.event_log = nullptr;
  options.standby_db = GetParam() == Backend::kSqlite ? "postgresql://cardex@127.0.0.1:1/cardex"
                                                      : tmp_.file("standby.db");
  auto app = http::App::Create(options);
  ASSERT_FALSE(app.ok());
  EXPECT_EQ(app.status().code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(Contains(app.status().message(), GetParam() == Backend::kSqlite ? "--standby-db"
                                                                               : "PostgreSQL URL"))
      << app.status().message();
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

// M1 and M2 (cell P.C.1) received at S on the window's first day, M1's
// card handed over the next; P.C.2 has no member.
class DashboardTest : public PagesTest {
 protected:
  void SetUp() override {
    PagesTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto step = [&](const char* member, ExchangeStep s, const char* at) {
      intake::StepRequest r;
      r.member_no = member;
      r.step = s;
      r.station_code = "S";
      r.actor = "desk";
      r.at = at;
      auto out = intake::ApplyStepAtomically(*store_, r);
      ASSERT_TRUE(out.ok()) << out.status().message();
    };
    for (const char* m : {"M1", "M2"}) {
      for (ExchangeStep s : {ExchangeStep::kCheckIn, ExchangeStep::kCapture, ExchangeStep::kConfirm,
                             ExchangeStep::kSubmit}) {
        step(m, s, "2025-08-05T01:30:00Z");
      }
    }
    for (ExchangeStep s : {ExchangeStep::kProduceCard, ExchangeStep::kDeliverCard, ExchangeStep::kHandOver}) {
      step("M1", s, "2025-08-06T03:00:00Z");
    }
    ASSERT_TRUE(progress::SaveCampaignWindow(*store_, *Date::Parse("2025-08-05"), *Date::Parse("2025-08-06")).ok());
  }
};

TEST_P(DashboardTest, ProvinceDrillsDownToTheCellAndTheStation) {
  auto prov = LogIn("prov");
  HttpReply r = prov->Send("GET", "/dashboard/P");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(Contains(r.body, "<svg class=\"chart\" data-chart=\"progress\""));
  EXPECT_TRUE(Contains(r.body, "data-series=\"received\""));
  EXPECT_TRUE(Contains(r.body, "data-series=\"handed_over\""));
  EXPECT_TRUE(Contains(r.body, "data-series=\"straight_line\""));
  EXPECT_TRUE(Contains(r.body, "href=\"/dashboard/P.C\""));
  EXPECT_TRUE(Contains(r.body, "data-figure=\"official\"><dt>Đảng viên phải đổi thẻ</dt><dd>4<"));
  EXPECT_TRUE(Contains(r.body, "data-figure=\"received\"><dt>Đã nhận hồ sơ</dt><dd>2 <span class=\"sub\">50,0 %"));
  EXPECT_TRUE(Contains(r.body, "data-figure=\"handed_over\"><dt>Đã trao thẻ</dt><dd>1 "));
  // The window is over with two members left: at risk, and the page says
  // why (the appointments kept, the finish after the deadline, who missed
  // theirs and in which unit) and states its rule.
  EXPECT_TRUE(Contains(r.body, "data-forecast=\"at_risk\""));
  EXPECT_TRUE(Contains(r.body, "data-why><b>Vì sao:</b> "));
  EXPECT_TRUE(Contains(r.body, "chậm "));
  EXPECT_TRUE(Contains(r.body, "data-remedy><b>Cần làm:</b> "));
  EXPECT_TRUE(Contains(r.body, "data-rule"));
  EXPECT_TRUE(Contains(r.body, "Cách đánh giá tiến độ"));
  EXPECT_FALSE(Contains(r.body, "data-up"));  // nothing above a root
  // No standby configured: the page reads the primary and claims no age.
  EXPECT_FALSE(Contains(r.body, "data-as-of"));
  EXPECT_FALSE(Contains(r.body, "Số liệu đến"));

  r = prov->Send("GET", "/dashboard/P.C");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(Contains(r.body, "data-up href=\"/dashboard/P\""));
  const size_t c1 = r.body.find("href=\"/dashboard/P.C.1\""), c2 = r.body.find("href=\"/dashboard/P.C.2\"");
  ASSERT_NE(c1, std::string::npos);
  ASSERT_NE(c2, std::string::npos);
  EXPECT_LT(c1, c2);  // behind before done
  // A cell is judged by its own appointments: one missed theirs on 05/08,
  // one has none; the commune's remedy names the cell.
  EXPECT_TRUE(Contains(r.body, "data-child=\"P.C.1\" data-risk=\"behind\""));
  EXPECT_TRUE(Contains(r.body, "1 đảng viên không đến theo lịch hẹn (từ ngày 05/08/2025), chưa nhận hồ sơ. "
                               "1 đảng viên chưa có lịch hẹn."));
  EXPECT_TRUE(Contains(r.body, "Hẹn lại cho 1 đảng viên lỡ hẹn (đơn vị: Chi bộ 1 (1))."));
  EXPECT_TRUE(Contains(r.body, "2/3 đảng viên đã qua ngày hẹn đã đến; dự báo tính tỷ lệ đến đúng hẹn 87,0 %"));
  EXPECT_TRUE(Contains(r.body, "data-child=\"P.C.2\" data-risk=\"done\""));
  EXPECT_TRUE(Contains(r.body, "href=\"/dashboard/stations/S\""));

  r = prov->Send("GET", "/dashboard/P.C.1");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(Contains(r.body, "href=\"/units/P.C.1\""));
  EXPECT_FALSE(Contains(r.body, "data-child="));

  // The station's days; the province coordinator does not work a desk, so
  // the days are not links to the desk's list.
  r = prov->Send("GET", "/dashboard/stations/S");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(Contains(r.body, "data-chart=\"daily\""));
  EXPECT_TRUE(Contains(r.body, "<tr data-day=\"2025-08-05\">"));
  EXPECT_TRUE(Contains(r.body, "<tr data-day=\"2025-08-06\">"));
  EXPECT_FALSE(Contains(r.body, "/desk?station=S"));
  auto desk = LogIn("desk");
  r = desk->Send("GET", "/dashboard/stations/S");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(Contains(r.body, "href=\"/desk?station=S&amp;date=2025-08-05\""));

  // The unit page counts from the roll-ups and links to the dashboard.
  r = prov->Send("GET", "/units/P.C");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(Contains(r.body, "data-state-count=\"submitted\">"));
  EXPECT_TRUE(Contains(r.body, "data-state-count=\"handed_over\">"));
  EXPECT_TRUE(Contains(r.body, "data-state-count=\"not_started\">"));
  EXPECT_TRUE(Contains(r.body, "href=\"/dashboard/P.C\""));

  r = prov->Send("GET", "/dashboard/P?lang=en");
  EXPECT_TRUE(Contains(r.body, "Units below (at risk first)"));
  EXPECT_TRUE(Contains(r.body, "Straight line to the deadline"));
}

TEST_P(DashboardTest, EachUserSeesOnlyTheirScope) {
  auto cell2 = LogIn("cell2");
  HttpReply r = cell2->Send("GET", "/dashboard/P.C.2");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_FALSE(Contains(r.body, "data-up"));  // the commune is outside the scope
  r = cell2->Send("GET", "/dashboard/P.C.1");
  EXPECT_EQ(r.status, 403);
  EXPECT_TRUE(Contains(r.headers["content-type"], "text/html"));
  EXPECT_FALSE(Contains(r.body, "data-chart"));
  r = cell2->Send("GET", "/dashboard/P");
  EXPECT_EQ(r.status, 403);
  auto desk = LogIn("desk");
  EXPECT_EQ(desk->Send("GET", "/dashboard/P").status, 403);
  EXPECT_EQ(desk->Send("GET", "/dashboard/P.C").status, 200);
  auto admin = LogIn("admin");
  EXPECT_EQ(admin->Send("GET", "/dashboard/NOPE").status, 404);
  EXPECT_EQ(admin->Send("GET", "/dashboard/stations/NOPE").status, 404);
  HttpClient anonymous(server_->port());
  EXPECT_EQ(anonymous.Send("GET", "/dashboard/P").status, 303);
}

// The unit's figures also say who is invited (M1..M3 hold appointments)
// and the corrections open with their age: M1's opened 4 days ago, M4's 2,
// so the oldest is 4 days and the mean 3.0.
TEST_P(DashboardTest, UnitShowsInvitedAndCorrectionsOpenWithTheirAge) {
  const Date today = progress::CampaignToday();
  auto opened = [&](int days_ago) { return Date::FromDays(today.days() - days_ago).ToString() + " 09:00:00"; };
  ASSERT_TRUE(reconcile::SendToCorrection(*store_, "M1", "a", "u", opened(4)).ok());
  ASSERT_TRUE(reconcile::SendToCorrection(*store_, "M4", "b", "u", opened(2)).ok());
  auto prov = LogIn("prov");
  for (const char* path : {"/dashboard/P", "/dashboard/P.C.1"}) {
    HttpReply r = prov->Send("GET", path);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_TRUE(Contains(r.body, "data-figure=\"invited\"><dt>Đã có lịch hẹn (được mời)</dt><dd>3 <span class=\"sub\">75,0 %"))
        << path;
    EXPECT_TRUE(Contains(r.body, "data-figure=\"corrections_open\"><dt>Chỉnh sửa còn mở</dt><dd>2 "))
        << path;
    EXPECT_TRUE(Contains(r.body, "data-correction-age data-oldest=\"4\" data-mean=\"3.0\">lâu nhất 4 ngày · trung bình 3,0 ngày"))
        << path;
  }
  HttpReply r = prov->Send("GET", "/dashboard/P.C.2");
  EXPECT_TRUE(Contains(r.body, "data-figure=\"corrections_open\"><dt>Chỉnh sửa còn mở</dt><dd>0</dd>"));
  r = prov->Send("GET", "/dashboard/P?lang=en");
  EXPECT_TRUE(Contains(r.body, "Invited (with an appointment)"));
  EXPECT_TRUE(Contains(r.body, "oldest 4 days · mean 3,0 days"));
}

// The top view: every root unit like a unit's children, their sum as the
// figures; only for accounts whose scope is everything.
TEST_P(DashboardTest, NationalViewListsTheRootsForScopeEverything) {
  auto admin = LogIn("admin");
  HttpReply r = admin->Send("GET", "/dashboard");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(Contains(r.body, "data-child=\"P\" data-risk=\"at_risk\""));
  EXPECT_TRUE(Contains(r.body, "href=\"/dashboard/P\""));
  EXPECT_TRUE(Contains(r.body, "data-figure=\"official\"><dt>Đảng viên phải đổi thẻ</dt><dd>4<"));
  EXPECT_TRUE(Contains(r.body, "data-figure=\"received\"><dt>Đã nhận hồ sơ</dt><dd>2 "));
  EXPECT_TRUE(Contains(r.body, "data-series=\"received\""));
  // The way there: /units, and up from a root's dashboard.
  r = admin->Send("GET", "/units");
  EXPECT_TRUE(Contains(r.body, "data-dashboard-link href=\"/dashboard\""));
  r = admin->Send("GET", "/dashboard/P");
  EXPECT_TRUE(Contains(r.body, "data-up href=\"/dashboard\""));
  // A province coordinator's scope is one province: no national view, and
  // no link up from the province.
  auto prov = LogIn("prov");
  EXPECT_EQ(prov->Send("GET", "/dashboard").status, 403);
  EXPECT_FALSE(Contains(prov->Send("GET", "/dashboard/P").body, "data-up"));
  EXPECT_EQ(LogIn("desk")->Send("GET", "/dashboard").status, 403);
  HttpClient anonymous(server_->port());
  EXPECT_EQ(anonymous.Send("GET", "/dashboard").status, 303);
}

INSTANTIATE_TEST_SUITE_P(Http, PagesTest, kBothBackends, BackendName);
INSTANTIATE_TEST_SUITE_P(Http, DashboardTest, kBothBackends, BackendName);

}  // namespace
}  // namespace cardex::testing
