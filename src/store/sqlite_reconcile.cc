// SqliteStore: change revisions and reconciliation results (schema v2).
#include <algorithm>
#include <string>
#include <vector>

#include "bulk_load.h"
#include "cardex/core/block_keys.h"
#include "cardex/core/verdict.h"
#include "sqlite_store.h"
#include "store_util.h"

namespace cardex::store_internal {
namespace {

inline void BindText(sqlite3_stmt* stmt, int index, const std::string& text) {
  sqlite3_bind_text(stmt, index, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
}

inline std::string_view ColumnView(sqlite3_stmt* stmt, int index) {
  const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(stmt, index));
  return {data ? data : "", static_cast<size_t>(sqlite3_column_bytes(stmt, index))};
}

inline void ColumnText(sqlite3_stmt* stmt, int index, std::string* out) {
  out->assign(ColumnView(stmt, index));
}

constexpr const char* kCitizenViewColumns =
    "citizen_id, full_name, birth_date, gender, deceased_on, rev";

void ReadCitizenView(sqlite3_stmt* s, CitizenView* c) {
  c->citizen_id = sqlite3_column_int64(s, 0);
  c->full_name = ColumnView(s, 1);
  c->birth_date = ColumnView(s, 2);
  c->gender = ColumnView(s, 3);
  c->deceased_on = ColumnView(s, 4);
  c->revision = sqlite3_column_int64(s, 5);
}

constexpr const char* kTakeRevision =
    "UPDATE store_revision SET value = value + 1 WHERE id = 1 RETURNING value";

constexpr const char* kStampCitizens =
    "UPDATE table_revisions SET revision = ?1 WHERE table_name = 'citizens'";

constexpr const char* kLookupCitizen =
    "SELECT citizen_id, full_name, birth_date, gender, deceased_on, rev FROM citizens "
    "WHERE citizen_id = ?1";

constexpr const char* kLookupBySuggestionKey =
    "SELECT citizen_id, full_name, birth_date, gender, deceased_on, rev FROM citizens "
    "WHERE suggestion_key = ?1";

constexpr const char* kLookupByGivenKey =
    "SELECT citizen_id, full_name, birth_date, gender, deceased_on, rev FROM citizens "
    "WHERE given_key = ?1";
constexpr const char* kLookupByFamilyKey =
    "SELECT citizen_id, full_name, birth_date, gender, deceased_on, rev FROM citizens "
    "WHERE family_key = ?1";

// cardex_given_key / cardex_family_key(full_name, birth_date, gender): the
// blocking keys as SQL functions (the function's user data is its name).
void BlockKeyFunction(sqlite3_context* ctx, int, sqlite3_value** argv) {
  auto text = [&](int i) {
    const auto* data = reinterpret_cast<const char*>(sqlite3_value_text(argv[i]));
    return std::string_view(data ? data : "", static_cast<size_t>(sqlite3_value_bytes(argv[i])));
  };
  const CitizenBlockKeys keys = BlockKeysOf(text(0), text(1), text(2));
  const std::string_view name(static_cast<const char*>(sqlite3_user_data(ctx)));
  sqlite3_result_int64(ctx, name == "cardex_given_key" ? keys.given : keys.family);
}

// cardex_suggestion_key(full_name, birth_date, gender): SuggestionKey as an
// SQL function, for the migration's one UPDATE.
void SuggestionKeyFunction(sqlite3_context* ctx, int, sqlite3_value** argv) {
  auto text = [&](int i) {
    const auto* data = reinterpret_cast<const char*>(sqlite3_value_text(argv[i]));
    return std::string_view(data ? data : "", static_cast<size_t>(sqlite3_value_bytes(argv[i])));
  };
  sqlite3_result_int64(ctx, SuggestionKey(text(0), text(1), text(2)));
}

constexpr const char* kUpsertResult =
    "INSERT INTO reconcile_results (member_no, run_id, verdict, fields, suggested_citizen_id, "
    "registry_full_name, registry_birth_date, registry_gender, registry_deceased_on, "
    "suggestion_reasons) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
    "ON CONFLICT (member_no) DO UPDATE SET run_id = excluded.run_id, verdict = excluded.verdict, "
    "fields = excluded.fields, suggested_citizen_id = excluded.suggested_citizen_id, "
    "registry_full_name = excluded.registry_full_name, "
    "registry_birth_date = excluded.registry_birth_date, "
    "registry_gender = excluded.registry_gender, "
    "registry_deceased_on = excluded.registry_deceased_on, "
    "suggestion_reasons = excluded.suggestion_reasons";

}  // namespace

Result<int64_t> SqliteStore::TransactionRevision() {
  if (tx_revision_ != 0) return tx_revision_;
  CARDEX_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, Cached(kTakeRevision));
  int rc = sqlite3_step(stmt);
  if (rc != SQLITE_ROW) {
    sqlite3_reset(stmt);
    return Error(rc, "taking a change revision (has `cardex init` run?)");
  }
  int64_t rev = sqlite3_column_int64(stmt, 0);
  rc = sqlite3_step(stmt);
  sqlite3_reset(stmt);
  if (rc != SQLITE_DONE) return Error(rc, "taking a change revision");
  tx_revision_ = rev;
  return rev;
}

