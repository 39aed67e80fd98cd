// Accounts, login, lock-out and throttling on both backends.
#include "cardex/auth/accounts.h"

#include <gtest/gtest.h>

#include <chrono>

#include "cardex/auth/known_device.h"
#include "cardex/auth/sessions.h"
#include "tests/auth/authz_world.h"
#include "tests/support/store_backend_test.h"

namespace cardex {
namespace {

using namespace std::chrono_literals;
using testing::StoreBackendTest;

// A fixed clock: 2025-08-05T08:00:00Z.
const Clock::time_point kNow = Clock::from_time_t(1754380800);
constexpr std::string_view kPassword = "correct horse battery";

class AccountsTest : public StoreBackendTest {
 protected:
  void SetUp() override {
    StoreBackendTest::SetUp();
    if (!store_) return;
    auto units = testing::AuthzUnits();
    auto stations = testing::AuthzStations();
    ASSERT_TRUE(store_->UpsertUnits(units).ok());
    ASSERT_TRUE(store_->UpsertStations(stations).ok());
  }
  Status Add(std::string login, Role role, std::string scope,
             std::string_view password = kPassword) {
    return CreateUser(*store_, {login, "Name of " + login, role, scope}, password, "admin", kNow);
  }
  std::vector<std::string> AuditActions() {
    std::vector<std::string> out;
    EXPECT_TRUE(store_->ScanAudit("", [&](const AuditEntry& e) {
      out.push_back(e.action + " " + e.subject);
      return Status::Ok();
    }).ok());
    return out;
  }
};

TEST_P(AccountsTest, CreateChecksLoginScopeAndPassword) {
  EXPECT_TRUE(Add("root", Role::kAdministrator, "").ok());
  EXPECT_TRUE(Add("desk.s1", Role::kStationOfficer, "S1").ok());
  EXPECT_TRUE(Add("cell-a1", Role::kCellSecretary, "LD.A.C1").ok());
  EXPECT_TRUE(Add("nation", Role::kInspector, "").ok());
  EXPECT_EQ(Add("root", Role::kInspector, "LD").code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(Add("Root", Role::kInspector, "LD").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Add(".x", Role::kInspector, "LD").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Add("", Role::kInspector, "LD").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Add("a2", Role::kAdministrator, "LD").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Add("s9", Role::kStationOfficer, "S9").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Add("s0", Role::kStationOfficer, "LD.A").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Add("c0", Role::kCellSecretary, "").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Add("c9", Role::kCommuneOfficer, "LD.Z").code(), StatusCode::kInvalidArgument);
  Status short_pw = Add("shorty", Role::kInspector, "LD", "123456789");
  EXPECT_EQ(short_pw.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(short_pw.message().find("at least 10"), std::string::npos) << short_pw.message();
  // Ten code points, more bytes: long enough.
  EXPECT_TRUE(Add("viet", Role::kInspector, "LD", "Đồng Đồng Đồ").ok());
  EXPECT_EQ(Add("samename12", Role::kInspector, "LD", "samename12").code(),
            StatusCode::kInvalidArgument);

  auto users = ListUsers(*store_);
  ASSERT_TRUE(users.ok()) << users.status().message();
  ASSERT_EQ(users->size(), 5u);
  EXPECT_EQ((*users)[0].login, "cell-a1");
  EXPECT_EQ((*users)[1].login, "desk.s1");
  EXPECT_EQ((*users)[1].role, Role::kStationOfficer);
  EXPECT_EQ((*users)[1].scope, "S1");
  EXPECT_EQ((*users)[1].created_at, "2025-08-05T08:00:00Z");
  EXPECT_EQ(AuditActions().front(), "user.create user:root");
  // Only the Argon2id hash is stored.
  auto hash = store_->Query("SELECT password_hash FROM users WHERE login = 'root'");
  ASSERT_TRUE(hash.ok());
  EXPECT_EQ(hash->Text(0, 0).substr(0, 10), "$argon2id$");
}

TEST_P(AccountsTest, LoginNeverSaysWhichPartWasWrong) {
  ASSERT_TRUE(Add("desk.s1", Role::kStationOfficer, "S1").ok());
  ASSERT_TRUE(Add("gone", Role::kCellSecretary, "LD.A.C1").ok());
  ASSERT_TRUE(DisableUser(*store_, "gone", "admin", kNow).ok());
  ASSERT_TRUE(DisableUser(*store_, "gone", "admin", kNow).ok());  // idempotent
  EXPECT_EQ(DisableUser(*store_, "nobody", "admin", kNow).code(), StatusCode::kNotFound);

  auto ok = VerifyLogin(*store_, "desk.s1", kPassword, "10.0.0.1", kNow);
  ASSERT_TRUE(ok.ok()) << ok.status().message();
  EXPECT_EQ(ok->login, "desk.s1");
  EXPECT_EQ(ok->role, Role::kStationOfficer);
  EXPECT_EQ(ok->scope, "S1");
  EXPECT_EQ(ok->display_name, "Name of desk.s1");

  auto wrong = VerifyLogin(*store_, "desk.s1", "wrong password!", "10.0.0.1", kNow);
  auto unknown = VerifyLogin(*store_, "nobody", kPassword, "10.0.0.1", kNow);
  auto disabled = VerifyLogin(*store_, "gone", kPassword, "10.0.0.1", kNow);
  for (const auto* r : {&wrong, &unknown, &disabled}) {
    EXPECT_EQ(r->status().code(), StatusCode::kUnauthenticated);
    EXPECT_EQ(r->status().message(), "wrong login or password");
  }
}

// Lock-out as a weapon (docs/security.md): a known device of the account
// passes the lock (password still checked) and does not lift it for others.
TEST_P(AccountsTest, AKnownDevicePassesTheLockAndNothingElseDoes) {
  ASSERT_TRUE(Add("desk.s1", Role::kStationOfficer, "S1").ok());
  ASSERT_TRUE(Add("desk.s2", Role::kStationOfficer, "S1").ok());
  auto token = IssueDeviceToken(*store_, "desk.s1", kNow);
  ASSERT_TRUE(token.ok()) << token.status().message();
  const auto month = std::chrono::seconds(30 * 24 * 3600);
  EXPECT_TRUE(*IsKnownDevice(*store_, "desk.s1", *token, kNow + 1h, month));
  EXPECT_FALSE(*IsKnownDevice(*store_, "desk.s2", *token, kNow + 1h, month));  // another login
  EXPECT_FALSE(*IsKnownDevice(*store_, "desk.s1", *token, kNow + month + 1s, month));  // expired
  std::string tampered = *token;
  tampered.back() = tampered.back() == '0' ? '1' : '0';
  EXPECT_FALSE(*IsKnownDevice(*store_, "desk.s1", tampered, kNow, month));
  std::string redated = "9" + token->substr(1);
  EXPECT_FALSE(*IsKnownDevice(*store_, "desk.s1", redated, kNow, month));
  EXPECT_FALSE(*IsKnownDevice(*store_, "desk.s1", "", kNow, month));
  EXPECT_FALSE(*IsKnownDevice(*store_, "desk.s1", "x.y", kNow, month));
  for (int i = 0; i < 5; ++i) (void)VerifyLogin(*store_, "desk.s1", "guess " + std::to_string(i), "ip", kNow);
  EXPECT_EQ(VerifyLogin(*store_, "desk.s1", kPassword, "ip", kNow).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(VerifyLogin(*store_, "desk.s1", "guess", "ip", kNow, nullptr, {}, true).status().code(),
            StatusCode::kUnauthenticated);
  EXPECT_TRUE(VerifyLogin(*store_, "desk.s1", kPassword, "ip", kNow, nullptr, {}, true).ok());
  EXPECT_EQ(VerifyLogin(*store_, "desk.s1", kPassword, "ip", kNow + 1min).status().code(),
            StatusCode::kPermissionDenied);
}

TEST_P(AccountsTest, FiveFailuresLockTheAccountForFifteenMinutes) {
  ASSERT_TRUE(Add("desk.s1", Role::kStationOfficer, "S1").ok());
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(VerifyLogin(*store_, "desk.s1", "guess number " + std::to_string(i), "ip", kNow)
                  .status().code(),
              StatusCode::kUnauthenticated);
  }
  // A success in between resets the count.
  ASSERT_TRUE(VerifyLogin(*store_, "desk.s1", kPassword, "ip", kNow).ok());
  for (int i = 0; i < 5; ++i) {
    (void)VerifyLogin(*store_, "desk.s1", "guess number " + std::to_string(i), "ip", kNow);
  }
  auto locked = VerifyLogin(*store_, "desk.s1", kPassword, "ip", kNow + 14min);
  EXPECT_EQ(locked.status().code(), StatusCode::kPermissionDenied);
  EXPECT_NE(locked.status().message().find("2025-08-05T08:15:00Z"), std::string::npos)
      << locked.status().message();
  auto users = ListUsers(*store_);
  ASSERT_TRUE(users.ok());
  EXPECT_EQ((*users)[0].locked_until, "2025-08-05T08:15:00Z");
  EXPECT_EQ(AuditActions().back(), "user.locked user:desk.s1");

  auto later = VerifyLogin(*store_, "desk.s1", kPassword, "ip", kNow + 15min + 1s);
  ASSERT_TRUE(later.ok()) << later.status().message();
  users = ListUsers(*store_);
  EXPECT_EQ((*users)[0].locked_until, "");
  EXPECT_EQ((*users)[0].failed_logins, 0);
}

TEST_P(AccountsTest, SetPasswordUnlocksAndEndsSessions) {
  ASSERT_TRUE(Add("desk.s1", Role::kStationOfficer, "S1").ok());
  for (int i = 0; i < 5; ++i) (void)VerifyLogin(*store_, "desk.s1", "bad bad bad!", "ip", kNow);
  auto session = CreateSession(*store_, "desk.s1", kNow);
  ASSERT_TRUE(session.ok());
  EXPECT_EQ(SetPassword(*store_, "desk.s1", "short", "admin", kNow).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(SetPassword(*store_, "nobody", "a new password", "admin", kNow).code(),
            StatusCode::kNotFound);
  ASSERT_TRUE(SetPassword(*store_, "desk.s1", "a new password", "admin", kNow + 1min).ok());
  EXPECT_EQ(LookupSession(*store_, session->token, kNow + 2min).status().code(),
            StatusCode::kUnauthenticated);
  EXPECT_FALSE(VerifyLogin(*store_, "desk.s1", kPassword, "ip", kNow + 2min).ok());
  EXPECT_TRUE(VerifyLogin(*store_, "desk.s1", "a new password", "ip", kNow + 2min).ok());
  EXPECT_EQ(ListUsers(*store_)->at(0).password_changed_at, "2025-08-05T08:01:00Z");
}

TEST_P(AccountsTest, ThrottledClientsGetNoPasswordCheck) {
  ASSERT_TRUE(Add("desk.s1", Role::kStationOfficer, "S1").ok());
  LoginThrottle throttle({.burst = 2, .refill = std::chrono::hours(1)});
  EXPECT_FALSE(VerifyLogin(*store_, "desk.s1", "nope nope nope", "10.0.0.9", kNow, &throttle).ok());
  EXPECT_TRUE(VerifyLogin(*store_, "desk.s1", kPassword, "10.0.0.9", kNow, &throttle).ok());
  auto third = VerifyLogin(*store_, "desk.s1", kPassword, "10.0.0.9", kNow, &throttle);
  EXPECT_EQ(third.status().code(), StatusCode::kResourceExhausted);
  EXPECT_NE(third.status().message().find("retry in"), std::string::npos);
  EXPECT_TRUE(VerifyLogin(*store_, "desk.s1", kPassword, "10.0.0.10", kNow, &throttle).ok());
}

TEST_P(AccountsTest, ScopeResolverLoadsFromTheStore) {
  auto scopes = ScopeResolver::Load(*store_);
  ASSERT_TRUE(scopes.ok()) << scopes.status().message();
  EXPECT_EQ((*scopes)->unit_count(), testing::AuthzUnits().size());
  EXPECT_TRUE((*scopes)->IsWithin("LD.B.C1", "LD"));
  EXPECT_TRUE((*scopes)->StationCovers("S2", "LD.B.C1"));
  ScopeCache cache;
  ASSERT_TRUE(cache.Reload(*store_).ok());
  EXPECT_TRUE(cache.Get()->HasStation("S3"));
}

INSTANTIATE_TEST_SUITE_P(Auth, AccountsTest, testing::kBothBackends, testing::BackendName);

TEST(LoginThrottle, TokenBucketPerClient) {
  LoginThrottle t({.burst = 3, .refill = std::chrono::milliseconds(1000), .max_clients = 2});
  auto t0 = std::chrono::steady_clock::time_point{} + 100h;
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(t.TryAcquire("a", t0));
  std::chrono::seconds retry{0};
  EXPECT_FALSE(t.TryAcquire("a", t0 + 100ms, &retry));
  EXPECT_EQ(retry, 1s);
  EXPECT_TRUE(t.TryAcquire("b", t0));
  EXPECT_TRUE(t.TryAcquire("a", t0 + 1100ms));
  EXPECT_FALSE(t.TryAcquire("a", t0 + 1200ms));
  // A third client: the table is full, "b" has refilled and is forgotten,
  // "a" is not and keeps its empty bucket.
  EXPECT_TRUE(t.TryAcquire("c", t0 + 1500ms));
  EXPECT_FALSE(t.TryAcquire("a", t0 + 1500ms));
  EXPECT_TRUE(t.TryAcquire("b", t0 + 1500ms));
}

TEST(PasswordPolicy, CountsCodePoints) {
  EXPECT_TRUE(CheckPasswordPolicy("x", "0123456789").ok());
  EXPECT_FALSE(CheckPasswordPolicy("x", "012345678").ok());
  EXPECT_FALSE(CheckPasswordPolicy("x", "ĐĐĐĐĐĐĐĐĐ").ok());  // 18 bytes, 9 characters
  EXPECT_FALSE(CheckPasswordPolicy("x", std::string(1025, 'a')).ok());
  EXPECT_TRUE(CheckPasswordPolicy("x", "012345", {.min_password_length = 6}).ok());
}

TEST(FormatUtc, SecondsAndZ) { EXPECT_EQ(FormatUtc(kNow + 61s), "2025-08-05T08:01:01Z"); }

}  // namespace
}  // namespace cardex
