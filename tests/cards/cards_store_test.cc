// cards/cards.h on both engines, on the intake fixture's campaign plus a
// second commune P.D (cell P.D.1, member M5 without an appointment).
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <thread>

#include "cardex/cards/card_number.h"
#include "cardex/cards/cards.h"
#include "cardex/cards/revocation_list.h"
#include "cardex/cards/signed_file.h"
#include "cardex/core/messages.h"
#include "cardex/ledger/exchange.h"
#include "tests/intake/intake_fixture.h"

namespace cardex::cards {
namespace {

constexpr char kAt[] = "2025-08-20T02:00:00Z";

class CardsTest : public testing::IntakeTest {
 protected:
  void SetUp() override {
    IntakeTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    std::vector<Unit> units = {{"P.D", "P", "commune", "Xã D"},
                               {"P.D.1", "P.D", "cell", "Chi bộ D1"}};
    std::vector<Member> members = {{"M5", "079080000005", "Trần Thị Năm", "1981-05-05", "F",
                                    "P.D.1", "official", "", false}};
    ASSERT_TRUE(store_->UpsertUnits(units).ok());
    ASSERT_TRUE(store_->UpsertMembers(members).ok());
    auto key = LoadOrCreateStoreKey(*store_);
    ASSERT_TRUE(key.ok()) << key.status().message();
    key_ = std::make_unique<SigningKey>(*key);
  }

  // Takes the member from wherever the fixture left them to `submitted`.
  void Submit(const std::string& member) {
    auto current = ledger::GetExchange(*store_, member);
    ASSERT_TRUE(current.ok());
    std::vector<ExchangeStep> steps = {ExchangeStep::kCheckIn, ExchangeStep::kCapture,
                                       ExchangeStep::kConfirm, ExchangeStep::kSubmit};
    if (current->state == ExchangeState::kListed) steps.insert(steps.begin(), ExchangeStep::kInvite);
    for (ExchangeStep s : steps) {
      ledger::StepRequest r;
      r.member_no = member;
      r.step = s;
      r.station_code = "S";
      r.actor = "officer1";
      r.at = "2025-08-05T01:05:00Z";
      auto out = ledger::ApplyStepAtomically(*store_, r);
      ASSERT_TRUE(out.ok()) << out.status().message();
    }
  }

  Result<BatchResult> Produce(const std::string& commune) {
    ProduceRequest r{commune, "producer", kAt, "2025-08-20"};
    return Atomically(*store_, [&] { return ProduceBatch(*store_, r, *key_); });
  }

  Status Hand(const std::string& member, const std::string& card) {
    HandOverRequest r{member, card, "officer2", "2025-08-22T03:00:00Z", "S"};
    return Atomically(*store_, [&] { return HandOver(*store_, r); });
  }

  ExchangeState StateOf(const std::string& member) {
    return ledger::GetExchange(*store_, member)->state;
  }

  std::string CardOf(const std::string& member) {
    auto cards = MemberCards(*store_, member);
    return cards.ok() && !cards->empty() ? (*cards)[0].card_no : "";
  }

  int64_t Count(const std::string& sql) { return store_->Query(sql)->Int(0, 0); }

  std::vector<std::string> AuditActions(const std::string& subject) {
    std::vector<std::string> actions;
    EXPECT_TRUE(store_->ScanAudit(subject, [&](const AuditEntry& e) {
                        actions.push_back(e.action);
                        return Status::Ok();
                      }).ok());
    return actions;
  }

