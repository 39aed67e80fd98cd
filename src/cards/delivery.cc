// DeliverBatch and HandOver: the card reaches the commune, then the member.
#include <vector>

#include "cards_internal.h"
#include "cardex/cards/cards.h"
#include "cardex/ledger/exchange.h"

namespace cardex::cards {

using namespace cards_internal;

Result<int64_t> DeliverBatch(Store& store, std::string_view batch_id, std::string_view actor,
                             std::string_view at) {
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows batch,
      store.Query("SELECT commune_code, delivered_at FROM card_batches WHERE batch_id = ?",
                  {batch_id}));
  if (batch.empty()) return Status::Coded(StatusCode::kNotFound, "card.no_batch", {std::string(batch_id)});
  if (!batch.Text(0, 1).empty()) {
    return Status::Coded(StatusCode::kFailedPrecondition, "card.batch_delivered",
                         {std::string(batch_id), std::string(batch.Text(0, 1))});
  }
  // The guard on delivered_at makes a second deliverer that raced past the
  // check above change nothing (and fail) rather than step members twice.
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows marked,
      store.Query("UPDATE card_batches SET delivered_at = ? WHERE batch_id = ? AND delivered_at = ''",
                  {at, batch_id}));
  if (marked.affected() != 1) {
    return Status::Coded(StatusCode::kFailedPrecondition, "card.batch_delivered_meanwhile", {std::string(batch_id)});
  }
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows cards,
      store.Query("SELECT card_no, member_no FROM cards WHERE batch_id = ? AND state = ? "
                  "ORDER BY card_no",
                  {batch_id, kProduced}));
  CARDEX_RETURN_IF_ERROR(store.Exec("UPDATE cards SET state = ? WHERE batch_id = ? AND state = ?",
                                    {kDelivered, batch_id, kProduced}));
  std::vector<AuditEntry> audit;
  for (size_t r = 0; r < cards.size(); ++r) {
    ledger::StepRequest step;
    step.member_no = std::string(cards.Text(r, 1));
    step.step = ExchangeStep::kDeliverCard;
    step.actor = std::string(actor);
    step.at = std::string(at);
    step.note = "card " + std::string(cards.Text(r, 0));
    CARDEX_RETURN_IF_ERROR(ledger::ApplyStep(store, step).status());
    audit.push_back(Audit(actor, "card.deliver", cards.Text(r, 0), kProduced,
                          std::string(kDelivered) + " to commune " +
                              std::string(batch.Text(0, 0))));
  }
  const auto n = static_cast<int64_t>(cards.size());
  audit.push_back(Audit(actor, "card.batch.deliver", batch_id, "",
                        std::to_string(n) + " cards delivered to commune " +
                            std::string(batch.Text(0, 0))));
  CARDEX_RETURN_IF_ERROR(store.AppendAudit(audit));
  return n;
}

Status HandOver(Store& store, const HandOverRequest& request) {
  CARDEX_ASSIGN_OR_RETURN(StoredCard card, GetCard(store, request.card_no));
  if (card.member_no != request.member_no) {
    return Status::Coded(StatusCode::kFailedPrecondition, "card.not_members_card",
                         {card.card_no, request.member_no});
  }
  if (card.state != kDelivered) {
    if (card.state == kProduced) {
      return Status::Coded(StatusCode::kFailedPrecondition, "card.not_delivered_yet", {card.card_no});
    }
    if (card.state == kRevoked) return Status::Coded(StatusCode::kFailedPrecondition, "card.revoked", {card.card_no});
    if (card.state == kHandedOver) {
      return Status::Coded(StatusCode::kFailedPrecondition, "card.handed_over_already",
                           {card.card_no, card.handed_over_at});
    }
    return Status::Coded(StatusCode::kFailedPrecondition, "card.in_state", {card.card_no, "@card_state." + card.state});
  }
  // Only the member's newest card that is not revoked is live: an older
  // delivered card must not be handed over once a newer one exists.
  CARDEX_ASSIGN_OR_RETURN(std::vector<StoredCard> cards, MemberCards(store, request.member_no));
  for (const StoredCard& other : cards) {
    if (other.state == kRevoked) continue;
    if (other.card_no != card.card_no) {
      return Status::Coded(StatusCode::kFailedPrecondition, "card.not_live",
                           {card.card_no, request.member_no, other.card_no});
    }
    break;
  }
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows updated,
      store.Query("UPDATE cards SET state = ?, handed_over_at = ? WHERE card_no = ? AND state = ?",
                  {kHandedOver, request.at, card.card_no, kDelivered}));
  if (updated.affected() != 1) {
    return Status::Coded(StatusCode::kFailedPrecondition, "card.changed_meanwhile", {card.card_no});
  }
  ledger::StepRequest step;
  step.member_no = request.member_no;
  step.step = ExchangeStep::kHandOver;
  step.actor = request.actor;
  step.at = request.at;
  step.station_code = request.station_code;
  step.note = "card " + card.card_no;
  CARDEX_RETURN_IF_ERROR(ledger::ApplyStep(store, step).status());
  // A replacement after a reissue: the old number was retired at the first
  // hand-over; its row now names the card the member holds.
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows before,
      store.Query("SELECT new_card_no FROM retired_cards WHERE old_card_no = ?",
                  {request.member_no}));
  if (before.empty()) {
    CARDEX_RETURN_IF_ERROR(
        store.Exec("INSERT INTO retired_cards (old_card_no, member_no, new_card_no, retired_at) "
                   "VALUES (?, ?, ?, ?)",
                   {request.member_no, request.member_no, card.card_no, request.at}));
  } else {
    CARDEX_RETURN_IF_ERROR(
        store.Exec("UPDATE retired_cards SET new_card_no = ? WHERE old_card_no = ?",
                   {card.card_no, request.member_no}));
  }
  std::vector<AuditEntry> audit = {
      Audit(request.actor, "card.hand_over", card.card_no, kDelivered,
            std::string(kHandedOver) + " to member " + request.member_no +
                (request.station_code.empty() ? "" : " at " + request.station_code)),
      Audit(request.actor, "card.retire_old", request.member_no,
            before.empty() ? "" : "old card retired, replaced by " + std::string(before.Text(0, 0)),
            "old card retired, replaced by " + card.card_no)};
  return store.AppendAudit(audit);
}

}  // namespace cardex::cards
