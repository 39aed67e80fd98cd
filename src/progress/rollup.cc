#include "cardex/progress/rollup.h"

#include <random>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "cardex/core/unit_tree.h"
#include "cardex/store/engine.h"
#include "cardex/store/lookups.h"
#include "counted.h"
#include "daily_internal.h"
#include "extra_figures.h"

namespace cardex::progress {
namespace {

using internal::kToExchange;

using Key = internal::CountKey;

// A counter generation: random, at least 2 (see CachedChain).
int64_t NewGeneration() {
  std::random_device rd;
  const uint64_t r = (uint64_t{rd()} << 32) ^ rd();
  return static_cast<int64_t>(r >> 1) | 2;
}

struct Stamp {
  int64_t revision = 0, reconcile_run = 0, units_version = 0, plan_run = 0;
  bool operator==(const Stamp&) const = default;
};

Result<Stamp> CurrentStamp(Store& store) {
  Stamp s;
  CARDEX_ASSIGN_OR_RETURN(s.revision, store.CurrentRevision());
  CARDEX_ASSIGN_OR_RETURN(const std::optional<ReconcileRun> run, store.LastReconcileRun());
  s.reconcile_run = run ? run->run_id : 0;
  // The tree's version (schema v10: the database bumps it on every change
  // of the tree) and the last plan run, one row read each.
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows rows,
      store.Query("SELECT (SELECT version FROM units_version WHERE id = 1),"
                  " (SELECT value FROM settings WHERE key = 'last_plan_run')"));
  s.units_version = rows.IsNull(0, 0) ? 0 : rows.Int(0, 0);
  s.plan_run = rows.IsNull(0, 1) ? 0 : rows.Int(0, 1);
  return s;
}

// nullopt when no rebuild stamped the counters, or one from before they
// were folded from the events (no "folded" row): either way, a rebuild.
Result<std::optional<Stamp>> StoredStamp(Store& store) {
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows rows,
      store.Query("SELECT metric, value FROM progress_counts WHERE scope = 'stamp' AND code = ''"));
  Stamp s;
  bool folded = false;
  for (size_t i = 0; i < rows.size(); ++i) {
    const std::string_view metric = rows.Text(i, 0);
    if (metric == "revision") s.revision = rows.Int(i, 1);
    if (metric == "reconcile_run") s.reconcile_run = rows.Int(i, 1);
    if (metric == "units_version") s.units_version = rows.Int(i, 1);
    if (metric == "plan_run") s.plan_run = rows.Int(i, 1);
    if (metric == internal::kFoldedMetric) folded = true;
  }
  if (!folded) return std::optional<Stamp>();
  return std::optional<Stamp>(s);
}

Figures FromRows(const SqlRows& rows, size_t metric_col, size_t value_col, size_t begin,
                 size_t end) {
  Figures f;
  for (size_t i = begin; i < end; ++i) {
    const std::string_view metric = rows.Text(i, metric_col);
    if (metric == "to_exchange") {
      f.to_exchange = rows.Int(i, value_col);
    } else if (metric == "with_appointment") {
      f.with_appointment = rows.Int(i, value_col);
    } else if (metric.starts_with("corrections_open/")) {
      f.corrections_by_day.emplace(std::string(metric.substr(17)), rows.Int(i, value_col));
    } else {
      f.by_state.emplace(std::string(metric), rows.Int(i, value_col));
    }
  }
  return f;
}

Result<Figures> ReadFigures(Store& store, std::string_view scope, std::string_view code) {
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows rows,
      store.Query("SELECT metric, value FROM progress_counts WHERE scope = ? AND code = ?",
                  {scope, code}));
  return FromRows(rows, 0, 1, 0, rows.size());
}

std::string_view StateOf(std::string_view metric) { return metric.substr(0, metric.find('/')); }

}  // namespace

int64_t Figures::Count(std::string_view metric) const {
  auto it = by_state.find(metric);
  return it == by_state.end() ? 0 : it->second;
}

