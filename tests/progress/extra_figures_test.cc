// The roll-up figures beside the exchange states (progress/rollup.h):
// corrections open by opening day, and members with an appointment. After
// random sequences of desk steps (wrong data opens a correction), of
// corrections sent and closed by resolution, of plans, and of catch-up's
// deletions of appointments, every unit's
// figures equal a brute-force count over its members; corrections move in
// the transaction that changes them (no rebuild), plans through the stamp;
// a rebuild gives the same counters. Both engines.
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string>
#include <vector>

#include "cardex/intake/exchange.h"
#include "cardex/progress/rollup.h"
#include "cardex/reconcile/resolve.h"
#include "tests/support/store_backend_test.h"

namespace cardex::progress {
namespace {

using testing::StoreBackendTest;

class ExtraFiguresTest : public StoreBackendTest {
 protected:
  void SetUp() override {
    StoreBackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    std::vector<Unit> units = {{"P", "", "province", "Tỉnh P"},
                               {"P.A", "P", "commune", "Xã A"},
                               {"P.A.1", "P.A", "cell", "Chi bộ A1"},
                               {"P.A.2", "P.A", "cell", "Chi bộ A2"},
                               {"P.B", "P", "commune", "Xã B"},
                               {"P.B.1", "P.B", "cell", "Chi bộ B1"}};
    ASSERT_TRUE(store_->UpsertUnits(units).ok());
    const char* cells[] = {"P.A.1", "P.A.2", "P.B.1", "P.A"};
    std::vector<Member> members;
    for (int i = 0; i < 30; ++i) {
      Member m;
      m.member_no = "M" + std::to_string(100 + i);
      m.citizen_id = "079080000" + std::to_string(100 + i);
      m.full_name = "Trần Thị " + std::to_string(i);
      m.birth_date = "1980-01-01";
      m.gender = "F";
      m.unit_code = cells[i % 4];
      m.status = i % 9 == 4 ? "probationary" : "official";
      members.push_back(m);
      member_nos_.push_back(m.member_no);
    }
    ASSERT_TRUE(store_->UpsertMembers(members).ok());
    ReconcileRun run;
    auto run_id = store_->AddReconcileRun(run);
    ASSERT_TRUE(run_id.ok());
    ReconcileResultRow dead;
    dead.member_no = "M107";
    dead.verdict = Verdict::kDeceased;
    dead.run_id = *run_id;
    ASSERT_TRUE(store_->UpsertReconcileResults({&dead, 1}).ok());
  }

  std::string Day(std::mt19937& rng) { return "2025-08-0" + std::to_string(1 + rng() % 9); }

  // One random event: a desk step, a correction sent or closed by
  // resolution, or (rarely) a new plan for a random part of the members.
  void RandomEvent(std::mt19937& rng) {
    const std::string member = member_nos_[rng() % member_nos_.size()];
    const int kind = static_cast<int>(rng() % 20);
    if (kind < 10) {
      intake::StepRequest r;
      r.member_no = member;
      auto current = intake::GetExchange(*store_, member);
      ASSERT_TRUE(current.ok());
      const ExchangeStep steps[] = {ExchangeStep::kInvite, ExchangeStep::kCheckIn,
                                    ExchangeStep::kMarkWrongData, ExchangeStep::kBook,
                                    ExchangeStep::kCapture};
      r.step = steps[rng() % std::size(steps)];
      r.reason = r.step == ExchangeStep::kMarkWrongData ? "wrong_data" : "";
      r.actor = "officer";
      r.at = Day(rng) + "T02:00:00Z";
      (void)intake::ApplyStepAtomically(*store_, r);  // refused steps change nothing
    } else if (kind < 15) {
      ASSERT_TRUE(reconcile::SendToCorrection(*store_, member, "sai năm sinh", "officer",
                                              Day(rng) + " 03:00:00")
                      .ok());
    } else if (kind < 18) {
      ASSERT_TRUE(reconcile::CloseCorrection(*store_, member, "officer", "2025-08-10 00:00:00").ok());
    } else if (kind < 19) {
      // As catch-up does for absent members it could not place again: their
      // appointments go, under a plan run of their own (store.h).
      Transaction tx(*store_);
      ASSERT_TRUE(tx.Begin().ok());
      ASSERT_TRUE(store_->NextPlanRun().ok());
      std::vector<std::string> gone = {member, member_nos_[rng() % member_nos_.size()]};
      ASSERT_TRUE(store_->DeleteAppointments(gone).ok());
      ASSERT_TRUE(tx.Commit().ok());
      ++plans_;
    } else {
      auto plan_run = store_->NextPlanRun();
      ASSERT_TRUE(plan_run.ok());
      std::vector<StoredAppointment> rows;
      for (size_t i = 0; i < member_nos_.size(); ++i) {
        if (rng() % 2) continue;
        StoredAppointment a;
        a.member_no = member_nos_[i];
        a.unit_code = "P.A.1";
        a.station_code = "S";
        a.slot_start = "2025-08-05T08:00";
        a.slot_end = "2025-08-05T08:10";
        a.mode = "station";
        a.invitation_code = "CODE" + std::to_string(*plan_run) + "X" + std::to_string(i);
        a.plan_run = *plan_run;
        rows.push_back(a);
      }
      ASSERT_TRUE(store_->ReplaceAppointments(rows).ok());
      ++plans_;
    }
  }

