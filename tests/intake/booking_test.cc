// intake/booking.h: the earliest free slot that keeps the schedule rules.
#include <gtest/gtest.h>

#include "cardex/intake/booking.h"
#include "cardex/intake/exchange.h"
#include "tests/intake/intake_fixture.h"

namespace cardex::intake {
namespace {

using testing::IntakeTest;

class BookingTest : public IntakeTest {
 protected:
  void Reschedule(const std::string& member) {
    StepRequest r;
    r.member_no = member;
    r.step = ExchangeStep::kMarkAbsent;
    r.reason = "absent";
    r.actor = "officer1";
    r.at = "2025-08-05T02:00:00Z";
    ASSERT_TRUE(ApplyStepAtomically(*store_, r).ok());
  }
  Result<StoredAppointment> Book(const std::string& member, const std::string& not_before) {
    Transaction tx(*store_);
    CARDEX_RETURN_IF_ERROR(tx.Begin());
    BookingRequest b{member, "", not_before, "officer1", "2025-08-05T02:00:00Z"};
    auto out = BookCatchUp(*store_, b);
    if (out.ok()) CARDEX_RETURN_IF_ERROR(tx.Commit());
    return out;
  }
};

TEST_P(BookingTest, FirstFreeSlotRespectsCounters) {
  Reschedule("M1");
  // 08:00 holds M2 (M1 is the one moving), so one counter is free at 08:00.
  auto a = Book("M1", "2025-08-05T08:00");
  ASSERT_TRUE(a.ok()) << a.status().message();
  EXPECT_EQ(a->slot_start, "2025-08-05T08:00");
  EXPECT_EQ(GetExchange(*store_, "M1")->state, ExchangeState::kInvited);
  // M3 (08:10) rescheduled and booked from 08:00: 08:00 is full now.
  Reschedule("M3");
  auto b = Book("M3", "2025-08-05T08:00");
  ASSERT_TRUE(b.ok()) << b.status().message();
  EXPECT_EQ(b->slot_start, "2025-08-05T08:10");
  // Same member, station and slot as before: the same code (see appointments.h).
  EXPECT_EQ(b->invitation_code, codes_[2]);
}

TEST_P(BookingTest, MovesToTheNextShiftAndRefusesInvitedMembers) {
  Reschedule("M2");
  auto a = Book("M2", "2025-08-05T08:55");  // the next slot on the grid, 09:00, is past the shift
  ASSERT_TRUE(a.ok()) << a.status().message();
  EXPECT_EQ(a->slot_start, "2025-08-06T08:00");
  EXPECT_EQ(Book("M1", "2025-08-05T08:00").status().code(), StatusCode::kFailedPrecondition);
}

// Issue 16: the desk's catch-up refuses members past reception or not
// exchanging, and says why.
TEST_P(BookingTest, RefusesMembersPastReceptionOrNotExchangingWithTheReason) {
  for (auto [step, reason] : {std::pair{ExchangeStep::kCheckIn, ""}, {ExchangeStep::kCapture, ""},
                              {ExchangeStep::kConfirm, ""}, {ExchangeStep::kSubmit, ""}}) {
    StepRequest r{"M3", step, reason, "", "S", "officer1", "2025-08-05T01:00:00Z"};
    ASSERT_TRUE(ApplyStepAtomically(*store_, r).ok()) << StepName(step);
  }
  auto submitted = Book("M3", "2025-08-05T08:00");
  EXPECT_EQ(submitted.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(submitted.status().message().find("past reception (submitted)"), std::string::npos)
      << submitted.status().message();
  StepRequest close{"M2", ExchangeStep::kClose, "transferred", "", "S", "officer1", "2025-08-05T01:00:00Z"};
  ASSERT_TRUE(ApplyStepAtomically(*store_, close).ok());
  auto closed = Book("M2", "2025-08-05T08:00");
  EXPECT_NE(closed.status().message().find("not exchanging (transferred)"), std::string::npos)
      << closed.status().message();
  // Reconciled as deceased while rescheduled: not exchanging either.
  Reschedule("M1");
  ReconcileResultRow dead;
  dead.member_no = "M1";
  dead.verdict = Verdict::kDeceased;
  ASSERT_TRUE(store_->UpsertReconcileResults({&dead, 1}).ok());
  auto deceased = Book("M1", "2025-08-05T08:00");
  EXPECT_NE(deceased.status().message().find("reconciled as deceased"), std::string::npos)
      << deceased.status().message();
}

TEST_P(BookingTest, NoRoomIsNotFound) {
  Reschedule("M2");
  EXPECT_EQ(Book("M2", "2025-08-07T08:00").status().code(), StatusCode::kNotFound);
}

INSTANTIATE_TEST_SUITE_P(Intake, BookingTest, testing::kBothBackends, testing::BackendName);

}  // namespace
}  // namespace cardex::intake
