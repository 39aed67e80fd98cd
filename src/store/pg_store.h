// PgStore: the Store on a PostgreSQL server, through libpq.
//
// Upserts go through COPY: each batch is streamed in COPY text format into a
// session-private TEMP staging table (unlogged, no indexes), merged into the
// table with INSERT ... SELECT (ON CONFLICT DO UPDATE for the small tables;
// UPDATE then INSERT of the new keys for members and citizens), and the stage
// truncated: a few round trips per batch instead of one per row. For members
// and citizens a batch none of whose keys exist yet (a first load) skips the
// stage and is COPied straight into the table, at raw COPY speed.
//
// Scans read through a server-side cursor, FETCH 10000 rows at a time, so
// memory stays bounded. A cursor needs a transaction: outside Begin() a scan
// opens its own and commits it at the end (writes the visitor makes during
// the scan are committed with it).
#ifndef CARDEX_STORE_PG_STORE_H_
#define CARDEX_STORE_PG_STORE_H_

#include <libpq-fe.h>

#include <atomic>
#include <functional>
#include <mutex>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "cardex/store/outage.h"
#include "cardex/store/store.h"

namespace cardex::store_internal {

struct PgResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, PgResultDeleter>;

class PgStore final : public Store {
 public:
  static Result<std::unique_ptr<Store>> Open(const std::string& url, const StoreOptions& options);
  ~PgStore() override;

  std::string_view backend() const override { return "postgresql"; }
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
  // cardex/store/outage.h.
  StoreOutage LastOutage() const { return last_outage_; }
  void Interrupt();
  Status BeginBulkLoad(RecordKind kind) override;
  Status EndBulkLoad(RecordKind kind) override;

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
  // Schema v3: appointments and settings (pg_appointments.cc).
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
  // Portable SQL (pg_sql.cc).
  using SqlSession::Query;
  Result<SqlRows> Query(std::string_view sql, std::span<const SqlParam> params) override;
  Status ExecAndCommit(std::string_view sql, std::span<const SqlParam> params) override;
  // Schema v5: suggestion keys (pg_reconcile.cc).
  Status LookupCitizensBySuggestionKey(std::span<const int64_t> keys,
                                       const Visitor<CitizenView>& fn) override;
  // Schema v13: blocking keys.
  Status LookupCitizensByBlockKey(BlockKey kind, std::span<const int64_t> keys,
                                  const Visitor<CitizenView>& fn) override;

 private:
  // How one kind is staged and merged (pg_records.cc).
  struct StageSpec {
    unsigned bit;            // in stages_ready_
    const char* create_sql;  // CREATE TEMP TABLE IF NOT EXISTS ...
    const char* copy_sql;    // COPY stage (...) FROM STDIN
    const char* merge_sql;   // INSERT ... SELECT ... FROM stage ...; TRUNCATE stage
  };

  // How members and citizens, the big tables, are upserted: when no key of
  // the batch exists yet (a first load) the rows are COPied straight into the
  // table, at raw COPY speed; otherwise they go through the stage.
  struct BulkSpec {
    const char* setup_sql;        // lock the table, steer the planner to the index
    const char* range_probe_sql;  // does any key between $1 and $2 exist?
    const char* probe_sql;        // does any key in $1 (an array literal) exist?
    const char* direct_sql;  // COPY table (...) FROM STDIN
    const char* reset_sql;   // undo the planner settings
    StageSpec stage;
  };

  PgStore(PGconn* conn, std::string where);

  // A Status for a failed command, naming the server, never quoting values.
  Status Error(const PGresult* result, std::string_view doing) const;
  // Runs `sql` (one or more statements); fails unless the last result is
  // COMMAND_OK or TUPLES_OK.
  Result<PgResult> Exec(const std::string& sql, std::string_view doing);
  // Runs one statement with text parameters.
  Result<PgResult> ExecParams(const char* sql, std::initializer_list<std::string_view> params,
                              std::string_view doing);
  // COMMIT, reporting a transaction the server had already aborted.
  Status ExecCommit();
  bool TransactionOpen() const { return in_tx_ || scans_open_ > 0; }
  template <class Fn>
  Status WriteAtomically(Fn&& fn);
  // Streams `data` (COPY text format) into the stage of `spec` and merges it.
  Status CopyAndMerge(const StageSpec& spec, const std::string& data, std::string_view doing);
  Status BulkUpsert(const BulkSpec& spec, const std::string& min_key, const std::string& max_key,
                    const std::string& keys, const std::string& data, std::string_view doing);
  // Runs `copy_sql` (COPY ... FROM STDIN) and sends `data`.
  Status CopyIn(const char* copy_sql, const std::string& data, std::string_view doing);
  // Declares a cursor for `select_sql` and calls `row(result, i)` for every
  // row, FETCHing in blocks.
  template <class RowFn>
  Status ScanRows(const std::string& select_sql, RowFn&& row);
  // The revision the open transaction stamps on the rows it changes (see
  // Store::CurrentRevision); taken at its first use.
  Result<int64_t> TransactionRevision();

