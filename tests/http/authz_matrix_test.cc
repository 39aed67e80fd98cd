// Every desk endpoint × every role: the answer is 403 exactly when
// Authorize (the one rule, cardex/auth/authorize.h) refuses the route's
// permission on its target. Writes aim at member M4, who is `listed` with
// no appointment, so an allowed write is refused by the state machine (409)
// and nothing changes between cases.
#include <gtest/gtest.h>

#include "cardex/auth/authorize.h"
#include "cardex/auth/scope.h"
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
  auto scopes = ScopeResolver::Load(*store_);
  ASSERT_TRUE(scopes.ok());
  std::string png("\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\x01\x90\0\0\x01\xf4\x08\x02\0\0\0\0\0\0\0", 33);
  const Target member{"P.C.1", ""};
  const Endpoint endpoints[] = {
      {"GET", "/api/members/M4", Permission::kViewMembers, member, "", "application/json"},
      {"GET", "/api/members/M4/photo", Permission::kViewMembers, member, "", "application/json"},
      {"GET", "/api/stations/S/days/2025-08-05", Permission::kDeskCheckIn, {"", "S"}, "",
       "application/json"},
      {"POST", "/api/members/M4/check-in", Permission::kDeskCheckIn, member, "{}", "application/json"},
      {"PUT", "/api/members/M4/photo", Permission::kDeskCapture, member, nullptr, "image/png"},
      {"POST", "/api/members/M4/confirm", Permission::kDeskConfirm, member, "{}", "application/json"},
      {"POST", "/api/members/M4/submit", Permission::kDeskSubmit, member, "{}", "application/json"},
      {"POST", "/api/members/M4/exception", Permission::kDeskException, member,
       R"({"reason":"busy"})", "application/json"},
      {"POST", "/api/members/M4/booking", Permission::kBookCatchUp, member,
       R"({"not_before":"2025-08-05T08:00"})", "application/json"},
      {"POST", "/api/members/M4/hand-over", Permission::kHandOver, member,
       R"({"card_no":"P-000000000"})", "application/json"},
      {"GET", "/api/members/M4/card", Permission::kViewMembers, member, "", "application/json"},
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
  EXPECT_GT(refused, 20);
  EXPECT_GT(allowed, 15);
  // M4 is exactly as it was.
  auto events = store_->Query("SELECT count(*) FROM exchange_events WHERE member_no = 'M4'");
  EXPECT_EQ(events->Int(0, 0), 0);
}

INSTANTIATE_TEST_SUITE_P(Http, AuthzMatrixTest, kBothBackends, BackendName);

}  // namespace
}  // namespace cardex::testing
