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
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "cardex/core/records.h"
#include "cardex/core/status.h"
#include "cardex/core/verdict.h"
#include "cardex/store/sql.h"

namespace cardex {

// A registry row as reconciliation reads it: the id as the integer its 12
// digits spell, text as views that are valid only during the visitor call
// (no copies for the rows that do not matter). `revision`: see
// CurrentRevision().
struct CitizenView {
  int64_t citizen_id = 0;
  std::string_view full_name, birth_date, gender, deceased_on;
  int64_t revision = 0;
};

// One member's newest reconciliation result (formats.md report columns) and
// the registry values it was compared with: those of the citizen the
// recorded id names, empty when there is none.
struct ReconcileResultRow {
  std::string member_no;
  Verdict verdict = Verdict::kMatch;
  uint8_t fields = 0;  // FieldBits
  std::string suggested_citizen_id;
  std::string registry_full_name, registry_birth_date, registry_gender, registry_deceased_on;
  int64_t run_id = 0;
  // Schema v13: why the suggestion was made (reconcile/match_reasons.h
  // encoding); empty without a suggestion.
  std::string suggestion_reasons;
};

struct ReconcileRun {
  int64_t run_id = 0;  // assigned by AddReconcileRun
  bool full = true;
  int64_t revision = 0;  // every change at or below it was looked at
  int64_t members_checked = 0;
  int64_t members_total = 0;
  std::string started_at;  // filled when read back
};

// A member's standardised values, kept beside the recorded ones (which are
// never overwritten). `source` says where they came from: "registry" (the
// registry's values applied), "suggestion" (a suggested citizen accepted).
struct MemberStandard {
  std::string member_no, citizen_id, full_name, birth_date, gender, source;
};

// One change, as the audit trail keeps it. `at` is UTC
// "YYYY-MM-DDTHH:MM:SS.sssZ", set by the store when appended.
struct AuditEntry {
  std::string at, actor, action, subject, before, after;
};

// A member sent back to its unit to correct the record. Times are UTC
// "YYYY-MM-DD HH:MM:SS" given by the caller; closed_at is "" while open.
struct Correction {
  int64_t correction_id = 0;  // assigned by OpenCorrection
  std::string member_no, unit_code, note, opened_by, opened_at, closed_at;
};

// A stored appointment (schema v3): one per member, the newest plan's.
// Slots are local "YYYY-MM-DDTHH:MM" (formats.md, "The schedule"); `mode` is
// "station" or "home_visit"; `status` starts as "invited". `planned_at` (UTC
// "YYYY-MM-DD HH:MM:SS") is set by the store when the appointment is first
// written or changed; `plan_run` (from NextPlanRun) names the run that last
// wrote it.
struct StoredAppointment {
  std::string member_no, unit_code, station_code, slot_start, slot_end, mode, invitation_code;
  std::string status = "invited";
  std::string planned_at;  // filled when read back
  int64_t plan_run = 0;
};

// Which appointments ScanAppointments visits: every non-empty field must
// match. `date` ("YYYY-MM-DD") matches the slots that start on that day.
struct AppointmentFilter {
  std::string station_code, date, unit_code, member_no;
};

// Portable SQL (SqlSession::Query, sql.h) reaches the same connection and
// the same transaction as the typed methods.
class Store : public SqlSession {
 public:
  ~Store() override = default;

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
  // Runs one last portable SQL statement (sql.h) in the open transaction
  // and commits it; if the statement fails, the transaction is rolled back
  // and its error (kAlreadyExists for a taken key) returned. PostgreSQL
  // sends both in one round trip (a libpq pipeline), which shortens the
  // time a transaction holds its row locks; the default runs Query, then
  // Commit.
  virtual Status ExecAndCommit(std::string_view sql, std::span<const SqlParam> params) {
    if (auto done = Query(sql, params); !done.ok()) {
      (void)Rollback();
      return done.status();
    }
    return Commit();
  }

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

  // Bulk loading. Import calls BeginBulkLoad(kind) inside its transaction
  // before the first batch of `kind` and EndBulkLoad(kind) after the last.
  // When the table is empty the store may drop its secondary indexes and
  // build them again at the end (one sorted build is much faster than
  // keeping them up to date row by row), and may enlarge its page cache
  // meanwhile. A rollback restores the indexes with the rest. Defaults do
  // nothing.
  virtual Status BeginBulkLoad(RecordKind) { return Status::Ok(); }
  // A command about to write a large share of the database in one
  // transaction (a national plan: over a gigabyte) while no other
  // connection uses it. SQLite then journals the pages it overwrites instead
  // of logging every page in the WAL and copying it again at the checkpoint,
  // which halves the bytes written; it syncs fully meanwhile, so a crash or
  // power loss still loses nothing committed. Call outside a transaction.
  // kFailedPrecondition (at once, nothing changed) while another connection
  // has the database open: go on in the normal mode. Connections opened in
  // between wait for the write lock as usual. EndSoloWrite() returns to the
  // normal mode (closing the store does too). PostgreSQL: both do nothing.
  virtual Status BeginSoloWrite() { return Status::Ok(); }
  virtual Status EndSoloWrite() { return Status::Ok(); }
  virtual Status EndBulkLoad(RecordKind) { return Status::Ok(); }