  // Runs `sql` (selecting the CitizenView columns `WHERE key = ANY($1)`) for
  // `values` a batch at a time, through the key's index (pg_reconcile.cc).
  Status LookupByIndex(const char* sql, std::span<const int64_t> values,
                       const Visitor<CitizenView>& fn, std::string_view doing);
  // Migration v5: keys for the citizens without one, then the index.
  Status FillSuggestionKeys();
  Status FillBlockKeys();

  // Keeps a duplicate of the connection's socket for Interrupt(): libpq
  // closes its own descriptor when the connection breaks, and the number
  // may then name another thread's new socket; shutdown() through the
  // duplicate always reaches this connection's socket. Called after every
  // (re)connect.
  void KeepSocket();

  PGconn* conn_;
  std::string where_;  // "host:port", for messages
  std::mutex socket_mu_;  // guards socket_dup_ against Interrupt() on another thread
  int socket_dup_ = -1;
  std::atomic<bool> interrupted_{false};
  mutable StoreOutage last_outage_ = StoreOutage::kNone;  // set by Error()
  bool read_only_ = false;  // reapplied after a reconnect
  bool in_tx_ = false;
  bool bulk_indexes_dropped_ = false;  // by BeginBulkLoad, until EndBulkLoad
  // A bulk load of citizens into an empty table streams every batch into
  // one COPY that EndBulkLoad finishes: the client validates and formats the
  // next batch while the server stores the last, instead of taking turns.
  bool citizens_copy_stream_ = false;  // set by BeginBulkLoad
  bool copy_stream_open_ = false;      // a COPY is in progress
  int64_t copy_stream_revision_ = 0;
  Status StreamCopy(const char* copy_sql, const std::string& data, std::string_view doing);
  // Ends the COPY in progress; `abort_reason` non-null makes the server
  // discard it.
  Status EndCopyStream(const char* abort_reason, std::string_view doing);
  int scans_open_ = 0;
  unsigned cursor_seq_ = 0;
  int64_t tx_revision_ = 0;  // 0: not taken yet in this transaction
  // Which staging tables exist in this session. A rollback may drop a stage
  // created inside it, so rollbacks clear this (CREATE is IF NOT EXISTS).
  unsigned stages_ready_ = 0;
  std::string copy_buffer_;
  // Set by ClearReconcileResults inside a transaction, until it ends: the
  // results table holds only what this transaction wrote since, every key
  // at most results_max_key_ (byte order; none unless results_written_). A
  // batch of ascending keys above it cannot conflict: it is COPied straight
  // into the table (pg_reconcile.cc).
  bool results_cleared_ = false;
  bool results_written_ = false;  // since the clear
  std::string results_max_key_;
  // Portable SQL, by text, prepared once on this connection (pg_sql.cc):
  // each later run sends only the statement's name and its parameters, so
  // the server neither parses nor plans it again. Found by a string_view.
  struct SqlHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  struct PreparedSql {
    std::string name;      // "cardex_<n>"
    std::string numbered;  // the text with $1, $2, ... placeholders
  };
  std::unordered_map<std::string, PreparedSql, SqlHash, std::equal_to<>> prepared_;
  int prepared_seq_ = 0;
  // `sql` prepared on this connection; nullptr when the cache is full.
  Result<const PreparedSql*> Prepare(std::string_view sql);
  // A failed portable statement's Status (kAlreadyExists for 23505).
  Status QueryError(const PGresult* result, std::string_view sql) const;
  std::string key_buffer_;  // the batch's keys as an array literal
  // Between BeginReplaceAppointments and EndReplaceAppointments: the rows
  // stream through one COPY, straight into an empty table, else into a
  // stage merged at End (pg_appointments.cc).
  struct AppointmentReplace {
    bool active = false;
    bool table_was_empty = false;
    int64_t plan_run = 0;
  };
  AppointmentReplace replace_;
};

template <class Fn>
Status PgStore::WriteAtomically(Fn&& fn) {
  if (TransactionOpen()) return fn();
  CARDEX_RETURN_IF_ERROR(Begin());
  Status s = fn();
  if (!s.ok()) {
    (void)Rollback();
    return s;
  }
  return Commit();
}

}  // namespace cardex::store_internal

#endif  // CARDEX_STORE_PG_STORE_H_
