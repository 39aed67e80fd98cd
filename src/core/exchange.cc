#include "cardex/core/exchange.h"

#include <array>
#include <initializer_list>

namespace cardex {

namespace {

using S = ExchangeState;
using P = ExchangeStep;

constexpr std::array<std::string_view, 13> kStateNames = {
    "listed",    "invited",       "checked_in",     "captured",    "confirmed",
    "submitted", "card_produced", "card_delivered", "handed_over", "rescheduled",
    "home_visit", "correction",   "closed"};

constexpr std::array<std::string_view, 14> kStepNames = {
    "invite",       "check_in",     "capture",     "confirm",    "submit",
    "produce_card", "deliver_card", "hand_over",   "mark_absent", "mark_ill",
    "mark_wrong_data", "close",     "book",        "reissue_card"};

struct Rule {
  ExchangeStep step;
  std::initializer_list<ExchangeState> from;
  ExchangeState to;
};

// The whole table. A step not listed for a state is refused.
const Rule kRules[] = {
    {P::kInvite, {S::kListed}, S::kInvited},
    {P::kCheckIn, {S::kInvited, S::kHomeVisit}, S::kCheckedIn},
    {P::kCapture, {S::kCheckedIn}, S::kCaptured},
    {P::kConfirm, {S::kCaptured}, S::kConfirmed},
    {P::kSubmit, {S::kConfirmed}, S::kSubmitted},
    {P::kProduceCard, {S::kSubmitted}, S::kCardProduced},
    {P::kDeliverCard, {S::kCardProduced}, S::kCardDelivered},
    {P::kHandOver, {S::kCardDelivered}, S::kHandedOver},
    {P::kMarkAbsent, {S::kInvited, S::kCheckedIn}, S::kRescheduled},
    {P::kMarkIll,
     {S::kListed, S::kInvited, S::kCheckedIn, S::kRescheduled},
     S::kHomeVisit},
    {P::kMarkWrongData,
     {S::kListed, S::kInvited, S::kCheckedIn, S::kCaptured, S::kRescheduled, S::kHomeVisit},
     S::kCorrection},
    {P::kClose,
     {S::kListed, S::kInvited, S::kCheckedIn, S::kCaptured, S::kConfirmed, S::kRescheduled,
      S::kHomeVisit, S::kCorrection},
     S::kClosed},
    {P::kBook, {S::kRescheduled, S::kCorrection}, S::kInvited},
    // The member's live card was revoked: back to the production queue.
    {P::kReissueCard, {S::kCardProduced, S::kCardDelivered, S::kHandedOver}, S::kSubmitted},
};

}  // namespace

std::string_view StateName(ExchangeState state) { return kStateNames[static_cast<int>(state)]; }
std::string_view StepName(ExchangeStep step) { return kStepNames[static_cast<int>(step)]; }

std::optional<ExchangeState> ParseState(std::string_view name) {
  for (size_t i = 0; i < kStateNames.size(); ++i) {
    if (kStateNames[i] == name) return static_cast<ExchangeState>(i);
  }
  return std::nullopt;
}

std::optional<ExchangeStep> ParseStep(std::string_view name) {
  for (size_t i = 0; i < kStepNames.size(); ++i) {
    if (kStepNames[i] == name) return static_cast<ExchangeStep>(i);
  }
  return std::nullopt;
}

bool StepAcceptsReason(ExchangeStep step, std::string_view reason) {
  switch (step) {
    case P::kMarkAbsent: return reason == "absent" || reason == "busy";
    case P::kMarkIll: return reason == "ill";
    case P::kMarkWrongData: return reason == "wrong_data";
    case P::kClose: return reason == "deceased" || reason == "transferred";
    case P::kReissueCard:
      return reason == "lost" || reason == "stolen" || reason == "damaged" ||
             reason == "misprinted" || reason == "data_corrected";
    default: return reason.empty();
  }
}

Result<ExchangeState> NextState(ExchangeState from, ExchangeStep step, std::string_view reason) {
  if (!StepAcceptsReason(step, reason)) {
    return Status::Coded(StatusCode::kInvalidArgument, "exchange.reason_refused",
                         {"@step." + std::string(StepName(step)), std::string(reason)});
  }
  for (const Rule& rule : kRules) {
    if (rule.step != step) continue;
    for (ExchangeState allowed : rule.from) {
      if (allowed == from) return rule.to;
    }
  }
  return Status::Coded(StatusCode::kFailedPrecondition, "exchange.step_refused",
                       {"@state." + std::string(StateName(from)), "@step." + std::string(StepName(step))});
}

bool IsReceived(ExchangeState state) {
  return state == S::kSubmitted || state == S::kCardProduced || state == S::kCardDelivered ||
         state == S::kHandedOver;
}

bool IsHandedOver(ExchangeState state) { return state == S::kHandedOver; }

std::string WhyNotPlannable(ExchangeState state, std::string_view reason) {
  if (IsReceived(state)) return "past reception (" + std::string(StateName(state)) + ")";
  if (state == S::kClosed) return "not exchanging (" + std::string(reason.empty() ? "closed" : reason) + ")";
  return "";
}

ExchangeState StateBeforeFirstStep(std::optional<std::string_view> appointment_mode) {
  if (!appointment_mode) return ExchangeState::kListed;
  return *appointment_mode == "home_visit" ? ExchangeState::kHomeVisit : ExchangeState::kInvited;
}

}  // namespace cardex