Status SqliteStore::StampCitizensRevision(int64_t rev) {
  CARDEX_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, Cached(kStampCitizens));
  sqlite3_bind_int64(stmt, 1, rev);
  return StepDone(stmt, "stamping the citizens' revision");
}

Result<int64_t> SqliteStore::CurrentRevision() {
  CARDEX_ASSIGN_OR_RETURN(StmtPtr stmt, Prepare("SELECT value FROM store_revision WHERE id = 1"));
  int rc = sqlite3_step(stmt.get());
  if (rc != SQLITE_ROW) return Error(rc, "reading the change revision");
  return static_cast<int64_t>(sqlite3_column_int64(stmt.get(), 0));
}

Status SqliteStore::ScanMembersForReconcile(const MemberRevisionVisitor& fn) {
  CARDEX_ASSIGN_OR_RETURN(
      StmtPtr stmt,
      Prepare("SELECT m.member_no, coalesce(s.citizen_id, m.citizen_id), "
              "coalesce(s.full_name, m.full_name), coalesce(s.birth_date, m.birth_date), "
              "coalesce(s.gender, m.gender), m.unit_code, m.status, m.phone, m.home_visit, m.rev "
              "FROM members m LEFT JOIN member_standard s ON s.member_no = m.member_no "
              "ORDER BY m.member_no"));
  Member r;
  return ForEachRow(stmt.get(), [&](sqlite3_stmt* s) {
    ColumnText(s, 0, &r.member_no);
    ColumnText(s, 1, &r.citizen_id);
    ColumnText(s, 2, &r.full_name);
    ColumnText(s, 3, &r.birth_date);
    ColumnText(s, 4, &r.gender);
    ColumnText(s, 5, &r.unit_code);
    ColumnText(s, 6, &r.status);
    ColumnText(s, 7, &r.phone);
    r.home_visit = sqlite3_column_int(s, 8) != 0;
    return fn(r, sqlite3_column_int64(s, 9));
  }, "reading members");
}

Status SqliteStore::ScanCitizenViews(int64_t after_revision, const Visitor<CitizenView>& fn) {
  // Without a WHERE for a full scan: `rev > -1` would tempt the planner into
  // the rev index and a sort of the whole table.
  if (after_revision >= 0) {
    CARDEX_ASSIGN_OR_RETURN(
        StmtPtr newest,
        Prepare("SELECT revision FROM table_revisions WHERE table_name = 'citizens'"));
    int rc = sqlite3_step(newest.get());
    if (rc != SQLITE_ROW) return Error(rc, "reading the citizens' revision");
    if (sqlite3_column_int64(newest.get(), 0) <= after_revision) return Status::Ok();
  }
  std::string sql = std::string("SELECT ") + kCitizenViewColumns + " FROM citizens ";
  if (after_revision >= 0) sql += "WHERE rev > ?1";
  CARDEX_ASSIGN_OR_RETURN(StmtPtr stmt, Prepare(sql));
  if (after_revision >= 0) sqlite3_bind_int64(stmt.get(), 1, after_revision);
  CitizenView c;
  return ForEachRow(stmt.get(), [&](sqlite3_stmt* s) {
    ReadCitizenView(s, &c);
    return fn(c);
  }, "reading citizens");
}

