// SqliteStore: the embedded Store, one SQLite file in WAL mode.
//
// Writes reuse prepared statements (one per upsert kind, bound with
// SQLITE_STATIC so no text is copied): a bulk load inside one transaction is
// a tight bind/step/reset loop. Scans prepare their own statement so that a
// visitor may use the store (even scan again) while a scan is running.
#ifndef CARDEX_STORE_SQLITE_STORE_H_
#define CARDEX_STORE_SQLITE_STORE_H_

#include <sqlite3.h>

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "cardex/store/store.h"

namespace cardex::store_internal {

// The page cache: 128 MiB normally, 1 GiB while a bulk load or a plan
// replacing every appointment runs, so that random-order keys stay in memory.
inline constexpr const char* kBulkCacheSize = "PRAGMA cache_size=-1048576";
inline constexpr const char* kNormalCacheSize = "PRAGMA cache_size=-131072";
// A plan replacing every appointment: as for a bulk load (smaller caches
// measured slower: the unique invitation code is random, and pages spilled
// to the WAL in the middle of the transaction are written twice).
inline constexpr const char* kReplaceCacheSize = "PRAGMA cache_size=-1048576";

class SqliteStore final : public Store {
 public:
  static Result<std::unique_ptr<Store>> Open(const std::string& path, const StoreOptions& options);
  ~SqliteStore() override;

  std::string_view backend() const override { return "sqlite"; }
  Status Migrate() override;
  Result<int> SchemaVersion() override;

  Status Begin() override;
  Status Commit() override;
  Status Rollback() override;

  Status UpsertUnits(std::span<const Unit> rows) override;
  Status UpsertMembers(std::span<const Member> rows) override;
  Status UpsertCitizens(std::span<const Citizen> rows) override;
  Status UpsertStations(std::span<const Station> rows) override;
  Status UpsertShifts(std::span<const Shift> rows) override;

  Status ScanUnits(const Visitor<Unit>& fn) override;
  Status ScanMembers(const Visitor<Member>& fn) override;
  Status ScanCitizens(const Visitor<Citizen>& fn) override;
  Status ScanStations(const Visitor<Station>& fn) override;
  Status ScanShifts(const Visitor<Shift>& fn) override;

  Result<int64_t> Count(RecordKind kind) override;
  bool Ping() override;
  Status BeginBulkLoad(RecordKind kind) override;
  Status EndBulkLoad(RecordKind kind) override;
  Status BeginSoloWrite() override;
  Status EndSoloWrite() override;
  Result<WalState> CheckpointWal(WalCheckpointMode mode) override;
  Status BackupTo(const std::string& out_path) override;
  Status RestoreFrom(const std::string& backup_path) override;

  Result<int64_t> CurrentRevision() override;
  Status ScanMembersForReconcile(const MemberRevisionVisitor& fn) override;
  Status ScanCitizenViews(int64_t after_revision, const Visitor<CitizenView>& fn) override;
  Status LookupCitizens(std::span<const int64_t> ids, const Visitor<CitizenView>& fn) override;
  Result<int64_t> AddReconcileRun(const ReconcileRun& run) override;
  Result<std::optional<ReconcileRun>> LastReconcileRun() override;
  Status UpsertReconcileResults(std::span<const ReconcileResultRow> rows) override;
  Status ClearReconcileResults() override;
  Status ScanReconcileResults(const Visitor<ReconcileResultRow>& fn) override;
  Status UpsertMemberStandard(std::span<const MemberStandard> rows) override;
  Status AppendAudit(std::span<const AuditEntry> entries) override;
  Status ScanAudit(std::string_view subject, const Visitor<AuditEntry>& fn) override;
  Result<int64_t> OpenCorrection(const Correction& correction) override;
  Result<int64_t> CloseCorrections(std::string_view member_no, std::string_view closed_at) override;
  Status ScanCorrections(bool open_only, const Visitor<Correction>& fn) override;
  // Schema v3: appointments and settings (sqlite_appointments.cc).
  Result<std::optional<std::string>> GetSetting(std::string_view key) override;
  Result<std::string> PutSettingIfAbsent(std::string_view key, std::string_view value) override;
  Result<int64_t> NextPlanRun() override;
  Status UpsertAppointments(std::span<const StoredAppointment> rows) override;
  Status ReplaceAppointments(std::span<const StoredAppointment> rows) override;
  Status BeginReplaceAppointments(int64_t plan_run) override;
  Status EndReplaceAppointments() override;
  Result<int64_t> DeleteAppointments(std::span<const std::string> member_nos) override;
  Status ScanAppointments(const AppointmentFilter& filter,
                          const Visitor<StoredAppointment>& fn) override;
  // Portable SQL (sqlite_sql.cc).
  using SqlSession::Query;
  Result<SqlRows> Query(std::string_view sql, std::span<const SqlParam> params) override;
  // Schema v5: suggestion keys (sqlite_reconcile.cc).
  Status LookupCitizensBySuggestionKey(std::span<const int64_t> keys,
                                       const Visitor<CitizenView>& fn) override;
  // Schema v13: blocking keys.
  Status LookupCitizensByBlockKey(BlockKey kind, std::span<const int64_t> keys,
                                  const Visitor<CitizenView>& fn) override;

