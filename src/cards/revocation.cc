// Revoke, RevocationList and the card reads.
#include "cards_internal.h"
#include "cardex/core/limits.h"
#include "cardex/cards/cards.h"
#include "cardex/ledger/exchange.h"

namespace cardex::cards {

using namespace cards_internal;

namespace {

constexpr std::string_view kCardColumns =
    "card_no, member_no, batch_id, issued_on, payload, state, handed_over_at";

StoredCard CardAt(const SqlRows& rows, size_t r) {
  return StoredCard{std::string(rows.Text(r, 0)), std::string(rows.Text(r, 1)),
                    std::string(rows.Text(r, 2)), std::string(rows.Text(r, 3)),
                    std::string(rows.Text(r, 4)), std::string(rows.Text(r, 5)),
                    std::string(rows.Text(r, 6))};
}

}  // namespace

Result<StoredCard> GetCard(Store& store, std::string_view card_no) {
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows rows, store.Query("SELECT " + std::string(kCardColumns) +
                                    " FROM cards WHERE card_no = ?",
                                {card_no}));
  if (rows.empty()) return Status::Coded(StatusCode::kNotFound, "card.no_card", {std::string(card_no)});
  return CardAt(rows, 0);
}

Result<std::vector<StoredCard>> MemberCards(Store& store, std::string_view member_no) {
  // Card numbers of one province grow with time; batch ids break ties
  // across provinces (a member who moved).
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows rows, store.Query("SELECT " + std::string(kCardColumns) +
                                    " FROM cards WHERE member_no = ? "
                                    "ORDER BY batch_id DESC, card_no DESC",
                                {member_no}));
  std::vector<StoredCard> out;
  for (size_t r = 0; r < rows.size(); ++r) out.push_back(CardAt(rows, r));
  return out;
}

Result<RevokeResult> Revoke(Store& store, const RevokeRequest& request) {
  CARDEX_RETURN_IF_ERROR(limits::CheckLength("reason", request.reason, limits::kShortValue));
  CARDEX_RETURN_IF_ERROR(limits::CheckLength("note", request.note, limits::kNote));
  if (!StepAcceptsReason(ExchangeStep::kReissueCard, request.reason)) {
    return Status::Coded(StatusCode::kInvalidArgument, "card.bad_revocation_reason", {request.reason});
  }
  CARDEX_ASSIGN_OR_RETURN(StoredCard card, GetCard(store, request.card_no));
  // Decided before the card changes: a reissue is due when this revocation
  // leaves the member without any valid card.
  CARDEX_ASSIGN_OR_RETURN(std::vector<StoredCard> cards, MemberCards(store, card.member_no));
  bool live = card.state != kRevoked;
  for (const StoredCard& other : cards) {
    if (other.card_no != card.card_no && other.state != kRevoked) live = false;
  }
  Status inserted = store.Exec(
      "INSERT INTO revocations (card_no, reason, revoked_at, revoked_by) VALUES (?, ?, ?, ?)",
      {request.card_no, request.reason, request.at, request.actor});
  if (inserted.code() == StatusCode::kAlreadyExists) {
    return Status::Coded(StatusCode::kAlreadyExists, "card.already_revoked", {request.card_no});
  }
  CARDEX_RETURN_IF_ERROR(inserted);
  CARDEX_RETURN_IF_ERROR(
      store.Exec("UPDATE cards SET state = ? WHERE card_no = ?", {kRevoked, request.card_no}));
  RevokeResult result{card.member_no, false};
  if (live) {
    ledger::StepRequest step;
    step.member_no = card.member_no;
    step.step = ExchangeStep::kReissueCard;
    step.reason = request.reason;
    step.actor = request.actor;
    step.at = request.at;
    step.note = "card " + card.card_no + " revoked; a replacement goes into the next batch";
    CARDEX_RETURN_IF_ERROR(ledger::ApplyStep(store, step).status());
    result.reissued = true;
  }
  AuditEntry audit =
      Audit(request.actor, "card.revoke", request.card_no, card.state,
            std::string(kRevoked) + ": " + request.reason +
                (request.note.empty() ? "" : " (" + request.note + ")") +
                (live ? "; member " + card.member_no + " reissued" : ""));
  CARDEX_RETURN_IF_ERROR(store.AppendAudit({&audit, 1}));
  return result;
}

Result<std::vector<RevokedNumber>> RevocationList(Store& store) {
  std::vector<RevokedNumber> out;
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows revoked,
      store.Query("SELECT card_no, reason, revoked_at FROM revocations ORDER BY card_no"));
  for (size_t r = 0; r < revoked.size(); ++r) {
    out.push_back({std::string(revoked.Text(r, 0)), "revoked", std::string(revoked.Text(r, 1)),
                   std::string(revoked.Text(r, 2))});
  }
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows retired,
      store.Query("SELECT old_card_no, new_card_no, retired_at FROM retired_cards "
                  "ORDER BY old_card_no"));
  for (size_t r = 0; r < retired.size(); ++r) {
    out.push_back({std::string(retired.Text(r, 0)), "retired",
                   "replaced by " + std::string(retired.Text(r, 1)),
                   std::string(retired.Text(r, 2))});
  }
  return out;
}

}  // namespace cardex::cards
