// SqliteStore::BeginSoloWrite / EndSoloWrite (store.h): a rollback journal
// for one large transaction.
//
// In WAL mode every page a transaction writes goes to the -wal file and
// then, at the checkpoint, to the database: a national plan's 1.25 GB are
// written twice. With a rollback journal SQLite copies only the pages it
// overwrites into the journal; pages the transaction adds at the end of the
// file, or takes from the free list, need no copy, so they are written
// once. Leaving WAL needs every other connection closed, which is why this
// is for commands working alone (SQLite refuses at once otherwise: the busy
// timeout is lifted for the attempt, so a running server costs no wait).
#include "sqlite_store.h"

namespace cardex::store_internal {
namespace {

Result<std::string> SetJournalMode(sqlite3* db, const char* sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr);
  if (rc == SQLITE_OK) rc = sqlite3_step(stmt);
  std::string mode;
  if (rc == SQLITE_ROW) mode = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  sqlite3_finalize(stmt);
  if (rc != SQLITE_ROW && (rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED) {
    return Status::IoError(std::string("changing the journal mode: ") + sqlite3_errstr(rc));
  }
  return mode;
}

}  // namespace

Status SqliteStore::BeginSoloWrite() {
  CARDEX_RETURN_IF_ERROR(RejectIfReadOnly());
  if (in_tx_) return Status::FailedPrecondition("BeginSoloWrite inside a transaction");
  if (solo_) return Status::Ok();
  sqlite3_busy_timeout(db_, 0);
  Result<std::string> mode = SetJournalMode(db_, "PRAGMA journal_mode=DELETE");
  sqlite3_busy_timeout(db_, busy_timeout_ms_);
  if (!mode.ok()) return mode.status();
  if (*mode != "delete") {
    return Status::FailedPrecondition("another connection has the database open: staying in WAL mode");
  }
  solo_ = true;
  // NORMAL is safe in WAL mode only; with a rollback journal a power loss
  // at the wrong moment could corrupt the file.
  return Exec("PRAGMA synchronous=FULL", "syncing fully while writing alone");
}

Status SqliteStore::EndSoloWrite() {
  if (!solo_) return Status::Ok();
  if (in_tx_) return Status::FailedPrecondition("EndSoloWrite inside a transaction");
  CARDEX_ASSIGN_OR_RETURN(std::string mode, SetJournalMode(db_, "PRAGMA journal_mode=WAL"));
  if (mode != "wal") return Status::IoError("cannot return the database to WAL mode");
  solo_ = false;
  const std::string sync = "PRAGMA synchronous=" + synchronous_;
  return Exec(sync.c_str(), "restoring the synchronous setting");
}

}  // namespace cardex::store_internal
