// Every desk endpoint × every role: the answer is 403 exactly when
// Authorize (the one rule, cardex/auth/authorize.h) refuses the route's
// permission on its target. Writes aim at member M4, who is `listed` with
// no appointment, so an allowed write is refused by the state machine (409)
// and nothing changes between cases.
#include <gtest/gtest.h>

#include "cardex/auth/authorize.h"
#include "cardex/auth/scope.h"
#include "cardex/groups/groups.h"
#include "tests/http/server_fixture.h"

namespace cardex::testing {
namespace {

using AuthzMatrixTest = ServerTest;

struct Endpoint {
  const char* method;
  const char* path;
  Permission permission;
  Target target;
  const char* body;
  const char* content_type;
};

TEST_P(AuthzMatrixTest, EveryEndpointRefusesExactlyWhatAuthorizeRefuses) {
  // A second station, S2, serving another commune P.E: the desk officer of
  // S must see neither its day nor its desk.
  std::vector<Unit> units = {{"P.E", "P", "commune", "Xã E"}};
  ASSERT_TRUE(store_->UpsertUnits(units).ok());
  std::vector<Station> stations = {{"S2", "Công an xã E", 1, 10, {"P.E"}}};
  ASSERT_TRUE(store_->UpsertStations(stations).ok());
  ASSERT_TRUE(app_->ReloadScopes().ok());
  auto scopes = ScopeResolver::Load(*store_);
  ASSERT_TRUE(scopes.ok());
  std::string png("\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\x01\x90\0\0\x01\xf4\x08\x02\0\0\0\0\0\0\0", 33);
  const Target member{"P.C.1", ""};
  const Endpoint endpoints[] = {
      {"GET", "/api/members/M4", Permission::kViewMembers, member, "", "application/json"},
      {"GET", "/api/members/M4/photo", Permission::kViewMembers, member, "", "application/json"},
      {"GET", "/api/stations/S/days/2025-08-05", Permission::kDeskCheckIn, {"", "S"}, "",
       "application/json"},
      {"GET", "/api/stations/S2/days/2025-08-05", Permission::kDeskCheckIn, {"", "S2"}, "",
       "application/json"},
      {"GET", "/desk?station=S&date=2025-08-05", Permission::kDeskCheckIn, {"", "S"}, "", "text/html"},
      {"GET", "/desk?station=S2&date=2025-08-05", Permission::kDeskCheckIn, {"", "S2"}, "",
       "text/html"},
      {"POST", "/api/members/M4/card/revoke", Permission::kProduceCards, member,
       R"({"card_no":"P-000000000","reason":"lost"})", "application/json"},
      {"POST", "/api/members/M4/check-in", Permission::kDeskCheckIn, member, "{}", "application/json"},
      {"PUT", "/api/members/M4/photo", Permission::kDeskCapture, member, nullptr, "image/png"},
      {"POST", "/api/members/M4/confirm", Permission::kDeskConfirm, member, "{}", "application/json"},
      {"POST", "/api/members/M4/settle", Permission::kDeskConfirm, member, "{}", "application/json"},
      {"POST", "/api/members/M4/submit", Permission::kDeskSubmit, member, "{}", "application/json"},
      {"POST", "/api/members/M4/exception", Permission::kDeskException, member,
       R"({"reason":"busy"})", "application/json"},
      {"POST", "/api/members/M4/booking", Permission::kBookCatchUp, member,
       R"({"not_before":"2025-08-05T08:00"})", "application/json"},
      {"POST", "/api/members/M4/hand-over", Permission::kHandOver, member,
       R"({"card_no":"P-000000000"})", "application/json"},
      {"GET", "/api/members/M4/card", Permission::kViewMembers, member, "", "application/json"},
      {"GET", "/dashboard", Permission::kViewProgress, {}, "", "text/html"},
      {"GET", "/dashboard/P", Permission::kViewProgress, {"P", ""}, "", "text/html"},
      {"GET", "/dashboard/P.C", Permission::kViewProgress, {"P.C", ""}, "", "text/html"},
      {"GET", "/dashboard/P.C.2", Permission::kViewProgress, {"P.C.2", ""}, "", "text/html"},
      {"GET", "/dashboard/stations/S", Permission::kViewProgress, {"", "S"}, "", "text/html"},
  };
  struct Account {
    const char* login;
    Principal principal;
  } accounts[] = {{"admin", {"admin", "", Role::kAdministrator, ""}},
                  {"prov", {"prov", "", Role::kProvinceCoordinator, "P"}},
                  {"commune", {"commune", "", Role::kCommuneOfficer, "P.C"}},
                  {"cell2", {"cell2", "", Role::kCellSecretary, "P.C.2"}},
                  {"desk", {"desk", "", Role::kStationOfficer, "S"}},
                  {"inspector", {"inspector", "", Role::kInspector, "P"}}};
  int key = 0, refused = 0, allowed = 0;
  for (const Account& a : accounts) {
    std::string csrf;
    auto c = LogIn(a.login, &csrf);
    for (const Endpoint& e : endpoints) {
      bool may = Allowed(**scopes, a.principal, e.permission, e.target);
      std::map<std::string, std::string> headers = {{"X-CSRF-Token", csrf},
                                                    {"Idempotency-Key", "matrix-" + std::to_string(key++)},
                                                    {"Content-Type", e.content_type}};
      HttpReply r = c->Send(e.method, e.path, e.body ? e.body : png, headers);
      SCOPED_TRACE(std::string(a.login) + " " + e.method + " " + e.path + " -> " +
                   std::to_string(r.status) + " " + r.body);
      if (may) {
        EXPECT_NE(r.status, 403);
        EXPECT_NE(r.status, 200 * (std::string(e.method) != "GET"));  // writes never succeed on M4
        ++allowed;
      } else {
        EXPECT_EQ(r.status, 403);
        ++refused;
      }
    }
  }
  // The rule itself for a station's day: a station officer sees only their
  // station, and the day's list needs desk_check_in (the inspector, whose
  // scope covers both stations, holds only read permissions).
  EXPECT_TRUE(Allowed(**scopes, accounts[4].principal, Permission::kDeskCheckIn, {"", "S"}));
  EXPECT_FALSE(Allowed(**scopes, accounts[4].principal, Permission::kDeskCheckIn, {"", "S2"}));
  EXPECT_FALSE(Allowed(**scopes, accounts[2].principal, Permission::kDeskCheckIn, {"", "S2"}));
  EXPECT_FALSE(Allowed(**scopes, accounts[5].principal, Permission::kDeskCheckIn, {"", "S"}));
  {
    auto desk = LogIn("desk");
    EXPECT_EQ(desk->Send("GET", "/api/stations/S/days/2025-08-05", "", {}).status, 200);
    EXPECT_EQ(desk->Send("GET", "/api/stations/S2/days/2025-08-05", "", {}).status, 403);
    EXPECT_EQ(desk->Send("GET", "/desk?station=S2", "", {}).status, 403);
    EXPECT_EQ(desk->Send("GET", "/desk", "", {}).status, 200);
    auto inspector = LogIn("inspector");
    EXPECT_EQ(inspector->Send("GET", "/api/stations/S/days/2025-08-05", "", {}).status, 403);
    EXPECT_EQ(inspector->Send("GET", "/desk?station=S", "", {}).status, 403);
  }
  EXPECT_GT(refused, 20);
  EXPECT_GT(allowed, 15);
  // M4 is exactly as it was.
  auto events = store_->Query("SELECT count(*) FROM exchange_events WHERE member_no = 'M4'");
  EXPECT_EQ(events->Int(0, 0), 0);
}

// The working-group endpoints × every role, plus two group members: gm1
// (inspector of P.C.2, member of G1, which has P.C.1) and gm2 (inspector
// of P.C.1, member of G2, which has P.C.2): each endpoint answers 403
// exactly when Authorize refuses, and a member of one group is refused the
// other group's records. Allowed writes are chosen to change nothing: the
// unit and member are already in the group, the inspection's date is bad
// (400), the follow-up is already done (409), the new group's code is bad.
TEST_P(AuthzMatrixTest, GroupEndpointsRefuseExactlyWhatAuthorizeRefuses) {
  for (const char* login : {"gm1", "gm2"}) {
    ASSERT_TRUE(CreateUser(*store_, {login, login, Role::kInspector, login[2] == '1' ? "P.C.2" : "P.C.1"},
                           kPassword, "test", Clock::now())
                    .ok());
  }
  const char* at = "2025-08-06T01:00:00Z";
  ASSERT_TRUE(groups::DefineGroup(*store_, {"G1", "Tổ 1", "", "P.C", {}, {}}, "admin", at).ok());
  ASSERT_TRUE(groups::DefineGroup(*store_, {"G2", "Tổ 2", "", "P.C", {}, {}}, "admin", at).ok());
  ASSERT_TRUE(groups::AssignUnit(*store_, "G1", "P.C.1", "admin", at).ok());
  ASSERT_TRUE(groups::AssignUnit(*store_, "G2", "P.C.2", "admin", at).ok());
  ASSERT_TRUE(groups::AddMember(*store_, "G1", "gm1", "admin", at).ok());
  ASSERT_TRUE(groups::AddMember(*store_, "G2", "gm2", "admin", at).ok());
  groups::Inspection in;
  in.group_code = "G1";
  in.unit_code = "P.C.1";
  in.inspected_on = "2025-08-06";
  in.findings = "x";
  in.follow_ups = {{0, 0, "", "", "y", "gm1", "2025-08-07", "open", "", ""}};
  auto recorded = groups::RecordInspection(*store_, in, "admin", at);
  ASSERT_TRUE(recorded.ok());
  const std::string fid = std::to_string(recorded->follow_ups[0].id);
  ASSERT_TRUE(groups::CloseFollowUp(*store_, recorded->follow_ups[0].id, "admin", at).ok());
  auto audit_before = store_->Query("SELECT COUNT(*) FROM audit_log WHERE action NOT LIKE 'session.%'");

  auto scopes = ScopeResolver::Load(*store_);
  ASSERT_TRUE(scopes.ok());
  const Target g1{"P.C", "", "G1"};
  const std::string close = "/api/follow-ups/" + fid + "/close";
  const Endpoint endpoints[] = {
      {"GET", "/api/groups/G1", Permission::kViewProgress, g1, "", "application/json"},
      {"GET", "/groups/G1", Permission::kViewProgress, g1, "", "text/html"},
      {"POST", "/api/groups/G1/units", Permission::kManageWorkingGroups, g1, R"({"unit":"P.C.1"})",
       "application/json"},
      {"POST", "/api/groups/G1/members", Permission::kManageWorkingGroups, g1,
       R"({"login":"gm1"})", "application/json"},
      {"POST", "/api/groups/G1/inspections", Permission::kRecordInspection, g1,
       R"({"unit":"P.C.1","date":"bad","findings":"x"})", "application/json"},
      {"POST", close.c_str(), Permission::kRecordInspection, g1, "{}", "application/json"},
      {"POST", "/api/units/P.C/groups", Permission::kManageWorkingGroups, {"P.C", ""},
       R"({"code":"bad code","name":"x"})", "application/json"},
      // Units through the group rule: read, never write.
      {"GET", "/api/members/M4", Permission::kViewMembers, {"P.C.1", ""}, "", "application/json"},
      {"GET", "/units/P.C.1", Permission::kViewMembers, {"P.C.1", ""}, "", "text/html"},
      {"POST", "/api/members/M4/booking", Permission::kBookCatchUp, {"P.C.1", ""},
       R"({"not_before":"2025-08-05T08:00"})", "application/json"},
  };
  struct Account {
    const char* login;
    Principal principal;
  } accounts[] = {{"admin", {"admin", "", Role::kAdministrator, ""}},
                  {"prov", {"prov", "", Role::kProvinceCoordinator, "P"}},
                  {"commune", {"commune", "", Role::kCommuneOfficer, "P.C"}},
                  {"cell2", {"cell2", "", Role::kCellSecretary, "P.C.2"}},
                  {"desk", {"desk", "", Role::kStationOfficer, "S"}},
                  {"inspector", {"inspector", "", Role::kInspector, "P"}},
                  {"gm1", {"gm1", "", Role::kInspector, "P.C.2", {{"G1", {"P.C.1"}}}}},
                  {"gm2", {"gm2", "", Role::kInspector, "P.C.1", {{"G2", {"P.C.2"}}}}}};
  int key = 0, refused = 0, allowed = 0;
  for (const Account& a : accounts) {
    std::string csrf;
    auto c = LogIn(a.login, &csrf);
    for (const Endpoint& e : endpoints) {
      bool may = Allowed(**scopes, a.principal, e.permission, e.target);
      std::map<std::string, std::string> headers = {{"X-CSRF-Token", csrf},
                                                    {"Idempotency-Key", "gmatrix-" + std::to_string(key++)},
                                                    {"Content-Type", e.content_type}};
      HttpReply r = c->Send(e.method, e.path, e.body, headers);
      SCOPED_TRACE(std::string(a.login) + " " + e.method + " " + e.path + " -> " +
                   std::to_string(r.status) + " " + r.body);
      if (may) {
        EXPECT_NE(r.status, 403);
        if (std::string(e.method) == "GET") {
          EXPECT_EQ(r.status, 200);
        }
        ++allowed;
      } else {
        EXPECT_EQ(r.status, 403);
        ++refused;
      }
    }
  }
  // The rule itself, not only agreement with Allowed: gm1 acts on G1 and
  // reads P.C.1 through it; gm2, of another group, may do neither on G1.
  EXPECT_TRUE(Allowed(**scopes, accounts[6].principal, Permission::kRecordInspection, g1));
  EXPECT_TRUE(Allowed(**scopes, accounts[6].principal, Permission::kViewMembers, {"P.C.1", ""}));
  EXPECT_FALSE(Allowed(**scopes, accounts[6].principal, Permission::kBookCatchUp, {"P.C.1", ""}));
  EXPECT_FALSE(Allowed(**scopes, accounts[6].principal, Permission::kManageWorkingGroups, g1));
  EXPECT_FALSE(Allowed(**scopes, accounts[7].principal, Permission::kRecordInspection, g1));
  EXPECT_FALSE(Allowed(**scopes, accounts[7].principal, Permission::kViewProgress, g1));
  EXPECT_GT(refused, 20);
  EXPECT_GT(allowed, 15);
  // Nothing changed (the logins are in the log: issue 14).
  auto audit_after = store_->Query("SELECT COUNT(*) FROM audit_log WHERE action NOT LIKE 'session.%'");
  EXPECT_EQ(audit_after->Int(0, 0), audit_before->Int(0, 0));
}

INSTANTIATE_TEST_SUITE_P(Http, AuthzMatrixTest, kBothBackends, BackendName);

}  // namespace
}  // namespace cardex::testing
