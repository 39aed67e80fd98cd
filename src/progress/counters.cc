// The roll-up tables' shared machinery (counted.h): unit chains, through a
// process-wide cache; counter writes in key order; reads by runs of codes.
#include <memory>
#include <mutex>
#include <unordered_map>

#include "counted.h"

namespace cardex::progress::internal {
namespace {

// Rows per multi-row INSERT: 4 parameters each, far below both engines'
// parameter limits, few round trips for a national tree.
constexpr size_t kInsertBatch = 500;

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
// Handed out, not copied: a fold reads its chains without allocating.
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

// Writes the non-zero counts, kInsertBatch rows a statement, in the map's
// key order, so PostgreSQL locks the rows in that order in every writer.
// `add`: onto the stored values (deltas); otherwise into an emptied table
// (Rebuild).
Status WriteCounts(Store& store, const std::map<CountKey, int64_t>& counts, bool add) {
  auto it = counts.begin();
  while (it != counts.end()) {
    std::string sql = "INSERT INTO progress_counts (scope, code, metric, value) VALUES ";
    std::vector<SqlParam> params;
    for (size_t n = 0; it != counts.end() && n < kInsertBatch; ++it) {
      const auto& [key, value] = *it;
      if (value == 0) continue;
      sql += n++ == 0 ? "(?, ?, ?, ?)" : ", (?, ?, ?, ?)";
      params.emplace_back(std::string_view(std::get<0>(key)));
      params.emplace_back(std::string_view(std::get<1>(key)));
      params.emplace_back(std::string_view(std::get<2>(key)));
      params.emplace_back(value);
    }
    if (params.empty()) continue;
    if (add) {
      sql += " ON CONFLICT (scope, code, metric) DO UPDATE SET value = progress_counts.value + excluded.value";
    }
    CARDEX_RETURN_IF_ERROR(store.Query(sql, params).status());
  }
  return Status::Ok();
}

}  // namespace

// Generations 0 (no rebuild stamped the counters yet) and 1 (stamped
// before generations were random: every such database has it) are never
// cached.
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

Status AddCounts(Store& store, const std::map<CountKey, int64_t>& deltas) {
  return WriteCounts(store, deltas, /*add=*/true);
}

Status InsertCounts(Store& store, const std::map<CountKey, int64_t>& counts) {
  return WriteCounts(store, counts, /*add=*/false);
}

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

}  // namespace cardex::progress::internal