int64_t Figures::InState(ExchangeState state) const {
  int64_t n = 0;
  for (const auto& [metric, value] : by_state) {
    if (StateOf(metric) == StateName(state)) n += value;
  }
  return n;
}

int64_t Figures::WithReason(std::string_view reason) const {
  int64_t n = 0;
  for (const auto& [metric, value] : by_state) {
    const size_t slash = metric.find('/');
    if (slash != std::string::npos && std::string_view(metric).substr(slash + 1) == reason) n += value;
  }
  return n;
}

int64_t Figures::Received() const {
  int64_t n = 0;
  for (const auto& [metric, value] : by_state) {
    auto state = ParseState(StateOf(metric));
    if (state && IsReceived(*state)) n += value;
  }
  return n;
}

int64_t Figures::HandedOver() const {
  int64_t n = 0;
  for (const auto& [metric, value] : by_state) {
    auto state = ParseState(StateOf(metric));
    if (state && IsHandedOver(*state)) n += value;
  }
  return n;
}

std::string StateMetric(ExchangeState state, std::string_view reason) {
  std::string metric(StateName(state));
  if (!reason.empty()) metric.append("/").append(reason);
  return metric;
}

Status Rebuild(Store& store) {
  Transaction tx(store);
  CARDEX_RETURN_IF_ERROR(tx.Begin());
  // Desk steps wait until the counters are rebuilt, so that none is
  // counted twice or lost (and another rebuild waits too): the exchange's
  // writers are held back, and the corrections' (resolution opens and
  // closes them, extra_figures.cc), both before any counter row is touched.
  CARDEX_RETURN_IF_ERROR(HoldWriters(store, {"exchange", "corrections"}));
  CARDEX_RETURN_IF_ERROR(store.Exec("DELETE FROM progress_counts"));
  CARDEX_ASSIGN_OR_RETURN(const Stamp stamp, CurrentStamp(store));

  CARDEX_ASSIGN_OR_RETURN(const UnitTree tree, LoadUnitTree(store));
  std::unordered_map<std::string, std::vector<std::string>> chains;
  // A member of a unit the tree does not hold still counts for that code.
  auto chain_of = [&](std::string_view unit) -> const std::vector<std::string>& {
    auto [it, fresh] = chains.try_emplace(std::string(unit));
    if (!fresh) return it->second;
    it->second = tree.Chain(unit);
    if (it->second.empty()) it->second.emplace_back(unit);
    return it->second;
  };

  std::map<Key, int64_t> counts;
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows to_exchange,
      store.Query("SELECT m.unit_code, COUNT(*) FROM members m"
                  " LEFT JOIN reconcile_results r ON r.member_no = m.member_no WHERE " +
                  std::string(kToExchange) + " GROUP BY m.unit_code"));
  for (size_t i = 0; i < to_exchange.size(); ++i) {
    for (const std::string& unit : chain_of(to_exchange.Text(i, 0))) {
      counts[{"unit", unit, "to_exchange"}] += to_exchange.Int(i, 1);
    }
  }
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows states,
      store.Query("SELECT m.unit_code, e.state, e.reason, e.station_code, COUNT(*) FROM exchange e"
                  " JOIN members m ON m.member_no = e.member_no"
                  " LEFT JOIN reconcile_results r ON r.member_no = m.member_no WHERE " +
                  std::string(kToExchange) +
                  " GROUP BY m.unit_code, e.state, e.reason, e.station_code"));
  for (size_t i = 0; i < states.size(); ++i) {
    auto state = ParseState(states.Text(i, 1));
    if (!state) return Status::Internal("exchange row holds an unknown state");
    const std::string metric = StateMetric(*state, states.Text(i, 2));
    const int64_t n = states.Int(i, 4);
    for (const std::string& unit : chain_of(states.Text(i, 0))) counts[{"unit", unit, metric}] += n;
    if (!states.Text(i, 3).empty()) counts[{"station", std::string(states.Text(i, 3)), metric}] += n;
  }
  CARDEX_RETURN_IF_ERROR(internal::RebuildDaily(store, chain_of));
  CARDEX_ASSIGN_OR_RETURN(const std::vector<internal::OwnCount> extra,
                          internal::RebuildExtraFigures(store));
  for (const internal::OwnCount& own : extra) {
    for (const std::string& unit : chain_of(own.unit_code)) {
      counts[{"unit", unit, own.metric}] += own.value;
    }
  }
  counts[{"stamp", "", "revision"}] = stamp.revision;
  counts[{"stamp", "", "plan_run"}] = stamp.plan_run;
  counts[{"stamp", "", "reconcile_run"}] = stamp.reconcile_run;
  counts[{"stamp", "", "units_version"}] = stamp.units_version;
  // A zero stamp value is not written; StoredStamp reads it back as 0. The
  // generation names this generation of the counters (CachedChain).
  counts[{"stamp", "", std::string(internal::kGenerationMetric)}] = NewGeneration();
  CARDEX_RETURN_IF_ERROR(internal::InsertCounts(store, counts));
  // The events counted so far, even none (0): FoldSteps goes on from
  // there. On PostgreSQL every event up to the highest is committed: a
  // step writes its exchange row, which the lock above waits for, before
  // it takes an event id.
  CARDEX_RETURN_IF_ERROR(store.Exec(
      "INSERT INTO progress_counts (scope, code, metric, value) SELECT 'stamp', '', ?, "
      "COALESCE(MAX(event_id), 0) FROM exchange_events",
      {internal::kFoldedMetric}));
  return tx.Commit();
}

