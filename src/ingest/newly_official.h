// Members a re-imported member list makes official who were probationary
// (issue 23, item 4 of the issue: Directive 51-CT/TW gives cards to official
// members only, so no plan invited them while they were probationary).
// Each is audited (member.status.official, subject member:NO, before
// "probationary", after "official", under the import's actor) and recorded
// in `newly_official` (schema v16), which the catch-up plans from
// (plan/runs.h CatchUp). Inside the import's transaction: a refused file
// records nothing.
//
// Thread safety: one per import, on the import's thread.
#ifndef CARDEX_SRC_INGEST_NEWLY_OFFICIAL_H_
#define CARDEX_SRC_INGEST_NEWLY_OFFICIAL_H_

#include <span>
#include <string>
#include <vector>

#include "cardex/core/records.h"
#include "cardex/core/status.h"
#include "cardex/store/store.h"

namespace cardex::ingest {

class NewlyOfficial {
 public:
  // Whether the store holds a probationary member at all: a first import
  // (none) pays nothing per batch.
  Status Start(Store& store);
  // Before `rows` are stored: notes which of them are official now and
  // stored as probationary.
  Status Before(Store& store, std::span<const Member> rows);
  // After they are stored: audits and records what Before noted.
  Status After(Store& store, std::string_view actor);

 private:
  bool any_probationary_ = false;
  std::vector<std::string> changed_;
};

}  // namespace cardex::ingest

#endif  // CARDEX_SRC_INGEST_NEWLY_OFFICIAL_H_
