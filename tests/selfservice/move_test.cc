// selfservice/move.h and cannot_come.h: free slots, a move in one
// transaction that keeps capacity (the last seat, raced by 50), the code
// superseded, the audit; "I cannot come".
#include "cardex/selfservice/move.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "cardex/ledger/exchange.h"
#include "cardex/selfservice/access.h"
#include "cardex/selfservice/cannot_come.h"
#include "cardex/selfservice/member_view.h"
#include "cardex/store/atomically.h"
#include "tests/selfservice/selfservice_fixture.h"

namespace cardex::selfservice {
namespace {

using testing::SelfServiceTest;

constexpr char kAt[] = "2025-08-01T01:00:00Z";

class MoveTest : public SelfServiceTest {
 protected:
  Result<StoredAppointment> Move(Store& store, const std::string& member, const std::string& station,
                                 const std::string& slot, const SelfServiceOptions& o = {}) {
    MoveRequest r{member, station, slot, Now(), kAt};
    return Atomically(store, [&] { return MoveAppointment(store, r, o); });
  }
};

TEST_P(MoveTest, FreeSlotsAtEveryStationServingTheCommune) {
  auto slots = FreeSlots(*store_, "M01", Now(), SelfServiceOptions{});
  ASSERT_TRUE(slots.ok()) << slots.status().message();
  std::vector<std::string> seen;
  for (const FreeSlot& s : *slots) seen.push_back(s.station_code + " " + s.slot_start + " " + std::to_string(s.free));
  // The member's station first (its 2025-08-05 slots are full: 50 members
  // in 12 seats), then the others by code; U does not serve P.C.
  const std::vector<std::string> expected = {
      "S 2025-08-06T08:00 2", "S 2025-08-06T08:10 2", "S 2025-08-06T08:20 2", "S 2025-08-06T08:30 2",
      "S 2025-08-06T08:40 2", "S 2025-08-06T08:50 2", "R 2025-08-07T08:00 1", "T 2025-08-06T14:00 1",
      "T 2025-08-06T14:15 1"};
  EXPECT_EQ(seen, expected);
  // Within 24 hours of now nothing is offered.
  const int64_t late = plan::LocalMinute(*Date::Parse("2025-08-06"), *TimeOfDay::Parse("07:00"));
  auto fewer = FreeSlots(*store_, "M01", late, SelfServiceOptions{});
  ASSERT_TRUE(fewer.ok());
  for (const FreeSlot& s : *fewer) EXPECT_GE(s.slot_start, std::string("2025-08-07T07:00")) << s.slot_start;
}

TEST_P(MoveTest, AMoveSupersedesTheCodeAndIsAuditedAndCounted) {
  const std::string old_code = codes_["M01"];
  auto moved = Move(*store_, "M01", "T", "2025-08-06T14:15");
  ASSERT_TRUE(moved.ok()) << moved.status().message();
  EXPECT_EQ(moved->slot_end, "2025-08-06T14:30");
  EXPECT_NE(moved->invitation_code, old_code);
  // Both codes name the member: the new one, and the printed one (superseded).
  EXPECT_EQ(*MemberOfCode(*store_, moved->invitation_code), "M01");
  EXPECT_EQ(*MemberOfCode(*store_, old_code), "M01");
  auto page = LoadMemberPage(*store_, "M01");
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->station_code, "T");
  EXPECT_EQ(page->slot_start, "2025-08-06T14:15");
  EXPECT_EQ(page->code, moved->invitation_code);
  EXPECT_EQ(page->moves_done, 1);
  std::vector<AuditEntry> audit;
  ASSERT_TRUE(store_->ScanAudit("member:M01", [&](const AuditEntry& e) {
    audit.push_back(e);
    return Status::Ok();
  }).ok());
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].action, "member.appointment.moved");
  EXPECT_EQ(audit[0].before, "station=S slot=2025-08-05T08:00");
  EXPECT_EQ(audit[0].after, "station=T slot=2025-08-06T14:15 end=2025-08-06T14:30 move=1");
  EXPECT_EQ(audit[0].after.find(moved->invitation_code), std::string::npos);  // codes are credentials
  // The cell secretary sees it.
  auto cell = CellSelfServiceList(*store_, "P.C.1");
  ASSERT_TRUE(cell.ok());
  ASSERT_EQ(cell->size(), 1u);
  EXPECT_EQ((*cell)[0].member_no, "M01");
  EXPECT_EQ((*cell)[0].moves, 1);
}

TEST_P(MoveTest, TheStationsAddressIsShownWhenRecorded) {
  EXPECT_EQ(LoadMemberPage(*store_, "M01")->station_address, "");
  ASSERT_TRUE(Atomically(*store_, [&] { return SetStationAddress(*store_, "S", "Số 1 Lê Lợi", "admin", kAt); }).ok());
  EXPECT_EQ(LoadMemberPage(*store_, "M01")->station_address, "Số 1 Lê Lợi");
  EXPECT_EQ(Atomically(*store_, [&] { return SetStationAddress(*store_, "NOPE", "x", "admin", kAt); }).code(),
            StatusCode::kNotFound);
  EXPECT_EQ(Atomically(*store_, [&] { return SetStationAddress(*store_, "S", "a\nb", "admin", kAt); }).code(),
            StatusCode::kInvalidArgument);
  ASSERT_TRUE(Atomically(*store_, [&] { return SetStationAddress(*store_, "S", "", "admin", kAt); }).ok());
  EXPECT_EQ(LoadMemberPage(*store_, "M01")->station_address, "");
}