Result<bool> EnsureCurrent(Store& store) {
  CARDEX_ASSIGN_OR_RETURN(const std::optional<Stamp> stored, StoredStamp(store));
  CARDEX_ASSIGN_OR_RETURN(const Stamp current, CurrentStamp(store));
  if (stored && *stored == current) {
    CARDEX_RETURN_IF_ERROR(FoldSteps(store).status());
    return false;
  }
  CARDEX_RETURN_IF_ERROR(Rebuild(store));
  return true;
}

Result<Figures> UnitFigures(Store& store, std::string_view unit_code) {
  // The unit and its counters in one query: no row, no unit; one row with
  // no metric, a unit with no counter (all zero).
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows rows,
      store.Query("SELECT c.metric, c.value FROM units u"
                  " LEFT JOIN progress_counts c ON c.scope = 'unit' AND c.code = u.code"
                  " WHERE u.code = ?",
                  {unit_code}));
  if (rows.empty()) return Status::NotFound("no unit " + std::string(unit_code));
  if (rows.size() == 1 && rows.IsNull(0, 0)) return Figures{};
  return FromRows(rows, 0, 1, 0, rows.size());
}

Result<Figures> StationFigures(Store& store, std::string_view station_code) {
  return ReadFigures(store, "station", station_code);
}

Result<std::map<std::string, Figures, std::less<>>> AllUnitFigures(Store& store) {
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows rows,
      store.Query("SELECT code, metric, value FROM progress_counts WHERE scope = 'unit' ORDER BY code"));
  std::map<std::string, Figures, std::less<>> out;
  CARDEX_RETURN_IF_ERROR(internal::ForEachRun(rows, [&](const SqlRows& r, size_t begin, size_t end) {
    out.emplace(std::string(r.Text(begin, 0)), FromRows(r, 1, 2, begin, end));
    return Status::Ok();
  }));
  return out;
}

Result<std::map<std::string, Figures, std::less<>>> UnitsFigures(Store& store,
                                                                 std::span<const std::string> codes) {
  std::map<std::string, Figures, std::less<>> out;
  for (const std::string& code : codes) out[code];
  CARDEX_RETURN_IF_ERROR(internal::ForEachCodeRun(
      store, "SELECT code, metric, value FROM progress_counts WHERE scope = 'unit' AND code IN (", "",
      codes, [&](const SqlRows& rows, size_t begin, size_t end) {
        out[std::string(rows.Text(begin, 0))] = FromRows(rows, 1, 2, begin, end);
        return Status::Ok();
      }));
  return out;
}

}  // namespace cardex::progress
