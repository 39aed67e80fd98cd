// Reads that may be a little stale (dashboards, reports) on a standby, so
// that a national campaign's committees do not load the primary that the
// desks write on (docs/ha.md, "Stale-tolerant reads on a standby").
//
// ReadReplica is a small pool of read-only connections to one standby URL
// (`cardex serve --standby-db`). It reconnects as the request pool and the
// background connections do: a connection that failed is dropped, and a
// later Take() opens a new one. After a failed connection it stops trying
// for a while (`retry_after`), so that while the standby is down each page
// falls back to the primary at once instead of waiting for a connect
// timeout first.
//
// Thread safety: ReadReplica may be used from any thread; a Store it hands
// out, as every Store, from one thread at a time.
#ifndef CARDEX_STORE_READ_REPLICA_H_
#define CARDEX_STORE_READ_REPLICA_H_

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "cardex/core/status.h"
#include "cardex/store/store.h"

namespace cardex {

class ReadReplica {
 public:
  // `url`: a postgresql:// or postgres:// URL in libpq's syntax, e.g. a
  // standby's, or a multi-host URL with target_session_attrs=prefer-standby
  // (a standby if any answers, else the primary) or read-only.
  // kInvalidArgument for anything else (SQLite has no standby). Connects
  // to nothing yet.
  static Result<std::unique_ptr<ReadReplica>> Create(
      std::string url, std::chrono::milliseconds retry_after = std::chrono::seconds(5));

  // An idle connection, or a new one. Every connection is opened read-only
  // (default_transaction_read_only: nothing it runs can write, whatever it
  // reached). kUnavailable when none can be opened, and without trying
  // when the last attempt or connection failed less than `retry_after` ago.
  Result<std::unique_ptr<Store>> Take();

  // Gives back a connection that answered, for the next Take().
  void Give(std::unique_ptr<Store> store);

  // A connection from Take() failed (lost, broken off, or found to be no
  // standby): the caller destroys it; the idle ones are dropped too (they
  // reach the same server) and no new one is tried for `retry_after`.
  void Lost();

 private:
  ReadReplica(std::string url, std::chrono::milliseconds retry_after)
      : url_(std::move(url)), retry_after_(retry_after) {}

  const std::string url_;
  const std::chrono::milliseconds retry_after_;
  std::mutex mu_;
  std::vector<std::unique_ptr<Store>> idle_;
  std::optional<std::chrono::steady_clock::time_point> held_off_until_;
};

// How fresh what a connection reads is.
struct Freshness {
  // The server is a standby (PostgreSQL in recovery).
  bool standby = false;
  // Everything committed up to this time is there. A standby: the commit
  // time of the last transaction it replayed (pg_last_xact_replay_timestamp;
  // none before it replayed its first). Otherwise: the server's clock now
  // (SQLite: this process's).
  std::optional<std::chrono::system_clock::time_point> as_of;
};

// One round trip. kUnavailable as any read when the connection is gone.
Result<Freshness> ReadFreshness(Store& store);

}  // namespace cardex

#endif  // CARDEX_STORE_READ_REPLICA_H_