Status SqliteStore::LookupCitizens(std::span<const int64_t> ids, const Visitor<CitizenView>& fn) {
  std::vector<int64_t> sorted(ids.begin(), ids.end());
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  CARDEX_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, Cached(kLookupCitizen));
  // One read transaction for the batch: outside one, every lookup would
  // take and drop the file locks (two fcntl calls and a stat) on its own.
  const bool own_tx = !in_tx_;
  if (own_tx) CARDEX_RETURN_IF_ERROR(Exec("BEGIN DEFERRED", "starting a read"));
  Status s = LookupSorted(stmt, sorted, fn);
  if (own_tx) {
    Status ended = Exec(s.ok() ? "COMMIT" : "ROLLBACK", "ending a read");
    if (s.ok()) s = ended;
  }
  return s;
}

Status SqliteStore::LookupSorted(sqlite3_stmt* stmt, const std::vector<int64_t>& sorted,
                                 const Visitor<CitizenView>& fn) {
  CitizenView c;
  for (int64_t id : sorted) {
    sqlite3_bind_int64(stmt, 1, id);
    int rc = sqlite3_step(stmt);
    Status s;
    if (rc == SQLITE_ROW) {
      ReadCitizenView(stmt, &c);
      s = fn(c);
    } else if (rc != SQLITE_DONE) {
      s = Error(rc, "looking up citizens");
    }
    sqlite3_reset(stmt);
    CARDEX_RETURN_IF_ERROR(s);
  }
  return Status::Ok();
}

Status SqliteStore::LookupCitizensBySuggestionKey(std::span<const int64_t> keys,
                                                  const Visitor<CitizenView>& fn) {
  std::vector<int64_t> sorted(keys.begin(), keys.end());
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  CARDEX_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, Cached(kLookupBySuggestionKey));
  const bool own_tx = !in_tx_;
  if (own_tx) CARDEX_RETURN_IF_ERROR(Exec("BEGIN DEFERRED", "starting a read"));
  CitizenView c;
  Status s;
  for (size_t k = 0; k < sorted.size() && s.ok(); ++k) {
    sqlite3_bind_int64(stmt, 1, sorted[k]);
    int rc = SQLITE_DONE;
    while (s.ok() && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      ReadCitizenView(stmt, &c);
      s = fn(c);
    }
    if (s.ok() && rc != SQLITE_DONE) s = Error(rc, "looking up citizens by suggestion key");
    sqlite3_reset(stmt);
  }
  if (own_tx) {
    Status ended = Exec(s.ok() ? "COMMIT" : "ROLLBACK", "ending a read");
    if (s.ok()) s = ended;
  }
  return s;
}

Status SqliteStore::FillSuggestionKeys() {
  // One UPDATE with the key as a temporary SQL function: SQLite rewrites the
  // table in one pass, and the index is built afterwards in one sort.
  int rc = sqlite3_create_function(db_, "cardex_suggestion_key", 3,
                                   SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY,
                                   nullptr, SuggestionKeyFunction, nullptr, nullptr);
  if (rc != SQLITE_OK) return Error(rc, "registering the suggestion key function");
  Status s = Exec(
      "UPDATE citizens SET suggestion_key = cardex_suggestion_key(full_name, birth_date, gender) "
      "WHERE suggestion_key IS NULL",
      "computing the citizens' suggestion keys");
  sqlite3_create_function(db_, "cardex_suggestion_key", 3, SQLITE_UTF8, nullptr, nullptr, nullptr,
                          nullptr);
  CARDEX_RETURN_IF_ERROR(s);
  for (const auto& index : SecondaryIndexes(RecordKind::kCitizens)) {
    if (index.name != "citizens_suggestion_key") continue;  // later migrations build theirs
    std::string sql(index.create_sql);
    CARDEX_RETURN_IF_ERROR(Exec(sql.c_str(), "building the suggestion key index"));
  }
  return Status::Ok();
}

