// What a server needs to live through a database outage: why a
// connection's last kUnavailable came, and a way to break off a wait on a
// server that never answers. Only PostgreSQL connections have either; on
// SQLite (a local file does not hang that way) both do nothing.
//
// Store::Ping() on PostgreSQL also fails (LastOutage kReadOnly) on a
// connection that takes no writes, unless the store was opened read-only:
// /healthz then answers 503 on a standby.
//
// Thread safety: Interrupt() may be called from any thread while the store
// exists (that is its point); LastOutage() from the thread using the store.
#ifndef CARDEX_STORE_OUTAGE_H_
#define CARDEX_STORE_OUTAGE_H_

#include "cardex/store/store.h"

namespace cardex {

enum class StoreOutage {
  kNone,
  kConnectionLost,  // the server went away, restarted or shut down (08xxx, 57Pxx)
  kReadOnly,        // a standby, or a database in read-only mode (25006)
  kTimedOut,        // Interrupt() broke off a wait
};

// Why the last kUnavailable of this connection came (kNone when none did,
// or the connection answered since).
StoreOutage LastOutage(const Store& store);

// Breaks off what the connection is waiting for: a frozen or cut-off
// server never answers, and neither TCP keepalives nor timeouts notice a
// frozen process on the same machine. The connection is lost for good: the
// wait ends in kUnavailable (LastOutage kTimedOut) and the owner drops it.
// Safe to call also when nothing is waiting.
void Interrupt(Store& store);

}  // namespace cardex

#endif  // CARDEX_STORE_OUTAGE_H_