  std::unique_ptr<SigningKey> key_;
};

TEST_P(CardsTest, ProducesTheCommunesSubmittedMembersOnlyAndOnce) {
  Submit("M1");
  Submit("M2");
  Submit("M5");  // in the other commune
  auto batch = Produce("P.C");
  ASSERT_TRUE(batch.ok()) << batch.status().message();
  EXPECT_EQ(batch->batch_id, "B000001");
  EXPECT_EQ(batch->cards, 2);
  EXPECT_EQ(StateOf("M1"), ExchangeState::kCardProduced);
  EXPECT_EQ(StateOf("M2"), ExchangeState::kCardProduced);
  EXPECT_EQ(StateOf("M3"), ExchangeState::kInvited);
  EXPECT_EQ(StateOf("M5"), ExchangeState::kSubmitted);
  EXPECT_EQ(CardOf("M3"), "");

  // Again: nobody new was submitted, so nothing is produced, no batch made.
  auto again = Produce("P.C");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->cards, 0);
  EXPECT_EQ(again->batch_id, "");
  EXPECT_EQ(Count("SELECT count(*) FROM cards"), 2);
  EXPECT_EQ(Count("SELECT count(*) FROM card_batches"), 1);

  Submit("M3");
  ASSERT_EQ(Produce("P.D")->cards, 1);
  auto third = Produce("P.C");
  ASSERT_TRUE(third.ok());
  EXPECT_EQ(third->batch_id, "B000003");
  EXPECT_EQ(third->cards, 1);

