// progress_speed: reading a unit's progress from the roll-ups (progress/
// rollup.h, daily.h) against the SQL a user would write instead (a
// recursive query for the subtree, the members joined to their verdicts
// and exchange rows, GROUP BY state), on the same database in the same
// run; plus what keeping the roll-ups costs (the rebuild, and a desk step
// with its counter updates). Prints markdown tables.
//
// Two reads are measured per level (the province, a random commune, a
// random cell):
//   figures    the unit's Figures (UnitFigures) against one GROUP BY;
//   dashboard  what /dashboard/{unit} reads (page_dashboard.cc): the
//              staleness check, the unit's figures and days, the campaign
//              window, the forecast, and its children's figures, days and
//              forecasts; against the SQL that gives the same page without
//              roll-ups: the unit's GROUP BY, one GROUP BY per child (the
//              children's subtrees in one recursive query) and the unit's
//              curve from exchange_events GROUP BY day (a lower bound: the
//              children's curves are left out).
//
// Usage: progress_speed --db SPEC [--runs N] [--steps N] [--sql 0]
//                       [--sql-runs P,C,L]
// (--sql 0 skips the SQL side: for profiling the roll-up reads;
// --sql-runs caps the SQL side's runs of the figures read per level,
// province, commune, cell (default 5,50,200; the dashboard page runs a
// quarter, at least 1): at national scale one province GROUP BY takes
// seconds. The roll-up side keeps --runs.)
// The database holds an imported campaign (bench/progress_bench.sh makes
// one). The bench writes: it rebuilds the roll-ups and applies --steps
// desk steps (journeys of five, invite to submit) to members who have no
// exchange row yet, folding them into the counters every 100 steps.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "cardex/intake/exchange.h"
#include "cardex/progress/daily.h"
#include "cardex/progress/forecast.h"
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

constexpr const char* kSubtree =
    "WITH RECURSIVE sub (code) AS (SELECT code FROM units WHERE code = ?"
    " UNION ALL SELECT u.code FROM units u JOIN sub ON u.parent_code = sub.code)";
constexpr const char* kMembersToExchange =
    " LEFT JOIN reconcile_results r ON r.member_no = m.member_no"
    " LEFT JOIN exchange e ON e.member_no = m.member_no"
    " WHERE m.status = 'official' AND COALESCE(r.verdict, '') <> 'deceased'";

bool IsReceivedText(std::string_view s) {
  return s == "submitted" || s == "card_produced" || s == "card_delivered" || s == "handed_over";
}

// Adds a GROUP BY row (state, reason, count) to the triple.
void AddStateRow(Triple& t, std::string_view state, std::string_view reason, int64_t n) {
  if (state == "closed" && reason == "deceased") return;  // a death found at the desk
  t.official += n;
  if (IsReceivedText(state)) t.received += n;
  if (state == "handed_over") t.handed_over += n;
}

// What a user would write without roll-ups: the members of the subtree
// with their exchange rows, GROUP BY state and reason.
Triple FromSql(Store& store, const std::string& unit) {
  auto rows = store.Query(std::string(kSubtree) +
                              " SELECT COALESCE(e.state, ''), COALESCE(e.reason, ''), COUNT(*)"
                              " FROM members m JOIN sub ON m.unit_code = sub.code" +
                              kMembersToExchange + " GROUP BY COALESCE(e.state, ''), COALESCE(e.reason, '')",
                          {std::string_view(unit)});
  if (!rows.ok()) Die(rows.status());
  Triple t;
  for (size_t i = 0; i < rows->size(); ++i) AddStateRow(t, rows->Text(i, 0), rows->Text(i, 1), rows->Int(i, 2));
  return t;
}

