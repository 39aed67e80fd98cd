// progress/rollup.h on both engines: after random sequences of exchange
// steps, folded into the counters, every unit's and every station's roll-up
// equals a brute-force count over its members, without a rebuild in
// between; a rebuild gives the same counters; a new reconciliation verdict makes the counters stale. The
// day-by-day counts equal what exchange_events say, day by day, and sum
// to the roll-ups' received and handed-over figures.
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "cardex/intake/exchange.h"
#include "cardex/progress/daily.h"
#include "cardex/progress/rollup.h"
#include "tests/support/store_backend_test.h"

namespace cardex::progress {
namespace {

using testing::StoreBackendTest;

constexpr ExchangeStep kAllSteps[] = {
    ExchangeStep::kInvite,      ExchangeStep::kCheckIn,     ExchangeStep::kCapture,
    ExchangeStep::kConfirm,     ExchangeStep::kSubmit,      ExchangeStep::kProduceCard,
    ExchangeStep::kDeliverCard, ExchangeStep::kHandOver,    ExchangeStep::kMarkAbsent,
    ExchangeStep::kMarkIll,     ExchangeStep::kMarkWrongData, ExchangeStep::kClose,
    ExchangeStep::kBook,        ExchangeStep::kReissueCard,
};

std::string ReasonFor(ExchangeStep step, std::mt19937& rng) {
  switch (step) {
    case ExchangeStep::kMarkAbsent: return rng() % 2 ? "absent" : "busy";
    case ExchangeStep::kMarkIll: return "ill";
    case ExchangeStep::kMarkWrongData: return "wrong_data";
    case ExchangeStep::kClose: return rng() % 2 ? "deceased" : "transferred";
    case ExchangeStep::kReissueCard: return rng() % 2 ? "lost" : "misprinted";
    default: return "";
  }
}

class RollupTest : public StoreBackendTest {
 protected:
  void SetUp() override {
    StoreBackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    std::vector<Unit> units = {{"P", "", "province", "Tỉnh P"},
                               {"P.A", "P", "commune", "Xã A"},
                               {"P.A.1", "P.A", "cell", "Chi bộ A1"},
                               {"P.A.2", "P.A", "cell", "Chi bộ A2"},
                               {"P.B", "P", "commune", "Xã B"},
                               {"P.B.1", "P.B", "cell", "Chi bộ B1"},
                               {"Q", "", "province", "Tỉnh Q"},
                               {"Q.A", "Q", "commune", "Xã QA"}};
    ASSERT_TRUE(store_->UpsertUnits(units).ok());
    const char* cells[] = {"P.A.1", "P.A.2", "P.B.1", "Q.A", "P.A.1"};
    std::vector<Member> members;
    for (int i = 0; i < 40; ++i) {
      Member m;
      m.member_no = "M" + std::to_string(100 + i);
      m.citizen_id = "079080000" + std::to_string(100 + i);
      m.full_name = "Nguyễn Văn " + std::to_string(i);
      m.birth_date = "1980-01-01";
      m.gender = "M";
      m.unit_code = cells[i % 5];
      m.status = i % 7 == 3 ? "probationary" : "official";
      members.push_back(m);
      member_nos_.push_back(m.member_no);
    }
    ASSERT_TRUE(store_->UpsertMembers(members).ok());
    ASSERT_TRUE(SetVerdicts({{"M105", Verdict::kDeceased}, {"M112", Verdict::kDeceased},
                             {"M101", Verdict::kMatch}})
                    .ok());
  }

  Status SetVerdicts(const std::map<std::string, Verdict>& verdicts) {
    ReconcileRun run;
    CARDEX_ASSIGN_OR_RETURN(int64_t run_id, store_->AddReconcileRun(run));
    std::vector<ReconcileResultRow> rows;
    for (const auto& [no, v] : verdicts) {
      ReconcileResultRow r;
      r.member_no = no;
      r.verdict = v;
      r.run_id = run_id;
      rows.push_back(r);
    }
    return store_->UpsertReconcileResults(rows);
  }

