// Sessions on both backends: tokens, CSRF, idle expiry, ending.
#include "cardex/auth/sessions.h"

#include <gtest/gtest.h>

#include "tests/auth/authz_world.h"
#include "tests/support/store_backend_test.h"

namespace cardex {
namespace {

using namespace std::chrono_literals;
using testing::StoreBackendTest;

const Clock::time_point kNow = Clock::from_time_t(1754380800);  // 2025-08-05T08:00:00Z

class SessionsTest : public StoreBackendTest {
 protected:
  void SetUp() override {
    StoreBackendTest::SetUp();
    if (!store_) return;
    auto stations = testing::AuthzStations();
    ASSERT_TRUE(store_->UpsertStations(stations).ok());
    ASSERT_TRUE(CreateUser(*store_, {"desk.s1", "Desk", Role::kStationOfficer, "S1"},
                           "correct horse battery", "admin", kNow)
                    .ok());
  }
};

TEST_P(SessionsTest, OnlyTheTokenHashIsStored) {
  auto s = CreateSession(*store_, "desk.s1", kNow);
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->token.size(), 43u);
  EXPECT_EQ(s->csrf_token.size(), 43u);
  EXPECT_NE(s->token, s->csrf_token);
  EXPECT_EQ(s->expires_at, "2025-08-05T16:00:00Z");
  auto rows = store_->Query("SELECT token_hash FROM sessions");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(rows->Text(0, 0).size(), 64u);
  EXPECT_EQ(rows->Text(0, 0).find(s->token), std::string_view::npos);
  auto again = CreateSession(*store_, "desk.s1", kNow);
  ASSERT_TRUE(again.ok());
  EXPECT_NE(again->token, s->token);
}

TEST_P(SessionsTest, LookupGivesThePrincipalAndCsrf) {
  auto s = CreateSession(*store_, "desk.s1", kNow);
  ASSERT_TRUE(s.ok());
  auto info = LookupSession(*store_, s->token, kNow + 1h);
  ASSERT_TRUE(info.ok()) << info.status().message();
  EXPECT_EQ(info->principal.login, "desk.s1");
  EXPECT_EQ(info->principal.role, Role::kStationOfficer);
  EXPECT_EQ(info->principal.scope, "S1");
  EXPECT_TRUE(CsrfMatches(*info, s->csrf_token));
  EXPECT_FALSE(CsrfMatches(*info, ""));
  std::string other = s->csrf_token;
  other[0] = other[0] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(CsrfMatches(*info, other));
  for (std::string bad : {std::string(), std::string("x"), s->token + "A",
                          std::string(43, '='), std::string(43, 'A')}) {
    EXPECT_EQ(LookupSession(*store_, bad, kNow).status().code(), StatusCode::kUnauthenticated);
  }
}

// The working groups come with the session (one read): every group, each
// with its units in order, a group without units too.
TEST_P(SessionsTest, LookupGivesTheWorkingGroups) {
  auto s = CreateSession(*store_, "desk.s1", kNow);
  ASSERT_TRUE(s.ok());
  auto none = LookupSession(*store_, s->token, kNow);
  ASSERT_TRUE(none.ok()) << none.status().message();
  EXPECT_TRUE(none->principal.groups.empty());
  for (const char* sql :
       {"INSERT INTO working_groups VALUES ('G2', 'g2', 'desk.s1', 'U', 't', 'a')",
        "INSERT INTO working_groups VALUES ('G1', 'g1', 'desk.s1', 'U', 't', 'a')",
        "INSERT INTO group_members VALUES ('G2', 'desk.s1', 't', 'a')",
        "INSERT INTO group_members VALUES ('G1', 'desk.s1', 't', 'a')",
        "INSERT INTO group_members VALUES ('G1', 'someone.else', 't', 'a')",
        "INSERT INTO group_units VALUES ('G1', 'U.B', 't', 'a')",
        "INSERT INTO group_units VALUES ('G1', 'U.A', 't', 'a')"}) {
    ASSERT_TRUE(store_->Exec(sql).ok()) << sql;
  }
  auto info = LookupSession(*store_, s->token, kNow);
  ASSERT_TRUE(info.ok()) << info.status().message();
  EXPECT_EQ(info->principal.login, "desk.s1");
  ASSERT_EQ(info->principal.groups.size(), 2u);
  EXPECT_EQ(info->principal.groups[0].group_code, "G1");
  EXPECT_EQ(info->principal.groups[0].units, (std::vector<std::string>{"U.A", "U.B"}));
  EXPECT_EQ(info->principal.groups[1].group_code, "G2");
  EXPECT_TRUE(info->principal.groups[1].units.empty());
  // The same as LoadGroupGrants reads on its own.
  Principal alone;
  alone.login = "desk.s1";
  ASSERT_TRUE(LoadGroupGrants(*store_, &alone).ok());
  ASSERT_EQ(alone.groups.size(), 2u);
  EXPECT_EQ(alone.groups[0].units, info->principal.groups[0].units);
}

TEST_P(SessionsTest, IdleSessionsExpireAndActiveOnesSlide) {
  auto s = CreateSession(*store_, "desk.s1", kNow);
  ASSERT_TRUE(s.ok());
  // Used at 7 h: the window moves to 15 h.
  auto used = LookupSession(*store_, s->token, kNow + 7h);
  ASSERT_TRUE(used.ok());
  EXPECT_EQ(used->expires_at, "2025-08-05T23:00:00Z");
  // Within the same minute nothing is written.
  EXPECT_EQ(LookupSession(*store_, s->token, kNow + 7h + 30s)->expires_at, "2025-08-05T23:00:00Z");
  EXPECT_TRUE(LookupSession(*store_, s->token, kNow + 14h).ok());
  // Idle for 8 h: gone, and the row with it.
  auto late = LookupSession(*store_, s->token, kNow + 22h + 1s);
  EXPECT_EQ(late.status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(late.status().message(), "session expired");
  EXPECT_EQ(store_->Query("SELECT 1 FROM sessions")->size(), 0u);

  auto t = CreateSession(*store_, "desk.s1", kNow, {.session_idle = 10min});
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->expires_at, "2025-08-05T08:10:00Z");
  auto purged = PurgeExpiredSessions(*store_, kNow + 11min);
  ASSERT_TRUE(purged.ok());
  EXPECT_EQ(*purged, 1);
}

TEST_P(SessionsTest, EndingAndDisablingEndSessions) {
  auto a = CreateSession(*store_, "desk.s1", kNow);
  auto b = CreateSession(*store_, "desk.s1", kNow);
  ASSERT_TRUE(a.ok() && b.ok());
  ASSERT_TRUE(EndSession(*store_, a->token).ok());
  ASSERT_TRUE(EndSession(*store_, a->token).ok());
  EXPECT_FALSE(LookupSession(*store_, a->token, kNow).ok());
  EXPECT_TRUE(LookupSession(*store_, b->token, kNow).ok());
  ASSERT_TRUE(DisableUser(*store_, "desk.s1", "admin", kNow).ok());
  EXPECT_EQ(LookupSession(*store_, b->token, kNow).status().code(), StatusCode::kUnauthenticated);
}

INSTANTIATE_TEST_SUITE_P(Auth, SessionsTest, testing::kBothBackends, testing::BackendName);

}  // namespace
}  // namespace cardex
