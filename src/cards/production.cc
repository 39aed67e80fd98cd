// ProduceBatch: one commune's submitted members get their cards.
#include <algorithm>
#include <cstdio>
#include <vector>

#include "cards_internal.h"
#include "cardex/cards/card_number.h"
#include "cardex/cards/cards.h"
#include "cardex/core/card_values.h"
#include "cardex/core/dates.h"
#include "cardex/core/vn_name.h"
#include "cardex/ledger/exchange.h"
#include "cardex/ledger/exchange_many.h"

namespace cardex::cards_internal {

Result<int64_t> Reserve(Store& store, std::string_view sequence, int64_t count) {
  // One statement for first use and every later one; the row lock it takes
  // serialises producers of the same province until commit.
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows rows,
      store.Query("INSERT INTO sequences (name, value) VALUES (?, ?) ON CONFLICT (name) "
                  "DO UPDATE SET value = sequences.value + excluded.value RETURNING value",
                  {sequence, count}));
  if (rows.size() != 1) return Status::Internal("sequence update returned no value");
  return rows.Int(0, 0);
}

}  // namespace cardex::cards_internal

namespace cardex::cards {

using namespace cards_internal;

namespace {

// The root of the unit tree above `code` (the province).
Result<std::string> ProvinceOf(Store& store, std::string code) {
  for (int depth = 0; depth < 64; ++depth) {
    CARDEX_ASSIGN_OR_RETURN(SqlRows row,
                            store.Query("SELECT parent_code FROM units WHERE code = ?", {code}));
    if (row.empty()) return Status::Internal("unit " + code + " has a missing parent");
    if (row.Text(0, 0).empty()) return code;
    code = std::string(row.Text(0, 0));
  }
  return Status::Internal("the unit tree above " + code + " does not end in a root");
}

// Row r of kSubmittedInSubtree as the card rule's input.
CardSource SourceOf(const SqlRows& rows, size_t r) {
  auto text = [&](size_t c) { return rows.IsNull(r, c) ? std::string() : std::string(rows.Text(r, c)); };
  CardSource s;
  s.recorded = {text(1), text(2), text(3), text(4)};
  if (!rows.IsNull(r, 11)) s.standard = PersonValues{text(6), text(7), text(8), text(9)};
  s.verdict = text(12);
  s.fields = text(13);
  s.registry = {"", text(14), text(15), text(16)};
  s.registry_deceased_on = text(17);
  s.open_corrections = rows.Int(r, 18);
  return s;
}

constexpr std::string_view kSubmittedInSubtree = R"sql(
WITH RECURSIVE sub(code) AS (
  SELECT code FROM units WHERE code = ?
  UNION SELECT u.code FROM units u JOIN sub ON u.parent_code = sub.code)
SELECT m.member_no, m.citizen_id, m.full_name, m.birth_date, m.gender, m.unit_code,
       s.citizen_id, s.full_name, s.birth_date, s.gender,
       (SELECT MIN(c.card_no) FROM cards c
        WHERE c.member_no = m.member_no AND c.state <> 'revoked'),
       s.member_no, r.verdict, r.fields, r.registry_full_name, r.registry_birth_date,
       r.registry_gender, r.registry_deceased_on,
       (SELECT count(*) FROM corrections k WHERE k.member_no = m.member_no AND k.closed_at = '')
FROM exchange e
JOIN members m ON m.member_no = e.member_no
JOIN sub ON sub.code = m.unit_code
LEFT JOIN member_standard s ON s.member_no = m.member_no
LEFT JOIN reconcile_results r ON r.member_no = m.member_no
WHERE e.state = 'submitted')sql";

// Once records are sent on to the central commission (cardex/centre sets
// this setting with its first batch), only the ones it acknowledged.
constexpr std::string_view kAcknowledgementRequired = "centre.acknowledgement_required";
constexpr std::string_view kAcknowledged =
    " AND EXISTS (SELECT 1 FROM centre_records c WHERE c.member_no = e.member_no"
    " AND c.status = 'acknowledged')";

constexpr int64_t kMaxSerial = 99999999;

}  // namespace