  // Applies `n` random steps: mostly one the table allows from the member's
  // state (closing rarely, or every member would soon be closed), now and
  // then any step at all (refused ones must change nothing).
  int RandomSteps(std::mt19937& rng, int n) {
    int applied = 0;
    const char* stations[] = {"S1", "S2", ""};
    for (int i = 0; i < n; ++i) {
      intake::StepRequest r;
      r.member_no = member_nos_[rng() % member_nos_.size()];
      r.step = kAllSteps[rng() % std::size(kAllSteps)];
      r.reason = ReasonFor(r.step, rng);
      auto current = intake::GetExchange(*store_, r.member_no);
      if (current.ok() && rng() % 10 != 0) {
        std::vector<ExchangeStep> allowed;
        for (ExchangeStep step : kAllSteps) {
          if (step == ExchangeStep::kClose && rng() % 8 != 0) continue;
          std::string reason = ReasonFor(step, rng);
          if (NextState(current->state, step, reason).ok()) allowed.push_back(step);
        }
        if (!allowed.empty()) {
          r.step = allowed[rng() % allowed.size()];
          r.reason = ReasonFor(r.step, rng);
        }
      }
      r.station_code = stations[rng() % 3];
      r.actor = "officer";
      // Days apart, and either side of Vietnam's midnight (17:00 UTC).
      const char* times[] = {"2025-08-05T01:05:00Z", "2025-08-05T16:59:00Z", "2025-08-05T17:00:00Z",
                             "2025-08-06T09:30:00Z", "2025-08-07T23:10:00Z"};
      // (Not from rng: the walk stays the one the metrics below were seen on.)
      r.at = times[static_cast<size_t>(i) % std::size(times)];
      if (intake::ApplyStepAtomically(*store_, r).ok()) ++applied;
    }
    return applied;
  }

  // Every unit's and station's figures, counted member by member, once
  // the steps are folded in (no rebuild: nothing made the counters stale).
  void ExpectEqualsBruteForce() {
    auto rebuilt = EnsureCurrent(*store_);
    ASSERT_TRUE(rebuilt.ok()) << rebuilt.status().message();
    EXPECT_FALSE(*rebuilt);
    auto units = store_->Query("SELECT code, parent_code FROM units");
    ASSERT_TRUE(units.ok());
    std::map<std::string, std::string> parent;
    for (size_t i = 0; i < units->size(); ++i) {
      parent[std::string(units->Text(i, 0))] = std::string(units->Text(i, 1));
    }
    auto members = store_->Query(
        "SELECT m.member_no, m.unit_code, m.status, COALESCE(r.verdict, ''),"
        " COALESCE(e.state, ''), COALESCE(e.reason, ''), COALESCE(e.station_code, '')"
        " FROM members m LEFT JOIN reconcile_results r ON r.member_no = m.member_no"
        " LEFT JOIN exchange e ON e.member_no = m.member_no");
    ASSERT_TRUE(members.ok());
    std::map<std::string, Figures> want_units, want_stations;
    for (const auto& [code, p] : parent) want_units[code];
    for (size_t i = 0; i < members->size(); ++i) {
      if (members->Text(i, 2) != "official" || members->Text(i, 3) == "deceased") continue;
      std::vector<std::string> chain;
      for (std::string u(members->Text(i, 1)); !u.empty(); u = parent[u]) chain.push_back(u);
      const std::string state(members->Text(i, 4));
      for (const std::string& u : chain) {
        ++want_units[u].to_exchange;
        if (!state.empty()) {
          auto s = ParseState(state);
          ASSERT_TRUE(s.has_value());
          ++want_units[u].by_state[StateMetric(*s, members->Text(i, 5))];
        }
      }
      if (!state.empty() && !members->Text(i, 6).empty()) {
        ++want_stations[std::string(members->Text(i, 6))]
              .by_state[StateMetric(*ParseState(state), members->Text(i, 5))];
      }
    }
    auto without_zeros = [](Figures f) {
      std::erase_if(f.by_state, [](const auto& kv) { return kv.second == 0; });
      return f;
    };
    for (const auto& [metric, n] : want_units["P"].by_state) seen_.insert(metric);
    for (const auto& [code, want] : want_units) {
      auto got = UnitFigures(*store_, code);
      ASSERT_TRUE(got.ok()) << got.status().message();
      const Figures g = without_zeros(*got);
      EXPECT_EQ(g.to_exchange, want.to_exchange) << code;
      EXPECT_EQ(g.by_state, want.by_state) << code;
      EXPECT_EQ(g.Received(), want.Received()) << code;
      EXPECT_EQ(g.HandedOver(), want.HandedOver()) << code;
      EXPECT_EQ(g.Official(), want.Official()) << code;
    }
    for (const char* station : {"S1", "S2"}) {
      auto got = StationFigures(*store_, station);
      ASSERT_TRUE(got.ok());
      EXPECT_EQ(without_zeros(*got).by_state, want_stations[station].by_state) << station;
    }
  }

