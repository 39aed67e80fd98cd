// The station sync in one process: a central store (SQLite or a live
// PostgreSQL) and station copies on SQLite files, the wire replaced by
// direct calls of the central's side (the same functions the HTTP routes
// call). Join and scope, the outbox, ordered idempotent pushes, photos by
// hash, conflicts and held steps, revocation, offline login and lock-out.
#include <gtest/gtest.h>

#include "cardex/auth/accounts.h"
#include "cardex/auth/audit_verify.h"
#include "cardex/intake/booking.h"
#include "cardex/intake/desk.h"
#include "cardex/intake/photo.h"
#include "cardex/ledger/exchange.h"
#include "cardex/station/credentials.h"
#include "cardex/station/overview.h"
#include "cardex/station/sync.h"
#include "cardex/store/atomically.h"
#include "tests/intake/intake_fixture.h"
#include "tests/support/test_images.h"

namespace cardex::testing {
namespace {

constexpr char kNow[] = "2025-08-05T01:00:00Z";

// The central as a station reaches it, minus the sockets.
class DirectCentral : public station::Central {
 public:
  DirectCentral(Store& central, std::string token) : central_(central), token_(std::move(token)) {}
  Result<std::string> Post(std::string_view path, std::string_view, std::string_view body) override {
    if (down) return Status::Unavailable("the line is down");
    ++calls;
    CARDEX_ASSIGN_OR_RETURN(station::SyncPeer peer, station::Authenticate(central_, token_));
    if (path == "/api/sync/pull") return station::ServePull(central_, peer, body, "ab", kNow);
    if (path == "/api/sync/push") {
      auto answer = station::ServePush(central_, peer, body, kNow);
      if (cut_after_apply && answer.ok()) return Status::Unavailable("cut after the central applied");
      return answer;
    }
    if (path == "/api/sync/photos") {
      CARDEX_RETURN_IF_ERROR(station::ServePhotos(central_, peer, body, kNow));
      ++photos;
      return std::string("{}");
    }
    return Status::NotFound(std::string(path));
  }
  bool down = false, cut_after_apply = false;
  int calls = 0, photos = 0;

 private:
  Store& central_;
  std::string token_;
};

class StationSyncTest : public IntakeTest {
 protected:
  void SetUp() override {
    IntakeTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    NewUser officer{"canbo", "Cán bộ", Role::kStationOfficer, "S"};
    ASSERT_TRUE(CreateUser(*store_, officer, "mat-khau-dai-1", "admin", Clock::now()).ok());
    NewUser other{"tinh", "Tỉnh", Role::kProvinceCoordinator, "P"};
    ASSERT_TRUE(CreateUser(*store_, other, "mat-khau-dai-2", "admin", Clock::now()).ok());
  }

  // A new station copy joined with a fresh credential.
  std::unique_ptr<Store> JoinCopy(const std::string& name, std::unique_ptr<DirectCentral>* central) {
    auto cred = station::IssueCredential(*store_, "S", "admin", kNow);
    EXPECT_TRUE(cred.ok()) << cred.status().message();
    auto copy = OpenStore(tmp_.file(name));
    EXPECT_TRUE(copy.ok());
    EXPECT_TRUE((*copy)->Migrate().ok());
    *central = std::make_unique<DirectCentral>(*store_, cred->token);
    auto joined = station::Join(**copy, **central, "http://central:8080", cred->token,
                                {"2025-08-05", 2}, kNow);
    EXPECT_TRUE(joined.ok()) << joined.status().message();
    if (joined.ok()) {
      EXPECT_EQ(joined->station_code, "S");
      EXPECT_EQ(joined->members, 3);  // M1..M3; M4 has no appointment at S
      EXPECT_EQ(joined->users, 1);    // the station's officer only
    }
    return std::move(copy).value();
  }

