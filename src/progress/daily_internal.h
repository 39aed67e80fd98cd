// Internal: the day-by-day counters' writers, called by rollup.cc from
// OnStateChange and Rebuild (daily.h says what they count).
#ifndef CARDEX_SRC_PROGRESS_DAILY_INTERNAL_H_
#define CARDEX_SRC_PROGRESS_DAILY_INTERNAL_H_

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "cardex/progress/rollup.h"

namespace cardex::progress::internal {

// Adds the step to the member's units (`chain`, the unit and its
// ancestors) and to its station when it enters a received or handed-over
// state; any other step returns at once without touching the store.
Status RecordDaily(Store& store, const StateChange& change, const std::vector<std::string>& chain);

// The unit and its ancestors, nearest first.
using ChainOf = std::function<const std::vector<std::string>&(std::string_view unit_code)>;

// Empties progress_daily and refills it from exchange_events, inside the
// caller's transaction (Rebuild's).
Status RebuildDaily(Store& store, const ChainOf& chain_of);

}  // namespace cardex::progress::internal

#endif  // CARDEX_SRC_PROGRESS_DAILY_INTERNAL_H_
