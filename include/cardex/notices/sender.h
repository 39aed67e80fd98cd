// The HTTP sender: pending notices to the operator's SMS gateway
// (docs/notices.md, "The gateway"), one POST each over registry's HTTP
// client, with retries and exponential backoff, never in quiet hours.
//
// Once only: each message carries its id (notices.h MessageId) as the
// Idempotency-Key, and the gateway must deliver one message per id. A
// notice is marked sent only after the gateway's 2xx answer naming that
// id; a crash or a lost answer before that leaves it pending, and the next
// run sends it again under the same id, which the gateway answers as a
// duplicate. An answer naming another id (a stray second answer on a
// kept-alive connection) is not believed: the connection is dropped and
// the try made again.
//
// Errors: store failures. A gateway that cannot be reached is not an error
// of the run: the notices stay pending and the report says so. Nothing is
// logged (phones and texts are personal data).
//
// Thread safety: one run per store connection; runs on two connections
// may send a notice twice to the gateway, never to the member (same id).
#ifndef CARDEX_NOTICES_SENDER_H_
#define CARDEX_NOTICES_SENDER_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include "cardex/core/status.h"
#include "cardex/notices/clock.h"
#include "cardex/registry/http_client.h"
#include "cardex/store/store.h"

namespace cardex::notices {

struct SendOptions {
  QuietHours quiet;
  // Tries per notice in one run; a notice still unsent after them stays
  // pending and the run stops (the gateway is down: the next run goes on).
  int max_attempts = 5;
  // The wait before the second try; doubled before each further one, at
  // most max_backoff. A Retry-After the gateway gives is waited instead
  // when longer (up to max_backoff).
  std::chrono::milliseconds initial_backoff{1000};
  std::chrono::milliseconds max_backoff{60000};
  std::chrono::milliseconds deadline{10000};  // one try, connection included
  std::string path = "/messages";             // appended to the gateway URL
  int64_t limit = 100000;                     // notices per run at most
  // The clock (seconds since 1970, UTC) and the wait, for tests.
  std::function<int64_t()> now;
  std::function<void(std::chrono::milliseconds)> sleep;
};

struct SendReport {
  int64_t sent = 0;        // the gateway took them (answers "accepted" or "delivered")
  int64_t duplicates = 0;  // the gateway already had them (sent by an earlier try): sent once
  int64_t refused = 0;     // the gateway refused them (4xx): failed, shown to the secretary
  int64_t retries = 0;     // tries after a first one (5xx, 408, 429, no answer, a stray answer)
  int64_t left_pending = 0;  // not sent this run (the gateway down, quiet hours began)
  int64_t superseded = 0, expired = 0;  // retired before sending (notices.h RetireStale)
  bool quiet = false;      // quiet hours: nothing was sent
  std::string next_allowed;  // UTC, when `quiet`
};

// The backoff before try `attempt` (2, 3, ...): initial × 2^(attempt-2),
// at most max_backoff, or the Retry-After seconds when longer (capped too).
std::chrono::milliseconds Backoff(const SendOptions& options, int attempt,
                                  int64_t retry_after_seconds);

Result<SendReport> SendNotices(Store& store, const registry::HttpEndpoint& gateway,
                               const SendOptions& options);

}  // namespace cardex::notices

#endif  // CARDEX_NOTICES_SENDER_H_
