// The search behind StationReport::shortfall (cardex/plan/shortfall.h).
// Internal to cardex_plan.
#ifndef CARDEX_SRC_PLAN_SHORTFALL_SEARCH_H_
#define CARDEX_SRC_PLAN_SHORTFALL_SEARCH_H_

#include <cstdint>
#include <vector>

#include "cardex/plan/schedule.h"
#include "cardex/plan/shortfall.h"

namespace cardex::plan::internal {

// Plan(), and with `with_shortfall` false without the shortfall search
// (the search's own plans: PlanOnly).
Result<PlanOutput> PlanImpl(const PlanInput& in, bool with_shortfall);
Result<PlanOutput> PlanOnly(const PlanInput& in);

// The least change of station `station` that places the station members of
// `cells` (indices into in.cells, the station's), of whom `left` were left
// out by the plan.
Shortfall LeastShortfall(const PlanInput& in, size_t station, const std::vector<int32_t>& cells, int64_t left);

}  // namespace cardex::plan::internal

#endif  // CARDEX_SRC_PLAN_SHORTFALL_SEARCH_H_