Status SqliteStore::FillBlockKeys() {
  // As FillSuggestionKeys: one UPDATE through temporary SQL functions, then
  // the indexes in one sort each.
  for (const char* name : {"cardex_given_key", "cardex_family_key"}) {
    int rc = sqlite3_create_function(db_, name, 3,
                                     SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY,
                                     const_cast<char*>(name), BlockKeyFunction, nullptr, nullptr);
    if (rc != SQLITE_OK) return Error(rc, "registering the blocking key functions");
  }
  Status s = Exec(
      "UPDATE citizens SET given_key = cardex_given_key(full_name, birth_date, gender), "
      "family_key = cardex_family_key(full_name, birth_date, gender) WHERE given_key IS NULL",
      "computing the citizens' blocking keys");
  for (const char* name : {"cardex_given_key", "cardex_family_key"}) {
    sqlite3_create_function(db_, name, 3, SQLITE_UTF8, nullptr, nullptr, nullptr, nullptr);
  }
  CARDEX_RETURN_IF_ERROR(s);
  for (const auto& index : SecondaryIndexes(RecordKind::kCitizens)) {
    if (index.name == "citizens_suggestion_key") continue;
    std::string sql(index.create_sql);
    CARDEX_RETURN_IF_ERROR(Exec(sql.c_str(), "building the blocking key indexes"));
  }
  return Status::Ok();
}

Status SqliteStore::LookupCitizensByBlockKey(BlockKey kind, std::span<const int64_t> keys,
                                             const Visitor<CitizenView>& fn) {
  std::vector<int64_t> sorted(keys.begin(), keys.end());
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  CARDEX_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, Cached(kind == BlockKey::kGiven
                                                          ? kLookupByGivenKey
                                                          : kLookupByFamilyKey));
  const bool own_tx = !in_tx_;
  if (own_tx) CARDEX_RETURN_IF_ERROR(Exec("BEGIN DEFERRED", "starting a read"));
  CitizenView c;
  Status s;
  for (size_t k = 0; k < sorted.size() && s.ok(); ++k) {
    sqlite3_bind_int64(stmt, 1, sorted[k]);
    int rc = SQLITE_DONE;
    while (s.ok() && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      ReadCitizenView(stmt, &c);
      s = fn(c);
    }
    if (s.ok() && rc != SQLITE_DONE) s = Error(rc, "looking up citizens by blocking key");
    sqlite3_reset(stmt);
  }
  if (own_tx) {
    Status ended = Exec(s.ok() ? "COMMIT" : "ROLLBACK", "ending a read");
    if (s.ok()) s = ended;
  }
  return s;
}

Result<int64_t> SqliteStore::AddReconcileRun(const ReconcileRun& run) {
  CARDEX_RETURN_IF_ERROR(RejectIfReadOnly());
  CARDEX_ASSIGN_OR_RETURN(
      StmtPtr stmt, Prepare("INSERT INTO reconcile_runs (full_run, revision, members_checked, "
                            "members_total) VALUES (?1, ?2, ?3, ?4)"));
  sqlite3_bind_int(stmt.get(), 1, run.full ? 1 : 0);
  sqlite3_bind_int64(stmt.get(), 2, run.revision);
  sqlite3_bind_int64(stmt.get(), 3, run.members_checked);
  sqlite3_bind_int64(stmt.get(), 4, run.members_total);
  int rc = sqlite3_step(stmt.get());
  if (rc != SQLITE_DONE) return Error(rc, "recording a reconciliation run");
  return static_cast<int64_t>(sqlite3_last_insert_rowid(db_));
}

