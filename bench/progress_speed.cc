// progress_speed: reading a unit's progress from the roll-ups (progress/
// rollup.h) against the SQL aggregate over the members a user would write
// instead (a recursive query for the subtree, joined to the members, their
// verdicts and their exchange rows), on the same database in the same run;
// plus what keeping the roll-ups costs (the rebuild, and a desk step with
// its counter updates). Prints markdown tables.
//
// Usage: progress_speed --db SPEC [--runs N] [--steps N]
// The database holds an imported campaign (bench/progress_bench.sh makes
// one). The bench writes: it rebuilds the roll-ups and applies --steps
// `invite` steps to members who have no exchange row yet.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "cardex/intake/exchange.h"
#include "cardex/progress/rollup.h"
#include "cardex/store/store.h"

namespace {

using Clock = std::chrono::steady_clock;
using cardex::Store;

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t i = static_cast<size_t>(std::ceil(p * static_cast<double>(v.size())));
  return v[std::min(v.size() - 1, i == 0 ? 0 : i - 1)];
}

[[noreturn]] void Die(const cardex::Status& s) {
  std::fprintf(stderr, "progress_speed: %s\n", s.message().c_str());
  std::exit(1);
}

struct Triple {
  int64_t official = 0, received = 0, handed_over = 0;
  bool operator==(const Triple&) const = default;
};

Triple FromRollup(Store& store, const std::string& unit) {
  auto f = cardex::progress::UnitFigures(store, unit);
  if (!f.ok()) Die(f.status());
  return {f->Official(), f->Received(), f->HandedOver()};
}

// What a user would write without roll-ups: the same three figures, in SQL
// over the members of the subtree.
Triple FromSql(Store& store, const std::string& unit) {
  auto rows = store.Query(
      "WITH RECURSIVE sub (code) AS (SELECT code FROM units WHERE code = ?"
      " UNION ALL SELECT u.code FROM units u JOIN sub ON u.parent_code = sub.code)"
      " SELECT COUNT(*),"
      " SUM(CASE WHEN e.state IN ('submitted', 'card_produced', 'card_delivered', 'handed_over')"
      " THEN 1 ELSE 0 END),"
      " SUM(CASE WHEN e.state = 'handed_over' THEN 1 ELSE 0 END)"
      " FROM members m JOIN sub ON m.unit_code = sub.code"
      " LEFT JOIN reconcile_results r ON r.member_no = m.member_no"
      " LEFT JOIN exchange e ON e.member_no = m.member_no"
      " WHERE m.status = 'official' AND COALESCE(r.verdict, '') <> 'deceased'"
      " AND NOT (COALESCE(e.state, '') = 'closed' AND COALESCE(e.reason, '') = 'deceased')",
      {std::string_view(unit)});
  if (!rows.ok()) Die(rows.status());
  return {rows->Int(0, 0), rows->Int(0, 1), rows->Int(0, 2)};
}

