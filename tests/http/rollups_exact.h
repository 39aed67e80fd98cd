// The roll-ups' exactness check shared by the crash and fail-over tests:
// with no rebuild, the progress counters summed over the roots equal the
// exchange counted member by member (official, not deceased). When
// `exchange` is given it receives that member-by-member count, by metric.
#ifndef CARDEX_TESTS_HTTP_ROLLUPS_EXACT_H_
#define CARDEX_TESTS_HTTP_ROLLUPS_EXACT_H_

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <string>

#include "cardex/core/exchange.h"
#include "cardex/progress/rollup.h"
#include "cardex/store/store.h"

namespace cardex::testing {

inline void ExpectRollupsExact(Store& store, std::map<std::string, int64_t>* exchange = nullptr) {
  auto rebuilt = progress::EnsureCurrent(store);
  ASSERT_TRUE(rebuilt.ok()) << rebuilt.status().message();
  EXPECT_FALSE(*rebuilt);
  auto roots = store.Query("SELECT code FROM units WHERE parent_code = ''", {});
  ASSERT_TRUE(roots.ok());
  std::map<std::string, int64_t> counted, want;
  for (size_t i = 0; i < roots->size(); ++i) {
    auto figures = progress::UnitFigures(store, roots->Text(i, 0));
    ASSERT_TRUE(figures.ok()) << figures.status().message();
    for (const auto& [metric, n] : figures->by_state) {
      if (n != 0) counted[metric] += n;
    }
  }
  auto states = store.Query(
      "SELECT e.state, e.reason, count(*) FROM exchange e JOIN members m ON m.member_no = e.member_no "
      "LEFT JOIN reconcile_results r ON r.member_no = m.member_no "
      "WHERE m.status = 'official' AND COALESCE(r.verdict, '') <> 'deceased' GROUP BY e.state, e.reason",
      {});
  ASSERT_TRUE(states.ok());
  for (size_t i = 0; i < states->size(); ++i) {
    want[progress::StateMetric(*ParseState(states->Text(i, 0)), states->Text(i, 1))] = states->Int(i, 2);
  }
  EXPECT_EQ(counted, want) << "the roll-ups are not exact";
  if (exchange != nullptr) *exchange = want;
}

}  // namespace cardex::testing

#endif  // CARDEX_TESTS_HTTP_ROLLUPS_EXACT_H_
