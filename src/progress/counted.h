// Internal to cardex_progress: what every roll-up table (rollup.cc,
// fold.cc, daily.cc, extra_figures.cc) agrees on, so that their figures
// add up, and the machinery they share (counters.cc).
#ifndef CARDEX_SRC_PROGRESS_COUNTED_H_
#define CARDEX_SRC_PROGRESS_COUNTED_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "cardex/core/status.h"
#include "cardex/store/store.h"

namespace cardex::progress::internal {

// Who is to exchange a card (rollup.h), as a SQL condition over members m
// and their newest verdict r (LEFT JOIN reconcile_results r).
inline constexpr std::string_view kToExchange =
    "m.status = 'official' AND COALESCE(r.verdict, '') <> 'deceased'";

// The unit and its ancestors, nearest first, read from the store; a unit
// the tree does not hold is a chain of itself (its members still count
// under its code).
Result<std::vector<std::string>> Chain(Store& store, std::string_view unit_code);

// Stamp rows (scope 'stamp', code ''), written by Rebuild: "rebuilt" holds
// the counters' generation; "folded" the last exchange event counted in
// them (FoldSteps moves it on; a stamp without it predates folding).
inline constexpr std::string_view kGenerationMetric = "rebuilt";
inline constexpr std::string_view kFoldedMetric = "folded";

// Chain() through a cache shared by the whole process, valid for one
// generation of the counters (the random value each Rebuild stamps as
// "rebuilt"; 0 and 1 are never cached). Between rebuilds the tree is taken
// as fixed, as the counters themselves take it (rollup.h).
using SharedChain = std::shared_ptr<const std::vector<std::string>>;
Result<SharedChain> CachedChain(Store& store, std::string_view unit_code, int64_t generation);

// A progress_counts row's key: scope ("unit", "station", "stamp"), code,
// metric. A std::map of them is in key order, the order every writer
// locks counter rows in on PostgreSQL, so no two wait on each other.
using CountKey = std::tuple<std::string, std::string, std::string>;
// Adds each non-zero delta onto its counter (creating it), in the
// caller's transaction.
Status AddCounts(Store& store, const std::map<CountKey, int64_t>& deltas);
// Inserts the non-zero counts into a table Rebuild has just emptied.
Status InsertCounts(Store& store, const std::map<CountKey, int64_t>& counts);

// Reads a roll-up table for many units: `select` is a statement up to and
// including "code IN (" whose first column is the code, `order_by` what
// follows ") ORDER BY code"; it runs over `codes` in chunks far below both
// engines' parameter limits, and `run(rows, begin, end)` gets each run of
// rows of one code.
using CodeRunFn = std::function<Status(const SqlRows& rows, size_t begin, size_t end)>;
Status ForEachCodeRun(Store& store, std::string_view select, std::string_view order_by,
                      std::span<const std::string> codes, const CodeRunFn& run);
// The runs of one code (column 0) in rows already ordered by it.
Status ForEachRun(const SqlRows& rows, const CodeRunFn& run);

}  // namespace cardex::progress::internal

#endif  // CARDEX_SRC_PROGRESS_COUNTED_H_