 private:
  struct StmtDeleter {
    void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
  };
  using StmtPtr = std::unique_ptr<sqlite3_stmt, StmtDeleter>;

  SqliteStore(sqlite3* db, std::string path, bool read_only);

  // Turns an SQLite result code into a Status that names the file.
  Status Error(int rc, std::string_view doing) const;
  Status Exec(const char* sql, std::string_view doing);
  // A statement prepared once per store; `sql` must be a string literal (the
  // cache is keyed by its address).
  Result<sqlite3_stmt*> Cached(const char* sql);
  Result<StmtPtr> Prepare(std::string_view sql);
  // Steps a bound cached statement to completion and resets it.
  Status StepDone(sqlite3_stmt* stmt, std::string_view doing);
  // Runs `fn` in the open transaction, or in one of its own so that a write
  // outside Begin()/Commit() is all or nothing.
  template <class Fn>
  Status WriteAtomically(Fn&& fn);
  // Steps `stmt` and calls `row(stmt)` for each row until done, an error
  // (named by `doing`), or a row that returns one. Every row loop of the
  // SQLite store goes through it.
  template <class RowFn>
  Status ForEachRow(sqlite3_stmt* stmt, RowFn&& row, std::string_view doing = "reading rows");
  Status RejectIfReadOnly() const;
  // The revision the open transaction stamps on the rows it changes, taken
  // from store_revision at its first use (see Store::CurrentRevision).
  Result<int64_t> TransactionRevision();
  // Notes in table_revisions that citizens were stamped with `rev`.
  Status StampCitizensRevision(int64_t rev);
  // LookupCitizens' loop over sorted, distinct ids.
  Status LookupSorted(sqlite3_stmt* stmt, const std::vector<int64_t>& sorted,
                      const Visitor<CitizenView>& fn);

  // Migration v5: keys for the citizens without one, then the index.
  Status FillSuggestionKeys();
  Status FillBlockKeys();

  sqlite3* db_;
  std::string path_;
  bool read_only_;
  bool in_tx_ = false;
  int64_t tx_revision_ = 0;  // 0: not taken yet in this transaction
  std::unordered_map<const char*, sqlite3_stmt*> cache_;
  // Portable SQL, by text; found by a string_view (no copy per query).
  struct SqlHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, sqlite3_stmt*, SqlHash, std::equal_to<>> sql_cache_;
  // Connections of this process to the same file queue here for the write
  // lock instead of in SQLite's busy handler, which sleeps in steps of
  // milliseconds: the server's connections hand the lock on at once.
  std::shared_ptr<std::timed_mutex> write_gate_;
  std::unique_lock<std::timed_mutex> write_turn_;
  int busy_timeout_ms_ = 5000;
  bool bulk_indexes_dropped_ = false;  // by BeginBulkLoad, until EndBulkLoad
  std::string synchronous_ = "NORMAL";  // the WAL mode's, restored by EndSoloWrite
  bool solo_ = false;                   // between BeginSoloWrite and EndSoloWrite
  // Between BeginReplaceAppointments and EndReplaceAppointments, while the
  // appointments' indexes, the invitation code's among them, are down.
  struct AppointmentReplace {
    bool active = false;
    bool table_was_empty = false;
    int64_t plan_run = 0;
  };
  AppointmentReplace replace_;
  Status UpsertAppointment(sqlite3_stmt* stmt, const StoredAppointment& row);
};

template <class Fn>
Status SqliteStore::WriteAtomically(Fn&& fn) {
  CARDEX_RETURN_IF_ERROR(RejectIfReadOnly());
  if (in_tx_) return fn();
  CARDEX_RETURN_IF_ERROR(Begin());
  Status s = fn();
  if (!s.ok()) {
    (void)Rollback();
    return s;
  }
  return Commit();
}

template <class RowFn>
Status SqliteStore::ForEachRow(sqlite3_stmt* stmt, RowFn&& row, std::string_view doing) {
  while (true) {
    const int rc = sqlite3_step(stmt);
    if (rc == SQLITE_DONE) return Status::Ok();
    if (rc != SQLITE_ROW) return Error(rc, doing);
    CARDEX_RETURN_IF_ERROR(row(stmt));
  }
}

}  // namespace cardex::store_internal

#endif  // CARDEX_STORE_SQLITE_STORE_H_