  static Status Step(Store& s, const std::string& member, ExchangeStep step, std::string reason = "") {
    ledger::StepRequest r;
    r.member_no = member;
    r.step = step;
    r.reason = std::move(reason);
    r.station_code = "S";
    r.actor = "canbo";
    r.at = kNow;
    return ledger::ApplyStepAtomically(s, r).status();
  }

  static Status Receive(Store& s, const std::string& member, int photo_variant = 0) {
    CARDEX_RETURN_IF_ERROR(Step(s, member, ExchangeStep::kCheckIn));
    std::string png = PngHeader(300, 400) + std::string(1 + photo_variant, 'x') + member;
    CARDEX_ASSIGN_OR_RETURN(intake::PhotoInfo info, intake::InspectPhoto(png));
    Status captured = Atomically(s, [&]() -> Status {
      Status stored = intake::StorePhoto(s, member, png, info, "canbo", kNow);
      if (!stored.ok()) return stored;
      ledger::StepRequest r{member, ExchangeStep::kCapture, "", "", "S", "canbo", kNow};
      return ledger::ApplyStep(s, r).status();
    });
    CARDEX_RETURN_IF_ERROR(captured);
    CARDEX_RETURN_IF_ERROR(Step(s, member, ExchangeStep::kConfirm));
    return Step(s, member, ExchangeStep::kSubmit);
  }

  int64_t Count(Store& s, const std::string& sql) {
    auto rows = s.Query(sql);
    EXPECT_TRUE(rows.ok()) << rows.status().message();
    return rows.ok() ? rows->Int(0, 0) : -1;
  }

