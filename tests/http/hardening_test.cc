// The findings of the outside probe (issue 15), one test each: input
// limits, station codes in desk steps, invalid UTF-8 in paths, hidden
// existence of out-of-scope members, idempotency keys scoped to the actor,
// and lock-out that cannot stop a desk's own browser.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "cardex/core/text.h"
#include "cardex/groups/groups.h"
#include "tests/http/server_fixture.h"

namespace cardex::testing {
namespace {

using HardeningTest = ServerTest;

std::map<std::string, std::string> Change(const std::string& csrf, const std::string& key) {
  return {{"X-CSRF-Token", csrf}, {"Idempotency-Key", key}, {"Content-Type", "application/json"}};
}

std::string Message(const HttpReply& r) {
  auto v = boost::json::parse(r.body);
  return std::string(v.at("error").at("message").as_string());
}

TEST_P(HardeningTest, EveryFieldHasALimitAndTheRefusalNamesIt) {
  std::string csrf;
  auto commune = LogIn("commune", &csrf);
  const std::string long_name(201, 'a');
  HttpReply r = commune->Send("POST", "/api/units/P.C/groups",
                              R"({"code":"G1","name":")" + long_name + "\"}", Change(csrf, "limit-key-1"));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Message(r), "Trường “name” dài 201 ký tự, tối đa 200.");
  // Counted in characters: 200 Vietnamese letters pass.
  std::string vi;
  for (int i = 0; i < 200; ++i) vi += "ệ";
  r = commune->Send("POST", "/api/units/P.C/groups", R"({"code":"G1","name":")" + vi + "\"}",
                    Change(csrf, "limit-key-2"));
  ASSERT_EQ(r.status, 201) << r.body;
  ASSERT_TRUE(groups::AssignUnit(*store_, "G1", "P.C.1", "test", "2025-08-05T00:00:00Z").ok());
  r = commune->Send("POST", "/api/groups/G1/inspections",
                    R"({"unit":"P.C.1","date":"2025-08-05","findings":")" + std::string(5001, 'f') + "\"}",
                    Change(csrf, "limit-key-3"));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Message(r), "Trường “findings” dài 5001 ký tự, tối đa 5000.");
  std::string many = R"({"unit":"P.C.1","date":"2025-08-05","findings":"ok","follow_ups":[)";
  for (int i = 0; i < 51; ++i) {
    many += std::string(i ? "," : "") + R"({"text":"t","owner":"commune","due":"2025-08-09"})";
  }
  r = commune->Send("POST", "/api/groups/G1/inspections", many + "]}", Change(csrf, "limit-key-4"));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Message(r), "Trường “follow_ups” có 51 mục, tối đa 50.");
  // A field no rule names still has the safety net; no refusal quotes the value.
  std::string desk_csrf;
  auto desk = LogIn("desk", &desk_csrf);
  r = desk->Send("POST", "/api/members/M1/check-in", R"({"note":")" + std::string(1001, 'n') + "\"}",
                 Change(desk_csrf, "limit-key-5"));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Message(r), "Trường “note” dài 1001 ký tự, tối đa 1000.");
  r = desk->Send("POST", "/api/desk/lookup", R"({"invitation_code":")" + std::string(100, 'X') + "\"}",
                 {{"X-CSRF-Token", desk_csrf}, {"Content-Type", "application/json"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body.find("XXXX"), std::string::npos) << r.body;
}

TEST_P(HardeningTest, AStepsStationMustExistAndServeTheMember) {
  std::vector<Unit> units = {{"P.E", "P", "commune", "Xã E"}, {"P.E.1", "P.E", "cell", "Chi bộ E1"}};
  ASSERT_TRUE(store_->UpsertUnits(units).ok());
  std::vector<Station> stations = {{"S2", "Công an xã E", 1, 10, {"P.E"}}};
  ASSERT_TRUE(store_->UpsertStations(stations).ok());
  std::string csrf;
  auto admin = LogIn("admin", &csrf);
  int k = 0;
  for (const char* station : {"NOPE<x>", "S2", "S\\u0000"}) {
    HttpReply r = admin->Send("POST", "/api/members/M1/check-in",
                              std::string(R"({"station":")") + station + "\"}",
                              Change(csrf, "station-" + std::to_string(k++)));
    EXPECT_EQ(r.status, 400) << station << " " << r.body;
    EXPECT_EQ(r.body.find("<x>"), std::string::npos);
  }
  auto stored = store_->Query("SELECT COUNT(*) FROM exchange WHERE station_code IN ('NOPE<x>', 'S2')");
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->Int(0, 0), 0);
  HttpReply ok = admin->Send("POST", "/api/members/M2/check-in", R"({"station":"S"})", Change(csrf, "station-ok"));
  EXPECT_EQ(ok.status, 200) << ok.body;
}

TEST_P(HardeningTest, InvalidUtf8InAPathIsRefusedWithoutEchoingIt) {
  auto desk = LogIn("desk");
  for (const char* path : {"/api/members/%ff%fe", "/api/members/M1%c3", "/api/stations/%80/days/2025-08-05",
                           "/desk?station=%ff", "/nope/%ed%a0%80"}) {
    HttpReply r = desk->Send("GET", path);
    EXPECT_EQ(r.status, 400) << path;
    EXPECT_FALSE(FindInvalidUtf8(r.body).has_value()) << path;
    EXPECT_NO_THROW(boost::json::parse(r.body)) << path << " " << r.body;
  }
  // Raw bytes (not %-escaped) too.
  HttpReply raw = desk->SendRaw("GET /api/members/\xff\xfe HTTP/1.1\r\nHost: a\r\n\r\n");
  EXPECT_EQ(raw.status, 400);
  EXPECT_FALSE(FindInvalidUtf8(raw.body).has_value()) << raw.body;
}

