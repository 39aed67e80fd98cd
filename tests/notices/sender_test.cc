// The HTTP sender against a fake gateway on loopback (127.0.0.1) that
// fails (5xx), times out, answers twice and refuses a number: every
// notice reaches the gateway's phone once, none is lost, the waits between
// tries double, and nothing goes out in quiet hours.
#include "cardex/notices/sender.h"

#include <gtest/gtest.h>

#include "cardex/notices/notices.h"
#include "tests/notices/fake_sms_gateway.h"
#include "tests/notices/notices_test_support.h"

namespace cardex::notices {
namespace {

using namespace std::chrono_literals;

class SenderTest : public testing::NoticesStoreTest {
 protected:
  void SetUp() override {
    NoticesStoreTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto gateway = testing::StartFakeSmsGateway();
    ASSERT_TRUE(gateway.ok()) << gateway.status().message();
    gateway_ = std::move(gateway).value();
    registry::EndpointOptions endpoint;
    endpoint.base_url = gateway_->url();
    auto made = registry::MakeHttpEndpoint(endpoint);
    ASSERT_TRUE(made.ok());
    endpoint_ = std::move(made).value();
    PrepareOptions prepare;
    prepare.now = "2025-08-04T03:00:00Z";
    ASSERT_TRUE(PrepareNotices(*store_, prepare).ok());  // 5 invitations
  }

  // A run at `now` (UTC) whose waits are recorded, not slept.
  SendReport Send(const std::string& now, int max_attempts = 5) {
    SendOptions o;
    o.max_attempts = max_attempts;
    o.initial_backoff = 200ms;
    o.max_backoff = 1500ms;
    o.deadline = 300ms;
    o.now = [now] { return *ParseUtc(now); };
    o.sleep = [this](std::chrono::milliseconds d) { waits_.push_back(d.count()); };
    auto report = SendNotices(*store_, *endpoint_, o);
    EXPECT_TRUE(report.ok()) << report.status().message();
    return report.ok() ? *report : SendReport{};
  }

  int64_t Count(const char* state) {
    return store_->Query("SELECT count(*) FROM notices WHERE state = ?", {std::string_view(state)})
        ->Int(0, 0);
  }

  // Every message the gateway put through, and how often.
  void ExpectEachDeliveredOnce(size_t messages) {
    const auto s = gateway_->state();
    EXPECT_EQ(s.delivered.size(), messages);
    for (const auto& [id, times] : s.delivered) EXPECT_EQ(times, 1) << id;
  }

