// `cardex resolve`: acting on reconciliation results, and the backlog of
// corrections.
//
// The recorded member row is never changed: resolution writes standardised
// values beside it (Store::UpsertMemberStandard, which also marks the member
// changed so that the next `cardex reconcile` re-checks it) and one audit
// entry per member (who, when, before, after) in the same transaction.
// Every operation acts on the stored results of the last run; a member
// changed since it was reconciled is left alone (reconcile again first).
//
// Audit entries: action "apply_registry", "accept_suggestion",
// "send_to_correction" or "close_correction"; subject "member:NO"; before
// and after a JSON object of the member's citizen_id, full_name, birth_date
// and gender (for corrections: the note; on closing, the evidence).
//
// Times are UTC "YYYY-MM-DD HH:MM:SS"; `now` empty means the clock's.
#ifndef CARDEX_RECONCILE_RESOLVE_H_
#define CARDEX_RECONCILE_RESOLVE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cardex/core/status.h"
#include "cardex/store/store.h"

namespace cardex::reconcile {

struct ResolveCount {
  int64_t applied = 0;
  int64_t skipped_changed = 0;  // changed since reconciled: left alone
};

// Applies the registry's values, for the fields listed, to every member
// whose verdict is fixable.
Result<ResolveCount> ApplyAllFixable(Store& store, const std::string& actor);

// Takes the member's suggested citizen_id as its standardised id.
// kNotFound for an unknown member, kFailedPrecondition when it has no
// suggestion or changed since.
Status AcceptSuggestion(Store& store, const std::string& member_no, const std::string& actor);

// Opens a correction for the member in its unit, with `note`.
Status SendToCorrection(Store& store, const std::string& member_no, const std::string& note,
                        const std::string& actor, std::string now = "");

// Closes the member's open corrections; returns how many were open.
Result<int64_t> CloseCorrection(Store& store, const std::string& member_no,
                                const std::string& actor, std::string now = "",
                                const std::string& evidence = "");

// The same operations inside the caller's transaction (the HTTP pipeline's,
// which commits them with the request's Idempotency-Key); the functions
// above run them in one of their own. Same rules, same audit entries.
// `evidence` (what shows the record is now right) is kept in the
// close_correction entry's after value, {"evidence": ...}; "" for none.
Status AcceptSuggestionInTransaction(Store& store, const std::string& member_no,
                                     const std::string& actor);
Status SendToCorrectionInTransaction(Store& store, const std::string& member_no,
                                     const std::string& note, const std::string& actor,
                                     std::string now = "");
Result<int64_t> CloseCorrectionInTransaction(Store& store, const std::string& member_no,
                                             const std::string& evidence,
                                             const std::string& actor, std::string now = "");

// Applies the registry's values to one member whose verdict is fixable or
// mismatch (the recorded number is the member's; the registry holds the
// right spelling or date): the fields listed for it, audit action
// "apply_registry". kNotFound for an unknown or never reconciled member;
// kFailedPrecondition for another verdict, a member already standardised,
// or one changed since it was reconciled.
Status ApplyRegistryValues(Store& store, const std::string& member_no, const std::string& actor);
Status ApplyRegistryValuesInTransaction(Store& store, const std::string& member_no,
                                        const std::string& actor);

// ApplyAllFixable for the members of `unit_code`'s subtree only, skipping
// those already standardised ("" means every unit). kNotFound for an
// unknown unit. In the caller's transaction.
Result<ResolveCount> ApplyAllFixableInTransaction(Store& store, const std::string& unit_code,
                                                  const std::string& actor);

// The open corrections of members in `unit_code`'s subtree, oldest first.
// kNotFound for an unknown unit.
Result<std::vector<Correction>> OpenCorrections(Store& store, const std::string& unit_code);

struct Backlog {
  int64_t open = 0;
  double oldest_days = 0;  // age of the oldest open correction
  double mean_days = 0;
};
Result<Backlog> BacklogOf(Store& store, const std::string& unit_code, std::string now = "");

// The members whose stored verdict is a difference a desk must send back
// (invalid_id, duplicate_id, id_not_found, wrong_person, mismatch) and
// that no resolution has standardised yet, by member_no.
Result<std::vector<std::string>> UnresolvedDifferences(Store& store);

// Days from `from` to `to` (both "YYYY-MM-DD HH:MM:SS"); 0 when unreadable.
double DaysBetween(std::string_view from, std::string_view to);
std::string UtcNow();

// Writes, for every unit (parents before children), how many members of
// its subtree have each verdict in the stored results:
// unit_code,unit_name,kind,members,invalid_id,...,match,suggestions.
Result<int64_t> WriteVerdictCounts(Store& store, const std::string& path);

}  // namespace cardex::reconcile

#endif  // CARDEX_RECONCILE_RESOLVE_H_