TEST_P(MoveTest, RefusalsSayWhy) {
  auto why = [&](const Result<StoredAppointment>& r) { return r.ok() ? "ok" : r.status().message_id(); };
  EXPECT_EQ(why(Move(*store_, "M02", "U", "2025-08-06T08:00")), "member.move.station_not_serving");
  EXPECT_EQ(why(Move(*store_, "M02", "S", "2025-08-06T08:05")), "member.move.bad_slot");    // off the grid
  EXPECT_EQ(why(Move(*store_, "M02", "S", "2025-08-06T09:00")), "member.move.bad_slot");    // after the shift
  EXPECT_EQ(why(Move(*store_, "M02", "S", "2025-08-05T08:00")), "member.move.slot_taken");  // full
  EXPECT_EQ(why(Move(*store_, "M02", "S", "yesterday")), "member.move.bad_slot");
  // Two moves, then the limit.
  EXPECT_EQ(why(Move(*store_, "M02", "S", "2025-08-06T08:00")), "ok");
  EXPECT_EQ(why(Move(*store_, "M02", "S", "2025-08-06T08:10")), "ok");
  auto third = Move(*store_, "M02", "S", "2025-08-06T08:20");
  EXPECT_EQ(why(third), "member.move.limit");
  EXPECT_EQ(third.status().message(), "You have moved your appointment 2 times, the most allowed. If you need another "
                                      "change, please ask your cell secretary.");
  // Within 24 hours of the appointment held.
  MoveRequest late{"M03", "S", "2025-08-06T08:30", plan::LocalMinute(*Date::Parse("2025-08-04"), *TimeOfDay::Parse("09:00")), kAt};
  EXPECT_EQ(Atomically(*store_, [&] { return MoveAppointment(*store_, late, SelfServiceOptions{}); }).status().message_id(),
            "member.move.too_late");
  // Nothing of a refused move was kept.
  EXPECT_EQ(LoadMemberPage(*store_, "M03")->station_code, "S");
  EXPECT_EQ(LoadMemberPage(*store_, "M03")->moves_done, 0);
}

// Issue 21: fifty members ask for the last free seat at once; exactly one
// gets it, on both engines.
TEST_P(MoveTest, FiftyRacingForTheLastSeatOneWins) {
  std::atomic<int> won{0}, taken{0}, other{0};
  std::vector<std::thread> threads;
  std::vector<std::string> others;
  std::mutex mu;
  for (int i = 1; i <= 50; ++i) {
    threads.emplace_back([&, i] {
      auto store = OpenStore(spec_);
      if (!store.ok()) {
        ++other;
        std::lock_guard lock(mu);
        others.push_back(store.status().message());
        return;
      }
      auto r = Move(**store, No(i), "R", "2025-08-07T08:00");
      if (r.ok()) {
        ++won;
      } else if (r.status().message_id() == "member.move.slot_taken") {
        ++taken;
      } else {
        ++other;
        std::lock_guard lock(mu);
        others.push_back(r.status().message());
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(won.load(), 1);
  EXPECT_EQ(taken.load(), 49);
  EXPECT_EQ(other.load(), 0) << (others.empty() ? "" : others[0]);
  auto seat = store_->Query("SELECT count(*) FROM appointments WHERE station_code = 'R'");
  ASSERT_TRUE(seat.ok());
  EXPECT_EQ(seat->Int(0, 0), 1);
  auto moves = store_->Query("SELECT count(*) FROM member_moves");
  EXPECT_EQ(moves->Int(0, 0), 1);
}

TEST_P(MoveTest, CannotComeIsRecordedAsTheDeskRecordsItsExceptions) {
  CannotComeRequest ill{"M04", CannotComeReason::kElderly, "Đi lại khó khăn", kAt};
  ASSERT_TRUE(Atomically(*store_, [&] { return CannotCome(*store_, ill); }).ok());
  auto page = LoadMemberPage(*store_, "M04");
  EXPECT_EQ(page->state, ExchangeState::kHomeVisit);
  EXPECT_EQ(page->request_kind, "home_visit");
  EXPECT_EQ(page->request_reason, "elderly");
  CannotComeRequest away{"M05", CannotComeReason::kElsewhere, "", kAt};
  ASSERT_TRUE(Atomically(*store_, [&] { return CannotCome(*store_, away); }).ok());
  page = LoadMemberPage(*store_, "M05");
  EXPECT_EQ(page->state, ExchangeState::kInvited);  // the unit decides the transfer
  EXPECT_EQ(page->request_kind, "transfer");
  auto cell = CellSelfServiceList(*store_, "P.C.1");
  ASSERT_EQ(cell->size(), 2u);
  EXPECT_EQ((*cell)[0].request_note, "Đi lại khó khăn");
  // The note stays out of the audit log.
  ASSERT_TRUE(store_->ScanAudit("member:M04", [&](const AuditEntry& e) {
    EXPECT_EQ(e.after.find("Đi lại"), std::string::npos);
    return Status::Ok();
  }).ok());
  // Once received there is nothing to stay away from.
  ledger::StepRequest in{"M06", ExchangeStep::kCheckIn, "", "", "S", "officer1", kAt};
  ASSERT_TRUE(ledger::ApplyStepAtomically(*store_, in).ok());
  CannotComeRequest late{"M06", CannotComeReason::kIll, "", kAt};
  EXPECT_EQ(Atomically(*store_, [&] { return CannotCome(*store_, late); }).message_id(), "member.cannot_come.state");
  CannotComeRequest bad{"M07", CannotComeReason::kIll, "a\x01", kAt};
  EXPECT_EQ(Atomically(*store_, [&] { return CannotCome(*store_, bad); }).message_id(), "member.cannot_come.note");
}

INSTANTIATE_TEST_SUITE_P(Backends, MoveTest, testing::kBothBackends, testing::BackendName);

}  // namespace
}  // namespace cardex::selfservice