  std::unique_ptr<testing::FakeSmsGateway> gateway_;
  std::unique_ptr<registry::HttpEndpoint> endpoint_;
  std::vector<int64_t> waits_;
};

constexpr const char* kDay = "2025-08-04T03:00:00Z";  // 10:00 in Vietnam

TEST_P(SenderTest, SendsEachPendingNoticeOnce) {
  SendReport r = Send(kDay);
  EXPECT_EQ(r.sent, 5);
  EXPECT_EQ(r.retries, 0);
  EXPECT_EQ(Count("sent"), 5);
  ExpectEachDeliveredOnce(5);
  // The gateway got the texts as prepared.
  const auto s = gateway_->state();
  for (const auto& [id, text] : s.texts) EXPECT_NE(text.find("Ma moi: CODE00000"), std::string::npos);
  // Again: nothing pending, nothing sent.
  EXPECT_EQ(Send(kDay).sent, 0);
  EXPECT_EQ(gateway_->state().requests, 5);
}

TEST_P(SenderTest, RetriesServerErrorsWithExponentialBackoff) {
  gateway_->FailNext(4);
  SendReport r = Send(kDay);
  EXPECT_EQ(r.sent, 5);
  EXPECT_EQ(r.retries, 4);
  // 200, 400, 800, then capped at 1500 ms.
  EXPECT_EQ(waits_, (std::vector<int64_t>{200, 400, 800, 1500}));
  ExpectEachDeliveredOnce(5);
  auto attempts = store_->Query("SELECT max(attempts), sum(attempts) FROM notices");
  EXPECT_EQ(attempts->Int(0, 0), 5);
  EXPECT_EQ(attempts->Int(0, 1), 9);
}

TEST_P(SenderTest, HonoursRetryAfterWithinTheCap) {
  gateway_->FailNext(1, /*retry_after_seconds=*/1);
  Send(kDay);
  EXPECT_EQ(waits_, (std::vector<int64_t>{1000}));
  waits_.clear();
  Appoint("M1", "2025-08-08T08:00", "CODE300001");
  PrepareOptions prepare;
  prepare.now = kDay;
  ASSERT_TRUE(PrepareNotices(*store_, prepare).ok());
  gateway_->FailNext(1, /*retry_after_seconds=*/3600);
  Send(kDay);
  EXPECT_EQ(waits_, (std::vector<int64_t>{1500}));
}

TEST_P(SenderTest, AGatewayDownLosesNothing) {
  gateway_->FailNext(1000);
  SendReport down = Send(kDay, 3);
  EXPECT_EQ(down.sent, 0);
  EXPECT_EQ(down.left_pending, 5);  // the run stopped after one notice's tries
  EXPECT_EQ(Count("pending"), 5);
  EXPECT_EQ(gateway_->state().requests, 3);
  gateway_->FailNext(0);
  EXPECT_EQ(Send(kDay).sent, 5);
  ExpectEachDeliveredOnce(5);
}

TEST_P(SenderTest, AnAnswerPastTheDeadlineIsNotSentTwice) {
  // The gateway takes the first message but answers after the sender gave
  // up; the retry under the same id is answered as a duplicate.
  gateway_->DelayNext(1, 1500ms);
  SendReport r = Send(kDay);
  EXPECT_EQ(r.sent + r.duplicates, 5);
  EXPECT_EQ(r.duplicates, 1);
  EXPECT_GE(r.retries, 1);
  EXPECT_EQ(Count("sent"), 5);
  ExpectEachDeliveredOnce(5);
  EXPECT_GE(gateway_->state().duplicates, 1);
}

TEST_P(SenderTest, AnAnswerTwiceIsNotTakenForTheNextMessage) {
  // Each of the first two messages is answered twice on the kept-alive
  // connection: the stray second answer names the earlier message and is
  // not believed for the next one.
  gateway_->AnswerTwiceNext(2);
  SendReport r = Send(kDay);
  EXPECT_EQ(Count("sent"), 5);
  EXPECT_EQ(r.sent + r.duplicates, 5);
  ExpectEachDeliveredOnce(5);
  // Nothing was marked sent on another message's answer: each notice's
  // message is on the gateway's phone.
  auto ids = store_->Query("SELECT message_id FROM notices WHERE state = 'sent'");
  const auto s = gateway_->state();
  for (size_t i = 0; i < ids->size(); ++i) EXPECT_EQ(s.delivered.count(std::string(ids->Text(i, 0))), 1u);
}

TEST_P(SenderTest, ARefusedNumberFailsAndIsShownToTheSecretary) {
  gateway_->RefuseNumber("+84912345673");  // M3
  SendReport r = Send(kDay);
  EXPECT_EQ(r.sent, 4);
  EXPECT_EQ(r.refused, 1);
  EXPECT_EQ(r.retries, 0);  // a 4xx is not retried
  auto list = NotReached(*store_, "P.C.1", kDay);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);  // M3 refused, M5 without a phone
  EXPECT_EQ((*list)[0].member_no, "M3");
  EXPECT_EQ((*list)[0].why, Unreached::kFailed);
  EXPECT_EQ((*list)[0].error, "gateway refused: HTTP 400 invalid_number");
}

TEST_P(SenderTest, NothingInQuietHours) {
  // 22:30 in Vietnam (15:30 UTC).
  SendReport r = Send("2025-08-04T15:30:00Z");
  EXPECT_TRUE(r.quiet);
  EXPECT_EQ(r.next_allowed, "2025-08-05T00:00:00Z");  // 07:00 local
  EXPECT_EQ(r.sent, 0);
  EXPECT_EQ(gateway_->state().requests, 0);
  EXPECT_EQ(Count("pending"), 5);
  EXPECT_EQ(Send("2025-08-05T00:00:00Z").sent, 5);
}

TEST_P(SenderTest, ARunThatReachesQuietHoursStopsThere) {
  // A clock one minute further at each reading, from 20:57 local: the run
  // begins before 21:00 and must stop sending when it gets there.
  SendOptions o;
  int64_t t = *ParseUtc("2025-08-04T13:57:00Z");
  o.now = [&t] { return t += 60; };
  o.sleep = [](std::chrono::milliseconds) {};
  auto r = SendNotices(*store_, *endpoint_, o);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_GE(r->sent, 1);
  EXPECT_LT(r->sent, 5);
  EXPECT_EQ(r->sent + r->left_pending, 5);
  EXPECT_FALSE(r->quiet);  // some went out before
  EXPECT_EQ(r->next_allowed, "2025-08-05T00:00:00Z");
  EXPECT_EQ(gateway_->state().requests, r->sent);
  EXPECT_EQ(Count("pending"), r->left_pending);
}

TEST_P(SenderTest, StaleNoticesNeverGoOut) {
  Appoint("M2", "2025-08-08T10:00", "CODE100002");  // moved before sending
  // The morning of the 7th, 09:30 local: the others' appointments began.
  SendReport r = Send("2025-08-07T02:30:00Z");
  EXPECT_EQ(r.superseded, 1);
  EXPECT_EQ(r.expired, 4);
  EXPECT_EQ(r.sent, 0);
  EXPECT_EQ(gateway_->state().requests, 0);
}

TEST(Backoff, DoublesUpToTheCap) {
  SendOptions o;
  o.initial_backoff = 1000ms;
  o.max_backoff = 60000ms;
  EXPECT_EQ(Backoff(o, 2, -1), 1000ms);
  EXPECT_EQ(Backoff(o, 3, -1), 2000ms);
  EXPECT_EQ(Backoff(o, 4, -1), 4000ms);
  EXPECT_EQ(Backoff(o, 8, -1), 60000ms);
  EXPECT_EQ(Backoff(o, 40, -1), 60000ms);
  EXPECT_EQ(Backoff(o, 2, 5), 5000ms);
  EXPECT_EQ(Backoff(o, 4, 1), 4000ms);
}

INSTANTIATE_TEST_SUITE_P(Backends, SenderTest, testing::kBothBackends, testing::BackendName);

}  // namespace
}  // namespace cardex::notices