  std::string StateOf(Store& s, const std::string& member) {
    auto ex = ledger::GetExchange(s, member);
    return ex.ok() ? std::string(StateName(ex->state)) : ex.status().message();
  }
};

TEST_P(StationSyncTest, JoinPullsOnlyTheStationsScope) {
  std::unique_ptr<DirectCentral> central;
  auto copy = JoinCopy("station.db", &central);
  EXPECT_EQ(Count(*copy, "SELECT count(*) FROM members WHERE member_no = 'M4'"), 0);
  EXPECT_EQ(Count(*copy, "SELECT count(*) FROM appointments"), 3);
  EXPECT_EQ(Count(*copy, "SELECT count(*) FROM users WHERE login = 'tinh'"), 0);
  EXPECT_EQ(Count(*copy, "SELECT count(*) FROM units"), 3);  // P, P.C, P.C.1
  EXPECT_EQ(Count(*copy, "SELECT count(*) FROM shifts"), 2);
  EXPECT_EQ(Count(*copy, "SELECT count(*) FROM settings WHERE key = 'card_public_key'"), 1);
  // The desk reads work on the copy, and a central step leaves no outbox.
  auto view = intake::Verify(*copy, "M1");
  ASSERT_TRUE(view.ok()) << view.status().message();
  EXPECT_EQ(view->full_name, "Nguyễn Văn 1");
  ASSERT_TRUE(Step(*store_, "M4", ExchangeStep::kMarkIll, "ill").ok());
  EXPECT_EQ(Count(*store_, "SELECT count(*) FROM station_outbox"), 0);
}

TEST_P(StationSyncTest, OfflineStepsArePushedOnceInOrderWithTheirPhotos) {
  std::unique_ptr<DirectCentral> central;
  auto copy = JoinCopy("station.db", &central);
  central->down = true;
  for (const char* m : {"M1", "M2", "M3"}) ASSERT_TRUE(Receive(*copy, m).ok()) << m;
  EXPECT_EQ(Count(*copy, "SELECT count(*) FROM station_outbox WHERE outcome = 'pending'"), 12);
  EXPECT_EQ(Count(*copy, "SELECT max(seq) FROM station_outbox"), 12);
  auto offline = station::Push(*copy, *central, kNow);
  EXPECT_EQ(offline.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(StateOf(*store_, "M1"), "invited");

  central->down = false;
  auto pushed = station::Push(*copy, *central, kNow);
  ASSERT_TRUE(pushed.ok()) << pushed.status().message();
  EXPECT_EQ(pushed->accepted, 12);
  EXPECT_EQ(pushed->photos, 3);
  EXPECT_EQ(pushed->acked_seq, 12);
  for (const char* m : {"M1", "M2", "M3"}) EXPECT_EQ(StateOf(*store_, m), "submitted") << m;
  EXPECT_EQ(Count(*store_, "SELECT count(*) FROM exchange_events WHERE to_state = 'submitted'"), 3);
  EXPECT_EQ(Count(*store_, "SELECT count(*) FROM photos"), 3);
  EXPECT_EQ(Count(*store_, "SELECT count(*) FROM exchange WHERE station_code = 'S'"), 3);

  // The same push again, all of it: the central answers from its record.
  ASSERT_TRUE(copy->Exec("UPDATE station_outbox SET outcome = 'pending'").ok());
  ASSERT_TRUE(copy->Exec("UPDATE station_self SET acked_seq = 0").ok());
  auto replay = station::Push(*copy, *central, kNow);
  ASSERT_TRUE(replay.ok()) << replay.status().message();
  EXPECT_EQ(replay->accepted, 12);
  EXPECT_EQ(Count(*store_, "SELECT count(*) FROM exchange_events"), 12);
  auto chain = VerifyAuditChain(*store_);
  ASSERT_TRUE(chain.ok());
  EXPECT_TRUE(chain->intact) << chain->problem;

  // The next pull purges what the central now holds.
  auto pulled = station::Pull(*copy, *central, {"2025-08-05", 2}, kNow);
  ASSERT_TRUE(pulled.ok()) << pulled.status().message();
  EXPECT_EQ(Count(*copy, "SELECT count(*) FROM photos"), 0);
  EXPECT_EQ(StateOf(*copy, "M1"), "submitted");
}

TEST_P(StationSyncTest, APushCutAfterTheCentralAppliedIsSentAgainAndAppliedOnce) {
  std::unique_ptr<DirectCentral> central;
  auto copy = JoinCopy("station.db", &central);
  ASSERT_TRUE(Step(*copy, "M1", ExchangeStep::kCheckIn).ok());
  ASSERT_TRUE(Step(*copy, "M2", ExchangeStep::kCheckIn).ok());
  central->cut_after_apply = true;
  EXPECT_FALSE(station::Push(*copy, *central, kNow).ok());
  EXPECT_EQ(Count(*copy, "SELECT count(*) FROM station_outbox WHERE outcome = 'pending'"), 2);
  central->cut_after_apply = false;
  auto again = station::Push(*copy, *central, kNow);
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_EQ(again->accepted, 2);
  EXPECT_EQ(Count(*store_, "SELECT count(*) FROM exchange_events"), 2);
}

TEST_P(StationSyncTest, AStepOutOfOrderIsRefused) {
  std::unique_ptr<DirectCentral> central;
  auto copy = JoinCopy("station.db", &central);
  ASSERT_TRUE(Step(*copy, "M1", ExchangeStep::kCheckIn).ok());
  ASSERT_TRUE(Step(*copy, "M2", ExchangeStep::kCheckIn).ok());
  ASSERT_TRUE(copy->Exec("DELETE FROM station_outbox WHERE seq = 1").ok());  // a lost step
  auto pushed = station::Push(*copy, *central, kNow);
  EXPECT_EQ(pushed.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(Count(*store_, "SELECT count(*) FROM exchange_events"), 0);
}

TEST_P(StationSyncTest, TwoCopiesReceivingOneMemberGiveOneReceptionAndOneConflict) {
  std::unique_ptr<DirectCentral> a_central, b_central;
  auto a = JoinCopy("a.db", &a_central);
  auto b = JoinCopy("b.db", &b_central);
  ASSERT_TRUE(Receive(*a, "M1", 0).ok());
  ASSERT_TRUE(Receive(*b, "M1", 1).ok());
  auto pa = station::Push(*a, *a_central, kNow);
  auto pb = station::Push(*b, *b_central, kNow);
  ASSERT_TRUE(pa.ok() && pb.ok());
  EXPECT_EQ(pa->accepted, 4);
  EXPECT_EQ(pb->accepted, 0);
  EXPECT_EQ(pb->conflicts, 1);  // the check-in
  EXPECT_EQ(pb->held, 3);       // and the steps after it
  EXPECT_EQ(Count(*store_, "SELECT count(*) FROM exchange_events WHERE member_no = 'M1'"), 4);
  auto issues = station::ListSyncIssues(*store_, "S");
  ASSERT_TRUE(issues.ok());
  ASSERT_EQ(issues->size(), 4u);
  EXPECT_EQ((*issues)[0].outcome, "conflict");
  EXPECT_NE((*issues)[0].reason.find("already served at station S"), std::string::npos);
  auto seen = station::ListOutboxIssues(*b);
  ASSERT_TRUE(seen.ok());
  EXPECT_EQ(seen->size(), 4u);
  auto rows = station::ListStationSyncs(*store_);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].conflicts + (*rows)[1].conflicts, 1);
  EXPECT_EQ(Count(*store_, "SELECT count(*) FROM audit_log WHERE action = 'sync.conflict'"), 1);
  auto chain = VerifyAuditChain(*store_);
  ASSERT_TRUE(chain.ok());
  EXPECT_TRUE(chain->intact) << chain->problem;
}

TEST_P(StationSyncTest, AConfirmationOfDataCorrectedCentrallyIsHeld) {
  std::unique_ptr<DirectCentral> central;
  auto copy = JoinCopy("station.db", &central);
  ASSERT_TRUE(Step(*copy, "M1", ExchangeStep::kCheckIn).ok());
  ASSERT_TRUE(Step(*copy, "M1", ExchangeStep::kConfirm).code() == StatusCode::kFailedPrecondition);
  ASSERT_TRUE(Receive(*copy, "M2").ok());
  MemberStandard fixed{"M2", "079080000002", "Nguyễn Văn Hai", "1980-01-02", "M", "registry"};
  ASSERT_TRUE(store_->UpsertMemberStandard({&fixed, 1}).ok());
  auto pushed = station::Push(*copy, *central, kNow);
  ASSERT_TRUE(pushed.ok()) << pushed.status().message();
  EXPECT_EQ(pushed->accepted, 3);  // M1's check-in, M2's check-in and capture
  EXPECT_EQ(pushed->held, 2);      // M2's confirm (old data) and submit after it
  EXPECT_EQ(StateOf(*store_, "M2"), "captured");
  auto seen = station::ListOutboxIssues(*copy);
  ASSERT_TRUE(seen.ok());
  ASSERT_EQ(seen->size(), 2u);
  EXPECT_EQ((*seen)[0].step, "confirm");
  EXPECT_NE((*seen)[0].outcome_reason.find("corrected centrally"), std::string::npos);
}

TEST_P(StationSyncTest, AStepTheCentralRulesRefuseIsHeldWithWhy) {
  std::unique_ptr<DirectCentral> central;
  auto copy = JoinCopy("station.db", &central);
  ASSERT_TRUE(Step(*copy, "M3", ExchangeStep::kCheckIn).ok());
  // Meanwhile the central closes the member (deceased, off-station).
  ledger::StepRequest close{"M3", ExchangeStep::kClose, "deceased", "", "", "admin", kNow};
  ASSERT_TRUE(ledger::ApplyStepAtomically(*store_, close).ok());
  auto pushed = station::Push(*copy, *central, kNow);
  ASSERT_TRUE(pushed.ok());
  EXPECT_EQ(pushed->held, 1);
  auto issues = station::ListSyncIssues(*store_, "");
  ASSERT_TRUE(issues.ok());
  ASSERT_EQ(issues->size(), 1u);
  EXPECT_EQ((*issues)[0].outcome, "held");
  EXPECT_NE((*issues)[0].reason.find("changed centrally"), std::string::npos);
  // The pull brings the central's state back to the copy.
  ASSERT_TRUE(station::Pull(*copy, *central, {"2025-08-05", 2}, kNow).ok());
  EXPECT_EQ(StateOf(*copy, "M3"), "closed");
}

TEST_P(StationSyncTest, ARevokedCredentialNoLongerSyncs) {
  std::unique_ptr<DirectCentral> central;
  auto copy = JoinCopy("station.db", &central);
  auto revoked = station::RevokeStation(*store_, "S", "admin", kNow);
  ASSERT_TRUE(revoked.ok());
  EXPECT_EQ(*revoked, 1);
  EXPECT_EQ(station::Pull(*copy, *central, {"2025-08-05", 2}, kNow).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(station::Authenticate(*store_, "00.11").status().code(), StatusCode::kUnauthenticated);
}

TEST_P(StationSyncTest, ASnapshotWithAWrongMacIsRefused) {
  std::unique_ptr<DirectCentral> central;
  auto copy = JoinCopy("station.db", &central);
  auto self = station::LoadSelf(*copy);
  ASSERT_TRUE(self.ok());
  ASSERT_TRUE(copy->Exec("UPDATE station_self SET secret = ?",
                         {self->join_id + ".00"}).ok());
  // The central refuses the changed credential before any snapshot.
  EXPECT_EQ(station::Pull(*copy, *central, {"2025-08-05", 2}, kNow).status().code(),
            StatusCode::kPermissionDenied);
}

TEST_P(StationSyncTest, OfficersLogInOfflineWithTheSameLockOut) {
  std::unique_ptr<DirectCentral> central;
  auto copy = JoinCopy("station.db", &central);
  central->down = true;
  EXPECT_TRUE(VerifyLogin(*copy, "canbo", "mat-khau-dai-1", "127.0.0.1", Clock::now()).ok());
  EXPECT_FALSE(VerifyLogin(*copy, "tinh", "mat-khau-dai-2", "127.0.0.1", Clock::now()).ok());
  AuthOptions opts;
  for (int i = 0; i < opts.max_failed_logins; ++i) {
    EXPECT_FALSE(VerifyLogin(*copy, "canbo", "wrong-password", "127.0.0.1", Clock::now()).ok());
  }
  EXPECT_EQ(VerifyLogin(*copy, "canbo", "mat-khau-dai-1", "127.0.0.1", Clock::now()).status().code(),
            StatusCode::kPermissionDenied);
  // A pull keeps the station's lock-out.
  central->down = false;
  ASSERT_TRUE(station::Pull(*copy, *central, {"2025-08-05", 2}, kNow).ok());
  EXPECT_EQ(VerifyLogin(*copy, "canbo", "mat-khau-dai-1", "127.0.0.1", Clock::now()).status().code(),
            StatusCode::kPermissionDenied);
}

TEST_P(StationSyncTest, ACatchUpBookedOfflineIsBookedCentrally) {
  std::unique_ptr<DirectCentral> central;
  auto copy = JoinCopy("station.db", &central);
  ASSERT_TRUE(Step(*copy, "M1", ExchangeStep::kMarkAbsent, "busy").ok());
  intake::BookingRequest b{"M1", "S", "2025-08-06T08:00", "canbo", kNow};
  auto booked = Atomically(*copy, [&] { return intake::BookCatchUp(*copy, b); });
  ASSERT_TRUE(booked.ok()) << booked.status().message();
  auto pushed = station::Push(*copy, *central, kNow);
  ASSERT_TRUE(pushed.ok()) << pushed.status().message();
  EXPECT_EQ(pushed->accepted, 2);
  EXPECT_EQ(StateOf(*store_, "M1"), "invited");
  auto rows = store_->Query("SELECT slot_start FROM appointments WHERE member_no = 'M1'");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->Text(0, 0), booked->slot_start);
}

INSTANTIATE_TEST_SUITE_P(Station, StationSyncTest, kBothBackends, BackendName);

}  // namespace
}  // namespace cardex::testing
