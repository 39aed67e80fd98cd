// Internal to cardex_progress: what every roll-up table (rollup.cc,
// daily.cc, extra_figures.cc) agrees on, so that their figures add up.
#ifndef CARDEX_SRC_PROGRESS_COUNTED_H_
#define CARDEX_SRC_PROGRESS_COUNTED_H_

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

}  // namespace cardex::progress::internal

#endif  // CARDEX_SRC_PROGRESS_COUNTED_H_