// The dashboard page's reads from the roll-ups (page_dashboard.cc's
// UnitDashboard, less the HTML). Returns the unit's triple.
Triple DashboardFromRollup(Store& store, const std::string& unit) {
  auto current = cardex::progress::EnsureCurrent(store);
  if (!current.ok()) Die(current.status());
  auto f = cardex::progress::UnitFigures(store, unit);
  if (!f.ok()) Die(f.status());
  auto daily = cardex::progress::UnitDaily(store, unit);
  if (!daily.ok()) Die(daily.status());
  auto window = cardex::progress::LoadCampaignWindow(store);
  if (!window.ok()) Die(window.status());
  const cardex::Date today = cardex::progress::CampaignToday();
  auto forecast = [&](const cardex::progress::Figures& fig, std::span<const cardex::progress::DayCount> days) {
    cardex::progress::ForecastInput in;
    in.daily = days;
    in.official = fig.Official();
    in.received = fig.Received();
    in.today = today;
    in.window = *window;
    return cardex::progress::MakeForecast(in);
  };
  volatile int64_t sink = forecast(*f, *daily).remaining;
  auto children = store.Query("SELECT code, name, kind FROM units WHERE parent_code = ? ORDER BY code",
                              {std::string_view(unit)});
  if (!children.ok()) Die(children.status());
  std::vector<std::string> codes;
  for (size_t i = 0; i < children->size(); ++i) codes.emplace_back(children->Text(i, 0));
  auto child_figures = cardex::progress::UnitsFigures(store, codes);
  if (!child_figures.ok()) Die(child_figures.status());
  auto child_daily = cardex::progress::UnitsDaily(store, codes);
  if (!child_daily.ok()) Die(child_daily.status());
  for (const std::string& c : codes) sink = sink + forecast((*child_figures)[c], (*child_daily)[c]).remaining;
  (void)sink;
  return {f->Official(), f->Received(), f->HandedOver()};
}