TEST_P(HardeningTest, OutOfScopeAndUnknownMembersLookTheSame) {
  std::vector<Member> m = {{"M9", "079080000009", "Trần Văn 9", "1980-01-09", "M", "P.C.2", "official", "", false}};
  ASSERT_TRUE(store_->UpsertMembers(m).ok());
  auto cell2 = LogIn("cell2");
  HttpReply exists = cell2->Send("GET", "/api/members/M1");    // in P.C.1: out of scope
  HttpReply unknown = cell2->Send("GET", "/api/members/M77");  // nobody
  EXPECT_EQ(exists.status, 403);
  EXPECT_EQ(unknown.status, exists.status);
  EXPECT_EQ(exists.body.find("P.C.1"), std::string::npos) << exists.body;
  auto shape = [](std::string body, const std::string& no) {
    body.replace(body.find(no), no.size(), "#");
    return body;
  };
  EXPECT_EQ(shape(exists.body, "M1"), shape(unknown.body, "M77"));
  for (const char* sub : {"/card", "/photo"}) {
    HttpReply a = cell2->Send("GET", std::string("/api/members/M1") + sub);
    HttpReply b = cell2->Send("GET", std::string("/api/members/M77") + sub);
    EXPECT_EQ(a.status, b.status) << sub;
    EXPECT_EQ(shape(a.body, "M1"), shape(b.body, "M77")) << sub;
  }
  EXPECT_EQ(cell2->Send("GET", "/api/members/M9").status, 200);
  // The administrator hides nothing from itself: a plain 404.
  EXPECT_EQ(LogIn("admin")->Send("GET", "/api/members/M77").status, 404);
}

TEST_P(HardeningTest, IdempotencyKeysBelongToTheirActor) {
  std::string desk_csrf, admin_csrf;
  auto desk = LogIn("desk", &desk_csrf);
  auto admin = LogIn("admin", &admin_csrf);
  HttpReply first = desk->Send("POST", "/api/members/M1/check-in", "{}", Change(desk_csrf, "same-key-1"));
  ASSERT_EQ(first.status, 200) << first.body;
  // Another user with the same key: its own request, not a 422 that would
  // say someone used the key.
  HttpReply other = admin->Send("POST", "/api/members/M2/check-in", "{}", Change(admin_csrf, "same-key-1"));
  EXPECT_EQ(other.status, 200) << other.body;
  EXPECT_EQ(other.headers.count("idempotent-replayed"), 0u);
  // Each one's retry replays its own first answer.
  HttpReply again = desk->Send("POST", "/api/members/M1/check-in", "{}", Change(desk_csrf, "same-key-1"));
  EXPECT_EQ(again.body, first.body);
  EXPECT_EQ(again.headers["idempotent-replayed"], "true");
  // Reusing one's own key for another request is still refused.
  EXPECT_EQ(desk->Send("POST", "/api/members/M3/check-in", "{}", Change(desk_csrf, "same-key-1")).status, 422);
}

TEST_P(HardeningTest, LockOutStopsGuessingButNotTheDesksOwnBrowser) {
  const std::map<std::string, std::string> json = {{"Content-Type", "application/json"}};
  const std::string right = R"({"login":"desk","password":"correct horse battery"})";
  const std::string wrong = R"({"login":"desk","password":"wrong password!"})";
  // The desk's browser logged in yesterday: it holds a device token.
  HttpClient desk_browser(server_->port());
  ASSERT_EQ(desk_browser.Send("POST", "/api/session", right, json).status, 200);
  EXPECT_NE(desk_browser.cookie.find("cardex_device_"), std::string::npos);
  // Someone else fails five times: the account locks.
  HttpClient attacker(server_->port());
  for (int i = 0; i < 5; ++i) EXPECT_EQ(attacker.Send("POST", "/api/session", wrong, json).status, 401);
  // The lock holds against everyone else, the right password included:
  // guessing stays impossible.
  EXPECT_EQ(attacker.Send("POST", "/api/session", right, json).status, 403);
  HttpClient stranger(server_->port());
  EXPECT_EQ(stranger.Send("POST", "/api/session", right, json).status, 403);
  // A forged device token, or another account's, does not help.
  auto device = [](const std::string& jar) {  // "cardex_device_…=TOKEN"
    std::string c = jar.substr(jar.find("cardex_device_"));
    return c.substr(0, c.find(';'));
  };
  const std::string mine = device(desk_browser.cookie);
  const std::string name = mine.substr(0, mine.find('=') + 1);
  HttpClient forger(server_->port());
  forger.cookie = mine.substr(0, mine.size() - 4) + (mine.substr(mine.size() - 4) == "0000" ? "1111" : "0000");
  EXPECT_EQ(forger.Send("POST", "/api/session", right, json).status, 403);
  HttpClient cell2(server_->port());
  ASSERT_EQ(cell2.Send("POST", "/api/session", R"({"login":"cell2","password":"correct horse battery"})", json).status, 200);
  const std::string theirs = device(cell2.cookie);
  forger.cookie = name + theirs.substr(theirs.find('=') + 1);
  EXPECT_EQ(forger.Send("POST", "/api/session", right, json).status, 403);
  // The desk's own browser still logs in, and still needs the password.
  EXPECT_EQ(desk_browser.Send("POST", "/api/session", wrong, json).status, 401);
  HttpReply in = desk_browser.Send("POST", "/api/session", right, json);
  EXPECT_EQ(in.status, 200) << in.body;
  // Its success does not lift the lock for the others.
  EXPECT_EQ(stranger.Send("POST", "/api/session", right, json).status, 403);
}

INSTANTIATE_TEST_SUITE_P(Http, HardeningTest, kBothBackends, BackendName);

}  // namespace
}  // namespace cardex::testing