  // One card each, numbers unique, well-formed and from the province's counter.
  std::set<std::string> numbers;
  for (const char* m : {"M1", "M2", "M3", "M5"}) {
    auto cards = MemberCards(*store_, m);
    ASSERT_TRUE(cards.ok());
    ASSERT_EQ(cards->size(), 1u) << m;
    EXPECT_TRUE(IsWellFormedCardNumber((*cards)[0].card_no)) << (*cards)[0].card_no;
    EXPECT_EQ((*cards)[0].card_no.rfind("P-", 0), 0u);
    EXPECT_EQ((*cards)[0].state, "produced");
    numbers.insert((*cards)[0].card_no);
  }
  EXPECT_EQ(numbers.size(), 4u);
  EXPECT_EQ(CardOf("M1"), FormatCardNumber("P", 1));
  EXPECT_EQ(CardOf("M2"), FormatCardNumber("P", 2));
  EXPECT_EQ(CardOf("M5"), FormatCardNumber("P", 3));
  EXPECT_EQ(CardOf("M3"), FormatCardNumber("P", 4));
}

TEST_P(CardsTest, RefusesUnitsThatAreNotCommunesAndBadDates) {
  EXPECT_EQ(Produce("P.X").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(Produce("P.C.1").status().code(), StatusCode::kInvalidArgument);
  ProduceRequest r{"P.C", "producer", kAt, "2025-02-30"};
  EXPECT_EQ(ProduceBatch(*store_, r, *key_).status().code(), StatusCode::kInvalidArgument);
}

TEST_P(CardsTest, PayloadVerifiesWithThePublicKeyOnlyAndCarriesStandardValues) {
  // Resolve standardised M2's record: the card carries those values.
  std::vector<MemberStandard> standard = {
      {"M2", "079080000022", "Nguyen Van Hai", "1980-01-22", "M", "registry"}};
  standard[0].full_name = "Nguye\xCC\x82\xCC\x83n Va\xCC\x86n Hai";  // NFD: ễ, ă decomposed
  ASSERT_TRUE(store_->UpsertMemberStandard(standard).ok());
  Submit("M1");
  Submit("M2");
  ASSERT_TRUE(Produce("P.C").ok());

  auto m2 = GetCard(*store_, CardOf("M2"));
  ASSERT_TRUE(m2.ok());
  auto data = VerifyPayload(m2->payload, key_->public_key());
  ASSERT_TRUE(data.ok()) << data.status().message();
  EXPECT_EQ(data->card_no, m2->card_no);
  EXPECT_EQ(data->member_no, "M2");
  EXPECT_EQ(data->citizen_id, "079080000022");
  EXPECT_EQ(data->full_name, "Nguyễn Văn Hai");  // NFC
  EXPECT_EQ(data->birth_date, "1980-01-22");
  EXPECT_EQ(data->unit_code, "P.C.1");
  EXPECT_EQ(data->issued_on, "2025-08-20");
  EXPECT_EQ(data->key_id, key_->key_id());

  auto m1 = VerifyPayload(GetCard(*store_, CardOf("M1"))->payload, key_->public_key());
  ASSERT_TRUE(m1.ok());
  EXPECT_EQ(m1->citizen_id, "079080000001");  // as recorded
  EXPECT_EQ(m1->full_name, "Nguyễn Văn 1");

  std::array<uint8_t, 32> other_seed{};
  other_seed.fill(7);
  EXPECT_FALSE(VerifyPayload(m2->payload, SigningKey::FromSeed(other_seed).public_key()).ok());
  std::string tampered = m2->payload;
  size_t i = tampered.find('.') + 10;
  tampered[i] = tampered[i] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(VerifyPayload(tampered, key_->public_key()).ok());
}

// No card carries data the registry contradicts: a submitted member whose
// birth date the registry disputes (M1, issue 14's 10005693) and one with an
// open correction (M2) are listed with the reason and stay submitted; M3 in
// the same commune is produced, held back by nobody. Once the registry's
// values are applied, M1's card carries them.
TEST_P(CardsTest, SkipsMembersNotCleanlyStandardisedAndNamesWhy) {
  Submit("M1");
  Submit("M2");
  Submit("M3");
  ASSERT_TRUE(store_
                  ->Exec("INSERT INTO reconcile_results (member_no, run_id, verdict, fields, "
                         "registry_full_name, registry_birth_date, registry_gender) VALUES "
                         "('M1', 1, 'mismatch', 'birth_date', 'Nguyễn Văn 1', '1980-01-19', 'M')")
                  .ok());
  Correction open;
  open.member_no = "M2";
  open.unit_code = "P.C.1";
  open.note = "gender";
  open.opened_by = "unit";
  open.opened_at = kAt;
  ASSERT_TRUE(store_->OpenCorrection(open).ok());

  auto batch = Produce("P.C");
  ASSERT_TRUE(batch.ok()) << batch.status().message();
  EXPECT_EQ(batch->cards, 1);
  ASSERT_EQ(batch->skipped.size(), 2u);
  EXPECT_EQ(batch->skipped[0].member_no, "M1");
  EXPECT_EQ(batch->skipped[0].reason_id, "unclean.open_difference");
  EXPECT_EQ(Msg(Lang::kVi, batch->skipped[0].reason_id, batch->skipped[0].reason_args),
            "còn sai lệch với CSDL dân cư (ngày sinh)");
  EXPECT_EQ(batch->skipped[1].member_no, "M2");
  EXPECT_EQ(batch->skipped[1].reason_id, "unclean.open_correction");
  EXPECT_EQ(StateOf("M1"), ExchangeState::kSubmitted);
  EXPECT_EQ(StateOf("M2"), ExchangeState::kSubmitted);
  EXPECT_EQ(StateOf("M3"), ExchangeState::kCardProduced);
  EXPECT_EQ(CardOf("M1"), "");

  // The registry is right: its birth date becomes M1's standardised value.
  std::vector<MemberStandard> standard = {
      {"M1", "079080000001", "Nguyễn Văn 1", "1980-01-19", "M", "registry"}};
  ASSERT_TRUE(store_->UpsertMemberStandard(standard).ok());
  auto next = Produce("P.C");
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(next->cards, 1);
  auto m1 = VerifyPayload(GetCard(*store_, CardOf("M1"))->payload, key_->public_key());
  ASSERT_TRUE(m1.ok());
  EXPECT_EQ(m1->birth_date, "1980-01-19");
}

TEST_P(CardsTest, TheStoreKeyIsMadeOnceAndSharedByConnections) {
  auto second = OpenStore(spec_);
  ASSERT_TRUE(second.ok());
  auto again = LoadOrCreateStoreKey(**second);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->public_key(), key_->public_key());
  EXPECT_EQ(again->key_id(), key_->key_id());
}

TEST_P(CardsTest, TheReadsThePagesAndTheDemoUse) {
  Submit("M1");
  Submit("M2");
  auto batch = Produce("P.C");
  ASSERT_TRUE(batch.ok());
  EXPECT_EQ(*BatchCommune(*store_, batch->batch_id), "P.C");
  EXPECT_EQ(BatchCommune(*store_, "B999999").status().code(), StatusCode::kNotFound);
  auto listed = CommuneBatches(*store_, "P.C", 20);
  ASSERT_TRUE(listed.ok()) << listed.status().message();
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].batch_id, batch->batch_id);
  EXPECT_EQ((*listed)[0].cards, 2);
  EXPECT_EQ((*listed)[0].delivered_at, "");
  EXPECT_TRUE(CommuneBatches(*store_, "P.D", 20)->empty());
  EXPECT_TRUE(CardsAwaitingHandOver(*store_)->empty());

  ASSERT_TRUE(Atomically(*store_, [&] { return DeliverBatch(*store_, batch->batch_id, "c", kAt); }).ok());
  EXPECT_NE((*CommuneBatches(*store_, "P.C", 20))[0].delivered_at, "");
  auto waiting = CardsAwaitingHandOver(*store_);
  ASSERT_TRUE(waiting.ok()) << waiting.status().message();
  ASSERT_EQ(waiting->size(), 2u);
  EXPECT_EQ((*waiting)[0].member_no, "M1");
  EXPECT_EQ((*waiting)[0].card_no, CardOf("M1"));

  EXPECT_FALSE(LatestRevokedCard(*store_, "M1")->has_value());
  const std::string c1 = CardOf("M1");
  ASSERT_TRUE(Atomically(*store_, [&] { return Revoke(*store_, {c1, "lost", "", "admin", kAt}); }).ok());
  auto revoked = LatestRevokedCard(*store_, "M1");
  ASSERT_TRUE(revoked.ok()) << revoked.status().message();
  ASSERT_TRUE(revoked->has_value());
  EXPECT_EQ((*revoked)->card_no, c1);
  EXPECT_EQ((*revoked)->reason, "lost");
}

