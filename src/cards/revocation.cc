// Revoke, RevocationList and the card reads.
#include "cards_internal.h"
#include "cardex/cards/cards.h"

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
  if (rows.empty()) return Status::NotFound("no card " + std::string(card_no));
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

Status Revoke(Store& store, std::string_view card_no, std::string_view reason,
              std::string_view actor, std::string_view at) {
  if (reason.empty()) return Status::InvalidArgument("a revocation needs a reason");
  CARDEX_ASSIGN_OR_RETURN(StoredCard card, GetCard(store, card_no));
  Status inserted = store.Exec(
      "INSERT INTO revocations (card_no, reason, revoked_at, revoked_by) VALUES (?, ?, ?, ?)",
      {card_no, reason, at, actor});
  if (inserted.code() == StatusCode::kAlreadyExists) {
    return Status::AlreadyExists("card " + std::string(card_no) + " is already revoked");
  }
  CARDEX_RETURN_IF_ERROR(inserted);
  CARDEX_RETURN_IF_ERROR(
      store.Exec("UPDATE cards SET state = ? WHERE card_no = ?", {kRevoked, card_no}));
  AuditEntry audit = Audit(actor, "card.revoke", card_no, card.state,
                           std::string(kRevoked) + ": " + std::string(reason));
  return store.AppendAudit({&audit, 1});
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
