// The plan's days seen from a unit: per unit subtree and appointment day
// (the local date of the slot), the members appointed that day and how
// many of them are received by now. The forecast (forecast.h) judges a
// unit against them: the share of appointments kept, who is behind, who is
// booked ahead.
//
// Cost: one grouped read of the subtree's appointments joined with their
// exchange rows (appointments_unit_code, the exchange primary key): a few
// milliseconds for a province of 100,000 members on SQLite; not kept in the
// roll-ups because the plan changes only when a plan or a booking is
// stored.
//
// Thread safety: functions take the caller's Store (one per thread).
#ifndef CARDEX_PROGRESS_PLAN_DAYS_H_
#define CARDEX_PROGRESS_PLAN_DAYS_H_

#include <map>
#include <span>
#include <string>
#include <vector>

#include "cardex/core/status.h"
#include "cardex/progress/forecast.h"
#include "cardex/store/store.h"

namespace cardex::progress {

// By unit code, ascending by day; a unit whose subtree has no appointment
// maps to an empty list (the forecast then falls back to the pace).
Result<std::map<std::string, std::vector<PlanDay>, std::less<>>> UnitsPlanDays(
    Store& store, std::span<const std::string> unit_codes);

// The plan's days of the whole tree (the national view).
Result<std::vector<PlanDay>> AllPlanDays(Store& store);

}  // namespace cardex::progress

#endif  // CARDEX_PROGRESS_PLAN_DAYS_H_
