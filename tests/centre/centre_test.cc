// Records sent on to the central commission (cardex/centre) against a fake
// receiving service: numbered batches per commune and day, signed, with a
// manifest; acknowledgements and refusals imported back (a refusal goes to
// the unit's work list, a card only for acknowledged records); a send that
// fails part-way and an answer lost on the way: nothing lost, nothing taken
// twice. On both stores.
#include "cardex/centre/centre.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include "cardex/cards/cards.h"
#include "cardex/ledger/exchange.h"
#include "cardex/reconcile/resolve.h"
#include "cardex/store/sql.h"
#include "tests/centre/fake_centre_service.h"
#include "tests/support/store_backend_test.h"

namespace cardex {
namespace {

using testing::StoreBackendTest;

class CentreTest : public StoreBackendTest {
 protected:
  void SetUp() override {
    StoreBackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    std::vector<Unit> units = {{"P", "", "province", "Tỉnh P"},
                               {"P.C", "P", "commune", "Xã C"},
                               {"P.C.1", "P.C", "cell", "Chi bộ 1"},
                               {"P.D", "P", "commune", "Xã D"},
                               {"P.D.1", "P.D", "cell", "Chi bộ 1"}};
    ASSERT_TRUE(store_->UpsertUnits(units).ok());
    std::vector<Member> members;
    for (int i = 1; i <= 6; ++i) {
      members.push_back({"M" + std::to_string(i), "07908000000" + std::to_string(i),
                         "Nguyễn Văn A", "1980-01-01", "M", i <= 5 ? "P.C.1" : "P.D.1",
                         "official", "", false});
    }
    ASSERT_TRUE(store_->UpsertMembers(members).ok());
    // M1-M3 and M6 submitted on 5 August, M4 and M5 on the 6th.
    for (int i = 1; i <= 6; ++i) Submit("M" + std::to_string(i), i == 4 || i == 5 ? "06" : "05");
    key_ = cards::SigningKey::FromSeed(std::array<uint8_t, 32>{7});
    auto centre = testing::StartFakeCentreService(key_.public_key());
    ASSERT_TRUE(centre.ok()) << centre.status().message();
    centre_ = std::move(centre).value();
    registry::EndpointOptions endpoint;
    endpoint.base_url = centre_->url();
    auto made = registry::MakeHttpEndpoint(endpoint);
    ASSERT_TRUE(made.ok());
    endpoint_ = std::move(made).value();
  }

  void Submit(const std::string& member, const std::string& day) {
    for (ExchangeStep s : {ExchangeStep::kInvite, ExchangeStep::kCheckIn, ExchangeStep::kCapture,
                           ExchangeStep::kConfirm, ExchangeStep::kSubmit}) {
      ledger::StepRequest r{member, s, "", "", "S", "officer1", "2025-08-" + day + "T01:00:00Z"};
      auto done = ledger::ApplyStepAtomically(*store_, r);
      ASSERT_TRUE(done.ok()) << StepName(s) << ": " << done.status().message();
    }
  }

  std::vector<std::string> Prepare(size_t max_records = 2) {
    centre::PrepareOptions o;
    o.max_records = max_records;
    auto made = centre::PrepareBatches(*store_, key_, o);
    EXPECT_TRUE(made.ok()) << made.status().message();
    std::vector<std::string> ids;
    for (const auto& b : made.ok() ? *made : std::vector<centre::PreparedBatch>{}) {
      ids.push_back(b.batch_id + ":" + std::to_string(b.records));
    }
    return ids;
  }

  std::string Status(const std::string& member) {
    auto rows = store_->Query("SELECT status FROM centre_records WHERE member_no = ?",
                              {std::string_view(member)});
    return rows.ok() && !rows->empty() ? std::string(rows->Text(0, 0)) : "";
  }

  cards::SigningKey key_ = cards::SigningKey::FromSeed(std::array<uint8_t, 32>{});
  std::unique_ptr<testing::FakeCentreService> centre_;
  std::unique_ptr<registry::HttpEndpoint> endpoint_;
};

TEST_P(CentreTest, BatchesAreNumberedPerCommuneAndDaySignedAndPreparedOnce) {
  EXPECT_EQ(Prepare(), (std::vector<std::string>{"P.C-20250805-001:2", "P.C-20250805-002:1",
                                                 "P.C-20250806-001:2", "P.D-20250805-001:1"}));
  EXPECT_TRUE(Prepare().empty());  // every record is in a batch already
  auto rows = store_->Query("SELECT body, signature FROM centre_batches ORDER BY batch_id");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 4u);
  const std::string body(rows->Text(0, 0));
  EXPECT_NE(body.find("\"format\":\"cardex-centre-batch/1\""), std::string::npos);
  EXPECT_NE(body.find("\"confirmation\":{\"by\":\"officer1\",\"at\":\"2025-08-05T01:00:00Z\""),
            std::string::npos)
      << body;
  std::string sig;
  const std::string hex(rows->Text(0, 1));
  for (size_t i = 0; i < hex.size(); i += 2) {
    sig += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  }
  ASSERT_EQ(sig.size(), crypto_sign_BYTES);
  EXPECT_EQ(crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(sig.data()),
                                        reinterpret_cast<const unsigned char*>(body.data()),
                                        body.size(), key_.public_key().data()),
            0);
}

