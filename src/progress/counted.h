// Internal to cardex_progress: what every roll-up table (rollup.cc,
// daily.cc, extra_figures.cc) agrees on, so that their figures add up.
#ifndef CARDEX_SRC_PROGRESS_COUNTED_H_
#define CARDEX_SRC_PROGRESS_COUNTED_H_

#include <cstddef>
#include <functional>
#include <span>
#include <string>
#include <string_view>
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