TEST_P(CardsTest, DeliveryAndHandOverMoveCardAndMemberAndRetireTheOldNumber) {
  Submit("M1");
  Submit("M2");
  auto batch = Produce("P.C");
  ASSERT_TRUE(batch.ok());
  const std::string c1 = CardOf("M1"), c2 = CardOf("M2");

  Status early = Hand("M1", c1);
  EXPECT_EQ(early.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(early.message().find("not been delivered"), std::string::npos) << early.message();

  auto delivered = Atomically(
      *store_, [&] { return DeliverBatch(*store_, batch->batch_id, "courier", kAt); });
  ASSERT_TRUE(delivered.ok()) << delivered.status().message();
  EXPECT_EQ(*delivered, 2);
  EXPECT_EQ(StateOf("M1"), ExchangeState::kCardDelivered);
  EXPECT_EQ(GetCard(*store_, c1)->state, "delivered");
  EXPECT_EQ(Atomically(*store_, [&] { return DeliverBatch(*store_, batch->batch_id, "c", kAt); })
                .status()
                .code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(DeliverBatch(*store_, "B999999", "c", kAt).status().code(), StatusCode::kNotFound);

  Status wrong = Hand("M1", c2);
  EXPECT_EQ(wrong.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(wrong.message().find("not member M1's card"), std::string::npos);
  EXPECT_EQ(Hand("M1", "P-000000000").code(), StatusCode::kNotFound);
  EXPECT_EQ(StateOf("M1"), ExchangeState::kCardDelivered);

  ASSERT_TRUE(Hand("M1", c1).ok());
  EXPECT_EQ(StateOf("M1"), ExchangeState::kHandedOver);
  auto card = GetCard(*store_, c1);
  EXPECT_EQ(card->state, "handed_over");
  EXPECT_EQ(card->handed_over_at, "2025-08-22T03:00:00Z");
  auto retired = store_->Query("SELECT member_no, new_card_no FROM retired_cards WHERE old_card_no = 'M1'");
  ASSERT_EQ(retired->size(), 1u);
  EXPECT_EQ(retired->Text(0, 1), c1);
  EXPECT_EQ(ledger::GetExchange(*store_, "M1")->station_code, "S");

  Status twice = Hand("M1", c1);
  EXPECT_EQ(twice.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(twice.message().find("already handed over"), std::string::npos);
}

TEST_P(CardsTest, OnlyTheMembersLiveCardIsHandedOver) {
  Submit("M1");
  auto batch = Produce("P.C");
  ASSERT_TRUE(batch.ok());
  const std::string c1 = CardOf("M1");
  ASSERT_TRUE(Atomically(*store_, [&] { return DeliverBatch(*store_, batch->batch_id, "c", kAt); }).ok());
  // A newer card for the same member (a re-issue, written directly here).
  const std::string newer = FormatCardNumber("P", 50);
  ASSERT_TRUE(store_->Exec("INSERT INTO cards (card_no, member_no, batch_id, issued_on, payload, "
                           "state) VALUES (?, 'M1', 'B000009', '2025-09-01', '', 'delivered')",
                           {newer}).ok());
  Status old = Hand("M1", c1);
  EXPECT_EQ(old.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(old.message().find("not member M1's live card"), std::string::npos) << old.message();
  // Once the newer card is revoked, the older one is live again.
  ASSERT_TRUE(Atomically(*store_, [&] { return Revoke(*store_, {newer, "misprinted", "", "admin", kAt}); }).ok());
  EXPECT_EQ(StateOf("M1"), ExchangeState::kCardDelivered);  // c1 is still valid: no reissue
  EXPECT_TRUE(Hand("M1", c1).ok());
}

TEST_P(CardsTest, RevokedCardsAndRetiredNumbersAreListed) {
  Submit("M1");
  Submit("M2");
  auto batch = Produce("P.C");
  ASSERT_TRUE(batch.ok());
  const std::string c1 = CardOf("M1"), c2 = CardOf("M2");
  ASSERT_TRUE(Atomically(*store_, [&] { return DeliverBatch(*store_, batch->batch_id, "c", kAt); }).ok());
  ASSERT_TRUE(Hand("M1", c1).ok());

  auto revoke = [&](const std::string& card, const std::string& reason) {
    return Atomically(*store_,
                      [&] { return Revoke(*store_, {card, reason, "in transit", "admin", kAt}); })
        .status();
  };
  EXPECT_EQ(revoke(c2, "").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(revoke(c2, "lost in transit").code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(revoke("P-000000000", "lost").code(), StatusCode::kNotFound);
  ASSERT_TRUE(revoke(c2, "lost").ok());
  EXPECT_EQ(revoke(c2, "lost").code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(GetCard(*store_, c2)->state, "revoked");
  Status handed = Hand("M2", c2);
  EXPECT_EQ(handed.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(handed.message().find("revoked"), std::string::npos);

  auto list = RevocationList(*store_);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].card_no, c2);
  EXPECT_EQ((*list)[0].kind, "revoked");
  EXPECT_EQ((*list)[0].reason, "lost");
  EXPECT_EQ((*list)[1].card_no, "M1");
  EXPECT_EQ((*list)[1].kind, "retired");
  EXPECT_EQ((*list)[1].reason, "replaced by " + c1);
}

TEST_P(CardsTest, EveryChangeIsAudited) {
  Submit("M1");
  auto batch = Produce("P.C");
  ASSERT_TRUE(batch.ok());
  const std::string c1 = CardOf("M1");
  ASSERT_TRUE(Atomically(*store_, [&] { return DeliverBatch(*store_, batch->batch_id, "c", kAt); }).ok());
  ASSERT_TRUE(Hand("M1", c1).ok());
  ASSERT_TRUE(
      Atomically(*store_, [&] { return Revoke(*store_, {c1, "stolen", "", "admin", kAt}); }).ok());

  EXPECT_EQ(AuditActions(c1), (std::vector<std::string>{"card.produce", "card.deliver",
                                                        "card.hand_over", "card.revoke"}));
  EXPECT_EQ(AuditActions(batch->batch_id),
            (std::vector<std::string>{"card.batch.produce", "card.batch.deliver"}));
  std::vector<std::string> member = AuditActions("M1");
  ASSERT_GE(member.size(), 5u);
  EXPECT_EQ(std::vector<std::string>(member.end() - 5, member.end()),
            (std::vector<std::string>{"exchange.produce_card", "exchange.deliver_card",
                                      "exchange.hand_over", "card.retire_old",
                                      "exchange.reissue_card"}));
}

// Lost after hand-over: revoking reissues, the old card is on the list
// before the replacement exists, the next batch makes exactly one new card,
// and its hand-over keeps the old number retired, now naming the new card.
TEST_P(CardsTest, RevokingTheLiveCardReissuesOnce) {
  Submit("M1");
  auto first = Produce("P.C");
  ASSERT_TRUE(first.ok());
  const std::string c1 = CardOf("M1");
  ASSERT_TRUE(Atomically(*store_, [&] { return DeliverBatch(*store_, first->batch_id, "c", kAt); }).ok());
  ASSERT_TRUE(Hand("M1", c1).ok());

  auto revoked = Atomically(*store_, [&] { return Revoke(*store_, {c1, "lost", "at the market", "admin", kAt}); });
  ASSERT_TRUE(revoked.ok()) << revoked.status().message();
  EXPECT_TRUE(revoked->reissued);
  EXPECT_EQ(revoked->member_no, "M1");
  EXPECT_EQ(StateOf("M1"), ExchangeState::kSubmitted);
  EXPECT_EQ(ledger::GetExchange(*store_, "M1")->reason, "lost");
  // A retried revocation changes nothing.
  auto again = Atomically(*store_, [&] { return Revoke(*store_, {c1, "lost", "", "admin", kAt}); });
  EXPECT_EQ(again.status().code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(StateOf("M1"), ExchangeState::kSubmitted);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM exchange_events WHERE member_no = 'M1' AND to_state = 'submitted'"), 2);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM revocations WHERE card_no = '" + c1 + "'"), 1);

  auto second = Produce("P.C");
  ASSERT_TRUE(second.ok()) << second.status().message();
  EXPECT_EQ(second->cards, 1);
  const std::string c2 = CardOf("M1");
  EXPECT_NE(c2, c1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM cards WHERE member_no = 'M1' AND state <> 'revoked'"), 1);
  // Nothing more to produce.
  EXPECT_EQ(Produce("P.C")->cards, 0);
  ASSERT_TRUE(Atomically(*store_, [&] { return DeliverBatch(*store_, second->batch_id, "c", kAt); }).ok());
  EXPECT_EQ(Hand("M1", c1).code(), StatusCode::kFailedPrecondition);
  ASSERT_TRUE(Hand("M1", c2).ok());
  EXPECT_EQ(StateOf("M1"), ExchangeState::kHandedOver);
  auto list = RevocationList(*store_);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].card_no, c1);
  EXPECT_EQ((*list)[1].reason, "replaced by " + c2);
  std::vector<std::string> member = AuditActions("M1");
  EXPECT_EQ(std::count(member.begin(), member.end(), "exchange.reissue_card"), 1);
  EXPECT_EQ(std::count(member.begin(), member.end(), "card.retire_old"), 2);
}

// Misprinted, found before delivery: the batch is delivered without it and
// the member waits for the next batch.
TEST_P(CardsTest, RevokedBeforeDeliveryIsLeftOutOfTheDelivery) {
  Submit("M1");
  Submit("M2");
  auto first = Produce("P.C");
  ASSERT_TRUE(first.ok());
  const std::string c1 = CardOf("M1");
  auto r = Atomically(*store_, [&] { return Revoke(*store_, {c1, "misprinted", "", "admin", kAt}); });
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->reissued);
  auto delivered = Atomically(*store_, [&] { return DeliverBatch(*store_, first->batch_id, "c", kAt); });
  ASSERT_TRUE(delivered.ok());
  EXPECT_EQ(*delivered, 1);
  EXPECT_EQ(StateOf("M1"), ExchangeState::kSubmitted);
  EXPECT_EQ(StateOf("M2"), ExchangeState::kCardDelivered);
  auto second = Produce("P.C");
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->cards, 1);
  EXPECT_EQ(StateOf("M1"), ExchangeState::kCardProduced);
}

// Production refuses to make a second valid card, whatever brought the
// member back to submitted.
TEST_P(CardsTest, ProductionNeverMakesASecondValidCard) {
  Submit("M1");
  ASSERT_TRUE(Produce("P.C").ok());
  const std::string c1 = CardOf("M1");
  ASSERT_TRUE(store_->Exec("UPDATE exchange SET state = 'submitted' WHERE member_no = 'M1'").ok());
  auto again = Produce("P.C");
  EXPECT_EQ(again.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(again.status().message().find(c1), std::string::npos) << again.status().message();
  EXPECT_EQ(Count("SELECT COUNT(*) FROM cards WHERE member_no = 'M1'"), 1);
}

// The published list: numbered, dated, signed with its header; a changed
// byte, an undated list, or another key is refused; ages are computed.
TEST_P(CardsTest, PublishedListIsNumberedDatedAndSigned) {
  Submit("M1");
  ASSERT_TRUE(Produce("P.C").ok());
  const std::string c1 = CardOf("M1");
  ASSERT_TRUE(Atomically(*store_, [&] { return Revoke(*store_, {c1, "stolen", "", "admin", kAt}); }).ok());
  auto publish = [&](const char* at) {
    return Atomically(*store_, [&] { return PublishRevocationList(*store_, *key_, "admin", at); });
  };
  auto one = publish("2025-08-21T00:00:00Z");
  ASSERT_TRUE(one.ok()) << one.status().message();
  auto two = publish("2025-08-22T06:30:00Z");
  ASSERT_TRUE(two.ok());
  EXPECT_EQ(one->header.sequence + 1, two->header.sequence);
  EXPECT_EQ(two->revoked, 1);
  EXPECT_EQ(two->text.rfind("#CDXREV1 issued_at=2025-08-22T06:30:00Z sequence=" +
                                std::to_string(two->header.sequence) + " key_id=" + key_->key_id() +
                                "\ncard_no,kind,reason,at\n" + c1 + ",revoked,stolen,",
                            0),
            0u)
      << two->text;

  auto header = VerifyRevocationList(two->text, two->signature, key_->public_key());
  ASSERT_TRUE(header.ok()) << header.status().message();
  EXPECT_EQ(header->issued_at, "2025-08-22T06:30:00Z");
  EXPECT_EQ(header->sequence, two->header.sequence);
  EXPECT_EQ(FindInRevocationList(two->text, c1), std::optional<std::string>("revoked,stolen," + std::string(kAt)));
  EXPECT_FALSE(FindInRevocationList(two->text, "P-000000000").has_value());

  // Tampered: a card taken off the list, or the date moved forward.
  std::string removed = two->text;
  removed.erase(removed.find(c1), c1.size() + 1);
  EXPECT_FALSE(VerifyRevocationList(removed, two->signature, key_->public_key()).ok());
  std::string redated = two->text;
  redated.replace(redated.find("2025-08-22"), 10, "2025-09-22");
  EXPECT_FALSE(VerifyRevocationList(redated, two->signature, key_->public_key()).ok());
  // The older list's signature does not fit the newer list.
  EXPECT_FALSE(VerifyRevocationList(two->text, one->signature, key_->public_key()).ok());
  // An undated list, even validly signed, is refused.
  std::string undated = two->text.substr(two->text.find('\n') + 1);
  auto refused = VerifyRevocationList(undated, SignFile(undated, *key_), key_->public_key());
  EXPECT_EQ(refused.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(refused.status().message().find("issue date"), std::string::npos);
  // Another key.
  std::array<uint8_t, 32> seed{};
  seed[0] = 7;
  SigningKey other = SigningKey::FromSeed(seed);
  EXPECT_FALSE(VerifyRevocationList(two->text, two->signature, other.public_key()).ok());

  // Ages.
  EXPECT_EQ(*SecondsBetween("2025-08-22T06:30:00Z", "2025-08-25T07:30:00Z"), 3 * 86400 + 3600);
  EXPECT_EQ(*SecondsBetween("2025-12-31T23:59:59Z", "2026-01-01T00:00:00Z"), 1);
  EXPECT_FALSE(SecondsBetween("2025-02-30T00:00:00Z", "2025-08-25T07:30:00Z").ok());
  EXPECT_EQ(FormatAge(3 * 86400 + 3600), "3 d 1 h");
  EXPECT_EQ(FormatAge(125 * 60), "2 h 5 min");
  // Publication is audited.
  EXPECT_EQ(AuditActions("revocation_list"),
            (std::vector<std::string>{"card.revocations.publish", "card.revocations.publish"}));
}

TEST_P(CardsTest, TwoConnectionsMakingTheKeyAtOnceGetTheSameOne) {
  ASSERT_TRUE(store_->Exec("DELETE FROM settings WHERE key = 'cards.signing_seed'").ok());
  PublicKey keys[2];
  std::thread threads[2];
  for (int i = 0; i < 2; ++i) {
    threads[i] = std::thread([&, i] {
      auto store = OpenStore(spec_);
      ASSERT_TRUE(store.ok());
      auto key = LoadOrCreateStoreKey(**store);
      ASSERT_TRUE(key.ok()) << key.status().message();
      keys[i] = key->public_key();
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(keys[0], keys[1]);
  EXPECT_NE(keys[0], key_->public_key());  // a new key was made
  // Each creation is audited once (the fixture's key, then the racers' one).
  EXPECT_EQ(AuditActions("cards.signing_seed"),
            (std::vector<std::string>{"card.key.create", "card.key.create"}));
}

TEST_P(CardsTest, TwoProducersRacingProduceEachMemberOnce) {
  Submit("M1");
  Submit("M2");
  Result<BatchResult> results[2] = {Status::Internal("not run"), Status::Internal("not run")};
  std::thread threads[2];
  for (int i = 0; i < 2; ++i) {
    threads[i] = std::thread([&, i] {
      auto store = OpenStore(spec_);
      ASSERT_TRUE(store.ok());
      ProduceRequest r{"P.C", "producer" + std::to_string(i), kAt, "2025-08-20"};
      results[i] = Atomically(**store, [&] { return ProduceBatch(**store, r, *key_); });
    });
  }
  for (auto& t : threads) t.join();
  int64_t produced = 0;
  for (const auto& r : results) {
    // The loser either found nobody left or lost the race on a member and
    // rolled back whole; it never produces a second card.
    if (r.ok()) {
      produced += r->cards;
    } else {
      EXPECT_EQ(r.status().code(), StatusCode::kFailedPrecondition) << r.status().message();
    }
  }
  EXPECT_EQ(produced, 2);
  EXPECT_EQ(Count("SELECT count(*) FROM cards"), 2);
  EXPECT_EQ(Count("SELECT count(*) FROM card_batches"), 1);
  EXPECT_EQ(StateOf("M1"), ExchangeState::kCardProduced);
}

INSTANTIATE_TEST_SUITE_P(Cards, CardsTest, testing::kBothBackends, testing::BackendName);

}  // namespace
}  // namespace cardex::cards
