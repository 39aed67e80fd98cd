#include "cardex/store/idempotency.h"

namespace cardex {

Result<std::optional<IdempotencyRecord>> FindIdempotencyRecord(Store& store, std::string_view key) {
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows row,
      store.Query("SELECT actor, request_hash, status_code, response, created_at "
                  "FROM idempotency_keys WHERE idem_key = ?",
                  {key}));
  if (row.empty()) return std::optional<IdempotencyRecord>();
  return std::optional<IdempotencyRecord>(IdempotencyRecord{
      std::string(key), std::string(row.Text(0, 0)), std::string(row.Text(0, 1)), row.Int(0, 2),
      std::string(row.Text(0, 3)), std::string(row.Text(0, 4))});
}

Status CommitWithIdempotencyRecord(Transaction& tx, const IdempotencyRecord& record) {
  return tx.ExecAndCommit(
      "INSERT INTO idempotency_keys (idem_key, actor, request_hash, status_code, response, "
      "created_at) VALUES (?, ?, ?, ?, ?, ?)",
      {std::string_view(record.key), std::string_view(record.actor),
       std::string_view(record.request_hash), record.status_code, std::string_view(record.response),
       std::string_view(record.created_at)});
}

}  // namespace cardex
