// intake/exchange.h and desk.h on both engines.
#include <gtest/gtest.h>

#include "cardex/intake/desk.h"
#include "cardex/intake/exchange.h"
#include "cardex/intake/exchange_many.h"
#include "cardex/intake/photo.h"
#include "tests/intake/intake_fixture.h"

namespace cardex::intake {
namespace {

using testing::IntakeTest;

StepRequest Step(std::string member, ExchangeStep step, std::string reason = "") {
  StepRequest r;
  r.member_no = std::move(member);
  r.step = step;
  r.reason = std::move(reason);
  r.station_code = "S";
  r.actor = "officer1";
  r.at = "2025-08-05T01:05:00Z";
  return r;
}

TEST_P(IntakeTest, InitialStatesFollowTheAppointments) {
  EXPECT_EQ(GetExchange(*store_, "M1")->state, ExchangeState::kInvited);
  EXPECT_EQ(GetExchange(*store_, "M4")->state, ExchangeState::kListed);
  EXPECT_EQ(GetExchange(*store_, "M9").status().code(), StatusCode::kNotFound);
}

TEST_P(IntakeTest, JourneyWritesEventsAuditAndAppointmentStatus) {
  for (ExchangeStep s : {ExchangeStep::kCheckIn, ExchangeStep::kCapture, ExchangeStep::kConfirm,
                         ExchangeStep::kSubmit}) {
    auto out = ApplyStepAtomically(*store_, Step("M1", s));
    ASSERT_TRUE(out.ok()) << out.status().message();
  }
  auto ex = GetExchange(*store_, "M1");
  ASSERT_TRUE(ex.ok());
  EXPECT_EQ(ex->state, ExchangeState::kSubmitted);
  EXPECT_EQ(ex->version, 4);
  EXPECT_EQ(ex->updated_by, "officer1");
  auto events = store_->Query("SELECT from_state, to_state FROM exchange_events WHERE member_no = "
                              "'M1' ORDER BY event_id");
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 4u);
  EXPECT_EQ(events->Text(0, 0), "invited");
  EXPECT_EQ(events->Text(3, 1), "submitted");
  int audits = 0;
  ASSERT_TRUE(store_->ScanAudit("M1", [&](const AuditEntry& e) {
                      ++audits;
                      EXPECT_EQ(e.actor, "officer1");
                      return Status::Ok();
                    }).ok());
  EXPECT_EQ(audits, 4);
  auto day = StationDay(*store_, "S", "2025-08-05");
  ASSERT_TRUE(day.ok());
  ASSERT_EQ(day->size(), 3u);
  EXPECT_EQ((*day)[0].member_no, "M1");
  EXPECT_EQ((*day)[0].state, "submitted");
  EXPECT_EQ((*day)[2].state, "invited");
}

TEST_P(IntakeTest, RefusedStepChangesNothing) {
  auto out = ApplyStepAtomically(*store_, Step("M1", ExchangeStep::kSubmit));
  EXPECT_EQ(out.status().code(), StatusCode::kFailedPrecondition);
  auto events = store_->Query("SELECT count(*) FROM exchange_events");
  EXPECT_EQ(events->Int(0, 0), 0);
}

TEST_P(IntakeTest, StaleVersionIsRefused) {
  ASSERT_TRUE(ApplyStepAtomically(*store_, Step("M2", ExchangeStep::kCheckIn)).ok());
  StepRequest stale = Step("M2", ExchangeStep::kCapture);
  stale.expect_version = 0;  // what a second desk saw before the check-in
  EXPECT_EQ(ApplyStepAtomically(*store_, stale).status().code(), StatusCode::kFailedPrecondition);
  stale.expect_version = 1;
  EXPECT_TRUE(ApplyStepAtomically(*store_, stale).ok());
}

TEST_P(IntakeTest, WrongDataOpensACorrection) {
  StepRequest r = Step("M3", ExchangeStep::kMarkWrongData, "wrong_data");
  r.note = "birth date on the card differs";
  ASSERT_TRUE(ApplyStepAtomically(*store_, r).ok());
  auto view = Verify(*store_, "M3");
  ASSERT_TRUE(view.ok()) << view.status().message();
  EXPECT_EQ(view->state, ExchangeState::kCorrection);
  EXPECT_EQ(view->open_corrections, 1);
}

TEST_P(IntakeTest, FindByInvitationCodeToleratesCaseAndRejectsSlips) {
  std::string code = codes_[1];
  std::string lower;
  for (char c : code) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto found = MemberByInvitationCode(*store_, lower);
  ASSERT_TRUE(found.ok()) << found.status().message();
  EXPECT_EQ(*found, "M2");
  std::string slip = code;
  slip[0] = slip[0] == '2' ? '3' : '2';
  EXPECT_EQ(MemberByInvitationCode(*store_, slip).status().code(), StatusCode::kInvalidArgument);
}

// Issue 16: a code a re-plan replaced still finds the member, and the
// verification view shows the new appointment.
TEST_P(IntakeTest, SupersededCodeStillFindsTheMemberWithTheNewAppointment) {
  auto key = plan::LoadInvitationKey(*store_);
  ASSERT_TRUE(key.ok());
  const std::string old_code = plan::InvitationCode(*key, "M4", "S", "2025-08-05T08:20", "station");
  EXPECT_EQ(MemberByInvitationCode(*store_, old_code).status().code(), StatusCode::kNotFound);
  StoredAppointment now;
  now.member_no = "M4";
  now.unit_code = "P.C.1";
  now.station_code = "S";
  now.slot_start = "2025-08-06T08:00";
  now.slot_end = "2025-08-06T08:10";
  now.mode = "station";
  now.invitation_code = plan::InvitationCode(*key, "M4", "S", now.slot_start, "station");
  now.plan_run = 2;
  ASSERT_TRUE(store_->UpsertAppointments({&now, 1}).ok());
  ASSERT_TRUE(store_
                  ->Query("INSERT INTO superseded_invitations (invitation_code, member_no, plan_run) VALUES (?, ?, 2)",
                          {std::string_view(old_code), std::string_view("M4")})
                  .ok());
  auto found = MemberByInvitationCode(*store_, old_code);
  ASSERT_TRUE(found.ok()) << found.status().message();
  EXPECT_EQ(*found, "M4");
  auto view = Verify(*store_, "M4");
  ASSERT_TRUE(view.ok());
  EXPECT_EQ(view->slot_start, "2025-08-06T08:00");
  EXPECT_EQ(view->invitation_code, now.invitation_code);
}

TEST_P(IntakeTest, VerificationViewAndCitizenIdLookup) {
  auto ids = MembersByCitizenId(*store_, "079080000004");
  ASSERT_TRUE(ids.ok());
  ASSERT_EQ(ids->size(), 1u);
  EXPECT_EQ((*ids)[0], "M4");
  auto view = Verify(*store_, "M1");
  ASSERT_TRUE(view.ok());
  EXPECT_EQ(view->unit_name, "Chi bộ 1");
  EXPECT_EQ(view->station_code, "S");
  EXPECT_EQ(view->verdict, "");  // never reconciled
  EXPECT_FALSE(view->advice_en.empty());
}

// The batched path (card production) leaves what ApplyStep leaves: the
// rows, one event per member with its from-state and version, the
// appointment's status, an audit entry per member; a member without an
// exchange row yet goes the single way; a refused step refuses the lot.
TEST_P(IntakeTest, ApplyStepToManyMatchesApplyStep) {
  ASSERT_TRUE(ApplyStepAtomically(*store_, Step("M1", ExchangeStep::kCheckIn)).ok());
  ASSERT_TRUE(ApplyStepAtomically(*store_, Step("M2", ExchangeStep::kCheckIn)).ok());
  std::vector<StepRequest> capture = {Step("M1", ExchangeStep::kCapture),
                                      Step("M2", ExchangeStep::kCapture)};
  capture[1].note = "second";
  {
    Transaction tx(*store_);
    ASSERT_TRUE(tx.Begin().ok());
    Status s = ApplyStepToMany(*store_, capture);
    ASSERT_TRUE(s.ok()) << s.message();
    ASSERT_TRUE(tx.Commit().ok());
  }
  for (const char* m : {"M1", "M2"}) {
    auto ex = GetExchange(*store_, m);
    ASSERT_TRUE(ex.ok());
    EXPECT_EQ(ex->state, ExchangeState::kCaptured) << m;
    EXPECT_EQ(ex->version, 2) << m;
    auto ev = store_->Query("SELECT from_state, to_state, version, station_code FROM exchange_events "
                            "WHERE member_no = ? ORDER BY event_id", {std::string_view(m)});
    ASSERT_TRUE(ev.ok());
    ASSERT_EQ(ev->size(), 2u) << m;
    EXPECT_EQ(ev->Text(1, 0), "checked_in");
    EXPECT_EQ(ev->Text(1, 1), "captured");
    EXPECT_EQ(ev->Int(1, 2), 2);
    EXPECT_EQ(ev->Text(1, 3), "S");
    int audits = 0;
    std::string last;
    ASSERT_TRUE(store_->ScanAudit(m, [&](const AuditEntry& e) {
                        ++audits;
                        last = e.after;
                        return Status::Ok();
                      }).ok());
    EXPECT_EQ(audits, 2) << m;
    EXPECT_EQ(last, std::string(m) == "M2" ? "captured: second" : "captured");
  }
  auto day = StationDay(*store_, "S", "2025-08-05");
  ASSERT_TRUE(day.ok());
  EXPECT_EQ((*day)[0].state, "captured");

  std::vector<StepRequest> check_in = {Step("M3", ExchangeStep::kCheckIn)};  // no row yet
  EXPECT_TRUE(ApplyStepToMany(*store_, check_in).ok());
  EXPECT_EQ(GetExchange(*store_, "M3")->state, ExchangeState::kCheckedIn);

  std::vector<StepRequest> refused = {Step("M1", ExchangeStep::kConfirm),
                                      Step("M3", ExchangeStep::kConfirm)};  // M3 is not captured
  {
    Transaction tx(*store_);
    ASSERT_TRUE(tx.Begin().ok());
    EXPECT_EQ(ApplyStepToMany(*store_, refused).code(), StatusCode::kFailedPrecondition);
  }
  EXPECT_EQ(GetExchange(*store_, "M1")->state, ExchangeState::kCaptured);
  refused[1].actor = "someone else";
  EXPECT_EQ(ApplyStepToMany(*store_, refused).code(), StatusCode::kInvalidArgument);
}

TEST_P(IntakeTest, CellMembersShowEveryStateTheirExchangeWouldRead) {
  ASSERT_TRUE(ApplyStepAtomically(*store_, Step("M2", ExchangeStep::kCheckIn)).ok());
  ASSERT_TRUE(ApplyStepAtomically(*store_, Step("M3", ExchangeStep::kMarkAbsent, "busy")).ok());
  auto cell = CellMembers(*store_, "P.C.1");
  ASSERT_TRUE(cell.ok()) << cell.status().message();
  ASSERT_EQ(cell->size(), 4u);
  for (const CellMember& m : *cell) {
    // The page's list and the exchange agree, stepped or not.
    EXPECT_EQ(m.state, GetExchange(*store_, m.member_no)->state) << m.member_no;
  }
  EXPECT_EQ((*cell)[0].member_no, "M1");
  EXPECT_EQ((*cell)[0].state, ExchangeState::kInvited);
  EXPECT_EQ((*cell)[1].state, ExchangeState::kCheckedIn);
  EXPECT_EQ((*cell)[2].state, ExchangeState::kRescheduled);
  EXPECT_EQ((*cell)[3].state, ExchangeState::kListed);  // M4: no appointment
  EXPECT_EQ((*cell)[3].citizen_id, "079080000004");
  EXPECT_TRUE(CellMembers(*store_, "P.C.2")->empty());

  auto rescheduled = MembersInState(*store_, ExchangeState::kRescheduled);
  ASSERT_TRUE(rescheduled.ok());
  EXPECT_EQ(*rescheduled, std::vector<std::string>{"M3"});
  EXPECT_TRUE(MembersInState(*store_, ExchangeState::kInvited)->empty());  // no row yet
}

TEST_P(IntakeTest, APhotoIsServedBackAsStored) {
  EXPECT_EQ(GetPhoto(*store_, "M1").status().code(), StatusCode::kNotFound);
  std::string bytes = "\x89PNG\r\n\x1a\n";
  bytes += std::string("\0\x01\xff", 3);
  ASSERT_TRUE(StorePhoto(*store_, "M1", bytes, PhotoInfo{"image/png", 120, 160}, "officer1",
                         "2025-08-05T01:05:00Z")
                  .ok());
  auto photo = GetPhoto(*store_, "M1");
  ASSERT_TRUE(photo.ok()) << photo.status().message();
  EXPECT_EQ(photo->content_type, "image/png");
  EXPECT_EQ(photo->bytes, bytes);
}

INSTANTIATE_TEST_SUITE_P(Intake, IntakeTest, testing::kBothBackends, testing::BackendName);

}  // namespace
}  // namespace cardex::intake