Result<std::optional<ReconcileRun>> SqliteStore::LastReconcileRun() {
  CARDEX_ASSIGN_OR_RETURN(
      StmtPtr stmt, Prepare("SELECT run_id, full_run, revision, members_checked, members_total, "
                            "started_at FROM reconcile_runs ORDER BY run_id DESC LIMIT 1"));
  int rc = sqlite3_step(stmt.get());
  if (rc == SQLITE_DONE) return std::optional<ReconcileRun>();
  if (rc != SQLITE_ROW) return Error(rc, "reading the last reconciliation run");
  ReconcileRun run;
  sqlite3_stmt* s = stmt.get();
  run.run_id = sqlite3_column_int64(s, 0);
  run.full = sqlite3_column_int(s, 1) != 0;
  run.revision = sqlite3_column_int64(s, 2);
  run.members_checked = sqlite3_column_int64(s, 3);
  run.members_total = sqlite3_column_int64(s, 4);
  ColumnText(s, 5, &run.started_at);
  return std::optional<ReconcileRun>(std::move(run));
}

Status SqliteStore::UpsertReconcileResults(std::span<const ReconcileResultRow> rows) {
  return WriteAtomically([&]() -> Status {
    CARDEX_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, Cached(kUpsertResult));
    std::string fields;
    for (const ReconcileResultRow& r : rows) {
      fields = FieldsText(r.fields);
      const std::string_view verdict = VerdictName(r.verdict);
      BindText(stmt, 1, r.member_no);
      sqlite3_bind_int64(stmt, 2, r.run_id);
      sqlite3_bind_text(stmt, 3, verdict.data(), static_cast<int>(verdict.size()), SQLITE_STATIC);
      BindText(stmt, 4, fields);
      BindText(stmt, 5, r.suggested_citizen_id);
      BindText(stmt, 6, r.registry_full_name);
      BindText(stmt, 7, r.registry_birth_date);
      BindText(stmt, 8, r.registry_gender);
      BindText(stmt, 9, r.registry_deceased_on);
      BindText(stmt, 10, r.suggestion_reasons);
      CARDEX_RETURN_IF_ERROR(StepDone(stmt, "storing reconciliation results"));
    }
    sqlite3_clear_bindings(stmt);
    return Status::Ok();
  });
}

Status SqliteStore::ClearReconcileResults() {
  // Without a WHERE, SQLite frees the table's pages instead of visiting rows.
  return WriteAtomically(
      [&] { return Exec("DELETE FROM reconcile_results", "clearing reconciliation results"); });
}

Status SqliteStore::ScanReconcileResults(const Visitor<ReconcileResultRow>& fn) {
  CARDEX_ASSIGN_OR_RETURN(
      StmtPtr stmt,
      Prepare("SELECT member_no, run_id, verdict, fields, suggested_citizen_id, "
              "registry_full_name, registry_birth_date, registry_gender, registry_deceased_on, "
              "suggestion_reasons FROM reconcile_results ORDER BY member_no"));
  ReconcileResultRow r;
  return ForEachRow(stmt.get(), [&](sqlite3_stmt* s) {
    ColumnText(s, 0, &r.member_no);
    r.run_id = sqlite3_column_int64(s, 1);
    auto verdict = ParseVerdict(ColumnView(s, 2));
    auto fields = ParseFields(ColumnView(s, 3));
    if (!verdict || !fields) return Status::Internal("reconcile_results holds an unknown verdict");
    r.verdict = *verdict;
    r.fields = *fields;
    ColumnText(s, 4, &r.suggested_citizen_id);
    ColumnText(s, 5, &r.registry_full_name);
    ColumnText(s, 6, &r.registry_birth_date);
    ColumnText(s, 7, &r.registry_gender);
    ColumnText(s, 8, &r.registry_deceased_on);
    ColumnText(s, 9, &r.suggestion_reasons);
    return fn(r);
  }, "reading reconciliation results");
}

}  // namespace cardex::store_internal