  // Copying SQLite's write-ahead log back into the database file, for a
  // process that turned automatic checkpoints off to keep them away from
  // its requests (the server's checkpointer). PostgreSQL: does nothing.
  struct WalState {
    int64_t log_frames = 0;           // frames in the WAL when it started
    int64_t checkpointed_frames = 0;  // of which now in the database file
  };
  enum class WalCheckpointMode {
    // As many frames as the readers allow; never waits for anyone.
    kPassive,
    // Every frame, then waits for the readers, so that the next writer
    // starts the WAL over from its beginning. It first takes this process's
    // write turn (the one Begin() waits at), so writers in this process wait
    // for it exactly as long as it runs, instead of both sides polling
    // SQLite's lock with growing sleeps; writers in other processes are
    // waited for as usual (the busy timeout).
    kRestart,
  };
  virtual Result<WalState> CheckpointWal(WalCheckpointMode) { return WalState{}; }

  // --- Backups (docs/operations.md, "Back up and restore"). ---

  // Writes a consistent copy of the whole database, as it was at one
  // instant, to the new file `out_path` (kAlreadyExists when it exists):
  // SQLite's VACUUM INTO inside one read transaction, so desks keep writing
  // meanwhile and everything committed before the copy began is in it. The
  // file appears whole (written beside it, synced, then renamed) or not at
  // all. PostgreSQL: kFailedPrecondition; the server's own tools back it up
  // (pg_basebackup and WAL archiving, docs/operations.md).
  virtual Status BackupTo(const std::string& /*out_path*/) {
    return Status::FailedPrecondition(
        "cardex backup copies SQLite databases; back PostgreSQL up with pg_basebackup and WAL "
        "archiving (docs/operations.md)");
  }
  // Replaces this database's whole content by the backup at `backup_path`,
  // after checking that it is a Cardex database (kInvalidArgument: not an
  // SQLite file, or no Cardex schema in it), of a schema this build knows
  // (kFailedPrecondition when newer) and intact (SQLite's quick_check).
  // Nothing else may use the database meanwhile: stop the service first. An
  // older schema is brought up to date by the next Migrate().
  // PostgreSQL: kFailedPrecondition (see BackupTo).
  virtual Status RestoreFrom(const std::string& /*backup_path*/) {
    return Status::FailedPrecondition(
        "cardex restore restores SQLite databases; restore PostgreSQL from its base backup and "
        "WAL archive (docs/operations.md)");
  }

  // --- Schema v2: change revisions and reconciliation (issue 3). ---

  // The store-wide change counter. Each write transaction that upserts
  // members or citizens takes the next value and stamps it on every row it
  // inserts or changes (unchanged rows keep theirs; rows from before schema
  // v2 have 0). Revisions become visible in order: a reader that notes the
  // counter before it scans sees every row stamped at or below it.
  virtual Result<int64_t> CurrentRevision() = 0;
  // Every member in member_no order with its revision. citizen_id,
  // full_name, birth_date and gender are the member's current values: the
  // standardised ones where resolution has set them, else as recorded.
  using MemberRevisionVisitor = std::function<Status(const Member&, int64_t revision)>;
  virtual Status ScanMembersForReconcile(const MemberRevisionVisitor& fn) = 0;
  // Citizens with revision > `after_revision` (all of them for -1), in no
  // particular order (whatever reads the table fastest), streaming.
  virtual Status ScanCitizenViews(int64_t after_revision, const Visitor<CitizenView>& fn) = 0;
  // The citizens whose ids are in `ids` (any order, duplicates allowed), each
  // once, in no particular order; ids with no citizen are skipped. One round
  // trip per few thousand ids.
  virtual Status LookupCitizens(std::span<const int64_t> ids, const Visitor<CitizenView>& fn) = 0;

  // Records a run and returns its run_id (increasing).
  virtual Result<int64_t> AddReconcileRun(const ReconcileRun& run) = 0;
  // The newest run, or nullopt when reconcile never ran.
  virtual Result<std::optional<ReconcileRun>> LastReconcileRun() = 0;
  // Upserts by member_no.
  virtual Status UpsertReconcileResults(std::span<const ReconcileResultRow> rows) = 0;
  // Deletes every stored result (a full run, which then stores them all).
  virtual Status ClearReconcileResults() = 0;
  // Every stored result in member_no order.
  virtual Status ScanReconcileResults(const Visitor<ReconcileResultRow>& fn) = 0;

  // --- Schema v2: resolution and the audit trail (issue 3). ---

