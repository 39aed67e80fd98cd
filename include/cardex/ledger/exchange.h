// The exchange ledger: each member's current step and every step taken,
// applied through core/exchange.h's table (the one place transitions are
// decided). Written against Store's portable SQL, so both engines share it.
// A library of its own beneath everything that moves members: intake (the
// desk), cards (production, delivery, hand-over, revocation) and, later,
// the station sync; progress folds its events.
//
// A member with no exchange row yet is `invited` when the plan gave them a
// station appointment, `home_visit` for a home-visit appointment, and
// `listed` otherwise; the row is written at their first step.
//
// Every applied step, in the caller's transaction: the exchange row (with
// an optimistic version check, so two desks racing on one member cannot both
// win), an exchange_events row that records what the step left as well as
// what it entered, an audit entry (who, when, before, after), the
// appointment's status, and for wrong_data an open correction (and its
// roll-up counter). The state counters of the progress roll-ups are not
// written here: progress::FoldSteps folds the events into them after the
// commit (progress/rollup.h), so desks never queue on the counter rows
// their whole province shares.
//
// Thread safety: functions take the caller's Store (one per thread).
#ifndef CARDEX_LEDGER_EXCHANGE_H_
#define CARDEX_LEDGER_EXCHANGE_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "cardex/core/exchange.h"
#include "cardex/core/status.h"
#include "cardex/store/store.h"

namespace cardex::ledger {

struct MemberExchange {
  std::string member_no, unit_code;
  ExchangeState state = ExchangeState::kListed;
  std::string reason;        // of the last exception step, else ""
  std::string station_code;  // where the last step happened ("" before any)
  std::string updated_at, updated_by;
  int64_t version = 0;  // 0 while no step was taken
};

struct StepRequest {
  std::string member_no;
  ExchangeStep step = ExchangeStep::kCheckIn;
  std::string reason;        // see StepAcceptsReason
  std::string note;          // kept in the audit entry (and the correction)
  std::string station_code;  // where the step happens ("" off-station)
  std::string actor;         // login of whoever takes the step
  std::string at;            // UTC "YYYY-MM-DDTHH:MM:SSZ"
  // When set, the step applies only if the member is still at this version
  // (the desk shows a member, the officer acts on what was shown).
  int64_t expect_version = -1;
  // On a station's copy, what the central needs beyond the step to take it
  // again (a catch-up booking's "not before" time); kept in the outbox.
  std::string sync_detail;
};

struct StepOutcome {
  ExchangeState from = ExchangeState::kListed, to = ExchangeState::kListed;
  int64_t version = 0;  // the member's version after the step
  int64_t event_id = 0;
};

// kNotFound when no member has that number.
Result<MemberExchange> GetExchange(Store& store, std::string_view member_no);

// Applies one step inside the caller's open transaction (Begin() first:
// the caller commits it together with whatever else belongs to the same
// request, such as its idempotency record). Errors: kNotFound (no member),
// kFailedPrecondition (the table refuses the step, or expect_version is
// stale, or another writer moved the member meanwhile), kInvalidArgument
// (a reason the step does not take).
Result<StepOutcome> ApplyStep(Store& store, const StepRequest& request);

// ApplyStep in a transaction of its own.
Result<StepOutcome> ApplyStepAtomically(Store& store, const StepRequest& request);

}  // namespace cardex::ledger

#endif  // CARDEX_LEDGER_EXCHANGE_H_