std::vector<std::string> Codes(Store& store, const char* sql) {
  auto rows = store.Query(sql);
  if (!rows.ok()) Die(rows.status());
  std::vector<std::string> out;
  for (size_t i = 0; i < rows->size(); ++i) out.emplace_back(rows->Text(i, 0));
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::string db;
  int runs = 1000, steps = 2000;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--db")) db = argv[i + 1];
    if (!std::strcmp(argv[i], "--runs")) runs = std::atoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--steps")) steps = std::atoi(argv[i + 1]);
  }
  if (db.empty()) {
    std::fprintf(stderr, "usage: progress_speed --db SPEC [--runs N] [--steps N]\n");
    return 2;
  }
  auto opened = cardex::OpenStore(db);
  if (!opened.ok()) Die(opened.status());
  Store& store = **opened;
  if (auto s = store.Migrate(); !s.ok()) Die(s);
  auto members = store.Count(cardex::RecordKind::kMembers);
  if (!members.ok()) Die(members.status());

  auto t0 = Clock::now();
  if (auto s = cardex::progress::Rebuild(store); !s.ok()) Die(s);
  const double rebuild_ms = Ms(Clock::now() - t0);

  const auto roots = Codes(store, "SELECT code FROM units WHERE parent_code = '' ORDER BY code");
  const auto communes = Codes(store, "SELECT code FROM units WHERE kind = 'commune'");
  const auto cells = Codes(store, "SELECT code FROM units WHERE kind = 'cell'");
  if (roots.empty() || communes.empty() || cells.empty()) {
    std::fprintf(stderr, "progress_speed: the database needs a province, communes and cells\n");
    return 1;
  }
  std::mt19937 rng(42);
  struct Level {
    const char* name;
    const std::vector<std::string>* codes;
    int sql_runs;
  };
  const Level levels[] = {{"province (all members)", &roots, 5},
                          {"a random commune", &communes, 100},
                          {"a random cell", &cells, 300}};

  std::printf("%lld members, %zu units, backend %s\n\n", static_cast<long long>(*members),
              roots.size() + communes.size() + cells.size(), std::string(store.backend()).c_str());
  std::printf("| read the figures of | roll-up p50 ms | roll-up p99 ms | SQL over members p50 ms | SQL p99 ms | runs (roll-up / SQL) | same figures |\n");
  std::printf("| --- | --- | --- | --- | --- | --- | --- |\n");
  for (const Level& level : levels) {
    std::vector<double> rollup, sql;
    bool same = true;
    for (int r = 0; r < runs; ++r) {
      const std::string& unit = (*level.codes)[rng() % level.codes->size()];
      auto t = Clock::now();
      const Triple a = FromRollup(store, unit);
      rollup.push_back(Ms(Clock::now() - t));
      if (r < level.sql_runs) {
        t = Clock::now();
        const Triple b = FromSql(store, unit);
        sql.push_back(Ms(Clock::now() - t));
        same = same && a == b;
      }
    }
    std::printf("| %s | %.3f | %.3f | %.3f | %.3f | %d / %d | %s |\n", level.name,
                Percentile(rollup, 0.5), Percentile(rollup, 0.99), Percentile(sql, 0.5),
                Percentile(sql, 0.99), runs, level.sql_runs, same ? "yes" : "NO");
  }

  // The cost of keeping them: a desk step (ApplyStep with its counter
  // updates, in its own transaction) on members never seen at a desk.
  auto listed = Codes(store,
                      "SELECT m.member_no FROM members m LEFT JOIN exchange e ON e.member_no = m.member_no"
                      " WHERE e.member_no IS NULL AND m.status = 'official' ORDER BY m.member_no");
  std::shuffle(listed.begin(), listed.end(), rng);
  std::vector<double> step_ms, counter_ms, submit_ms;
  for (int i = 0; i < steps && i < static_cast<int>(listed.size()); ++i) {
    // The counter update alone, rolled back.
    if (auto s = store.Begin(); !s.ok()) Die(s);
    auto t = Clock::now();
    cardex::progress::StateChange change{listed[i], std::nullopt, "", "", cardex::ExchangeState::kInvited,
                                         "", "S"};
    if (auto s = cardex::progress::OnStateChange(store, change); !s.ok()) Die(s);
    counter_ms.push_back(Ms(Clock::now() - t));
    if (auto s = store.Rollback(); !s.ok()) Die(s);
    // A submit (into a received state): the counter rows and the day's
    // rows (progress/daily.h), rolled back.
    if (auto s = store.Begin(); !s.ok()) Die(s);
    t = Clock::now();
    cardex::progress::StateChange submit{listed[i], cardex::ExchangeState::kConfirmed, "", "S",
                                         cardex::ExchangeState::kSubmitted, "", "S", "2025-08-05T01:00:00Z"};
    if (auto s = cardex::progress::OnStateChange(store, submit); !s.ok()) Die(s);
    submit_ms.push_back(Ms(Clock::now() - t));
    if (auto s = store.Rollback(); !s.ok()) Die(s);

    cardex::intake::StepRequest r;
    r.member_no = listed[i];
    r.step = cardex::ExchangeStep::kInvite;
    r.actor = "bench";
    r.at = "2025-08-05T01:00:00Z";
    t = Clock::now();
    auto out = cardex::intake::ApplyStepAtomically(store, r);
    if (!out.ok()) Die(out.status());
    step_ms.push_back(Ms(Clock::now() - t));
  }
  t0 = Clock::now();
  auto stale = cardex::progress::EnsureCurrent(store);
  if (!stale.ok()) Die(stale.status());
  std::printf("\n| keeping the roll-ups | p50 ms | p99 ms | runs |\n| --- | --- | --- | --- |\n");
  std::printf("| Rebuild (every counter from the members) | %.1f | | 1 |\n", rebuild_ms);
  std::printf("| OnStateChange alone (counter rows of the cell and its ancestors) | %.3f | %.3f | %zu |\n",
              Percentile(counter_ms, 0.5), Percentile(counter_ms, 0.99), counter_ms.size());
  std::printf("| OnStateChange of a submit (counter rows and the day's rows) | %.3f | %.3f | %zu |\n",
              Percentile(submit_ms, 0.5), Percentile(submit_ms, 0.99), submit_ms.size());
  std::printf("| a whole desk step, committed (ApplyStepAtomically, counters included) | %.3f | %.3f | %zu |\n",
              Percentile(step_ms, 0.5), Percentile(step_ms, 0.99), step_ms.size());
  std::printf("| EnsureCurrent when nothing is stale | %.3f | | 1 |\n", Ms(Clock::now() - t0));
  if (*stale) std::printf("\n(EnsureCurrent rebuilt: the counters were stale)\n");
  return 0;
}