  // Upserts standardised values by member_no and stamps each member with
  // the transaction's revision (a standardised member is a changed member).
  virtual Status UpsertMemberStandard(std::span<const MemberStandard> rows) = 0;
  // Appends to the audit trail (append-only: there is no update or delete).
  virtual Status AppendAudit(std::span<const AuditEntry> entries) = 0;
  // Entries for `subject` ("" for all), oldest first.
  virtual Status ScanAudit(std::string_view subject, const Visitor<AuditEntry>& fn) = 0;
  virtual Result<int64_t> OpenCorrection(const Correction& correction) = 0;
  // Closes the member's open corrections; returns how many.
  virtual Result<int64_t> CloseCorrections(std::string_view member_no, std::string_view closed_at) = 0;
  // Corrections (only the open ones when `open_only`) in correction_id order.
  virtual Status ScanCorrections(bool open_only, const Visitor<Correction>& fn) = 0;

  // --- Schema v3: appointments and settings (issue 4). ---

  // A store-wide setting ("" key is not allowed); nullopt when unset.
  virtual Result<std::optional<std::string>> GetSetting(std::string_view key) = 0;
  // Stores `value` unless the key already has one, and returns the value the
  // key holds afterwards: of two racing writers both get the first's value.
  virtual Result<std::string> PutSettingIfAbsent(std::string_view key, std::string_view value) = 0;
  // A new plan run number, greater than every one handed out before.
  virtual Result<int64_t> NextPlanRun() = 0;
  // Upserts by member_no. A row equal to the stored one in unit, station,
  // slot, mode and invitation code keeps its status and planned_at (only
  // plan_run changes); any other replaces the stored row. Other members'
  // appointments are untouched.
  virtual Status UpsertAppointments(std::span<const StoredAppointment> rows) = 0;
  // A fresh plan: the stored appointments become exactly `rows`, which must
  // all carry the same plan_run, one NextPlanRun() handed out
  // (kInvalidArgument when they differ): they are upserted as above and
  // every other stored appointment is deleted. Empty `rows` deletes every
  // appointment. Two rows may not name the same member or the same
  // invitation code (kAlreadyExists, nothing written), but a new row may take
  // the code of another member's appointment that the plan replaces.
  // Equivalent to the three calls below with `rows` sorted by member_no.
  virtual Status ReplaceAppointments(std::span<const StoredAppointment> rows) = 0;
  // The same for a plan too large to hold as one span (the national plan
  // is millions of rows): BeginReplaceAppointments(plan_run), then
  // UpsertAppointments with rows of that run only (kInvalidArgument
  // otherwise), each member once over all batches, in batches of any size,
  // fastest in member_no order; then EndReplaceAppointments(), which deletes
  // every appointment the batches did not write. Only inside a transaction
  // (kFailedPrecondition otherwise), and between Begin and End no other
  // appointment call; a rollback undoes all of it. The store may take the
  // table's secondary indexes down meanwhile and rebuild them at the end,
  // enlarge its page cache, or stage the rows and merge them at the end, so
  // reads of appointments within the transaction wait for End.
  virtual Status BeginReplaceAppointments(int64_t plan_run) = 0;
  virtual Status EndReplaceAppointments() = 0;
  // Deletes the appointments of these members; returns how many there were.
  // The progress roll-ups count appointments as of the last plan run: a
  // caller takes NextPlanRun() in the same transaction (as catch-up does),
  // which is what tells them to recount.
  virtual Result<int64_t> DeleteAppointments(std::span<const std::string> member_nos) = 0;
  // The appointments `filter` matches, in (slot_start, station_code,
  // member_no) order, streaming.
  virtual Status ScanAppointments(const AppointmentFilter& filter,
                                  const Visitor<StoredAppointment>& fn) = 0;

  // --- Schema v5: suggestion keys (issue 3). ---

  // Every citizen is stored with its core/verdict.h SuggestionKey (computed
  // by UpsertCitizens; filled in by the migration for older rows). The
  // citizens whose key is in `keys` (any order, duplicates allowed), living
  // or not, each once, in no particular order, through an index: a few
  // round trips per thousand keys, however large the registry.
  virtual Status LookupCitizensBySuggestionKey(std::span<const int64_t> keys,
                                               const Visitor<CitizenView>& fn) = 0;

  // --- Schema v13: blocking keys (issue 22). ---

  // Every citizen is also stored with its core/block_keys.h keys (computed
  // by UpsertCitizens; filled in by the migration for older rows), each
  // indexed. The citizens whose key of the given kind is in `keys`, as
  // LookupCitizensBySuggestionKey does for the suggestion key.
  enum class BlockKey { kGiven, kFamily };
  virtual Status LookupCitizensByBlockKey(BlockKey kind, std::span<const int64_t> keys,
                                          const Visitor<CitizenView>& fn) = 0;
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
  // Store::ExecAndCommit.
  Status ExecAndCommit(std::string_view sql, std::initializer_list<SqlParam> params) {
    active_ = false;
    return store_.ExecAndCommit(sql, std::span<const SqlParam>(params.begin(), params.size()));
  }

 private:
  Store& store_;
  bool active_ = false;
};

}  // namespace cardex

#endif  // CARDEX_STORE_STORE_H_
