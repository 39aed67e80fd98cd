// The members of one reconciliation run, in member_no order, compact: only
// what the verdict rules and the report need.
#ifndef CARDEX_SRC_RECONCILE_MEMBER_TABLE_H_
#define CARDEX_SRC_RECONCILE_MEMBER_TABLE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "cardex/core/status.h"
#include "cardex/core/verdict.h"
#include "cardex/store/store.h"

namespace cardex::reconcile {

struct MemberRow {
  std::string member_no, citizen_id, full_name, birth_date, gender;
  int64_t revision = 0;
  int64_t id = -1;         // the recorded citizen_id as an integer; -1 when malformed
  bool duplicate = false;  // another member carries the same well-formed id

  RecordedFacts facts() const { return {citizen_id, full_name, birth_date, gender}; }
};

// Every member (Store::ScanMembersForReconcile), with `id` and `duplicate`
// filled in.
Status LoadMembers(Store& store, std::vector<MemberRow>* members);

// The stored result of each member, aligned with `members`; `stored[i]` is
// false for a member without one.
Status LoadStoredResults(Store& store, const std::vector<MemberRow>& members,
                         std::vector<ReconcileResultRow>* results, std::vector<bool>* stored);

// The twelve zero-padded digits of an id.
std::string FormatCitizenId(int64_t id);

// Writes formats.md's report columns for `results` (member_no order) to
// `path`, atomically, followed by suggestion_probability and
// suggestion_reasons (match_reasons.h).
Status WriteReport(const std::vector<ReconcileResultRow>& results, const std::string& path);

}  // namespace cardex::reconcile

#endif  // CARDEX_SRC_RECONCILE_MEMBER_TABLE_H_