// The same page from the members: the unit's GROUP BY, its children's
// (one recursive query mapping each unit of the subtree to its child), and
// the unit's curve from the events.
Triple DashboardFromSql(Store& store, const std::string& unit) {
  const Triple t = FromSql(store, unit);
  auto children = store.Query(
      "WITH RECURSIVE sub (code, child) AS (SELECT code, code FROM units WHERE parent_code = ?"
      " UNION ALL SELECT u.code, sub.child FROM units u JOIN sub ON u.parent_code = sub.code)"
      " SELECT sub.child, COALESCE(e.state, ''), COALESCE(e.reason, ''), COUNT(*)"
      " FROM members m JOIN sub ON m.unit_code = sub.code" +
          std::string(kMembersToExchange) + " GROUP BY sub.child, COALESCE(e.state, ''), COALESCE(e.reason, '')",
      {std::string_view(unit)});
  if (!children.ok()) Die(children.status());
  auto daily = store.Query(std::string(kSubtree) +
                               " SELECT substr(ev.at, 1, 10), SUM(CASE WHEN ev.to_state = 'submitted' THEN 1 ELSE 0 END),"
                               " SUM(CASE WHEN ev.to_state = 'handed_over' THEN 1 ELSE 0 END)"
                               " FROM exchange_events ev JOIN members m ON m.member_no = ev.member_no"
                               " JOIN sub ON m.unit_code = sub.code"
                               " LEFT JOIN reconcile_results r ON r.member_no = m.member_no"
                               " WHERE m.status = 'official' AND COALESCE(r.verdict, '') <> 'deceased'"
                               " AND ev.to_state IN ('submitted', 'handed_over')"
                               " GROUP BY substr(ev.at, 1, 10)",
                           {std::string_view(unit)});
  if (!daily.ok()) Die(daily.status());
  return t;
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
  bool with_sql = true;
  int sql_caps[3] = {5, 50, 200};
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--sql-runs") &&
        std::sscanf(argv[i + 1], "%d,%d,%d", &sql_caps[0], &sql_caps[1], &sql_caps[2]) != 3) {
      std::fprintf(stderr, "progress_speed: --sql-runs takes P,C,L (three counts)\n");
      return 2;
    }
    if (!std::strcmp(argv[i], "--db")) db = argv[i + 1];
    if (!std::strcmp(argv[i], "--runs")) runs = std::atoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--steps")) steps = std::atoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--sql")) with_sql = std::atoi(argv[i + 1]) != 0;
  }
  if (db.empty()) {
    std::fprintf(stderr, "usage: progress_speed --db SPEC [--runs N] [--steps N] [--sql 0] [--sql-runs P,C,L]\n");
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
  const Level levels[] = {{"the province (all members)", &roots, sql_caps[0]},
                          {"a random commune", &communes, sql_caps[1]},
                          {"a random cell", &cells, sql_caps[2]}};

  std::printf("%lld members, %zu units, backend %s\n\n", static_cast<long long>(*members),
              roots.size() + communes.size() + cells.size(), std::string(store.backend()).c_str());
  std::printf("| read | of | roll-up p50 ms | roll-up p99 ms | SQL over members p50 ms | SQL p99 ms | runs (roll-up / SQL) | same figures |\n");
  std::printf("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
  struct Read {
    const char* name;
    Triple (*rollup)(Store&, const std::string&);
    Triple (*sql)(Store&, const std::string&);
    int runs_divisor;  // the dashboard reads more: fewer runs of both
  };
  const Read reads[] = {{"figures", FromRollup, FromSql, 1}, {"dashboard page", DashboardFromRollup, DashboardFromSql, 4}};
  for (const Read& read : reads) {
    for (const Level& level : levels) {
      std::vector<double> rollup, sql;
      bool same = true;
      const int level_runs = std::max(1, runs / read.runs_divisor);
      const int sql_runs = with_sql ? std::max(1, level.sql_runs / read.runs_divisor) : 0;
      for (int r = 0; r < level_runs; ++r) {
        const std::string& unit = (*level.codes)[rng() % level.codes->size()];
        auto t = Clock::now();
        const Triple a = read.rollup(store, unit);
        rollup.push_back(Ms(Clock::now() - t));
        if (r < sql_runs) {
          t = Clock::now();
          const Triple b = read.sql(store, unit);
          sql.push_back(Ms(Clock::now() - t));
          same = same && a == b;
        }
      }
      std::printf("| %s | %s | %.3f | %.3f | %.3f | %.3f | %d / %zu | %s |\n", read.name, level.name,
                  Percentile(rollup, 0.5), Percentile(rollup, 0.99), Percentile(sql, 0.5),
                  Percentile(sql, 0.99), level_runs, sql.size(), same ? "yes" : "NO");
      std::fflush(stdout);
    }
  }

  // The cost of keeping them: desk steps (ApplyStepAtomically, which
  // writes the step's event and no counter) on members never seen at a
  // desk, folded into the counters every kFoldEvery steps, as the server's
  // folder takes them (200 ms of 500 steps a second).
  constexpr int kFoldEvery = 100;
  auto listed = Codes(store,
                      "SELECT m.member_no FROM members m LEFT JOIN exchange e ON e.member_no = m.member_no"
                      " WHERE e.member_no IS NULL AND m.status = 'official' ORDER BY m.member_no");
  std::shuffle(listed.begin(), listed.end(), rng);
  // A member's journey, as at a desk; the submit enters a received state
  // (the day's rows too).
  constexpr cardex::ExchangeStep kJourney[] = {
      cardex::ExchangeStep::kInvite, cardex::ExchangeStep::kCheckIn, cardex::ExchangeStep::kCapture,
      cardex::ExchangeStep::kConfirm, cardex::ExchangeStep::kSubmit};
  std::vector<double> step_ms, fold_ms;
  for (int i = 0; i < steps && i / 5 < static_cast<int>(listed.size()); ++i) {
    cardex::intake::StepRequest r;
    r.member_no = listed[i / 5];
    r.step = kJourney[i % 5];
    r.actor = "bench";
    r.station_code = "S";
    r.at = "2025-08-05T01:00:00Z";
    auto t = Clock::now();
    auto out = cardex::intake::ApplyStepAtomically(store, r);
    if (!out.ok()) Die(out.status());
    step_ms.push_back(Ms(Clock::now() - t));
    if ((i + 1) % kFoldEvery == 0) {
      t = Clock::now();
      auto folded = cardex::progress::FoldSteps(store);
      if (!folded.ok()) Die(folded.status());
      fold_ms.push_back(Ms(Clock::now() - t));
    }
  }
  // The staleness check every page pays before reading (single-row reads:
  // the revision, the last reconciliation and plan runs, the tree's
  // version).
  std::vector<double> ensure_ms;
  bool stale = false;
  for (int r = 0; r < std::max(1, runs / 4); ++r) {
    t0 = Clock::now();
    auto ran = cardex::progress::EnsureCurrent(store);
    if (!ran.ok()) Die(ran.status());
    ensure_ms.push_back(Ms(Clock::now() - t0));
    stale = stale || *ran;
  }
  std::printf("\n| keeping the roll-ups | p50 ms | p99 ms | runs |\n| --- | --- | --- | --- |\n");
  std::printf("| Rebuild (every counter from the members) | %.1f | | 1 |\n", rebuild_ms);
  std::printf("| a whole desk step, committed (ApplyStepAtomically: the step and its event) | %.3f | %.3f | %zu |\n",
              Percentile(step_ms, 0.5), Percentile(step_ms, 0.99), step_ms.size());
  std::printf("| FoldSteps of %d steps (their counter rows, the day's rows, the stamp) | %.3f | %.3f | %zu |\n",
              kFoldEvery, Percentile(fold_ms, 0.5), Percentile(fold_ms, 0.99), fold_ms.size());
  std::printf("| EnsureCurrent when nothing is stale (a page's first read) | %.3f | %.3f | %zu |\n",
              Percentile(ensure_ms, 0.5), Percentile(ensure_ms, 0.99), ensure_ms.size());
  if (stale) std::printf("\n(EnsureCurrent rebuilt: the counters were stale)\n");
  return 0;
}
