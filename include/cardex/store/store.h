// Store: the one database every Cardex step reads and writes.
//
// Two implementations stand behind this interface: SQLite (embedded default,
// one file in WAL mode) and PostgreSQL (libpq). Both pass the same contract
// test suite (tests/store/store_contract_test.cc). Capabilities are written
// against Store only; no header outside src/store includes sqlite3.h or
// libpq-fe.h.
//
// Thread safety: a Store is a single connection. It is not safe to use one
// Store from two threads at once; open one Store per thread.
//
// Transactions: Begin() starts one, Commit()/Rollback() end it. Writes made
// outside a transaction are each committed on their own. Nested Begin() is a
// kFailedPrecondition error. Prefer the RAII Transaction below.
#ifndef CARDEX_STORE_STORE_H_
#define CARDEX_STORE_STORE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "cardex/core/records.h"
#include "cardex/core/status.h"

namespace cardex {

class Store {
 public:
  virtual ~Store() = default;

  // "sqlite" or "postgresql".
  virtual std::string_view backend() const = 0;

  // Creates the schema or upgrades it to the newest version, in one
  // transaction. Idempotent: running it on a current database changes nothing.
  virtual Status Migrate() = 0;
  // The applied schema version; 0 for an empty database.
  virtual Result<int> SchemaVersion() = 0;

  virtual Status Begin() = 0;
  virtual Status Commit() = 0;
  virtual Status Rollback() = 0;

  // Upserts keyed by the record's key: units by code, members by member_no,
  // citizens by citizen_id, stations by code, shifts by (station_code, date,
  // start). A row with an existing key replaces it; nothing is duplicated.
  // The batch may be of any size; callers pass a few thousand rows at a time.
  // The caller has validated the rows (see ingest/): a constraint violation
  // here is reported as kInternal.
  virtual Status UpsertUnits(std::span<const Unit> rows) = 0;
  virtual Status UpsertMembers(std::span<const Member> rows) = 0;
  virtual Status UpsertCitizens(std::span<const Citizen> rows) = 0;
  virtual Status UpsertStations(std::span<const Station> rows) = 0;
  virtual Status UpsertShifts(std::span<const Shift> rows) = 0;

  // Calls `fn` for every stored row in key order (shifts by station_code,
  // date, start), streaming: memory stays bounded whatever the table size.
  // Stops at the first non-ok Status that `fn` returns and returns it.
  template <class T>
  using Visitor = std::function<Status(const T&)>;
  virtual Status ScanUnits(const Visitor<Unit>& fn) = 0;
  virtual Status ScanMembers(const Visitor<Member>& fn) = 0;
  virtual Status ScanCitizens(const Visitor<Citizen>& fn) = 0;
  virtual Status ScanStations(const Visitor<Station>& fn) = 0;
  virtual Status ScanShifts(const Visitor<Shift>& fn) = 0;

  virtual Result<int64_t> Count(RecordKind kind) = 0;

  // True while the database answers a trivial query (for /healthz).
  virtual bool Ping() = 0;
};

struct StoreOptions {
  // SQLite: how long a writer waits for another writer's lock.
  int busy_timeout_ms = 5000;
  // SQLite: open the file read-only (no migration, no writes).
  bool read_only = false;
};

// Opens the database named by `spec`: a `postgresql://` or `postgres://` URL
// opens PostgreSQL; anything else is a SQLite file path (created if missing).
// Fails with kIoError when the file cannot be created or written, and with
// kUnavailable when the PostgreSQL server cannot be reached. Does not migrate:
// call Migrate() (cardex init) or check SchemaVersion().
Result<std::unique_ptr<Store>> OpenStore(const std::string& spec,
                                         const StoreOptions& options = {});

// Rolls back on destruction unless Commit() succeeded.
class Transaction {
 public:
  explicit Transaction(Store& store) : store_(store) {}
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction() {
    if (active_) (void)store_.Rollback();
  }
  Status Begin() {
    CARDEX_RETURN_IF_ERROR(store_.Begin());
    active_ = true;
    return Status::Ok();
  }
  Status Commit() {
    active_ = false;
    return store_.Commit();
  }

 private:
  Store& store_;
  bool active_ = false;
};

}  // namespace cardex

#endif  // CARDEX_STORE_STORE_H_