Result<BatchResult> ProduceBatch(Store& store, const ProduceRequest& request,
                                 const SigningKey& key) {
  if (!Date::Parse(request.issue_date).ok()) {
    return Status::Coded(StatusCode::kInvalidArgument, "card.bad_issue_date", {request.issue_date});
  }
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows unit, store.Query("SELECT kind FROM units WHERE code = ?", {request.commune_code}));
  if (unit.empty()) return Status::Coded(StatusCode::kNotFound, "card.no_unit", {request.commune_code});
  if (unit.Text(0, 0) != "commune") {
    return Status::Coded(StatusCode::kInvalidArgument, "card.not_commune", {request.commune_code});
  }
  CARDEX_ASSIGN_OR_RETURN(std::string province, ProvinceOf(store, request.commune_code));
  CARDEX_ASSIGN_OR_RETURN(std::optional<std::string> gated,
                          store.GetSetting(kAcknowledgementRequired));
  std::string select(kSubmittedInSubtree);
  if (gated && *gated == "1") select += kAcknowledged;
  select += " ORDER BY m.member_no";
  CARDEX_ASSIGN_OR_RETURN(SqlRows members, store.Query(select, {request.commune_code}));
  BatchResult result;
  if (members.empty()) return result;

  // Never two valid cards for one member: a replacement is made only once
  // the old card is revoked (Revoke does that and the reissue together).
  for (size_t r = 0; r < members.size(); ++r) {
    if (!members.IsNull(r, 10) && !members.Text(r, 10).empty()) {
      return Status::Coded(StatusCode::kFailedPrecondition, "card.still_held",
                           {std::string(members.Text(r, 0)), std::string(members.Text(r, 10))});
    }
  }
  // Only cleanly standardised members get a card; the others are listed
  // and wait, submitted, until their record is settled.
  std::vector<std::pair<size_t, PersonValues>> produce;
  for (size_t r = 0; r < members.size(); ++r) {
    CardValues v = ResolveCardValues(SourceOf(members, r));
    if (!v.clean()) {
      result.skipped.push_back({std::string(members.Text(r, 0)), v.unclean_id, v.unclean_args});
      continue;
    }
    produce.emplace_back(r, std::move(v.values));
  }
  if (produce.empty()) return result;
  const int64_t n = static_cast<int64_t>(produce.size());
  CARDEX_ASSIGN_OR_RETURN(int64_t last, Reserve(store, "card_no:" + province, n));
  if (last > kMaxSerial) {
    return Status::Coded(StatusCode::kFailedPrecondition, "card.serials_exhausted", {province});
  }
  CARDEX_ASSIGN_OR_RETURN(int64_t batch_serial, Reserve(store, "card_batch", 1));
  char batch_id[32];
  std::snprintf(batch_id, sizeof batch_id, "B%06lld", static_cast<long long>(batch_serial));
  result.batch_id = batch_id;
  CARDEX_RETURN_IF_ERROR(
      store.Exec("INSERT INTO card_batches (batch_id, commune_code, created_at, created_by) "
                 "VALUES (?, ?, ?, ?)",
                 {result.batch_id, request.commune_code, request.at, request.actor}));

  // Signed first, then written a chunk of cards per statement and the
  // steps all together (ledger::ApplyStepToMany): a few round trips per
  // 500 cards instead of several per card. Only the clean members.
  std::vector<CardData> cards(produce.size());
  std::vector<std::string> payloads(produce.size());
  std::vector<ledger::StepRequest> steps(produce.size());
  for (size_t i = 0; i < produce.size(); ++i) {
    const auto& [r, values] = produce[i];
    CardData& card = cards[i];
    card.card_no = FormatCardNumber(province, last - n + 1 + static_cast<int64_t>(i));
    card.member_no = std::string(members.Text(r, 0));
    card.citizen_id = values.citizen_id;
    card.full_name = vn_name::Nfc(values.full_name);
    card.birth_date = values.birth_date;
    card.gender = values.gender;
    card.unit_code = std::string(members.Text(r, 5));
    card.issued_on = request.issue_date;
    CARDEX_ASSIGN_OR_RETURN(payloads[i], SignPayload(card, key));
    ledger::StepRequest& step = steps[i];
    step.member_no = card.member_no;
    step.step = ExchangeStep::kProduceCard;
    step.actor = request.actor;
    step.at = request.at;
    step.note = "card " + card.card_no + " in batch " + result.batch_id;
  }
  constexpr size_t kChunk = 500;  // 6 parameters a card
  for (size_t begin = 0; begin < cards.size(); begin += kChunk) {
    const size_t end = std::min(cards.size(), begin + kChunk);
    std::string sql = "INSERT INTO cards (card_no, member_no, batch_id, issued_on, payload, state) VALUES ";
    std::vector<SqlParam> params;
    params.reserve((end - begin) * 6);
    for (size_t r = begin; r < end; ++r) {
      sql += r == begin ? "(?, ?, ?, ?, ?, ?)" : ", (?, ?, ?, ?, ?, ?)";
      params.insert(params.end(), {std::string_view(cards[r].card_no), std::string_view(cards[r].member_no),
                                   std::string_view(result.batch_id), std::string_view(cards[r].issued_on),
                                   std::string_view(payloads[r]), std::string_view(kProduced)});
    }
    CARDEX_RETURN_IF_ERROR(store.Query(sql, params).status());
  }
  CARDEX_RETURN_IF_ERROR(ledger::ApplyStepToMany(store, steps));
  std::vector<AuditEntry> audit;
  audit.reserve(cards.size() + 1);
  for (const CardData& card : cards) {
    audit.push_back(Audit(request.actor, "card.produce", card.card_no, "",
                          std::string(kProduced) + " for member " + card.member_no +
                              " in batch " + result.batch_id));
  }
  result.cards = n;
  audit.push_back(Audit(request.actor, "card.batch.produce", result.batch_id, "",
                        std::to_string(n) + " cards for commune " + request.commune_code +
                            ", issued on " + request.issue_date + "; " +
                            std::to_string(result.skipped.size()) +
                            " submitted members held back (not cleanly standardised)"));
  CARDEX_RETURN_IF_ERROR(store.AppendAudit(audit));
  return result;
}

}  // namespace cardex::cards
