// The least extra capacity a station needs to receive every member assigned
// to it (formats.md: "how many extra counter-hours each station would need
// to finish in time"), stated as a change a planning officer can make: one
// day's last shift made longer, every day's last shift made longer, or one
// more counter. Counter-minutes measure it: a shift k minutes longer at a
// station of c counters adds k x c; one more counter adds the open minutes
// of the window.
//
// How it is found (Plan() fills StationReport::shortfall): the station's
// cells (their station members) are planned again on the station alone
// with each candidate change, smallest first: per day, the last shift one
// slot longer, two, ... (from the least that could hold the members left);
// every day one slot longer, ...; one more counter. The cheapest change
// whose plan places everyone is the answer; as its plan places everyone,
// WithShortfall(input, ...) planned again proves it (tests do). Each is
// the least of its kind: one slot less of the same kind leaves someone
// out. Home visits are not counted here (their extra team-minutes stay in
// extra_counter_minutes).
#ifndef CARDEX_PLAN_SHORTFALL_H_
#define CARDEX_PLAN_SHORTFALL_H_

#include <cstdint>
#include <string>

#include "cardex/core/dates.h"

namespace cardex::plan {

struct PlanInput;

enum class ShortfallKind : uint8_t {
  kNone,          // nothing left at the counters
  kLongerShift,   // `date`'s last shift ends `extra_minutes` later
  kLongerShifts,  // every day's last shift ends `extra_minutes` later
  kMoreCounter,   // one more counter for the whole window
  kUnknown,       // no change of these kinds places everyone (e.g. no shift at all)
};

struct Shortfall {
  ShortfallKind kind = ShortfallKind::kNone;
  Date date = Date::FromDays(0);  // kLongerShift
  int64_t extra_minutes = 0;      // kLongerShift(s): wall-clock minutes per shift
  int64_t counter_minutes = 0;    // the capacity added; kUnknown: members left x minutes
};

// `input` with `shortfall` applied to station `station` (an index into
// input.stations). kNone and kUnknown change nothing.
PlanInput WithShortfall(const PlanInput& input, size_t station, const Shortfall& shortfall);

// For people: "the shift of 2025-08-05 until 12:00 (60 minutes longer)",
// "every day's last shift 30 minutes longer", "one more counter".
std::string DescribeShortfall(const PlanInput& input, size_t station, const Shortfall& shortfall);

}  // namespace cardex::plan

#endif  // CARDEX_PLAN_SHORTFALL_H_
