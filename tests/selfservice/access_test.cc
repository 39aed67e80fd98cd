// selfservice/access.h and pass.h: who the member on the public page is.
#include "cardex/selfservice/access.h"

#include <gtest/gtest.h>

#include "cardex/selfservice/pass.h"
#include "cardex/store/atomically.h"
#include "tests/selfservice/selfservice_fixture.h"

namespace cardex::selfservice {
namespace {

using testing::SelfServiceTest;

constexpr char kAt[] = "2025-08-01T01:00:00Z";

class AccessTest : public SelfServiceTest {
 protected:
  Result<std::string> In(const std::string& code, const std::string& birth) {
    return SignIn(*store_, code, birth, kAt, SelfServiceOptions{});
  }
  // The answer as a person would read it: its code and its message.
  static std::string Said(const Result<std::string>& r) {
    return r.ok() ? "ok " + *r : std::to_string(static_cast<int>(r.status().code())) + " " + r.status().message_id();
  }
};

TEST(TypedBirthDate, DayMonthYearAsMembersTypeIt) {
  EXPECT_EQ(ParseTypedBirthDate("17/05/1960")->ToString(), "1960-05-17");
  EXPECT_EQ(ParseTypedBirthDate(" 7/5/1960 ")->ToString(), "1960-05-07");
  EXPECT_EQ(ParseTypedBirthDate("07-05-1960")->ToString(), "1960-05-07");
  EXPECT_EQ(ParseTypedBirthDate("07.05.1960")->ToString(), "1960-05-07");
  EXPECT_EQ(ParseTypedBirthDate("1960-05-07")->ToString(), "1960-05-07");
  EXPECT_FALSE(ParseTypedBirthDate("31/02/1960"));
  EXPECT_FALSE(ParseTypedBirthDate("1960"));
  EXPECT_FALSE(ParseTypedBirthDate("17/05/60"));
  EXPECT_FALSE(ParseTypedBirthDate("17/05/1960/1"));
  EXPECT_FALSE(ParseTypedBirthDate("aa/05/1960"));
  EXPECT_FALSE(ParseTypedBirthDate(""));
}

TEST_P(AccessTest, CodeAndBirthDateSignIn) {
  EXPECT_EQ(Said(In(codes_["M01"], "01/01/1960")), "ok M01");
  // Lower case and Crockford's aliases are the same code.
  std::string lower = codes_["M02"];
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  EXPECT_EQ(Said(In(lower, "1960-01-02")), "ok M02");
}

TEST_P(AccessTest, WrongCodeAndWrongBirthDateAnswerAlike) {
  const std::string failed = std::to_string(static_cast<int>(StatusCode::kUnauthenticated)) + " member.sign_in_failed";
  EXPECT_EQ(Said(In(codes_["M01"], "02/01/1960")), failed);  // right code, wrong date
  EXPECT_EQ(Said(In(codes_["M01"], "not a date")), failed);
  EXPECT_EQ(Said(In(plan::FormatInvitationCode(12345), "01/01/1960")), failed);  // checks, unknown
  EXPECT_EQ(Said(In("ABCDEFGHJK0", "01/01/1960")), failed);                       // does not check
  EXPECT_EQ(Said(In("", "")), failed);
  EXPECT_EQ(Said(In(std::string(500, 'A'), "01/01/1960")), failed);
}

TEST_P(AccessTest, AWrongDateCountsAndTheLimitLocksUntilTheSecretaryUnlocks) {
  for (int i = 0; i < 4; ++i) EXPECT_FALSE(In(codes_["M03"], "04/04/1960").ok());
  // A success clears the count: four more may follow without a lock.
  EXPECT_TRUE(In(codes_["M03"], "03/01/1960").ok());
  for (int i = 0; i < 4; ++i) EXPECT_FALSE(In(codes_["M03"], "04/04/1960").ok());
  EXPECT_FALSE(*IsLocked(*store_, "M03"));
  EXPECT_EQ(In(codes_["M03"], "04/04/1960").status().message_id(), "member.sign_in_failed");  // the 5th
  EXPECT_TRUE(*IsLocked(*store_, "M03"));
  // Locked: the right date is told so, a wrong one learns nothing new.
  auto right = In(codes_["M03"], "03/01/1960");
  EXPECT_EQ(right.status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(right.status().message_id(), "member.locked");
  EXPECT_EQ(In(codes_["M03"], "05/05/1960").status().message_id(), "member.sign_in_failed");
  // Audited, without the dates.
  bool locked_audited = false;
  ASSERT_TRUE(store_->ScanAudit("member:M03", [&](const AuditEntry& e) {
    locked_audited |= e.action == "member.page.locked";
    EXPECT_EQ(e.after.find("1960"), std::string::npos) << e.after;
    return Status::Ok();
  }).ok());
  EXPECT_TRUE(locked_audited);
  // Other members are not touched.
  EXPECT_TRUE(In(codes_["M04"], "04/01/1960").ok());
  // The secretary unlocks (audited); once only.
  ASSERT_TRUE(Atomically(*store_, [&] { return Unlock(*store_, "M03", "secretary1", kAt); }).ok());
  EXPECT_TRUE(In(codes_["M03"], "03/01/1960").ok());
  EXPECT_EQ(Atomically(*store_, [&] { return Unlock(*store_, "M03", "secretary1", kAt); }).code(),
            StatusCode::kNotFound);
}

TEST_P(AccessTest, TheLimitIsASetting) {
  SelfServiceOptions o;
  o.max_wrong_birth_dates = 2;
  EXPECT_FALSE(SignIn(*store_, codes_["M05"], "09/09/1960", kAt, o).ok());
  EXPECT_FALSE(*IsLocked(*store_, "M05"));
  EXPECT_FALSE(SignIn(*store_, codes_["M05"], "09/09/1960", kAt, o).ok());
  EXPECT_TRUE(*IsLocked(*store_, "M05"));
}

TEST_P(AccessTest, APartialRecordedBirthDateNeedsToAgree) {
  EXPECT_EQ(Said(In(codes_["M51"], "15/03/1961")), "ok M51");
  EXPECT_FALSE(In(codes_["M51"], "15/04/1961").ok());
  // A full date known elsewhere (the registry's) is then the one asked.
  ReconcileResultRow r;
  r.member_no = "M51";
  r.verdict = Verdict::kFixable;
  r.registry_birth_date = "1961-03-20";
  ASSERT_TRUE(store_->UpsertReconcileResults({&r, 1}).ok());
  EXPECT_FALSE(In(codes_["M51"], "15/03/1961").ok());
  EXPECT_EQ(Said(In(codes_["M51"], "20/03/1961")), "ok M51");
}

TEST_P(AccessTest, ASupersededCodeStillSignsIn) {
  ASSERT_TRUE(store_->Exec("INSERT INTO superseded_invitations (invitation_code, member_no, plan_run) VALUES (?, 'M06', 1)",
                           {std::string_view(plan::FormatInvitationCode(777))}).ok());
  EXPECT_EQ(Said(In(plan::FormatInvitationCode(777), "06/01/1960")), "ok M06");
}

TEST_P(AccessTest, APassIsSignedScopedAndShortLived) {
  auto key = LoadPassKey(*store_);
  ASSERT_TRUE(key.ok()) << key.status().message();
  auto again = LoadPassKey(*store_);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(key->bytes, again->bytes);  // one secret per database
  const std::string pass = IssuePass(*key, codes_["M01"], 1000);
  EXPECT_EQ(CheckPass(*key, pass, 999), codes_["M01"]);
  EXPECT_FALSE(CheckPass(*key, pass, 1000));  // expired
  std::string tampered = pass;
  tampered[0] = tampered[0] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(CheckPass(*key, tampered, 999));
  std::string later = codes_["M01"] + ".99999." + pass.substr(pass.rfind('.') + 1);
  EXPECT_FALSE(CheckPass(*key, later, 999));  // the expiry is signed
  EXPECT_FALSE(CheckPass(*key, "", 0));
  EXPECT_FALSE(CheckPass(*key, "no-dots", 0));
  PassKey other;
  EXPECT_FALSE(CheckPass(other, pass, 999));
  const std::string token = FormToken(*key, pass);
  EXPECT_TRUE(FormTokenMatches(*key, pass, token));
  EXPECT_FALSE(FormTokenMatches(*key, IssuePass(*key, codes_["M02"], 1000), token));
  EXPECT_NE(token, pass.substr(pass.rfind('.') + 1));  // a token is not the pass's MAC
}

INSTANTIATE_TEST_SUITE_P(Backends, AccessTest, testing::kBothBackends, testing::BackendName);

}  // namespace
}  // namespace cardex::selfservice
