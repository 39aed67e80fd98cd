// The desk and the registry: what the member's card will carry, the refusal
// of confirm and submit while the registry contradicts the record, and the
// settlement on the spot when "the registry is right".
//
// The rule is core/card_values.h's, read from the member's stored record,
// standardised values, last reconciliation result and open corrections; card
// production applies the same rule, so what the desk reads back to the
// member is exactly what the card carries.
//
// Personal data: CardValues holds the member's values for the read-back;
// refusals and audit entries carry member numbers, field names and verdicts
// only.
//
// Thread safety: functions take the caller's Store (one per thread).
#ifndef CARDEX_INTAKE_SETTLE_H_
#define CARDEX_INTAKE_SETTLE_H_

#include <string>
#include <string_view>

#include "cardex/core/card_values.h"
#include "cardex/core/exchange.h"
#include "cardex/core/status.h"
#include "cardex/store/store.h"

namespace cardex::intake {

// The member's card values and whether they are clean. kNotFound for an
// unknown member.
Result<CardValues> MemberCardValues(Store& store, std::string_view member_no);

// Ok unless `step` is confirm or submit and the member is not cleanly
// standardised: then kFailedPrecondition coded "desk.open_difference",
// "desk.wrong_id", "desk.open_correction" or "desk.deceased" (with the
// step, the member number and the fields or verdict), which says what to do.
Status RequireCleanFor(Store& store, std::string_view member_no, ExchangeStep step);

struct SettleRequest {
  std::string member_no;
  std::string actor;  // login
  std::string at;     // UTC "YYYY-MM-DDTHH:MM:SSZ"
  // When set, applies only if the member's exchange row is still at this
  // version (the officer settles what was shown).
  int64_t expect_version = -1;
};

// "The registry is right", with the member and their identity card at the
// desk: stores the registry's values as the member's standardised record
// (for a mismatch or a difference of form, the registry's name, birth date
// and gender for the fields that differ; for a wrong citizen id with a
// confident suggestion, the suggested citizen's id and values), appends an
// audit entry "desk.apply_registry" (subject member:NO; before the verdict
// and fields, after the source: no values), and returns the card values to
// read back. Runs in the caller's open transaction.
// Errors (coded, core/messages.h): kFailedPrecondition "desk.settle_state"
// unless the member is checked in or photographed, "exchange.stale",
// "desk.nothing_to_settle" when already clean, "desk.cannot_settle" when
// there is no confident registry entry (duplicate id, no suggestion: the
// wrong_data exception is the way), "desk.open_correction", "desk.deceased";
// kNotFound for an unknown member.
Result<CardValues> SettleWithRegistry(Store& store, const SettleRequest& request);

}  // namespace cardex::intake

#endif  // CARDEX_INTAKE_SETTLE_H_
