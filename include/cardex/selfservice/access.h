// Who the member on the public page is: an invitation code (the current one
// or one a re-plan, a catch-up or a move superseded) and, as the second
// factor the invitation does not print, the birth date.
//
// Answers never tell a wrong code from a wrong birth date: an unknown code,
// a malformed one and a wrong date are all kUnauthenticated with the one
// message "member.sign_in_failed". Wrong dates with any of a member's codes
// count against the member (schema v18 member_page_guard); the
// max_wrong_birth_dates-th locks the page (audited "member.page.locked")
// until the cell secretary unlocks it (Unlock, audited). A locked page is
// said only to someone who typed the right date (kPermissionDenied
// "member.locked"): a wrong date on a locked page gets the one failure, so
// the lock tells nothing about the code to a guesser.
//
// Throttling per client address and per code is the HTTP layer's (it knows
// the address); this layer holds the count that must survive a restart.
//
// Thread safety: as Store (one connection per thread).
#ifndef CARDEX_SELFSERVICE_ACCESS_H_
#define CARDEX_SELFSERVICE_ACCESS_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cardex/core/dates.h"
#include "cardex/core/status.h"
#include "cardex/selfservice/options.h"
#include "cardex/store/store.h"

namespace cardex::selfservice {

// A birth date as a member types it: "dd/mm/yyyy" (day and month may have
// one digit; '-' or '.' for '/'), or ISO "yyyy-mm-dd" (what a date input
// sends). nullopt for anything else or a day that does not exist.
std::optional<Date> ParseTypedBirthDate(std::string_view text);

// The member a code names (canonical spelling, current or superseded), or
// kUnauthenticated "member.sign_in_failed" (malformed, unknown).
Result<std::string> MemberOfCode(Store& store, std::string_view code);

// Checks code and birth date; on success the member number. Writes the
// count in transactions of its own (call it outside one). `now` is UTC
// "YYYY-MM-DDTHH:MM:SSZ".
//
// The birth date matches when it equals a full date known for the member:
// the standardised one, the registry's, or the recorded one; only when none
// is full does it need to agree with the recorded partial date (YYYY-MM).
Result<std::string> SignIn(Store& store, std::string_view code, std::string_view typed_birth_date,
                           std::string_view now, const SelfServiceOptions& options);

// True when the member's page is locked.
Result<bool> IsLocked(Store& store, std::string_view member_no);

// Unlocks the member's page and clears the count, in the caller's
// transaction; audited (actor, "member.page.unlocked"). kNotFound
// "member.not_locked" when it was not locked.
Status Unlock(Store& store, std::string_view member_no, std::string_view actor, std::string_view at);

}  // namespace cardex::selfservice

#endif  // CARDEX_SELFSERVICE_ACCESS_H_