  // progress_daily, row by row, against the events of the members to
  // exchange: a step into a received (handed-over) state from one that is
  // not counts on its campaign day, in the member's units and at the step's
  // station; and each unit's days sum to its roll-up.
  void ExpectDailyEqualsEvents() {
    auto units = store_->Query("SELECT code, parent_code FROM units");
    ASSERT_TRUE(units.ok());
    std::map<std::string, std::string> parent;
    for (size_t i = 0; i < units->size(); ++i) {
      parent[std::string(units->Text(i, 0))] = std::string(units->Text(i, 1));
    }
    auto events = store_->Query(
        "SELECT m.unit_code, e.station_code, e.at, e.from_state, e.to_state FROM exchange_events e"
        " JOIN members m ON m.member_no = e.member_no"
        " LEFT JOIN reconcile_results r ON r.member_no = m.member_no"
        " WHERE m.status = 'official' AND COALESCE(r.verdict, '') <> 'deceased'");
    ASSERT_TRUE(events.ok());
    std::map<std::string, int64_t> want;
    for (size_t i = 0; i < events->size(); ++i) {
      auto from = ParseState(events->Text(i, 3));
      auto to = ParseState(events->Text(i, 4));
      ASSERT_TRUE(from && to);
      const std::string day = CampaignDay(events->Text(i, 2));
      auto add = [&](const char* metric, int n) {
        for (std::string u(events->Text(i, 0)); !u.empty(); u = parent[u]) {
          want["unit|" + u + "|" + day + "|" + metric] += n;
        }
        if (!events->Text(i, 1).empty()) {
          want["station|" + std::string(events->Text(i, 1)) + "|" + day + "|" + metric] += n;
        }
      };
      // Net flows: reissue_card takes a member out of handed_over.
      if (IsReceived(*to) && !IsReceived(*from)) add("received", 1);
      if (IsReceived(*from) && !IsReceived(*to)) add("received", -1);
      if (IsHandedOver(*to) && !IsHandedOver(*from)) add("handed_over", 1);
      if (IsHandedOver(*from) && !IsHandedOver(*to)) add("handed_over", -1);
    }
    std::erase_if(want, [](const auto& kv) { return kv.second == 0; });
    EXPECT_EQ(DailyRows(), want);
    for (const auto& [code, p] : parent) {
      auto days = UnitDaily(*store_, code);
      auto figures = UnitFigures(*store_, code);
      ASSERT_TRUE(days.ok() && figures.ok());
      int64_t received = 0, handed_over = 0;
      for (const DayCount& d : *days) {
        received += d.received;
        handed_over += d.handed_over;
      }
      EXPECT_EQ(received, figures->Received()) << code;
      EXPECT_EQ(handed_over, figures->HandedOver()) << code;
    }
  }

  std::map<std::string, int64_t> DailyRows() {
    auto rows = store_->Query("SELECT scope, code, day, metric, value FROM progress_daily");
    std::map<std::string, int64_t> out;
    EXPECT_TRUE(rows.ok());
    for (size_t i = 0; rows.ok() && i < rows->size(); ++i) {
      if (rows->Int(i, 4) == 0) continue;
      out[std::string(rows->Text(i, 0)) + "|" + std::string(rows->Text(i, 1)) + "|" +
          std::string(rows->Text(i, 2)) + "|" + std::string(rows->Text(i, 3))] = rows->Int(i, 4);
    }
    return out;
  }