  void ExpectEqualsBruteForce() {
    auto units = store_->Query("SELECT code, parent_code FROM units");
    ASSERT_TRUE(units.ok());
    std::map<std::string, std::string> parent;
    for (size_t i = 0; i < units->size(); ++i) {
      parent[std::string(units->Text(i, 0))] = std::string(units->Text(i, 1));
    }
    auto members = store_->Query(
        "SELECT m.member_no, m.unit_code, m.status, COALESCE(r.verdict, ''),"
        " (SELECT COUNT(*) FROM appointments a WHERE a.member_no = m.member_no),"
        " (SELECT MIN(c.opened_at) FROM corrections c WHERE c.member_no = m.member_no"
        "  AND c.closed_at = '')"
        " FROM members m LEFT JOIN reconcile_results r ON r.member_no = m.member_no");
    ASSERT_TRUE(members.ok());
    std::map<std::string, Figures> want;
    for (const auto& [code, p] : parent) want[code];
    for (size_t i = 0; i < members->size(); ++i) {
      if (members->Text(i, 2) != "official" || members->Text(i, 3) == "deceased") continue;
      for (std::string u(members->Text(i, 1)); !u.empty(); u = parent[u]) {
        want[u].with_appointment += members->Int(i, 4);
        if (!members->IsNull(i, 5)) {
          ++want[u].corrections_by_day[std::string(members->Text(i, 5).substr(0, 10))];
          ++corrections_seen_;
        }
      }
    }
    const Date today = *Date::Parse("2025-08-20");
    for (const auto& [code, w] : want) {
      auto got = UnitFigures(*store_, code);
      ASSERT_TRUE(got.ok()) << got.status().message();
      std::erase_if(got->corrections_by_day, [](const auto& kv) { return kv.second == 0; });
      EXPECT_EQ(got->with_appointment, w.with_appointment) << code;
      EXPECT_EQ(got->corrections_by_day, w.corrections_by_day) << code;
      EXPECT_EQ(got->CorrectionsOpen(), w.CorrectionsOpen()) << code;
      EXPECT_EQ(got->OldestCorrectionDays(today), w.OldestCorrectionDays(today)) << code;
      EXPECT_DOUBLE_EQ(got->MeanCorrectionDays(today), w.MeanCorrectionDays(today)) << code;
    }
  }

  std::map<std::string, int64_t> CounterRows() {
    auto rows = store_->Query("SELECT scope, code, metric, value FROM progress_counts");
    std::map<std::string, int64_t> out;
    EXPECT_TRUE(rows.ok());
    for (size_t i = 0; rows.ok() && i < rows->size(); ++i) {
      if (rows->Text(i, 0) == "stamp" || rows->Int(i, 3) == 0) continue;
      out[std::string(rows->Text(i, 0)) + "|" + std::string(rows->Text(i, 1)) + "|" +
          std::string(rows->Text(i, 2))] = rows->Int(i, 3);
    }
    return out;
  }

  std::vector<std::string> member_nos_;
  int plans_ = 0;
  int64_t corrections_seen_ = 0;
};

TEST_P(ExtraFiguresTest, RandomEventsKeepTheFiguresEqualToTheMembers) {
  ASSERT_TRUE(EnsureCurrent(*store_).ok());
  ExpectEqualsBruteForce();
  for (uint32_t seed : {11u, 12u, 13u}) {
    std::mt19937 rng(seed);
    for (int round = 0; round < 5; ++round) {
      const int plans_before = plans_;
      for (int i = 0; i < 40; ++i) {
        RandomEvent(rng);
        if (HasFatalFailure()) return;
      }
      // Corrections were kept by their transactions; only a plan makes the
      // counters stale.
      auto rebuilt = EnsureCurrent(*store_);
      ASSERT_TRUE(rebuilt.ok()) << rebuilt.status().message();
      EXPECT_EQ(*rebuilt, plans_ != plans_before);
      ExpectEqualsBruteForce();
      if (HasFailure()) return;
    }
  }
  EXPECT_GT(plans_, 0);
  EXPECT_GT(corrections_seen_, 0);
  const auto kept = CounterRows();
  ASSERT_TRUE(Rebuild(*store_).ok());
  EXPECT_EQ(CounterRows(), kept);
}

TEST_P(ExtraFiguresTest, AgeIsCountedFromTheOldestOpenCorrection) {
  ASSERT_TRUE(EnsureCurrent(*store_).ok());
  ASSERT_TRUE(reconcile::SendToCorrection(*store_, "M100", "a", "u", "2025-08-01 09:00:00").ok());
  ASSERT_TRUE(reconcile::SendToCorrection(*store_, "M100", "b", "u", "2025-08-05 09:00:00").ok());
  ASSERT_TRUE(reconcile::SendToCorrection(*store_, "M105", "c", "u", "2025-08-07 09:00:00").ok());
  // M107 is deceased by the registry and M104 probationary: not to
  // exchange, not counted.
  ASSERT_TRUE(reconcile::SendToCorrection(*store_, "M104", "e", "u", "2025-08-01 09:00:00").ok());
  ASSERT_TRUE(reconcile::SendToCorrection(*store_, "M107", "d", "u", "2025-08-02 09:00:00").ok());
  auto p = UnitFigures(*store_, "P");
  ASSERT_TRUE(p.ok());
  const Date today = *Date::Parse("2025-08-11");
  EXPECT_EQ(p->CorrectionsOpen(), 2);
  EXPECT_EQ(p->OldestCorrectionDays(today), 10);
  EXPECT_DOUBLE_EQ(p->MeanCorrectionDays(today), (10 + 4) / 2.0);
  ASSERT_TRUE(reconcile::CloseCorrection(*store_, "M100", "u", "2025-08-11 00:00:00").ok());
  p = UnitFigures(*store_, "P");
  EXPECT_EQ(p->CorrectionsOpen(), 1);
  EXPECT_EQ(p->OldestCorrectionDays(today), 4);
}

INSTANTIATE_TEST_SUITE_P(Progress, ExtraFiguresTest, ::cardex::testing::kBothBackends,
                         ::cardex::testing::BackendName);

}  // namespace
}  // namespace cardex::progress
