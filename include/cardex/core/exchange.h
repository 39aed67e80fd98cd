// The exchange, member by member: the states a member passes through on the
// way from the member list to the new card in hand, and the steps that move
// them. This file is the one place where transitions are decided; the desk,
// the cards capability and the command line all ask NextState().
//
//   listed → invited → checked_in → captured → confirmed → submitted
//          → card_produced → card_delivered → handed_over
//
// Exceptions, each with a reason:
//   absent / busy          (invited, checked_in)           → rescheduled
//   ill                    (listed … checked_in, rescheduled) → home_visit
//   wrong_data             (listed … captured, rescheduled, home_visit) → correction
//   deceased / transferred (any state before submitted)    → closed
// and the way back: `book` (a catch-up slot) moves rescheduled and
// correction members to invited; a home_visit member is checked in by the
// mobile team like any other.
//
// Reissue: `reissue_card` (card_produced, card_delivered, handed_over →
// submitted) with the reason lost, stolen, damaged, misprinted or
// data_corrected. Only cards::Revoke takes it, in the same transaction that
// puts the member's live card on the revocation list, so the next
// production batch of the commune makes the replacement and no member ever
// holds two valid cards.
//
// The rules are data: tests/cases/exchange/*.case (one file per rule).
#ifndef CARDEX_CORE_EXCHANGE_H_
#define CARDEX_CORE_EXCHANGE_H_

#include <optional>
#include <string>
#include <string_view>

#include "cardex/core/status.h"

namespace cardex {

enum class ExchangeState {
  kListed,
  kInvited,
  kCheckedIn,
  kCaptured,
  kConfirmed,
  kSubmitted,
  kCardProduced,
  kCardDelivered,
  kHandedOver,
  kRescheduled,
  kHomeVisit,
  kCorrection,
  kClosed,
};

enum class ExchangeStep {
  kInvite,
  kCheckIn,
  kCapture,
  kConfirm,
  kSubmit,
  kProduceCard,
  kDeliverCard,
  kHandOver,
  kMarkAbsent,     // reasons: absent, busy
  kMarkIll,        // reason: ill
  kMarkWrongData,  // reason: wrong_data (and a note)
  kClose,          // reasons: deceased, transferred
  kBook,           // a catch-up slot for a rescheduled or corrected member
  kReissueCard,    // reasons: lost, stolen, damaged, misprinted, data_corrected
};

// snake_case names as stored and as the API spells them ("checked_in").
std::string_view StateName(ExchangeState state);
std::string_view StepName(ExchangeStep step);
std::optional<ExchangeState> ParseState(std::string_view name);
std::optional<ExchangeStep> ParseStep(std::string_view name);

// The reasons a step accepts ("" when it takes none). kMarkAbsent accepts
// "absent" and "busy"; kClose "deceased" and "transferred"; kMarkIll "ill";
// kMarkWrongData "wrong_data"; kReissueCard "lost", "stolen", "damaged",
// "misprinted" and "data_corrected".
bool StepAcceptsReason(ExchangeStep step, std::string_view reason);

// The state `step` leads to from `from`. kFailedPrecondition, naming both
// the state and the step, when the step is not allowed there; kInvalidArgument
// when the reason is not one the step accepts.
Result<ExchangeState> NextState(ExchangeState from, ExchangeStep step, std::string_view reason);

// The state of a member who has taken no step yet (and so has no exchange
// row): `home_visit` for a home-visit appointment, `invited` for any other
// appointment (`appointment_mode` is the appointment's mode), `listed` when
// the member has none (nullopt). The one statement of this rule: the
// exchange, the desk's lists and the unit pages all ask it.
ExchangeState StateBeforeFirstStep(std::optional<std::string_view> appointment_mode);

// Whether the member's documents have reached production (counts as
// "received" in the progress report) and whether they hold the new card.
bool IsReceived(ExchangeState state);
bool IsHandedOver(ExchangeState state);

// Why a member in `state` may no longer be given an appointment (a plan, a
// re-plan, a catch-up, the desk's booking), or "" when they may: members
// past reception ("past reception (card_delivered)": their documents are
// submitted, a new appointment would invite them twice) and members not
// exchanging ("not exchanging (deceased)", "(transferred)": `reason` is the
// closing step's, "closed" when empty). The table is
// tests/cases/plannable/*.case.
std::string WhyNotPlannable(ExchangeState state, std::string_view reason = "");

}  // namespace cardex

#endif  // CARDEX_CORE_EXCHANGE_H_
