// Working groups over HTTP, end to end: a commune officer defines a group,
// assigns a cell and adds a member; the member (an inspector of another
// cell) then reads the cell's page, records an inspection with a
// follow-up, finds it among their own follow-ups and closes it; the group
// page lists it all, Vietnamese first. Both engines.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "cardex/core/limits.h"
#include "cardex/groups/groups.h"
#include "tests/http/server_fixture.h"

namespace cardex::testing {
namespace {

using GroupsApiTest = ServerTest;

std::string MessageId(const HttpReply& r) {
  auto v = boost::json::parse(r.body);
  const auto* error = v.is_object() ? v.as_object().if_contains("error") : nullptr;
  const auto* id = error && error->is_object() ? error->as_object().if_contains("message_id") : nullptr;
  return id && id->is_string() ? std::string(id->as_string()) : "";
}

TEST_P(GroupsApiTest, DefineAssignRecordAndClose) {
  ASSERT_TRUE(CreateUser(*store_, {"lan", "Lan", Role::kInspector, "P.C.2"}, kPassword, "test",
                         Clock::now())
                  .ok());
  std::string csrf;
  auto commune = LogIn("commune", &csrf);
  int key = 0;
  auto post = [&](HttpClient& c, const std::string& token, const std::string& path,
                  const std::string& body) {
    return c.Send("POST", path, body,
                  {{"X-CSRF-Token", token}, {"Idempotency-Key", "groups-" + std::to_string(key++)},
                   {"Content-Type", "application/json"}});
  };
  HttpReply r = post(*commune, csrf, "/api/units/P.C/groups",
                     R"({"code":"T1","name":"Tổ kiểm tra 1","leader":"Đ/c Hùng"})");
  ASSERT_EQ(r.status, 201) << r.body;
  r = post(*commune, csrf, "/api/groups/T1/units", R"({"unit":"P.C.1"})");
  ASSERT_EQ(r.status, 200) << r.body;
  r = post(*commune, csrf, "/api/groups/T1/members", R"({"login":"lan"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(boost::json::parse(r.body).at("members").as_array().size(), 1u);
  // Outside the group's unit.
  r = post(*commune, csrf, "/api/groups/T1/units", R"({"unit":"P"})");
  EXPECT_EQ(r.status, 400) << r.body;

  std::string lan_csrf;
  auto lan = LogIn("lan", &lan_csrf);
  // Through the group, the assigned cell's page and members (read only).
  EXPECT_EQ(lan->Send("GET", "/units/P.C.1").status, 200);
  EXPECT_EQ(lan->Send("GET", "/api/members/M1").status, 200);
  // Not a manager of the group.
  EXPECT_EQ(post(*lan, lan_csrf, "/api/groups/T1/units", R"({"unit":"P.C.2"})").status, 403);

  const std::string inspection =
      R"({"unit":"P.C.1","date":"2025-08-06","findings":"Thiếu 2 ảnh <b>",)"
      R"("follow_ups":[{"text":"Chụp lại ảnh","owner":"lan","due":"2025-08-08"}]})";
  const std::map<std::string, std::string> headers = {{"X-CSRF-Token", lan_csrf},
                                                      {"Idempotency-Key", "inspection-1"},
                                                      {"Content-Type", "application/json"}};
  r = lan->Send("POST", "/api/groups/T1/inspections", inspection, headers);
  ASSERT_EQ(r.status, 201) << r.body;
  // A retry replays the first answer and records nothing twice.
  HttpReply again = lan->Send("POST", "/api/groups/T1/inspections", inspection, headers);
  EXPECT_EQ(again.status, 201);
  EXPECT_EQ(again.body, r.body);
  auto count = store_->Query("SELECT COUNT(*) FROM inspections");
  EXPECT_EQ(count->Int(0, 0), 1);

  r = lan->Send("GET", "/api/me/follow-ups");
  ASSERT_EQ(r.status, 200);
  auto mine = boost::json::parse(r.body).at("follow_ups").as_array();
  ASSERT_EQ(mine.size(), 1u);
  const std::string id = std::to_string(mine[0].at("id").as_int64());

  r = lan->Send("GET", "/groups/T1");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("href=\"/units/P.C.1\""), std::string::npos);
  EXPECT_NE(r.body.find("Thiếu 2 ảnh &lt;b&gt;"), std::string::npos);
  EXPECT_NE(r.body.find("Việc của tôi đang mở"), std::string::npos);
  EXPECT_NE(r.body.find("data-url=\"/api/follow-ups/" + id + "/close\""), std::string::npos);
  EXPECT_NE(r.body.find("data-url=\"/api/groups/T1/inspections\""), std::string::npos);
  // English on request (another client: the test client keeps one cookie,
  // and the switch sets the language's).
  r = LogIn("lan")->Send("GET", "/groups/T1?lang=en");
  EXPECT_NE(r.body.find("My open follow-ups"), std::string::npos);

  r = post(*lan, lan_csrf, "/api/follow-ups/" + id + "/close", "{}");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(boost::json::parse(r.body).at("closed_by").as_string(), "lan");
  EXPECT_EQ(post(*lan, lan_csrf, "/api/follow-ups/" + id + "/close", "{}").status, 409);
  EXPECT_EQ(post(*lan, lan_csrf, "/api/follow-ups/x1/close", "{}").status, 404);
  EXPECT_TRUE(boost::json::parse(lan->Send("GET", "/api/me/follow-ups").body)
                  .at("follow_ups").as_array().empty());

  // The list shows the group to its member and its manager, not to a cell
  // secretary outside it.
  EXPECT_EQ(boost::json::parse(lan->Send("GET", "/api/groups").body).at("groups").as_array().size(), 1u);
  auto cell2 = LogIn("cell2");
  EXPECT_TRUE(boost::json::parse(cell2->Send("GET", "/api/groups").body).at("groups").as_array().empty());
  EXPECT_EQ(cell2->Send("GET", "/groups/T1").status, 403);

  // Every change is in the audit chain.
  auto audit = store_->Query(
      "SELECT action FROM audit_log WHERE action LIKE 'group.%' OR action LIKE 'inspection.%' "
      "OR action LIKE 'follow_up.%' ORDER BY seq");
  ASSERT_TRUE(audit.ok());
  std::vector<std::string> actions;
  for (size_t i = 0; i < audit->size(); ++i) actions.emplace_back(audit->Text(i, 0));
  EXPECT_EQ(actions, (std::vector<std::string>{"group.define", "group.assign_unit", "group.add_member",
                                               "inspection.record", "follow_up.close"}));
}

// Issue 15: a group's page shows at most limits::kInspectionsPerPage
// inspections and links on; the API pages the same way; a bad page number
// is a 400 naming the parameter.
TEST_P(GroupsApiTest, LongListsArePaged) {
  groups::Group group{"T2", "Tổ 2", "Đ/c Hùng", "P.C", {}, {}};
  ASSERT_TRUE(groups::Atomically(*store_, [&] { return groups::DefineGroup(*store_, group, "admin", "2025-08-01T00:00:00Z"); }).ok());
  ASSERT_TRUE(groups::AssignUnit(*store_, "T2", "P.C.1", "admin", "2025-08-01T00:00:00Z").ok());
  const size_t n = limits::kInspectionsPerPage + 3;
  for (size_t i = 0; i < n; ++i) {
    groups::Inspection in;
    in.group_code = "T2";
    in.unit_code = "P.C.1";
    in.inspected_on = "2025-08-06";
    in.findings = "biên bản " + std::to_string(i);
    ASSERT_TRUE(groups::Atomically(*store_, [&] { return groups::RecordInspection(*store_, in, "admin", "2025-08-06T00:00:00Z"); }).ok());
  }
  auto commune = LogIn("commune");
  auto count = [](const std::string& body, const std::string& needle) {
    size_t k = 0;
    for (size_t at = body.find(needle); at != std::string::npos; at = body.find(needle, at + 1)) ++k;
    return k;
  };
  HttpReply r = commune->Send("GET", "/groups/T2");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(count(r.body, "<article class=\"inspection\""), limits::kInspectionsPerPage);
  EXPECT_NE(r.body.find("Dòng 1–100 trên tổng số 103"), std::string::npos);
  EXPECT_NE(r.body.find("href=\"/groups/T2?page=2\""), std::string::npos);
  r = commune->Send("GET", "/groups/T2?page=2");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(count(r.body, "<article class=\"inspection\""), 3u);
  EXPECT_NE(r.body.find("href=\"/groups/T2?page=1\""), std::string::npos);
  EXPECT_EQ(r.body.find("rel=\"next\""), std::string::npos);

  r = commune->Send("GET", "/api/groups/T2?page=2");
  ASSERT_EQ(r.status, 200);
  auto o = boost::json::parse(r.body).as_object();
  EXPECT_EQ(o.at("inspections").as_array().size(), 3u);
  EXPECT_EQ(o.at("inspections_total").to_number<int64_t>(), static_cast<int64_t>(n));
  for (const char* bad : {"0", "x", "-1", "1000001"}) {
    r = commune->Send("GET", std::string("/api/groups/T2?page=") + bad);
    EXPECT_EQ(r.status, 400) << bad;
    EXPECT_EQ(MessageId(r), "page.invalid") << r.body;
    EXPECT_NE(r.body.find("Số trang phải là số nguyên từ 1 đến"), std::string::npos) << r.body;
  }
  r = commune->Send("GET", "/api/groups/T2?page=x", "", {{"Accept-Language", "en"}});
  EXPECT_NE(r.body.find("page: expected a whole number"), std::string::npos) << r.body;
  // A page is refused with a page, in the page's language.
  r = commune->Send("GET", "/groups/T2?page=0");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("Số trang phải là số nguyên từ 1 đến"), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find("expected"), std::string::npos) << r.body;
}

// Issue 14: every refusal of the groups' API and pages is a catalogue
// message (message_id beside the code), Vietnamese unless English is asked.
TEST_P(GroupsApiTest, RefusalsSpeakFromTheCatalogue) {
  ASSERT_TRUE(CreateUser(*store_, {"lan", "Lan", Role::kInspector, "P.C.2"}, kPassword, "test",
                         Clock::now())
                  .ok());
  std::string csrf;
  auto commune = LogIn("commune", &csrf);
  int key = 0;
  auto post = [&](const std::string& path, const std::string& body, const std::string& lang = "") {
    std::map<std::string, std::string> headers = {
        {"X-CSRF-Token", csrf}, {"Idempotency-Key", "refusals-" + std::to_string(key++)},
        {"Content-Type", "application/json"}};
    if (!lang.empty()) headers["Accept-Language"] = lang;
    return commune->Send("POST", path, body, headers);
  };
  ASSERT_EQ(post("/api/units/P.C/groups", R"({"code":"T1","name":"Tổ 1","leader":"Đ/c Hùng"})").status, 201);
  struct Case {
    std::string path, body;
    int status;
    std::string id, vi, en;
  };
  const Case cases[] = {
      {"/api/units/P.C/groups", R"({"code":"T1","name":"Tổ 1","leader":"x"})", 409, "group.exists",
       "Đã có tổ công tác mang mã T1.", "group T1 exists already"},
      {"/api/units/P.C/groups", R"({"code":"bad code!","name":"Tổ","leader":"x"})", 400, "group.bad_code",
       "Mã tổ công tác gồm 1 đến 32 ký tự", "group code: expected 1-32"},
      {"/api/units/P.C/groups", R"({"code":"T9","name":"","leader":"x"})", 400, "group.name_required",
       "Chưa nhập tên tổ công tác.", "group name: must not be empty"},
      {"/api/groups/T1/units", R"({"unit":"P"})", 400, "group.unit_outside",
       "Đơn vị P không trực thuộc đơn vị P.C của tổ công tác T1.", "unit P is outside group T1's unit P.C"},
      {"/api/groups/T1/members", R"({"login":"ghost"})", 404, "group.no_account",
       "Không có tài khoản ghost.", "no account ghost"},
      {"/api/groups/NOPE/units", R"({"unit":"P.C.1"})", 404, "not_found.group",
       "Không có tổ công tác NOPE.", "No working group NOPE."},
  };
  for (const Case& c : cases) {
    HttpReply vi = post(c.path, c.body);
    EXPECT_EQ(vi.status, c.status) << c.path << " " << vi.body;
    EXPECT_EQ(MessageId(vi), c.id) << vi.body;
    EXPECT_NE(vi.body.find(c.vi), std::string::npos) << vi.body;
    HttpReply en = post(c.path, c.body, "en");
    EXPECT_EQ(MessageId(en), c.id) << en.body;
    EXPECT_NE(en.body.find(c.en), std::string::npos) << en.body;
  }
  // An inspection of a unit the group was not given, and a bad due date.
  HttpReply r = post("/api/groups/T1/inspections", R"({"unit":"P.C.2","date":"2025-08-06","findings":"x"})");
  EXPECT_EQ(MessageId(r), "inspection.unit_not_assigned") << r.body;
  ASSERT_EQ(post("/api/groups/T1/units", R"({"unit":"P.C.1"})").status, 200);
  r = post("/api/groups/T1/inspections",
           R"({"unit":"P.C.1","date":"2025-08-06","findings":"x",)"
           R"("follow_ups":[{"text":"y","owner":"lan","due":"2025-13-01"}]})");
  EXPECT_EQ(MessageId(r), "group.date_invalid") << r.body;
  EXPECT_NE(r.body.find("follow_ups.due"), std::string::npos) << r.body;
  r = post("/api/groups/T1/inspections",
           R"({"unit":"P.C.1","date":"2025-08-06","findings":"x","follow_ups":[{"text":"y","owner":"ghost","due":"2025-08-08"}]})");
  EXPECT_EQ(MessageId(r), "follow_up.owner_unknown") << r.body;
  // The group's page refuses an unknown group with a page in Vietnamese.
  r = commune->Send("GET", "/groups/NOPE");
  EXPECT_EQ(r.status, 404);
  EXPECT_NE(r.body.find("Không có tổ công tác NOPE."), std::string::npos) << r.body;
}

INSTANTIATE_TEST_SUITE_P(Http, GroupsApiTest, kBothBackends, BackendName);

}  // namespace
}  // namespace cardex::testing
