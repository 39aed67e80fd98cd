// The notices kept in the store, on both engines: each member is prepared
// each notice once (the key is unique), a move after a re-plan or the
// member's own move is told, a missed day brings a catch-up invitation,
// the day before a reminder, and the cell secretary's list shows who has
// not been reached and why.
#include <gtest/gtest.h>

#include <thread>

#include "cardex/notices/notices.h"
#include "tests/notices/notices_test_support.h"

namespace cardex::notices {
namespace {

using testing::NoticesStoreTest;

PrepareReport Prepare(Store& store, const std::string& now, const std::string& unit = "") {
  PrepareOptions o;
  o.now = now;
  o.unit_code = unit;
  auto report = PrepareNotices(store, o);
  EXPECT_TRUE(report.ok()) << report.status().message();
  return report.ok() ? *report : PrepareReport{};
}

TEST(Phones, NormalisedAndMasked) {
  EXPECT_EQ(NormalisePhone("0912 345 678"), "+84912345678");
  EXPECT_EQ(NormalisePhone("+84 (912) 345-678"), "+84912345678");
  EXPECT_EQ(NormalisePhone("84912345678"), "+84912345678");
  EXPECT_EQ(NormalisePhone("0312.345.678"), "+84312345678");
  EXPECT_EQ(NormalisePhone(""), std::nullopt);
  EXPECT_EQ(NormalisePhone("02633 822 123"), std::nullopt);  // a landline: no SMS
  EXPECT_EQ(NormalisePhone("091234567"), std::nullopt);
  EXPECT_EQ(NormalisePhone("+0912345678"), std::nullopt);
  EXPECT_EQ(NormalisePhone("0912x45678"), std::nullopt);
  EXPECT_EQ(MaskPhone("+84912345678"), "091****678");
}

TEST(Keys, OnePerMemberKindAndAppointment) {
  EXPECT_EQ(NoticeKey("M1", NoticeKind::kReminder, "K7QX"), "M1/reminder/K7QX");
  EXPECT_EQ(MessageId("M1/reminder/K7QX").size(), 32u);
  EXPECT_NE(MessageId("M1/reminder/K7QX"), MessageId("M1/invitation/K7QX"));
  EXPECT_EQ(MessageId("M1/reminder/K7QX"), MessageId("M1/reminder/K7QX"));
}

TEST_P(NoticesStoreTest, InvitationsOnceEach) {
  // 10:00 on 4 August in Vietnam; appointments on the 7th.
  PrepareReport first = Prepare(*store_, "2025-08-04T03:00:00Z");
  EXPECT_EQ(first.prepared[NoticeKind::kInvitation], 5);  // M1-M4, M9
  EXPECT_EQ(first.Total(), 5);
  EXPECT_EQ(first.no_phone, 1);  // M5
  EXPECT_EQ(NoticesOf("M1"), std::vector<std::string>{"invitation:CODE000001:pending"});
  auto body = store_->Query("SELECT body, phone, slot_start FROM notices WHERE member_no = 'M2'");
  ASSERT_TRUE(body.ok() && body->size() == 1);
  EXPECT_EQ(std::string(body->Text(0, 0)),
            "Moi dong chi den doi the dang vien: Thu Nam 07/08/2025, 08:00-08:30, tai Cong an xa "
            "Ham Tien. Mang CCCD va the cu. Ma moi: CODE000002");
  EXPECT_EQ(std::string(body->Text(0, 1)), "+84912345672");

  // Again, the same hour or the next day: nothing new.
  EXPECT_EQ(Prepare(*store_, "2025-08-04T03:00:00Z").Total(), 0);
  EXPECT_EQ(Prepare(*store_, "2025-08-05T01:00:00Z").Total(), 0);
  auto count = store_->Query("SELECT count(*) FROM notices");
  EXPECT_EQ(count->Int(0, 0), 5);
}

TEST_P(NoticesStoreTest, TheKeyIsUniqueInTheStore) {
  Prepare(*store_, "2025-08-04T03:00:00Z");
  const std::string key = NoticeKey("M1", NoticeKind::kInvitation, "CODE000001");
  auto again = store_->Exec(
      "INSERT INTO notices (notice_key, message_id, member_no, unit_code, kind, invitation_code, "
      "slot_start, phone, body, prepared_at) VALUES (?, 'other', 'M1', 'P.C.1', 'invitation', "
      "'CODE000001', '2025-08-07T08:00', '+84912345671', 'x', '2025-08-04T03:00:00Z')",
      {std::string_view(key)});
  EXPECT_EQ(again.code(), StatusCode::kAlreadyExists);
}

TEST_P(NoticesStoreTest, TwoPreparationsRacingPrepareEachNoticeOnce) {
  auto other = OpenStore(spec_);
  ASSERT_TRUE(other.ok());
  PrepareReport a, b;
  std::thread t([&] { a = Prepare(**other, "2025-08-04T03:00:00Z"); });
  b = Prepare(*store_, "2025-08-04T03:00:00Z");
  t.join();
  EXPECT_EQ(a.Total() + b.Total(), 5);
  EXPECT_EQ(store_->Query("SELECT count(*) FROM notices")->Int(0, 0), 5);
}

TEST_P(NoticesStoreTest, AMoveIsToldAndTheOldNoticeNeverGoesOut) {
  Prepare(*store_, "2025-08-04T03:00:00Z");
  // M2 moves (a re-plan or their own move) to the 8th before anything was
  // sent: the moved notice is prepared, the invitation of the old code is
  // superseded at sending time.
  Appoint("M2", "2025-08-08T10:00", "CODE100002");
  PrepareReport moved = Prepare(*store_, "2025-08-05T03:00:00Z");
  EXPECT_EQ(moved.prepared[NoticeKind::kMoved], 1);
  EXPECT_EQ(moved.Total(), 1);
  auto retired = RetireStale(*store_, "2025-08-05T03:00:00Z");
  ASSERT_TRUE(retired.ok());
  EXPECT_EQ(retired->first, 1);
  EXPECT_EQ(NoticesOf("M2"), (std::vector<std::string>{"invitation:CODE000002:superseded",
                                                       "moved:CODE100002:pending"}));
  auto text = store_->Query("SELECT body FROM notices WHERE kind = 'moved'");
  EXPECT_NE(std::string(text->Text(0, 0)).find("DA THAY DOI: Thu Sau 08/08/2025, 10:00-10:30"),
            std::string::npos);
}

TEST_P(NoticesStoreTest, RemindersTheDayBeforeOnce) {
  Prepare(*store_, "2025-08-04T03:00:00Z");
  // 09:00 on the 6th: the appointments are tomorrow.
  PrepareReport day_before = Prepare(*store_, "2025-08-06T02:00:00Z");
  EXPECT_EQ(day_before.prepared[NoticeKind::kReminder], 5);
  EXPECT_EQ(Prepare(*store_, "2025-08-06T08:00:00Z").Total(), 0);
  EXPECT_EQ(NoticesOf("M1"), (std::vector<std::string>{"invitation:CODE000001:pending",
                                                       "reminder:CODE000001:pending"}));
  auto text = store_->Query("SELECT body FROM notices WHERE kind = 'reminder' AND member_no = 'M1'");
  EXPECT_NE(std::string(text->Text(0, 0)).find("Nhac lich: ngay mai Thu Nam 07/08/2025"),
            std::string::npos);
}

TEST_P(NoticesStoreTest, APlanMadeTheDayBeforeGetsOnlyTheInvitation) {
  PrepareReport late = Prepare(*store_, "2025-08-06T02:00:00Z");
  EXPECT_EQ(late.prepared[NoticeKind::kInvitation], 5);
  EXPECT_EQ(late.prepared[NoticeKind::kReminder], 0);
  EXPECT_EQ(Prepare(*store_, "2025-08-06T10:00:00Z").Total(), 0);
}

TEST_P(NoticesStoreTest, AMissedDayBringsTheCatchUpInvitation) {
  Prepare(*store_, "2025-08-04T03:00:00Z");
  // M3 does not come on the 7th; the desk marks them absent and books a
  // catch-up slot on the 9th. M1 comes and is received: told nothing more.
  Step("M3", ExchangeStep::kMarkAbsent, "absent", "2025-08-07T05:00:00Z");
  Appoint("M3", "2025-08-09T08:00", "CODE200003");
  Step("M3", ExchangeStep::kBook, "", "2025-08-07T05:01:00Z");
  Step("M1", ExchangeStep::kCheckIn, "", "2025-08-07T01:00:00Z");
  Appoint("M1", "2025-08-09T09:00", "CODE200001");  // a stray row: M1 is past the desk
  Step("M1", ExchangeStep::kCapture, "", "2025-08-07T01:05:00Z");
  Step("M1", ExchangeStep::kConfirm, "", "2025-08-07T01:06:00Z");
  Step("M1", ExchangeStep::kSubmit, "", "2025-08-07T01:07:00Z");
  PrepareReport after = Prepare(*store_, "2025-08-07T10:00:00Z");
  EXPECT_EQ(after.prepared[NoticeKind::kCatchUp], 1);
  EXPECT_EQ(after.Total(), 1);
  EXPECT_EQ(NoticesOf("M3").back(), "catch_up:CODE200003:pending");
  EXPECT_EQ(NoticesOf("M1").size(), 1u);
  auto text = store_->Query("SELECT body FROM notices WHERE kind = 'catch_up'");
  EXPECT_NE(std::string(text->Text(0, 0)).find("Lich bo sung doi the dang vien: Thu Bay 09/08/2025"),
            std::string::npos);
}

TEST_P(NoticesStoreTest, SlicesMakeTheSameNotices) {
  PrepareOptions o;
  o.now = "2025-08-04T03:00:00Z";
  o.slice = 2;  // three transactions for M1..M9
  auto sliced = PrepareNotices(*store_, o);
  ASSERT_TRUE(sliced.ok()) << sliced.status().message();
  EXPECT_EQ(sliced->prepared[NoticeKind::kInvitation], 5);
  EXPECT_EQ(sliced->no_phone, 1);
  o.now = "2025-08-06T02:00:00Z";
  EXPECT_EQ(PrepareNotices(*store_, o)->prepared[NoticeKind::kReminder], 5);
}

TEST_P(NoticesStoreTest, OneUnitAtATime) {
  EXPECT_EQ(Prepare(*store_, "2025-08-04T03:00:00Z", "P.C.2").Total(), 1);
  EXPECT_EQ(Prepare(*store_, "2025-08-04T03:00:00Z", "P.C").Total(), 4);
}

TEST_P(NoticesStoreTest, TheSecretarySeesWhoIsNotReached) {
  auto none_yet = NotReached(*store_, "P.C.1", "2025-08-04T03:00:00Z");
  ASSERT_TRUE(none_yet.ok());
  ASSERT_EQ(none_yet->size(), 5u);
  EXPECT_EQ((*none_yet)[0].why, Unreached::kNotPrepared);
  EXPECT_EQ((*none_yet)[0].phone_masked, "091****671");
  EXPECT_EQ((*none_yet)[4].why, Unreached::kNoPhone);
  EXPECT_EQ((*none_yet)[4].phone_masked, "");

  Prepare(*store_, "2025-08-04T03:00:00Z");
  auto id = [&](const char* member) {
    return std::string(store_->Query("SELECT message_id FROM notices WHERE member_no = ?",
                                     {std::string_view(member)})
                           ->Text(0, 0));
  };
  ASSERT_TRUE(*FinishPending(*store_, id("M1"), "sent", "2025-08-04T03:01:00Z"));
  ASSERT_TRUE(*FinishPending(*store_, id("M2"), "failed", "2025-08-04T03:01:00Z", "gateway refused: HTTP 400 invalid_number"));
  ASSERT_TRUE(*FinishPending(*store_, id("M3"), "exported", "2025-08-04T03:01:00Z", "", "b1.csv"));
  EXPECT_FALSE(*FinishPending(*store_, id("M1"), "sent", "2025-08-04T03:02:00Z"));  // once
  auto list = NotReached(*store_, "P.C.1", "2025-08-04T04:00:00Z");
  ASSERT_TRUE(list.ok());
  std::vector<std::string> seen;
  for (const UnreachedMember& u : *list) seen.push_back(u.member_no + ":" + std::string(UnreachedName(u.why)));
  EXPECT_EQ(seen, (std::vector<std::string>{"M2:failed", "M3:awaiting_report", "M4:waiting",
                                            "M5:no_phone"}));
  EXPECT_EQ((*list)[0].error, "gateway refused: HTTP 400 invalid_number");
  EXPECT_EQ((*list)[0].full_name, "Nguyễn Văn B");
  // After the appointment began nobody is listed: the desk's list takes over.
  EXPECT_TRUE(NotReached(*store_, "P.C.1", "2025-08-07T02:00:00Z")->empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, NoticesStoreTest, testing::kBothBackends, testing::BackendName);

}  // namespace
}  // namespace cardex::notices
