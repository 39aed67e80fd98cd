// Deterministic plan inputs for the tests: small random ones for the
// property test and a national-scale one for the speed check.
#ifndef CARDEX_TESTS_PLAN_INSTANCES_H_
#define CARDEX_TESTS_PLAN_INSTANCES_H_

#include <cstdint>

#include "cardex/plan/schedule.h"

namespace cardex::plan::testing {

// A small instance drawn from `seed`: 1-5 stations, shared and unserved
// communes, day, evening, overlapping and past-midnight shifts, odd shift
// lengths, home visits, cells larger than a day, windows that are sometimes
// too short. The same seed gives the same instance on every platform.
PlanInput RandomInstance(uint64_t seed);

// A campaign shaped like the national one scaled by `scale` (1.0: 3,300
// stations, 55,000 cells, about 5.6 million members, 10 days); each station
// has enough counters to finish in about three quarters of the window.
PlanInput NationalInstance(double scale);

}  // namespace cardex::plan::testing

#endif  // CARDEX_TESTS_PLAN_INSTANCES_H_