TEST_P(CentreTest, AnswersComeBackAndOnlyAcknowledgedRecordsGetCards) {
  Prepare();
  centre_->Refuse({"M3"});
  auto sent = centre::SendBatches(*store_, *endpoint_, "officer1");
  ASSERT_TRUE(sent.ok()) << sent.status().message();
  EXPECT_EQ(sent->batches, 4);
  EXPECT_EQ(sent->acknowledged, 5);
  EXPECT_EQ(sent->refused, 1);
  EXPECT_EQ(sent->remaining, 0);
  EXPECT_EQ(Status("M1"), "acknowledged");
  EXPECT_EQ(Status("M3"), "refused");
  // M3 is back on its unit's work list with the centre's reason.
  std::vector<Correction> open;
  ASSERT_TRUE(store_->ScanCorrections(true, [&](const Correction& c) {
    open.push_back(c);
    return Status::Ok();
  }).ok());
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].member_no, "M3");
  EXPECT_NE(open[0].note.find("ảnh không rõ mặt"), std::string::npos);
  // Cards: the commune's acknowledged records only.
  cards::ProduceRequest produce{"P.C", "officer1", "2025-08-07T00:00:00Z", "2025-08-07"};
  auto batch = cards::ProduceBatch(*store_, produce, key_);
  ASSERT_TRUE(batch.ok()) << batch.status().message();
  EXPECT_EQ(batch->cards, 4);  // M1, M2, M4, M5: not the refused M3
  // Corrected: M3 goes again, in a batch of its own, and is acknowledged.
  ASSERT_TRUE(reconcile::CloseCorrection(*store_, "M3", "officer1").ok());
  centre_->Refuse({});
  EXPECT_EQ(Prepare(), std::vector<std::string>{"P.C-20250805-003:1"});
  sent = centre::SendBatches(*store_, *endpoint_, "officer1");
  ASSERT_TRUE(sent.ok()) << sent.status().message();
  EXPECT_EQ(sent->acknowledged, 1);
  EXPECT_EQ(Status("M3"), "acknowledged");
}

TEST_P(CentreTest, ASendThatFailsPartWayLosesNothingAndSendsNothingTwice) {
  Prepare();
  centre_->FailAfter(1);
  auto sent = centre::SendBatches(*store_, *endpoint_, "officer1");
  ASSERT_FALSE(sent.ok());
  EXPECT_NE(sent.status().message().find("3 batches remain"), std::string::npos)
      << sent.status().message();
  EXPECT_EQ(Status("M1"), "acknowledged");
  EXPECT_EQ(Status("M3"), "sent");
  // The centre back, but the answer to the next batch is lost on the way:
  // the batch was taken, the sender does not know it.
  centre_->FailAfter(-1);
  centre_->LoseNextAnswer();
  sent = centre::SendBatches(*store_, *endpoint_, "officer1");
  ASSERT_FALSE(sent.ok());
  // Sent again: the centre answers it again, takes nothing twice.
  sent = centre::SendBatches(*store_, *endpoint_, "officer1");
  ASSERT_TRUE(sent.ok()) << sent.status().message();
  EXPECT_EQ(sent->remaining, 0);
  const testing::FakeCentreState state = centre_->state();
  EXPECT_EQ(state.batches, 4);
  EXPECT_GE(state.replays, 1);
  EXPECT_EQ(state.refused_bad, 0);
  ASSERT_EQ(state.received.size(), 6u);
  for (const auto& [member, times] : state.received) EXPECT_EQ(times, 1) << member;
  for (int i = 1; i <= 6; ++i) EXPECT_EQ(Status("M" + std::to_string(i)), "acknowledged");
  // An answer imported again changes nothing.
  auto again = centre::ImportAnswer(
      *store_, "P.C-20250805-001",
      R"({"batch_id":"P.C-20250805-001","records":[{"member_no":"M1","status":"refused","reason":"x"}]})",
      "officer1");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->batches, 0);
  EXPECT_EQ(Status("M1"), "acknowledged");
}

TEST_P(CentreTest, AnAnswerThatDoesNotAnswerEveryRecordIsRefused) {
  Prepare();
  auto bad = centre::ImportAnswer(
      *store_, "P.C-20250805-001",
      R"({"batch_id":"P.C-20250805-001","records":[{"member_no":"M1","status":"acknowledged"}]})",
      "officer1");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("M2 is not answered"), std::string::npos)
      << bad.status().message();
  EXPECT_EQ(Status("M1"), "sent");  // all or nothing
}

INSTANTIATE_TEST_SUITE_P(Stores, CentreTest, testing::kBothBackends, testing::BackendName);

}  // namespace
}  // namespace cardex
