#include "cardex/progress/rollup.h"

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <random>
#include <span>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "counted.h"
#include "daily_internal.h"
#include "extra_figures.h"

namespace cardex::progress {
namespace {

// Deeper than any real tree (province, commune, cell; a national root and
// a district at most): a guard against a cycle, not a rule.
constexpr int kMaxDepth = 32;

// Rows per multi-row INSERT in Rebuild: 4 parameters each, far below both
// engines' parameter limits, few round trips for a national tree.
constexpr size_t kInsertBatch = 500;

using internal::Chain;
using internal::kToExchange;

using Key = std::tuple<std::string, std::string, std::string>;  // scope, code, metric

struct KeyHash {
  size_t operator()(const Key& k) const {
    std::hash<std::string> h;
    return h(std::get<0>(k)) * 31u * 31u + h(std::get<1>(k)) * 31u + h(std::get<2>(k));
  }
};


struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

// Unit → chain, shared by every store of the process, for one generation
// of the counters: the random value Rebuild stamps as "rebuilt". A rebuild
// (after the tree changed, say) draws a new one, so the chains read under
// the old one are dropped; two databases never share one (the value is
// random), so a process holding several is served right, if less cached.
// Between rebuilds the tree is taken as fixed, as the counters already
// take it (see the header).
// Handed out, not copied: a desk step reads its chain without allocating.
using SharedChain = std::shared_ptr<const std::vector<std::string>>;

class ChainCache {
 public:
  SharedChain Find(int64_t generation, std::string_view unit) {
    std::lock_guard lock(mu_);
    if (generation != generation_) return nullptr;
    auto it = chains_.find(unit);
    if (it == chains_.end()) return nullptr;
    return it->second;
  }
  void Put(int64_t generation, std::string_view unit, const SharedChain& chain) {
    std::lock_guard lock(mu_);
    if (generation != generation_) {
      chains_.clear();
      generation_ = generation;
    }
    chains_.try_emplace(std::string(unit), chain);
  }