  // Every non-zero counter row, for comparing a kept table with a rebuilt one.
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
  std::set<std::string> seen_;  // metrics P ever had members in
};

TEST_P(RollupTest, RandomStepsKeepEveryRollupEqualToItsMembers) {
  auto rebuilt = EnsureCurrent(*store_);
  ASSERT_TRUE(rebuilt.ok()) << rebuilt.status().message();
  EXPECT_TRUE(*rebuilt);
  ExpectEqualsBruteForce();
  for (uint32_t seed : {1u, 2u, 3u}) {
    std::mt19937 rng(seed);
    for (int round = 0; round < 4; ++round) {
      RandomSteps(rng, 150);
      ExpectEqualsBruteForce();
      ExpectDailyEqualsEvents();
      if (HasFailure()) return;
    }
  }
  // The walk reached the states that matter (or the test proves little).
  for (const char* metric : {"submitted", "card_produced", "handed_over", "closed/deceased",
                             "closed/transferred", "rescheduled/absent", "rescheduled/busy",
                             "home_visit/ill", "correction/wrong_data"}) {
    EXPECT_TRUE(seen_.count(metric)) << metric;
  }
  // The events kept the counters; nothing made them stale.
  auto again = EnsureCurrent(*store_);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(*again);
  const auto kept = CounterRows();
  const auto kept_daily = DailyRows();
  EXPECT_GT(kept_daily.size(), 10u);
  ASSERT_TRUE(Rebuild(*store_).ok());
  EXPECT_EQ(CounterRows(), kept);
  EXPECT_EQ(DailyRows(), kept_daily);
}

TEST_P(RollupTest, ANewVerdictMakesTheCountersStale) {
  ASSERT_TRUE(EnsureCurrent(*store_).ok());
  std::mt19937 rng(7);
  RandomSteps(rng, 200);
  ASSERT_TRUE(SetVerdicts({{"M100", Verdict::kDeceased}, {"M105", Verdict::kMatch}}).ok());
  auto rebuilt = EnsureCurrent(*store_);
  ASSERT_TRUE(rebuilt.ok());
  EXPECT_TRUE(*rebuilt);
  ExpectEqualsBruteForce();
  ExpectDailyEqualsEvents();
  RandomSteps(rng, 200);
  ExpectEqualsBruteForce();
  ExpectDailyEqualsEvents();
}

// Desks at once, each on its own connection, all under one province, while
// folders (the server's, a page's) fold their steps as they commit: no step
// is counted twice or skipped, the counter rows they share (the commune's,
// the province's) end exact, and no step fails on a deadlock.
TEST_P(RollupTest, ConcurrentDesksAndAFolderKeepTheCountersExact) {
  ASSERT_TRUE(EnsureCurrent(*store_).ok());
  constexpr int kDesks = 4;
  std::vector<std::thread> desks;
  std::vector<std::string> errors(kDesks);
  // Two folders, so that one often finds the other has moved the stamp
  // between its read of a batch and its write (SQLite reads the batch
  // before it takes the write lock).
  std::atomic<bool> desks_done = false;
  constexpr int kFolders = 2;
  std::vector<std::string> folder_errors(kFolders);
  std::atomic<int64_t> folded = 0;
  std::vector<std::thread> folders;
  for (int f = 0; f < kFolders; ++f) {
    folders.emplace_back([&, f] {
      auto store = OpenStore(spec_);
      if (!store.ok()) {
        folder_errors[f] = store.status().message();
        return;
      }
      while (!desks_done) {
        auto n = FoldSteps(**store);
        if (!n.ok()) {
          folder_errors[f] = n.status().message();
          return;
        }
        folded += *n;
      }
    });
  }
  for (int d = 0; d < kDesks; ++d) {
    desks.emplace_back([&, d] {
      auto store = OpenStore(spec_);
      if (!store.ok()) {
        errors[d] = store.status().message();
        return;
      }
      for (size_t i = static_cast<size_t>(d); i < member_nos_.size(); i += kDesks) {
        for (ExchangeStep step : {ExchangeStep::kInvite, ExchangeStep::kCheckIn,
                                  ExchangeStep::kCapture, ExchangeStep::kConfirm,
                                  ExchangeStep::kSubmit}) {
          intake::StepRequest r;
          r.member_no = member_nos_[i];
          r.step = step;
          r.station_code = d % 2 ? "S1" : "S2";
          r.actor = "desk" + std::to_string(d);
          r.at = "2025-08-05T01:05:00Z";
          auto out = intake::ApplyStepAtomically(**store, r);
          if (!out.ok()) {
            errors[d] = member_nos_[i] + ": " + out.status().message();
            return;
          }
        }
      }
    });
  }
  for (auto& t : desks) t.join();
  desks_done = true;
  for (auto& t : folders) t.join();
  for (const std::string& e : errors) EXPECT_EQ(e, "");
  for (const std::string& e : folder_errors) EXPECT_EQ(e, "");
  EXPECT_GT(folded, 0);  // the folders took some while the desks worked
  ExpectEqualsBruteForce();
  ExpectDailyEqualsEvents();
  auto p = UnitFigures(*store_, "P");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->Count("submitted"), p->to_exchange);
}

// A cell moved to another commune, no unit added or removed: the tree's
// version (schema v10) makes the counters stale, the rebuild moves the
// cell's members, and the desk steps after it count under the new chain.
TEST_P(RollupTest, AUnitMovedToAnotherParentMakesTheCountersStale) {
  ASSERT_TRUE(EnsureCurrent(*store_).ok());
  std::mt19937 rng(11);
  RandomSteps(rng, 150);
  auto before = UnitFigures(*store_, "P.B");
  ASSERT_TRUE(before.ok());
  auto cell = UnitFigures(*store_, "P.A.2");
  ASSERT_TRUE(cell.ok());
  ASSERT_GT(cell->to_exchange, 0);
  ASSERT_TRUE(store_->UpsertUnits(std::vector<Unit>{{"P.A.2", "P.B", "cell", "Chi bộ A2"}}).ok());
  auto rebuilt = EnsureCurrent(*store_);
  ASSERT_TRUE(rebuilt.ok()) << rebuilt.status().message();
  EXPECT_TRUE(*rebuilt);
  ExpectEqualsBruteForce();
  auto after = UnitFigures(*store_, "P.B");
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->to_exchange, before->to_exchange + cell->to_exchange);
  auto again = EnsureCurrent(*store_);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(*again);
  RandomSteps(rng, 150);
  ExpectEqualsBruteForce();
  ExpectDailyEqualsEvents();
}

