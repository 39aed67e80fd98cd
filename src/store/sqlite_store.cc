// SqliteStore: opening, errors, transactions, migrations. Upserts and scans
// are in sqlite_records.cc.
#include "sqlite_store.h"

#include <chrono>
#include <mutex>
#include <unordered_map>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <system_error>

#include <unistd.h>

#include "bulk_load.h"
#include "migrations.h"
#include "store_util.h"

namespace cardex::store_internal {
namespace {

// Why sqlite3_open_v2 could not open `path`, in words a person can act on.
std::string DescribeOpenFailure(const std::string& path, int sys_errno, bool read_only) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path p(path);
  fs::path dir = p.has_parent_path() ? p.parent_path() : fs::path(".");
  if (!fs::exists(dir, ec)) return "directory " + dir.string() + " does not exist";
  if (!fs::is_directory(dir, ec)) return dir.string() + " is not a directory";
  if (fs::is_directory(p, ec)) return "it is a directory";
  if (read_only && !fs::exists(p, ec)) return "the file does not exist";
  if (!read_only && access(dir.c_str(), W_OK) != 0) {
    return "directory " + dir.string() + " is not writable (" + std::strerror(errno) + ")";
  }
  if (sys_errno != 0) return std::strerror(sys_errno);
  return "unable to open the file";
}

// One gate per database file in this process (keyed by the path as given:
// two spellings of one file only lose the fast hand-over, not safety).
std::shared_ptr<std::timed_mutex> WriteGate(const std::string& path) {
  static std::mutex registry_mutex;
  static std::unordered_map<std::string, std::weak_ptr<std::timed_mutex>> registry;
  std::lock_guard lock(registry_mutex);
  auto& slot = registry[path];
  auto gate = slot.lock();
  if (!gate) {
    gate = std::make_shared<std::timed_mutex>();
    slot = gate;
  }
  return gate;
}

// SQLite counts every allocation under a global mutex unless told not to,
// before its first use; nothing here reads those statistics, and a national
// plan makes tens of millions of allocations (3 % of its CPU in the mutex).
void ConfigureSqliteOnce() {
  static std::once_flag once;
  std::call_once(once, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
}

}  // namespace

Result<std::unique_ptr<Store>> SqliteStore::Open(const std::string& path,
                                                 const StoreOptions& options) {
  ConfigureSqliteOnce();
  // One Store is one connection used by one thread: SQLite's own mutexes
  // would only cost time.
  int flags = SQLITE_OPEN_NOMUTEX;
  flags |= options.read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string why = DescribeOpenFailure(path, db ? sqlite3_system_errno(db) : 0, options.read_only);
    sqlite3_close(db);
    return Status::IoError("cannot open SQLite database " + path + ": " + why);
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, options.busy_timeout_ms);
  std::unique_ptr<SqliteStore> store(new SqliteStore(db, path, options.read_only));
  store->busy_timeout_ms_ = options.busy_timeout_ms;
  store->write_gate_ = WriteGate(path);

  if (!options.read_only) {
    // An existing file without write permission opens read-only silently.
    if (sqlite3_db_readonly(db, "main") == 1) {
      return Status::IoError("cannot open SQLite database " + path +
                             " for writing: the file is read-only");
    }
    std::filesystem::path dir = std::filesystem::path(path).parent_path();
    if (dir.empty()) dir = ".";
    if (access(dir.c_str(), W_OK) != 0) {
      return Status::IoError("cannot open SQLite database " + path + " for writing: directory " +
                             dir.string() + " is not writable (" + std::strerror(errno) +
                             "); SQLite keeps its -wal and -shm files beside the database");
    }
    // Setting WAL writes the header and creates the -wal file beside the
    // database, so it doubles as the write probe: a directory where the
    // journal cannot be created fails here, not at the first import.
    sqlite3_stmt* stmt = nullptr;
    rc = sqlite3_prepare_v2(db, "PRAGMA journal_mode=WAL", -1, &stmt, nullptr);
    if (rc == SQLITE_OK) rc = sqlite3_step(stmt);
    std::string mode =
        rc == SQLITE_ROW ? reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)) : "";
    sqlite3_finalize(stmt);
    if (rc != SQLITE_ROW) return store->Error(rc, "switching to WAL mode");
    if (mode != "wal") {
      return Status::IoError("cannot open SQLite database " + path +
                             " in WAL mode (journal mode stays '" + mode +
                             "'); is the directory writable and on a local file system?");
    }
    // synchronous=NORMAL is durable across application crashes in WAL mode
    // (only a power loss may lose the last commits: docs/reliability.md);
    // CARDEX_SQLITE_SYNCHRONOUS=FULL syncs the WAL at every commit instead.
    // A 128 MiB page cache (allocated as used) keeps a province's citizens
    // table in memory during bulk upserts in random key order.
    const char* sync = std::getenv("CARDEX_SQLITE_SYNCHRONOUS");
    std::string sync_mode = sync && *sync ? sync : "NORMAL";
    if (sync_mode != "NORMAL" && sync_mode != "FULL") {
      return Status::InvalidArgument("CARDEX_SQLITE_SYNCHRONOUS must be NORMAL or FULL, not '" +
                                     sync_mode + "'");
    }
    store->synchronous_ = sync_mode;
    const std::string pragmas = "PRAGMA synchronous=" + sync_mode +
                                "; PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;"
                                "PRAGMA cache_size=-131072";
    CARDEX_RETURN_IF_ERROR(store->Exec(pragmas.c_str(), "setting pragmas"));
    CARDEX_RETURN_IF_ERROR(store->Exec("BEGIN IMMEDIATE; COMMIT", "probing for write access"));
  } else {
    CARDEX_RETURN_IF_ERROR(store->Exec("PRAGMA query_only=ON", "setting pragmas"));
  }
  return std::unique_ptr<Store>(std::move(store));
}