 private:
  std::mutex mu_;
  int64_t generation_ = 0;
  std::unordered_map<std::string, SharedChain, StringHash, std::equal_to<>> chains_;
};

ChainCache& Chains() {
  static ChainCache* cache = new ChainCache;  // never destroyed: threads may outlive main
  return *cache;
}

// Chain() through the cache. Generations 0 (no rebuild stamped the
// counters yet) and 1 (stamped before generations were random: every such
// database has it) are never cached.
Result<SharedChain> CachedChain(Store& store, std::string_view unit_code, int64_t generation) {
  const bool cached = generation > 1;
  if (cached) {
    if (SharedChain hit = Chains().Find(generation, unit_code)) return hit;
  }
  CARDEX_ASSIGN_OR_RETURN(std::vector<std::string> read, Chain(store, unit_code));
  auto chain = std::make_shared<const std::vector<std::string>>(std::move(read));
  if (cached) Chains().Put(generation, unit_code, chain);
  return chain;
}

// A counter generation: random, at least 2 (see CachedChain).
int64_t NewGeneration() {
  std::random_device rd;
  const uint64_t r = (uint64_t{rd()} << 32) ^ rd();
  return static_cast<int64_t>(r >> 1) | 2;
}

// One counter row to write: views into the caller's strings.
struct CountRow {
  std::string_view scope, code, metric;
  int64_t value;
  auto KeyOf() const { return std::tie(scope, code, metric); }
};

// Writes the non-zero counts, kInsertBatch rows a statement (a desk step's
// few deltas are one statement). `rows` must be in key order with each key
// once, so PostgreSQL locks the rows in that order in every writer. `add`:
// onto the stored values (a step's deltas); otherwise into an emptied table
// (Rebuild).
Status WriteCounts(Store& store, std::span<const CountRow> rows, bool add) {
  auto it = rows.begin();
  while (it != rows.end()) {
    std::string sql = "INSERT INTO progress_counts (scope, code, metric, value) VALUES ";
    std::vector<SqlParam> params;
    for (size_t n = 0; it != rows.end() && n < kInsertBatch; ++it) {
      if (it->value == 0) continue;
      sql += n++ == 0 ? "(?, ?, ?, ?)" : ", (?, ?, ?, ?)";
      params.emplace_back(it->scope);
      params.emplace_back(it->code);
      params.emplace_back(it->metric);
      params.emplace_back(it->value);
    }
    if (params.empty()) continue;
    if (add) {
      sql += " ON CONFLICT (scope, code, metric) DO UPDATE SET value = progress_counts.value + excluded.value";
    }
    CARDEX_RETURN_IF_ERROR(store.Query(sql, params).status());
  }
  return Status::Ok();
}

Status WriteCounts(Store& store, const std::map<Key, int64_t>& counts, bool add) {
  std::vector<CountRow> rows;
  rows.reserve(counts.size());
  for (const auto& [key, value] : counts) {
    rows.push_back({std::get<0>(key), std::get<1>(key), std::get<2>(key), value});
  }
  return WriteCounts(store, rows, add);
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

// nullopt when no rebuild ever stamped the counters.
Result<std::optional<Stamp>> StoredStamp(Store& store) {
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows rows,
      store.Query("SELECT metric, value FROM progress_counts WHERE scope = 'stamp' AND code = ''"));
  if (rows.empty()) return std::optional<Stamp>();
  Stamp s;
  for (size_t i = 0; i < rows.size(); ++i) {
    const std::string_view metric = rows.Text(i, 0);
    if (metric == "revision") s.revision = rows.Int(i, 1);
    if (metric == "reconcile_run") s.reconcile_run = rows.Int(i, 1);
    if (metric == "units_version") s.units_version = rows.Int(i, 1);
    if (metric == "plan_run") s.plan_run = rows.Int(i, 1);
  }
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

bool RollupsSwitchedOff() {
  static const bool off = [] {
    const char* v = std::getenv("CARDEX_BENCH_NO_ROLLUPS");
    return v != nullptr && std::string_view(v) == "1";
  }();
  return off;
}

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

std::string_view MemberFactsJoin() {
  return " LEFT JOIN reconcile_results r ON r.member_no = m.member_no";
}

std::string_view MemberFactsColumns() {
  static const std::string columns = "CASE WHEN " + std::string(kToExchange) + " THEN 1 ELSE 0 END, " +
                                     std::string(GenerationSql());
  return columns;
}

std::string_view GenerationSql() {
  return "(SELECT value FROM progress_counts WHERE scope = 'stamp' AND code = '' AND metric = 'rebuilt')";
}

Status OnStateChange(Store& store, const StateChange& change) {
  if (RollupsSwitchedOff()) return Status::Ok();
  MemberFacts read;
  const MemberFacts* facts = change.facts;
  if (facts == nullptr) {
    // The member, whether they count, and the counters' generation in one
    // round trip.
    CARDEX_ASSIGN_OR_RETURN(
        SqlRows member,
        store.Query("SELECT m.unit_code, " + std::string(MemberFactsColumns()) + " FROM members m" +
                        std::string(MemberFactsJoin()) + " WHERE m.member_no = ?",
                    {change.member_no}));
    if (member.empty()) return Status::NotFound("no member " + std::string(change.member_no));
    read.unit_code = std::string(member.Text(0, 0));
    read.to_exchange = member.Int(0, 1) != 0;
    read.generation = member.IsNull(0, 2) ? 0 : member.Int(0, 2);
    facts = &read;
  }
  if (!facts->to_exchange) return Status::Ok();
  CARDEX_ASSIGN_OR_RETURN(const SharedChain chain,
                          CachedChain(store, facts->unit_code, facts->generation));

  // Net deltas in key order: every writer locks counter rows in the same
  // order, so two transactions cannot wait on each other. A step has at
  // most a dozen: a sorted vector of views, no allocation per row.
  const std::string from_metric = change.from ? StateMetric(*change.from, change.from_reason) : "";
  const std::string to_metric = StateMetric(change.to, change.to_reason);
  std::vector<CountRow> deltas;
  deltas.reserve(2 * (chain->size() + 1));
  auto add = [&](bool present, std::string_view metric, std::string_view station, int64_t sign) {
    if (!present) return;
    for (const std::string& unit : *chain) deltas.push_back({"unit", unit, metric, sign});
    if (!station.empty()) deltas.push_back({"station", station, metric, sign});
  };
  add(change.from.has_value(), from_metric, change.from_station, -1);
  add(true, to_metric, change.to_station, +1);
  std::sort(deltas.begin(), deltas.end(),
            [](const CountRow& a, const CountRow& b) { return a.KeyOf() < b.KeyOf(); });
  // Merge equal keys (a step that keeps state and place nets to zero).
  size_t kept = 0;
  for (size_t i = 0; i < deltas.size(); ++i) {
    if (kept > 0 && deltas[kept - 1].KeyOf() == deltas[i].KeyOf()) {
      deltas[kept - 1].value += deltas[i].value;
    } else {
      deltas[kept++] = deltas[i];
    }
  }
  deltas.resize(kept);
  CARDEX_RETURN_IF_ERROR(WriteCounts(store, deltas, /*add=*/true));
  // The day-by-day curve (daily.h): a no-op unless the step enters a
  // received or handed-over state.
  return internal::RecordDaily(store, change, *chain);
}

Status Rebuild(Store& store) {
  Transaction tx(store);
  CARDEX_RETURN_IF_ERROR(tx.Begin());
  // Desk steps wait until the counters are rebuilt, so that none is
  // counted twice or lost. SQLite's transaction already holds the write
  // lock (BEGIN IMMEDIATE); PostgreSQL needs the exchange table held
  // against writers (and against another rebuild: the mode conflicts with
  // itself).
  if (store.backend() == "postgresql") {
    // corrections too (resolution opens and closes them, extra_figures.cc),
    // taken first with the exchange, before any counter row is touched.
    CARDEX_RETURN_IF_ERROR(
        store.Exec("LOCK TABLE exchange, corrections IN SHARE ROW EXCLUSIVE MODE"));
  }
  CARDEX_RETURN_IF_ERROR(store.Exec("DELETE FROM progress_counts"));
  CARDEX_ASSIGN_OR_RETURN(const Stamp stamp, CurrentStamp(store));

  CARDEX_ASSIGN_OR_RETURN(SqlRows units, store.Query("SELECT code, parent_code FROM units"));
  std::unordered_map<std::string, std::string> parent;
  for (size_t i = 0; i < units.size(); ++i) {
    parent.emplace(std::string(units.Text(i, 0)), std::string(units.Text(i, 1)));
  }
  std::unordered_map<std::string, std::vector<std::string>> chains;
  auto chain_of = [&](std::string_view unit) -> const std::vector<std::string>& {
    auto [it, fresh] = chains.try_emplace(std::string(unit));
    if (!fresh) return it->second;
    std::string code(unit);
    for (int depth = 0; depth <= kMaxDepth && !code.empty(); ++depth) {
      it->second.push_back(code);
      auto p = parent.find(code);
      if (p == parent.end()) break;
      code = p->second;
    }
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
  // row that is always written marks that a rebuild happened, and its value
  // names this generation of the counters (ChainCache).
  counts[{"stamp", "", "rebuilt"}] = NewGeneration();
  CARDEX_RETURN_IF_ERROR(WriteCounts(store, counts, /*add=*/false));
  return tx.Commit();
}

Result<bool> EnsureCurrent(Store& store) {
  CARDEX_ASSIGN_OR_RETURN(const std::optional<Stamp> stored, StoredStamp(store));
  CARDEX_ASSIGN_OR_RETURN(const Stamp current, CurrentStamp(store));
  if (stored && *stored == current) return false;
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

namespace internal {

Status ForEachRun(const SqlRows& rows, const CodeRunFn& run) {
  size_t begin = 0;
  for (size_t i = 1; i <= rows.size(); ++i) {
    if (i < rows.size() && rows.Text(i, 0) == rows.Text(begin, 0)) continue;
    CARDEX_RETURN_IF_ERROR(run(rows, begin, i));
    begin = i;
  }
  return Status::Ok();
}

Status ForEachCodeRun(Store& store, std::string_view select, std::string_view order_by,
                      std::span<const std::string> codes, const CodeRunFn& run) {
  constexpr size_t kChunk = 400;
  for (size_t at = 0; at < codes.size(); at += kChunk) {
    std::string sql(select);
    std::vector<SqlParam> params;
    for (size_t i = at; i < codes.size() && i < at + kChunk; ++i) {
      sql += i == at ? "?" : ", ?";
      params.emplace_back(std::string_view(codes[i]));
    }
    sql.append(") ORDER BY code").append(order_by);
    CARDEX_ASSIGN_OR_RETURN(SqlRows rows, store.Query(sql, params));
    CARDEX_RETURN_IF_ERROR(ForEachRun(rows, run));
  }
  return Status::Ok();
}

Result<std::vector<std::string>> Chain(Store& store, std::string_view unit_code) {
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows rows,
      store.Query(std::string(kUnitChainCte) +
                  " SELECT code FROM chain ORDER BY depth",
                  {unit_code}));
  std::vector<std::string> chain;
  for (size_t i = 0; i < rows.size(); ++i) chain.emplace_back(rows.Text(i, 0));
  // A member of a unit the tree does not hold still counts under its code.
  if (chain.empty()) chain.emplace_back(unit_code);
  return chain;
}

}  // namespace internal
}  // namespace cardex::progress
