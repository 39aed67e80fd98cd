// Internal: the day-by-day counters' writers, called by fold.cc and by
// rollup.cc's Rebuild (daily.h says what they count).
#ifndef CARDEX_SRC_PROGRESS_DAILY_INTERNAL_H_
#define CARDEX_SRC_PROGRESS_DAILY_INTERNAL_H_

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "cardex/progress/rollup.h"

namespace cardex::progress::internal {

// Steps' flows into the day-by-day counts, gathered before writing:
// (scope, code, day, metric) → delta.
using DailyKey = std::tuple<std::string, std::string, std::string, std::string_view>;
using DailyDeltas = std::map<DailyKey, int64_t>;

// Adds `count` steps from `from` (nullopt: the member had no exchange
// row) to `to`, taken on campaign day `day` ("YYYY-MM-DD", CampaignDay) at
// `station`, to the member's units (`chain`, the unit and its ancestors)
// and the station, when they enter or leave a received or handed-over
// state; other steps add nothing.
void AddDailyFlows(DailyDeltas& deltas, std::optional<ExchangeState> from, ExchangeState to,
                   std::string_view day, std::string_view station, const std::vector<std::string>& chain,
                   int64_t count = 1);
// Adds the deltas onto progress_daily, in the caller's transaction.
Status AddDaily(Store& store, const DailyDeltas& deltas);

// The unit and its ancestors, nearest first.
using ChainOf = std::function<const std::vector<std::string>&(std::string_view unit_code)>;

// Empties progress_daily and refills it from exchange_events, inside the
// caller's transaction (Rebuild's).
Status RebuildDaily(Store& store, const ChainOf& chain_of);

}  // namespace cardex::progress::internal

#endif  // CARDEX_SRC_PROGRESS_DAILY_INTERNAL_H_