SqliteStore::SqliteStore(sqlite3* db, std::string path, bool read_only)
    : db_(db), path_(std::move(path)), read_only_(read_only) {}

SqliteStore::~SqliteStore() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  for (auto& [sql, stmt] : sql_cache_) sqlite3_finalize(stmt);
  if (in_tx_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  if (solo_) (void)EndSoloWrite();
  sqlite3_close_v2(db_);
}

Status SqliteStore::Error(int rc, std::string_view doing) const {
  std::string msg = "SQLite database " + path_ + ": " + std::string(doing) + ": " +
                    (db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc));
  switch (rc & 0xff) {
    case SQLITE_CONSTRAINT:
      return Status::Internal(msg);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Status::Unavailable(msg + " (another process holds the write lock)");
    case SQLITE_READONLY:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return Status::IoError(msg);
    default:
      return Status::Internal(msg);
  }
}

Status SqliteStore::Exec(const char* sql, std::string_view doing) {
  int rc = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
  return rc == SQLITE_OK ? Status::Ok() : Error(rc, doing);
}

Result<sqlite3_stmt*> SqliteStore::Cached(const char* sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end()) return it->second;
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) return Error(rc, "preparing a statement (has `cardex init` run?)");
  cache_.emplace(sql, stmt);
  return stmt;
}

Result<SqliteStore::StmtPtr> SqliteStore::Prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
  if (rc != SQLITE_OK) return Error(rc, "preparing a statement (has `cardex init` run?)");
  return StmtPtr(stmt);
}

Status SqliteStore::StepDone(sqlite3_stmt* stmt, std::string_view doing) {
  int rc = sqlite3_step(stmt);
  Status s = rc == SQLITE_DONE ? Status::Ok() : Error(rc, doing);
  sqlite3_reset(stmt);
  return s;
}

Status SqliteStore::RejectIfReadOnly() const {
  if (!read_only_) return Status::Ok();
  return Status::FailedPrecondition("SQLite database " + path_ + " was opened read-only");
}

Status SqliteStore::Begin() {
  if (in_tx_) {
    return Status::FailedPrecondition("a transaction is already open; transactions do not nest");
  }
  if (!read_only_) {
    // Wait at the gate up to the busy timeout; past it, fall through to
    // SQLite's own busy handling (a caller holding two connections on one
    // thread must get SQLITE_BUSY, not a deadlock).
    std::unique_lock turn(*write_gate_, std::defer_lock);
    if (turn.try_lock_for(std::chrono::milliseconds(busy_timeout_ms_))) write_turn_ = std::move(turn);
  }
  // IMMEDIATE takes the write lock now: a deferred transaction that later
  // upgrades to write can fail with SQLITE_BUSY without waiting.
  Status begun = Exec(read_only_ ? "BEGIN DEFERRED" : "BEGIN IMMEDIATE", "starting a transaction");
  if (!begun.ok()) {
    if (write_turn_.owns_lock()) write_turn_.unlock();
    return begun;
  }
  in_tx_ = true;
  tx_revision_ = 0;
  replace_ = {};
  return Status::Ok();
}

