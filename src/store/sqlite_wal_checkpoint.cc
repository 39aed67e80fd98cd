// SqliteStore::CheckpointWal (store.h).
#include "sqlite_store.h"

namespace cardex::store_internal {

Result<Store::WalState> SqliteStore::CheckpointWal(WalCheckpointMode mode) {
  if (in_tx_) return Status::FailedPrecondition("CheckpointWal inside a transaction");
  std::unique_lock<std::timed_mutex> turn(*write_gate_, std::defer_lock);
  if (mode == WalCheckpointMode::kRestart && !read_only_) {
    // As Begin(): past the busy timeout, fall through to SQLite's own wait.
    (void)turn.try_lock_for(std::chrono::milliseconds(busy_timeout_ms_));
  }
  int log = 0, done = 0;
  const int rc = sqlite3_wal_checkpoint_v2(
      db_, nullptr,
      mode == WalCheckpointMode::kRestart ? SQLITE_CHECKPOINT_RESTART : SQLITE_CHECKPOINT_PASSIVE, &log,
      &done);
  // BUSY: a RESTART that could not get every reader off the WAL in time;
  // what it copied stays copied, and the next one tries again.
  if (rc != SQLITE_OK && (rc & 0xff) != SQLITE_BUSY) return Error(rc, "checkpointing the WAL");
  // Not in WAL mode (a rollback journal): -1 for both.
  return WalState{std::max(log, 0), std::max(done, 0)};
}

}  // namespace cardex::store_internal
