// What the pages and the demo read about batches and cards.
#include "cardex/cards/cards.h"

namespace cardex::cards {

Result<std::vector<BatchSummary>> CommuneBatches(Store& store, std::string_view commune_code,
                                                 int limit) {
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows rows,
      store.Query("SELECT b.batch_id, b.created_at, b.delivered_at, "
                  "(SELECT COUNT(*) FROM cards c WHERE c.batch_id = b.batch_id) FROM card_batches b "
                  "WHERE b.commune_code = ? ORDER BY b.created_at DESC, b.batch_id DESC LIMIT ?",
                  {commune_code, int64_t{limit}}));
  std::vector<BatchSummary> out;
  out.reserve(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    out.push_back({std::string(rows.Text(i, 0)), std::string(rows.Text(i, 1)),
                   std::string(rows.Text(i, 2)), rows.Int(i, 3)});
  }
  return out;
}

Result<std::string> BatchCommune(Store& store, std::string_view batch_id) {
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows rows, store.Query("SELECT commune_code FROM card_batches WHERE batch_id = ?", {batch_id}));
  if (rows.empty()) return Status::Coded(StatusCode::kNotFound, "card.no_batch", {std::string(batch_id)});
  return std::string(rows.Text(0, 0));
}

Result<std::optional<RevokedCard>> LatestRevokedCard(Store& store, std::string_view member_no) {
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows rows,
      store.Query("SELECT c.card_no, r.reason FROM cards c JOIN revocations r ON r.card_no = c.card_no "
                  "WHERE c.member_no = ? ORDER BY c.batch_id DESC, c.card_no DESC",
                  {member_no}));
  if (rows.empty()) return std::optional<RevokedCard>();
  return std::optional<RevokedCard>(RevokedCard{std::string(rows.Text(0, 0)), std::string(rows.Text(0, 1))});
}

Result<std::vector<AwaitingHandOver>> CardsAwaitingHandOver(Store& store) {
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows rows,
      store.Query("SELECT e.member_no, c.card_no, e.station_code FROM exchange e JOIN cards c ON "
                  "c.member_no = e.member_no WHERE e.state = 'card_delivered' ORDER BY e.member_no"));
  std::vector<AwaitingHandOver> out;
  out.reserve(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    out.push_back({std::string(rows.Text(i, 0)), std::string(rows.Text(i, 1)), std::string(rows.Text(i, 2))});
  }
  return out;
}

}  // namespace cardex::cards