Status SqliteStore::Commit() {
  if (!in_tx_) return Status::FailedPrecondition("Commit without an open transaction");
  if (replace_.active) {
    // The appointments' indexes are down: never commit a replace half done.
    (void)Rollback();
    return Status::FailedPrecondition("Commit before EndReplaceAppointments: rolled back");
  }
  Status s = Exec("COMMIT", "committing");
  if (!s.ok() && !sqlite3_get_autocommit(db_)) {
    // Do not leave a half-open transaction behind a failed Commit: the
    // caller has already given up on it.
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  in_tx_ = false;
  if (write_turn_.owns_lock()) write_turn_.unlock();
  return s;
}

Status SqliteStore::Rollback() {
  if (!in_tx_) return Status::FailedPrecondition("Rollback without an open transaction");
  in_tx_ = false;
  replace_ = {};
  struct ReleaseTurn {
    std::unique_lock<std::timed_mutex>& turn;
    ~ReleaseTurn() {
      if (turn.owns_lock()) turn.unlock();
    }
  } release{write_turn_};
  // SQLite may already have rolled back on its own (e.g. after SQLITE_FULL).
  if (sqlite3_get_autocommit(db_)) return Status::Ok();
  return Exec("ROLLBACK", "rolling back");
}

Result<int> SqliteStore::SchemaVersion() {
  CARDEX_ASSIGN_OR_RETURN(
      StmtPtr exists,
      Prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"));
  int rc = sqlite3_step(exists.get());
  if (rc == SQLITE_DONE) return 0;
  if (rc != SQLITE_ROW) return Error(rc, "reading the schema version");
  CARDEX_ASSIGN_OR_RETURN(StmtPtr max,
                          Prepare("SELECT coalesce(max(version), 0) FROM schema_migrations"));
  rc = sqlite3_step(max.get());
  if (rc != SQLITE_ROW) return Error(rc, "reading the schema version");
  return sqlite3_column_int(max.get(), 0);
}

Status SqliteStore::Migrate() {
  CARDEX_RETURN_IF_ERROR(RejectIfReadOnly());
  if (in_tx_) return Status::FailedPrecondition("Migrate runs in its own transaction; commit first");
  CARDEX_RETURN_IF_ERROR(Begin());
  Status s = [&]() -> Status {
    CARDEX_RETURN_IF_ERROR(
        Exec("CREATE TABLE IF NOT EXISTS schema_migrations ("
             " version INTEGER PRIMARY KEY,"
             " applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)",
             "creating schema_migrations"));
    CARDEX_ASSIGN_OR_RETURN(int current, SchemaVersion());
    if (current > LatestSchemaVersion()) {
      return Status::FailedPrecondition(
          "database schema version " + std::to_string(current) +
          " is newer than this cardex understands (" + std::to_string(LatestSchemaVersion()) +
          "); upgrade cardex");
    }
    for (const Migration& m : Migrations()) {
      if (m.version <= current) continue;
      std::string sql(m.sqlite_sql);
      CARDEX_RETURN_IF_ERROR(
          Exec(sql.c_str(), "applying schema migration " + std::to_string(m.version)));
      if (m.fills_suggestion_keys) CARDEX_RETURN_IF_ERROR(FillSuggestionKeys());
      if (m.fills_block_keys) CARDEX_RETURN_IF_ERROR(FillBlockKeys());
      std::string record =
          "INSERT INTO schema_migrations (version) VALUES (" + std::to_string(m.version) + ")";
      CARDEX_RETURN_IF_ERROR(Exec(record.c_str(), "recording schema migration"));
    }
    return Status::Ok();
  }();
  if (!s.ok()) {
    (void)Rollback();
    return s;
  }
  return Commit();
}

Result<int64_t> SqliteStore::Count(RecordKind kind) {
  CARDEX_ASSIGN_OR_RETURN(StmtPtr stmt,
                          Prepare(std::string("SELECT count(*) FROM ") + TableName(kind)));
  int rc = sqlite3_step(stmt.get());
  if (rc != SQLITE_ROW) return Error(rc, std::string("counting ") + TableName(kind));
  return static_cast<int64_t>(sqlite3_column_int64(stmt.get(), 0));
}

bool SqliteStore::Ping() {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db_, "SELECT count(*) FROM sqlite_master", -1, &stmt, nullptr) != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return false;
  }
  bool ok = sqlite3_step(stmt) == SQLITE_ROW;
  sqlite3_finalize(stmt);
  return ok;
}

// The page cache grows to 1 GiB while loading: random-order keys (citizen
// ids) otherwise make every insert a read from disk once the table outgrows
// the default 128 MiB. Pages are allocated only as used.

Status SqliteStore::BeginBulkLoad(RecordKind kind) {
  CARDEX_RETURN_IF_ERROR(Exec(kBulkCacheSize, "enlarging the page cache"));
  bulk_indexes_dropped_ = false;  // a rolled-back load restored them
  auto indexes = SecondaryIndexes(kind);
  if (indexes.empty()) return Status::Ok();
  CARDEX_ASSIGN_OR_RETURN(int64_t rows, Count(kind));
  if (rows > 0) return Status::Ok();
  for (const auto& index : indexes) {
    std::string sql = "DROP INDEX IF EXISTS " + std::string(index.name);
    CARDEX_RETURN_IF_ERROR(Exec(sql.c_str(), "dropping an index for a bulk load"));
  }
  bulk_indexes_dropped_ = true;
  return Status::Ok();
}

Status SqliteStore::EndBulkLoad(RecordKind kind) {
  if (bulk_indexes_dropped_) {
    for (const auto& index : SecondaryIndexes(kind)) {
      std::string sql(index.create_sql);
      CARDEX_RETURN_IF_ERROR(Exec(sql.c_str(), "rebuilding an index after a bulk load"));
    }
    bulk_indexes_dropped_ = false;
  }
  return Exec(kNormalCacheSize, "restoring the page cache");
}

}  // namespace cardex::store_internal
