// SqliteStore::BackupTo and RestoreFrom (store.h, "Backups").
#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "migrations.h"
#include "sqlite_store.h"

namespace cardex::store_internal {
namespace {

// fsync a file (and then its directory), so that a backup reported done
// survives a power loss.
Status SyncPath(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::IoError("cannot open " + path + " to sync it");
  int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return Status::IoError("cannot sync " + path);
  return Status::Ok();
}

struct DbCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};

}  // namespace

Status SqliteStore::BackupTo(const std::string& out_path) {
  if (in_tx_) return Status::FailedPrecondition("BackupTo inside a transaction");
  std::error_code ec;
  if (std::filesystem::exists(out_path, ec)) {
    return Status::AlreadyExists(out_path + " exists; a backup never overwrites a file");
  }
  const std::string partial = out_path + ".partial";
  std::filesystem::remove(partial, ec);
  CARDEX_ASSIGN_OR_RETURN(StmtPtr vacuum, Prepare("VACUUM INTO ?1"));
  sqlite3_bind_text(vacuum.get(), 1, partial.c_str(), -1, SQLITE_TRANSIENT);
  int rc = sqlite3_step(vacuum.get());
  if (rc != SQLITE_DONE) {
    Status s = Error(rc, "writing the backup " + partial);
    std::filesystem::remove(partial, ec);
    return s;
  }
  CARDEX_RETURN_IF_ERROR(SyncPath(partial));
  std::filesystem::rename(partial, out_path, ec);
  if (ec) return Status::IoError("cannot rename " + partial + " to " + out_path + ": " + ec.message());
  std::filesystem::path dir = std::filesystem::absolute(out_path).parent_path();
  return SyncPath(dir.string());
}

Status SqliteStore::RestoreFrom(const std::string& backup_path) {
  CARDEX_RETURN_IF_ERROR(RejectIfReadOnly());
  if (in_tx_) return Status::FailedPrecondition("RestoreFrom inside a transaction");
  std::error_code ec;
  if (!std::filesystem::is_regular_file(backup_path, ec)) {
    return Status::InvalidArgument(backup_path + ": no such file");
  }
  if (std::filesystem::equivalent(backup_path, path_, ec)) {
    return Status::InvalidArgument(backup_path + " is the database itself");
  }
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(backup_path.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
  std::unique_ptr<sqlite3, DbCloser> src(raw);
  if (rc != SQLITE_OK) return Status::InvalidArgument(backup_path + ": cannot open it");
  // One small query answers "is it SQLite?" (SQLITE_NOTADB) and "is it
  // Cardex?" (schema_migrations) at once.
  auto single_int = [&](const char* sql, int* out) -> int {
    sqlite3_stmt* st = nullptr;
    int r = sqlite3_prepare_v2(src.get(), sql, -1, &st, nullptr);
    if (r == SQLITE_OK) {
      r = sqlite3_step(st);
      if (r == SQLITE_ROW) {
        *out = sqlite3_column_int(st, 0);
        r = SQLITE_OK;
      }
    }
    sqlite3_finalize(st);
    return r;
  };
  int has_schema = 0;
  rc = single_int(
      "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'",
      &has_schema);
  if (rc != SQLITE_OK) {
    return Status::InvalidArgument(backup_path + " is not a Cardex backup: " +
                                   sqlite3_errstr(rc));
  }
  int version = 0;
  if (has_schema == 1) {
    rc = single_int("SELECT coalesce(max(version), 0) FROM schema_migrations", &version);
    if (rc != SQLITE_OK) return Status::InvalidArgument(backup_path + ": cannot read its schema version");
  }
  if (version == 0) {
    return Status::InvalidArgument(backup_path +
                                   " is not a Cardex backup: an SQLite file without Cardex's schema");
  }
  if (version > LatestSchemaVersion()) {
    return Status::FailedPrecondition(
        backup_path + " has schema version " + std::to_string(version) +
        ", newer than this cardex understands (" + std::to_string(LatestSchemaVersion()) +
        "); restore it with the cardex that made it, or a newer one");
  }
  {
    sqlite3_stmt* st = nullptr;
    rc = sqlite3_prepare_v2(src.get(), "PRAGMA quick_check", -1, &st, nullptr);
    std::string verdict = "?";
    if (rc == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
      verdict = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    }
    sqlite3_finalize(st);
    if (verdict != "ok") {
      return Status::InvalidArgument(backup_path + " is damaged (SQLite quick_check: " + verdict + ")");
    }
  }
  // The backup API copies page by page inside one write transaction on this
  // database: readers see the old content or the new, never a mixture.
  sqlite3_backup* copy = sqlite3_backup_init(db_, "main", src.get(), "main");
  if (copy == nullptr) return Error(sqlite3_errcode(db_), "starting the restore");
  rc = sqlite3_backup_step(copy, -1);
  int finish = sqlite3_backup_finish(copy);
  if (rc != SQLITE_DONE) return Error(rc, "restoring from " + backup_path);
  if (finish != SQLITE_OK) return Error(finish, "restoring from " + backup_path);
  // Statements prepared before the restore describe the old schema.
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  for (auto& [sql, stmt] : sql_cache_) sqlite3_finalize(stmt);
  cache_.clear();
  sql_cache_.clear();
  // The copy keeps the backup's journal mode; the store's is WAL.
  return Exec("PRAGMA journal_mode = WAL", "switching the restored database to WAL");
}

}  // namespace cardex::store_internal
