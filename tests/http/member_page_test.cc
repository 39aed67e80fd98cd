// The member's public page over HTTP (issue 21): one answer for a wrong code
// and a wrong birth date, the throttles per address and per code, the
// lock-out and the cell secretary's unlock, the pass cookie, the headers.
#include <gtest/gtest.h>

#include "tests/http/server_fixture.h"

namespace cardex::testing {
namespace {

std::string Form(const std::string& code, const std::string& birth) {
  return "code=" + code + "&birth_date=" + birth;
}

// The message the page shows (the form echoes the typed code back, so the
// pages differ there, and only there).
std::string ErrorText(const std::string& html) {
  const size_t at = html.find("data-member-error>");
  if (at == std::string::npos) return "";
  const size_t start = at + std::string("data-member-error>").size();
  return html.substr(start, html.find('<', start) - start);
}

class MemberPageTest : public ServerTest {
 protected:
  HttpReply SignIn(HttpClient& c, const std::string& code, const std::string& birth) {
    return c.Send("POST", "/member", Form(code, birth), {{"Content-Type", "application/x-www-form-urlencoded"}});
  }
};

TEST_P(MemberPageTest, AnswersDoNotTellAWrongCodeFromAWrongBirthDate) {
  HttpClient c(server_->port());
  HttpReply wrong_date = SignIn(c, codes_[0], "02%2F01%2F1980");
  HttpReply unknown = SignIn(c, "0000000000" "0", "01%2F01%2F1980");
  HttpReply malformed = SignIn(c, "%3Cscript%3E", "01%2F01%2F1980");
  for (const HttpReply* r : {&wrong_date, &unknown, &malformed}) {
    EXPECT_EQ(r->status, 401);
    EXPECT_EQ(ErrorText(r->body), ErrorText(wrong_date.body));
    EXPECT_EQ(r->headers.count("set-cookie"), 0u);
  }
  EXPECT_NE(ErrorText(wrong_date.body).find("Mã mời hoặc ngày sinh không đúng"), std::string::npos) << wrong_date.body;
  EXPECT_EQ(malformed.body.find("<script>"), std::string::npos);  // the echo is escaped
}

TEST_P(MemberPageTest, APassCookieScopedToTheMemberPageAndTheSameHeaders) {
  HttpClient c(server_->port());
  EXPECT_EQ(c.Send("GET", "/member/appointment").status, 303);  // no pass yet
  HttpReply in = SignIn(c, codes_[0], "01%2F01%2F1980");
  ASSERT_EQ(in.status, 303) << in.body;
  EXPECT_EQ(in.headers["location"], "/member/appointment");
  const std::string cookie = in.headers["set-cookie"];
  EXPECT_EQ(cookie.rfind("cardex_member=", 0), 0u) << cookie;
  for (const char* attr : {"Path=/member", "HttpOnly", "SameSite=Strict", "Max-Age=900"}) {
    EXPECT_NE(cookie.find(attr), std::string::npos) << attr << " in " << cookie;
  }
  HttpReply page = c.Send("GET", "/member/appointment");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.body.find("Nguyễn Văn 1"), std::string::npos);
  EXPECT_NE(page.body.find(codes_[0]), std::string::npos);
  EXPECT_NE(page.body.find("<svg"), std::string::npos);
  EXPECT_EQ(page.body.find("079080000001"), std::string::npos);  // no citizen id
  EXPECT_EQ(page.body.find("1980"), std::string::npos);          // no birth date
  EXPECT_NE(page.headers["content-security-policy"].find("default-src 'self'"), std::string::npos);
  EXPECT_EQ(page.headers["x-content-type-options"], "nosniff");
  EXPECT_EQ(page.headers["cache-control"], "no-store");
  EXPECT_EQ(page.headers["referrer-policy"], "same-origin");
  HttpReply ics = c.Send("GET", "/member/appointment.ics");
  EXPECT_EQ(ics.status, 200);
  EXPECT_NE(ics.body.find("DTSTART;TZID=Asia/Ho_Chi_Minh:20250805T080000"), std::string::npos) << ics.body;
  // A staff route stays closed: the pass is no session.
  EXPECT_EQ(c.Send("GET", "/api/me/follow-ups").status, 401);
  // A form without the pass's token is refused.
  EXPECT_EQ(c.Send("POST", "/member/cannot-come", "reason=ill",
                   {{"Content-Type", "application/x-www-form-urlencoded"}}).status, 403);
  // A forged pass is no pass.
  HttpClient forged(server_->port());
  forged.cookie = "cardex_member=" + codes_[1] + ".99999999999.00";
  EXPECT_EQ(forged.Send("GET", "/member/appointment").status, 303);
  // Signing out ends it.
  EXPECT_EQ(c.Send("POST", "/member/sign-out").status, 303);
  EXPECT_EQ(c.Send("GET", "/member/appointment").status, 303);
}

TEST_P(MemberPageTest, FiveWrongBirthDatesLockUntilTheCellSecretaryUnlocks) {
  HttpClient c(server_->port());
  for (int i = 0; i < 5; ++i) EXPECT_EQ(SignIn(c, codes_[1], "09%2F09%2F1980").status, 401);
  HttpReply locked = SignIn(c, codes_[1], "02%2F01%2F1980");
  EXPECT_EQ(locked.status, 403);
  EXPECT_NE(ErrorText(locked.body).find("bí thư chi bộ"), std::string::npos) << locked.body;
  // Someone without the right date learns nothing from the lock.
  EXPECT_EQ(SignIn(c, codes_[1], "09%2F09%2F1980").status, 401);
  // The unlock: book_catch_up on the member; not a secretary of another cell.
  std::string csrf2, csrf;
  auto other = LogIn("cell2", &csrf2);
  HttpReply refused = other->Send("POST", "/api/members/M2/member-page/unlock", "",
                                  {{"X-CSRF-Token", csrf2}, {"Idempotency-Key", "unlock-m2-a"}});
  EXPECT_EQ(refused.status, 403) << refused.body;
  auto officer = LogIn("commune", &csrf);
  HttpReply unlocked = officer->Send("POST", "/api/members/M2/member-page/unlock", "",
                                     {{"X-CSRF-Token", csrf}, {"Idempotency-Key", "unlock-m2-b"}});
  EXPECT_EQ(unlocked.status, 200) << unlocked.body;
  EXPECT_EQ(SignIn(c, codes_[1], "02%2F01%2F1980").status, 303);
  HttpReply again = officer->Send("POST", "/api/members/M2/member-page/unlock", "",
                                  {{"X-CSRF-Token", csrf}, {"Idempotency-Key", "unlock-m2-c"}});
  EXPECT_EQ(again.status, 404) << again.body;
}

INSTANTIATE_TEST_SUITE_P(Backends, MemberPageTest, kBothBackends, BackendName);

class MemberThrottleTest : public MemberPageTest {
 protected:
  void AdjustOptions(http::AppOptions* o) override {
    o->member_throttle_address = {.burst = 4, .refill = std::chrono::milliseconds(3600000)};
    o->member_throttle_code = {.burst = 2, .refill = std::chrono::milliseconds(3600000)};
  }
};

TEST_P(MemberThrottleTest, SignInIsThrottledPerAddressAndPerCode) {
  HttpClient c(server_->port());
  // Per code: two attempts, then 429 for that code, before any lookup.
  EXPECT_EQ(SignIn(c, codes_[2], "09%2F09%2F1980").status, 401);
  EXPECT_EQ(SignIn(c, codes_[2], "09%2F09%2F1980").status, 401);
  HttpReply third = SignIn(c, codes_[2], "03%2F01%2F1980");  // even the right date
  EXPECT_EQ(third.status, 429);
  EXPECT_FALSE(third.headers["retry-after"].empty());
  EXPECT_NE(ErrorText(third.body).find("thử quá nhiều lần"), std::string::npos) << third.body;
  // Per address: the 4th and 5th attempts from here, on other codes.
  EXPECT_EQ(SignIn(c, codes_[0], "09%2F09%2F1980").status, 401);
  EXPECT_EQ(SignIn(c, codes_[1], "01%2F01%2F1980").status, 429);
}

INSTANTIATE_TEST_SUITE_P(Backends, MemberThrottleTest, kBothBackends, BackendName);

}  // namespace
}  // namespace cardex::testing
