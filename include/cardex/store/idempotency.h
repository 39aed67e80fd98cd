// Idempotency records: the first answer to a state-changing request, kept
// under the client's Idempotency-Key so that a retry or a duplicate replays
// it instead of acting twice (docs/architecture.md, "One request pipeline").
//
// The store owns the table (idempotency_keys, schema v4); the HTTP pipeline
// decides what a key is bound to (`request_hash`) and when a record may be
// replayed. Both functions run on the caller's connection and, where one is
// open, in its transaction. Thread safety: as Store (one per thread).
#ifndef CARDEX_STORE_IDEMPOTENCY_H_
#define CARDEX_STORE_IDEMPOTENCY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "cardex/core/status.h"
#include "cardex/store/store.h"

namespace cardex {

struct IdempotencyRecord {
  std::string key;           // the client's Idempotency-Key
  std::string actor;         // the login that sent it
  std::string request_hash;  // what the key is bound to (the caller's hash)
  int64_t status_code = 0;   // the first answer's HTTP status
  std::string response;      // and its body
  std::string created_at;    // UTC text, set by the caller
};

// The record kept under `key`, or nullopt when there is none.
Result<std::optional<IdempotencyRecord>> FindIdempotencyRecord(Store& store, std::string_view key);

// Writes `record` as the last statement of `tx` and commits it with the
// rest of the transaction (Store::ExecAndCommit: on PostgreSQL one round
// trip, so the transaction's row locks are held one round trip less).
// kAlreadyExists, with everything rolled back, when a record under the
// same key was committed meanwhile (a twin request won the race).
Status CommitWithIdempotencyRecord(Transaction& tx, const IdempotencyRecord& record);

}  // namespace cardex

#endif  // CARDEX_STORE_IDEMPOTENCY_H_
