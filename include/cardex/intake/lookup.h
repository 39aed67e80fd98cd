// Finding a member at the desk from what the member brings: an invitation
// code (typed, scanned, or typed by a handheld scanner), a member number, a
// citizen id (the one recorded, the standardised one, or the registry's:
// the confident suggestion reconciliation found for a wrong recorded id), or
// a name with the birth year ("Nguyen Van An 1975": diacritics, case and
// spacing ignored, đ→d).
//
// Only members inside `roots` are found (the subtrees of the caller's scope:
// the units a station serves, or the account's unit; "" is the whole tree);
// the HTTP layer still filters the hits with Allowed. Names are matched on a
// scan of the scope's members, which for a station's communes is a few
// thousand rows; citizen ids on the index and, for the standardised and
// registry ids, on the same scan.
//
// Nothing here changes state: finding a member never checks them in.
//
// Personal data: hits carry names, recorded ids and birth dates for the
// officer, who sees them masked as the role requires (the caller masks).
//
// Thread safety: functions take the caller's Store (one per thread).
#ifndef CARDEX_INTAKE_LOOKUP_H_
#define CARDEX_INTAKE_LOOKUP_H_

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cardex/core/status.h"
#include "cardex/store/store.h"

namespace cardex::intake {

struct LookupHit {
  std::string member_no, full_name, birth_date, unit_code, unit_name;
  std::string citizen_id;  // as recorded
  std::string state;       // the exchange state ("invited" before any step)
  // How it was found: "invitation_code", "member_no", "citizen_id",
  // "standardised_citizen_id", "registry_citizen_id" or "name".
  std::string matched_by;
  int score = 0;  // higher first; a name with its birth year beats one without
};

// What the query looks like.
enum class LookupKind { kInvitationCode, kMemberNo, kCitizenId, kName };
LookupKind ClassifyLookup(std::string_view query);

// The members the query finds in `roots`, best first, at most `limit`.
// Errors (coded, core/messages.h): kInvalidArgument "lookup.empty",
// "lookup.name_too_short", "invitation.invalid" (a code with a wrong check
// symbol); an unknown code or nothing found is an empty list.
Result<std::vector<LookupHit>> FindMembers(Store& store, std::string_view query,
                                           std::span<const std::string> roots, size_t limit = 20);

}  // namespace cardex::intake

#endif  // CARDEX_INTAKE_LOOKUP_H_