// More steps than one fold's batch (2,000) wait: all are folded, in
// several transactions, and the next fold finds nothing.
TEST_P(RollupTest, ABacklogLongerThanABatchIsFoldedWhole) {
  ASSERT_TRUE(EnsureCurrent(*store_).ok());
  std::mt19937 rng(5);
  int steps = 0;
  for (int round = 0; round < 30 && steps < 2300; ++round) steps += RandomSteps(rng, 300);
  ASSERT_GE(steps, 2100);
  auto folded = FoldSteps(*store_);
  ASSERT_TRUE(folded.ok()) << folded.status().message();
  EXPECT_GT(*folded, 2000);
  EXPECT_LE(*folded, steps);  // steps of members not to exchange are folded too, counted nowhere
  auto again = FoldSteps(*store_);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 0);
  ExpectEqualsBruteForce();
  ExpectDailyEqualsEvents();
}

// Counters stamped before they were folded from events (no "folded" stamp:
// a database from before schema v11) are rebuilt, not folded from event 0,
// which would count every step a second time.
TEST_P(RollupTest, CountersFromBeforeFoldingAreRebuiltNotFolded) {
  ASSERT_TRUE(EnsureCurrent(*store_).ok());
  std::mt19937 rng(3);
  RandomSteps(rng, 150);
  ExpectEqualsBruteForce();
  ASSERT_TRUE(store_->Exec("DELETE FROM progress_counts WHERE scope = 'stamp' AND metric = 'folded'").ok());
  auto folded = FoldSteps(*store_);
  ASSERT_TRUE(folded.ok());
  EXPECT_EQ(*folded, 0);
  auto rebuilt = EnsureCurrent(*store_);
  ASSERT_TRUE(rebuilt.ok());
  EXPECT_TRUE(*rebuilt);
  ExpectEqualsBruteForce();
  ExpectDailyEqualsEvents();
}

TEST_P(RollupTest, UnknownUnitIsNotFound) {
  EXPECT_EQ(UnitFigures(*store_, "NOPE").status().code(), StatusCode::kNotFound);
}

// A unit with no member has no counter row: zero figures, not kNotFound.
TEST_P(RollupTest, AUnitWithNoMemberHasZeroFigures) {
  ASSERT_TRUE(store_->UpsertUnits(std::vector<Unit>{{"P.C", "P", "commune", "Xã C"}}).ok());
  ASSERT_TRUE(EnsureCurrent(*store_).ok());
  auto empty = UnitFigures(*store_, "P.C");
  ASSERT_TRUE(empty.ok()) << empty.status().message();
  EXPECT_EQ(empty->to_exchange, 0);
  EXPECT_TRUE(empty->by_state.empty());
  EXPECT_TRUE(empty->corrections_by_day.empty());
  auto p = UnitFigures(*store_, "P");
  ASSERT_TRUE(p.ok());
  EXPECT_GT(p->to_exchange, 0);
}

INSTANTIATE_TEST_SUITE_P(Progress, RollupTest, testing::kBothBackends, testing::BackendName);

}  // namespace
}  // namespace cardex::progress
