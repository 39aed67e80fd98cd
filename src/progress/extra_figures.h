// Internal to cardex_progress: the roll-up figures kept beside the exchange
// states (corrections open by day, members with an appointment), for
// Rebuild in rollup.cc. The rules are in include/cardex/progress/rollup.h.
#ifndef CARDEX_SRC_PROGRESS_EXTRA_FIGURES_H_
#define CARDEX_SRC_PROGRESS_EXTRA_FIGURES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "cardex/core/status.h"
#include "cardex/store/store.h"

namespace cardex::progress::internal {

struct OwnCount {
  std::string unit_code;  // the members' own unit (Rebuild adds it to every ancestor)
  std::string metric;     // "with_appointment" or "corrections_open/YYYY-MM-DD"
  int64_t value = 0;
};

// The new metrics of every unit's own members, from the members, their
// verdicts, appointments and open corrections; refills progress_corrections
// to match. Runs in Rebuild's transaction.
Result<std::vector<OwnCount>> RebuildExtraFigures(Store& store);

}  // namespace cardex::progress::internal

#endif  // CARDEX_SRC_PROGRESS_EXTRA_FIGURES_H_
