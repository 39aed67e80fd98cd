// Verdict counts per unit over its whole subtree, from the stored results:
// shared by the CSV (`--by-unit`, resolve.h) and the XLSX report
// (report_xlsx.h).
#ifndef CARDEX_SRC_RECONCILE_UNIT_COUNTS_H_
#define CARDEX_SRC_RECONCILE_UNIT_COUNTS_H_

#include <array>
#include <cstdint>
#include <vector>

#include "cardex/core/status.h"
#include "cardex/core/verdict.h"
#include "cardex/store/store.h"

namespace cardex::reconcile {

struct UnitVerdictCounts {
  Unit unit;
  std::array<int64_t, kVerdictCount> verdicts{};  // by Verdict
  int64_t members = 0;                             // with a stored result
  int64_t suggestions = 0;
};

// Every unit, parents before children (depth first from the roots).
Result<std::vector<UnitVerdictCounts>> CountVerdictsByUnit(Store& store);

}  // namespace cardex::reconcile

#endif  // CARDEX_SRC_RECONCILE_UNIT_COUNTS_H_
