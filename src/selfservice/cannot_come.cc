#include "cardex/selfservice/cannot_come.h"

#include "cardex/core/exchange.h"
#include "cardex/core/limits.h"
#include "cardex/core/text.h"
#include "cardex/ledger/exchange.h"

namespace cardex::selfservice {

namespace {
constexpr std::string_view kNames[] = {"ill", "elderly", "elsewhere"};
}  // namespace

bool ParseCannotComeReason(std::string_view text, CannotComeReason* reason) {
  for (size_t i = 0; i < std::size(kNames); ++i) {
    if (kNames[i] == text) {
      *reason = static_cast<CannotComeReason>(i);
      return true;
    }
  }
  return false;
}

std::string_view CannotComeReasonName(CannotComeReason reason) { return kNames[static_cast<size_t>(reason)]; }

Status CannotCome(Store& store, const CannotComeRequest& request) {
  if (request.note.size() > limits::kNote || FindInvalidUtf8(request.note) ||
      FindControlChar(request.note)) {
    return Status::Coded(StatusCode::kInvalidArgument, "member.cannot_come.note");
  }
  CARDEX_ASSIGN_OR_RETURN(ledger::MemberExchange ex, ledger::GetExchange(store, request.member_no));
  // Before the station has them: afterwards there is nothing to stay away from.
  const bool before_reception = ex.state == ExchangeState::kListed || ex.state == ExchangeState::kInvited ||
                                ex.state == ExchangeState::kRescheduled || ex.state == ExchangeState::kHomeVisit ||
                                ex.state == ExchangeState::kCorrection;
  if (!before_reception) return Status::Coded(StatusCode::kFailedPrecondition, "member.cannot_come.state");
  const std::string actor = "member:" + request.member_no;
  const bool home = request.reason != CannotComeReason::kElsewhere;
  if (home && ex.state != ExchangeState::kHomeVisit) {
    // The desk's exception, as the desk takes it: the mobile team comes.
    ledger::StepRequest step;
    step.member_no = request.member_no;
    step.step = ExchangeStep::kMarkIll;
    step.reason = "ill";
    step.note = "self-service: " + std::string(CannotComeReasonName(request.reason));
    step.actor = actor;
    step.at = request.at;
    CARDEX_RETURN_IF_ERROR(ledger::ApplyStep(store, step).status());
  }
  const std::string_view kind = home ? "home_visit" : "transfer";
  const std::string_view reason = CannotComeReasonName(request.reason);
  CARDEX_RETURN_IF_ERROR(store.Exec(
      "INSERT INTO member_requests (member_no, kind, reason, note, asked_at, closed_at) VALUES (?, ?, ?, ?, ?, '') "
      "ON CONFLICT (member_no) DO UPDATE SET kind = excluded.kind, reason = excluded.reason, "
      "note = excluded.note, asked_at = excluded.asked_at, closed_at = ''",
      {std::string_view(request.member_no), kind, reason, std::string_view(request.note),
       std::string_view(request.at)}));
  // The note is the member's own words about their health or home: it stays
  // in member_requests, which only the unit reads, not in the audit log.
  AuditEntry audit{request.at, actor, "member.cannot_come", "member:" + request.member_no, "",
                   "kind=" + std::string(kind) + " reason=" + std::string(reason)};
  return store.AppendAudit({&audit, 1});
}

}  // namespace cardex::selfservice
