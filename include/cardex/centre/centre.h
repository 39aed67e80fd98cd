// Records sent on to the central organising commission, which produces the
// cards (docs/centre_batches.md: the format, versioned, and the exchange).
//
// PrepareBatches puts every submitted record not yet sent (or refused by
// the centre and corrected since) into numbered batches per commune and
// submission day, each a signed document (Ed25519, a key kept outside the
// database: cards/signing_key.h LoadKeyFile) with a manifest, stored with
// its exact bytes. SendBatches sends each batch without an answer and
// imports the centre's answer: every record acknowledged, or refused with
// a reason. A refused record goes back to its unit's work list (a
// correction holding the reason) and is sent again, in a new batch, once
// the correction is closed. Card production (cards/cards.h ProduceBatch)
// starts only from acknowledged records once a deployment sends to the
// centre (the first batch prepared sets centre.acknowledgement_required).
//
// Idempotent: a batch keeps its id and bytes; sent twice (an answer lost on
// the way back) it is one batch for the centre, which answers it again the
// same; an answer imported twice changes nothing the second time.
//
// Errors: Status; a send that fails part-way keeps the answers imported so
// far and returns kUnavailable naming how many batches remain (send again).
// Thread safety: a Store per thread; the functions own their transactions.
#ifndef CARDEX_CENTRE_CENTRE_H_
#define CARDEX_CENTRE_CENTRE_H_

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cardex/cards/signing_key.h"
#include "cardex/core/status.h"
#include "cardex/registry/http_client.h"
#include "cardex/store/store.h"

namespace cardex::centre {

inline constexpr std::string_view kFormat = "cardex-centre-batch/1";
inline constexpr std::string_view kBatchesPath = "/v1/batches";
// The settings key that makes card production wait for acknowledgements.
inline constexpr std::string_view kAcknowledgementRequired = "centre.acknowledgement_required";

struct PreparedBatch {
  std::string batch_id;  // COMMUNE-YYYYMMDD-NNN
  std::string commune_code, day;
  int64_t seq = 0, records = 0;
};

struct PrepareOptions {
  std::string actor = "cardex";
  size_t max_records = 500;  // per batch
};

Result<std::vector<PreparedBatch>> PrepareBatches(Store& store, const cards::SigningKey& key,
                                                  const PrepareOptions& options = {});

struct SendReport {
  int64_t batches = 0;        // answered in this call
  int64_t acknowledged = 0, refused = 0;
  int64_t remaining = 0;      // batches still without an answer
};

// Sends every batch without an answer, in batch_id order, one at a time.
Result<SendReport> SendBatches(Store& store, const registry::HttpEndpoint& centre,
                               std::string_view actor,
                               std::chrono::milliseconds deadline = std::chrono::seconds(60));

// Imports the centre's answer to one batch (the JSON of docs/centre_batches.md,
// "The answer"): kInvalidArgument naming what is wrong when it does not
// answer every record of the batch exactly once; an answer to a batch
// already answered is ignored.
Result<SendReport> ImportAnswer(Store& store, std::string_view batch_id, std::string_view answer,
                                std::string_view actor);

}  // namespace cardex::centre

#endif  // CARDEX_CENTRE_CENTRE_H_
