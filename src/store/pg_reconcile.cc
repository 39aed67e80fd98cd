// PgStore: change revisions and reconciliation writes and lookups (schema
// v2). The scans are in pg_scan.cc.
#include <algorithm>
#include <charconv>
#include <cstring>
#include <functional>
#include <span>
#include <string>
#include <unordered_set>
#include <vector>

#include "bulk_load.h"
#include "cardex/core/block_keys.h"
#include "cardex/core/verdict.h"
#include "pg_store.h"
#include "store_util.h"

namespace cardex::store_internal {
namespace {

// Ids per lookup round trip.
constexpr size_t kLookupBatch = 10000;

std::string_view Value(const PGresult* r, int row, int col) {
  return {PQgetvalue(r, row, col), static_cast<size_t>(PQgetlength(r, row, col))};
}

int64_t IntValue(const PGresult* r, int row, int col) {
  std::string_view v = Value(r, row, col);
  int64_t out = 0;
  std::from_chars(v.data(), v.data() + v.size(), out);
  return out;
}

// One COPY text-format field and its separator.
void AppendField(std::string* out, std::string_view value, char end) {
  for (char c : value) {
    switch (c) {
      case '\\':
        out->append("\\\\");
        break;
      case '\t':
        out->append("\\t");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      default:
        out->push_back(c);
    }
  }
  out->push_back(end);
}

const char* const kStageResults =
    "CREATE TEMP TABLE IF NOT EXISTS cardex_stage_results (member_no TEXT COLLATE \"C\", "
    "run_id BIGINT, verdict TEXT, fields TEXT, suggested_citizen_id TEXT, "
    "registry_full_name TEXT, registry_birth_date TEXT, registry_gender TEXT, "
    "registry_deceased_on TEXT, suggestion_reasons TEXT)";
#define CARDEX_RESULT_COLUMNS                                                       \
  "(member_no, run_id, verdict, fields, suggested_citizen_id, registry_full_name, " \
  "registry_birth_date, registry_gender, registry_deceased_on, suggestion_reasons)"
const char* const kMergeResults =
    "INSERT INTO reconcile_results " CARDEX_RESULT_COLUMNS
    " SELECT member_no, run_id, verdict, fields, suggested_citizen_id, "
    "registry_full_name, registry_birth_date, registry_gender, registry_deceased_on, "
    "suggestion_reasons FROM cardex_stage_results "
    "ON CONFLICT (member_no) DO UPDATE SET run_id = EXCLUDED.run_id, "
    "verdict = EXCLUDED.verdict, fields = EXCLUDED.fields, "
    "suggested_citizen_id = EXCLUDED.suggested_citizen_id, "
    "registry_full_name = EXCLUDED.registry_full_name, "
    "registry_birth_date = EXCLUDED.registry_birth_date, "
    "registry_gender = EXCLUDED.registry_gender, "
    "registry_deceased_on = EXCLUDED.registry_deceased_on, "
    "suggestion_reasons = EXCLUDED.suggestion_reasons;"
    "TRUNCATE cardex_stage_results";

// Runs `sql`, which selects kCitizenViewColumns with `= ANY($1::bigint[])`,
// for `values` (sorted, distinct) a batch at a time.
Status LookupByArray(PGconn* conn, const char* sql, const std::vector<int64_t>& values,
                     const Store::Visitor<CitizenView>& fn,
                     const std::function<Status(const PGresult*)>& error) {
  CitizenView c;
  std::string array;
  for (size_t start = 0; start < values.size(); start += kLookupBatch) {
    const size_t end = std::min(values.size(), start + kLookupBatch);
    array = "{";
    for (size_t i = start; i < end; ++i) {
      if (i > start) array.push_back(',');
      array += std::to_string(values[i]);
    }
    array.push_back('}');
    const char* params[1] = {array.c_str()};
    PgResult r(PQexecParams(conn, sql, 1, nullptr, params, nullptr, nullptr, 0));
    if (!r || PQresultStatus(r.get()) != PGRES_TUPLES_OK) return error(r.get());
    for (int i = 0, n = PQntuples(r.get()); i < n; ++i) {
      c.citizen_id = IntValue(r.get(), i, 0);
      c.full_name = Value(r.get(), i, 1);
      c.birth_date = Value(r.get(), i, 2);
      c.gender = Value(r.get(), i, 3);
      c.deceased_on = Value(r.get(), i, 4);
      c.revision = IntValue(r.get(), i, 5);
      CARDEX_RETURN_IF_ERROR(fn(c));
    }
  }
  return Status::Ok();
}

std::vector<int64_t> SortedDistinct(std::span<const int64_t> values) {
  std::vector<int64_t> sorted(values.begin(), values.end());
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  return sorted;
}

}  // namespace

Result<int64_t> PgStore::TransactionRevision() {
  if (tx_revision_ != 0) return tx_revision_;
  CARDEX_ASSIGN_OR_RETURN(
      PgResult r, Exec("UPDATE store_revision SET value = value + 1 WHERE id = 1 RETURNING value",
                       "taking a change revision"));
  if (PQntuples(r.get()) != 1) {
    return Status::FailedPrecondition("PostgreSQL at " + where_ +
                                      ": store_revision is empty (has `cardex init` run?)");
  }
  tx_revision_ = IntValue(r.get(), 0, 0);
  return tx_revision_;
}

Result<int64_t> PgStore::CurrentRevision() {
  CARDEX_ASSIGN_OR_RETURN(PgResult r, Exec("SELECT value FROM store_revision WHERE id = 1",
                                           "reading the change revision"));
  if (PQntuples(r.get()) != 1) return Status::FailedPrecondition("store_revision is empty");
  return IntValue(r.get(), 0, 0);
}


Status PgStore::LookupByIndex(const char* sql, std::span<const int64_t> values,
                              const Visitor<CitizenView>& fn, std::string_view doing) {
  // Told only "= ANY(10,000 values)", the planner prices the index probes
  // above a (parallel) pass over the whole table and, on a registry of a few
  // million, chooses the pass: one per batch, three to five times slower
  // than the probes. The values are sorted, so the probes walk the index in
  // order. One transaction for all batches, as SQLite does: SET LOCAL needs
  // one, and the batches see one snapshot.
  const bool own_tx = !TransactionOpen();
  CARDEX_RETURN_IF_ERROR(
      Exec(std::string(own_tx ? "BEGIN; " : "") +
               "SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off",
           doing)
          .status());
  Status s = LookupByArray(conn_, sql, SortedDistinct(values), fn,
                           [&](const PGresult* r) { return Error(r, doing); });
  if (own_tx) {
    Status ended = Exec(s.ok() ? "COMMIT" : "ROLLBACK", doing).status();
    if (s.ok()) s = ended;
  } else if (s.ok()) {
    s = Exec("RESET enable_seqscan; RESET enable_bitmapscan", doing).status();
  }
  return s;
}

Status PgStore::LookupCitizens(std::span<const int64_t> ids, const Visitor<CitizenView>& fn) {
  return LookupByIndex(
      "SELECT citizen_id, full_name, birth_date, gender, deceased_on, rev "
      "FROM citizens WHERE citizen_id = ANY($1::bigint[])",
      ids, fn, "looking up citizens");
}

Status PgStore::LookupCitizensBySuggestionKey(std::span<const int64_t> keys,
                                              const Visitor<CitizenView>& fn) {
  return LookupByIndex(
      "SELECT citizen_id, full_name, birth_date, gender, deceased_on, rev "
      "FROM citizens WHERE suggestion_key = ANY($1::bigint[])",
      keys, fn, "looking up citizens by suggestion key");
}

Status PgStore::FillSuggestionKeys() {
  // In key order, a batch at a time: the fold is C++, so each batch is read,
  // keyed here and written back through arrays.
  constexpr int kFillBatch = 20000;
  std::string after = "-1", ids, keys;
  while (true) {
    CARDEX_ASSIGN_OR_RETURN(
        PgResult r,
        ExecParams("SELECT citizen_id, full_name, birth_date, gender FROM citizens "
                   "WHERE citizen_id > $1::bigint AND suggestion_key IS NULL "
                   "ORDER BY citizen_id LIMIT 20000",
                   {after}, "reading citizens without a suggestion key"));
    const int n = PQntuples(r.get());
    if (n == 0) break;
    ids = "{";
    keys = "{";
    for (int i = 0; i < n; ++i) {
      if (i > 0) {
        ids.push_back(',');
        keys.push_back(',');
      }
      ids.append(Value(r.get(), i, 0));
      keys += std::to_string(
          SuggestionKey(Value(r.get(), i, 1), Value(r.get(), i, 2), Value(r.get(), i, 3)));
    }
    ids.push_back('}');
    keys.push_back('}');
    after = std::string(Value(r.get(), n - 1, 0));
    CARDEX_RETURN_IF_ERROR(
        ExecParams("UPDATE citizens c SET suggestion_key = k.key "
                   "FROM unnest($1::bigint[], $2::bigint[]) AS k(id, key) "
                   "WHERE c.citizen_id = k.id",
                   {ids, keys}, "storing the citizens' suggestion keys")
            .status());
    if (n < kFillBatch) break;
  }
  std::string sql = "SET LOCAL maintenance_work_mem = '512MB';";
  for (const auto& index : SecondaryIndexes(RecordKind::kCitizens)) {
    if (index.name != "citizens_suggestion_key") continue;  // later migrations build theirs
    sql += std::string(index.create_sql) + ";";
  }
  return Exec(sql, "building the suggestion key index").status();
}

Status PgStore::FillBlockKeys() {
  // As FillSuggestionKeys: a batch at a time, keyed here, written back
  // through arrays, then the indexes.
  constexpr int kFillBatch = 20000;
  std::string after = "-1", ids, given, family;
  while (true) {
    CARDEX_ASSIGN_OR_RETURN(
        PgResult r,
        ExecParams("SELECT citizen_id, full_name, birth_date, gender FROM citizens "
                   "WHERE citizen_id > $1::bigint AND given_key IS NULL "
                   "ORDER BY citizen_id LIMIT 20000",
                   {after}, "reading citizens without blocking keys"));
    const int n = PQntuples(r.get());
    if (n == 0) break;
    ids = "{";
    given = "{";
    family = "{";
    for (int i = 0; i < n; ++i) {
      if (i > 0) {
        ids.push_back(',');
        given.push_back(',');
        family.push_back(',');
      }
      ids.append(Value(r.get(), i, 0));
      const CitizenBlockKeys keys =
          BlockKeysOf(Value(r.get(), i, 1), Value(r.get(), i, 2), Value(r.get(), i, 3));
      given += std::to_string(keys.given);
      family += std::to_string(keys.family);
    }
    ids.push_back('}');
    given.push_back('}');
    family.push_back('}');
    after = std::string(Value(r.get(), n - 1, 0));
    CARDEX_RETURN_IF_ERROR(
        ExecParams("UPDATE citizens c SET given_key = k.g, family_key = k.f "
                   "FROM unnest($1::bigint[], $2::bigint[], $3::bigint[]) AS k(id, g, f) "
                   "WHERE c.citizen_id = k.id",
                   {ids, given, family}, "storing the citizens' blocking keys")
            .status());
    if (n < kFillBatch) break;
  }
  std::string sql = "SET LOCAL maintenance_work_mem = '512MB';";
  for (const auto& index : SecondaryIndexes(RecordKind::kCitizens)) {
    if (index.name == "citizens_suggestion_key") continue;
    sql += std::string(index.create_sql) + ";";
  }
  return Exec(sql, "building the blocking key indexes").status();
}

Status PgStore::LookupCitizensByBlockKey(BlockKey kind, std::span<const int64_t> keys,
                                         const Visitor<CitizenView>& fn) {
  return LookupByIndex(kind == BlockKey::kGiven
                           ? "SELECT citizen_id, full_name, birth_date, gender, deceased_on, rev "
                             "FROM citizens WHERE given_key = ANY($1::bigint[])"
                           : "SELECT citizen_id, full_name, birth_date, gender, deceased_on, rev "
                             "FROM citizens WHERE family_key = ANY($1::bigint[])",
                       keys, fn, "looking up citizens by blocking key");
}

Result<int64_t> PgStore::AddReconcileRun(const ReconcileRun& run) {
  const std::string sql =
      "INSERT INTO reconcile_runs (full_run, revision, members_checked, members_total) VALUES (" +
      std::to_string(run.full ? 1 : 0) + ", " + std::to_string(run.revision) + ", " +
      std::to_string(run.members_checked) + ", " + std::to_string(run.members_total) +
      ") RETURNING run_id";
  CARDEX_ASSIGN_OR_RETURN(PgResult r, Exec(sql, "recording a reconciliation run"));
  return IntValue(r.get(), 0, 0);
}

Result<std::optional<ReconcileRun>> PgStore::LastReconcileRun() {
  CARDEX_ASSIGN_OR_RETURN(PgResult r,
                          Exec("SELECT run_id, full_run, revision, members_checked, members_total, "
                               "to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') "
                               "FROM reconcile_runs ORDER BY run_id DESC LIMIT 1",
                               "reading the last reconciliation run"));
  if (PQntuples(r.get()) == 0) return std::optional<ReconcileRun>();
  ReconcileRun run;
  run.run_id = IntValue(r.get(), 0, 0);
  run.full = IntValue(r.get(), 0, 1) != 0;
  run.revision = IntValue(r.get(), 0, 2);
  run.members_checked = IntValue(r.get(), 0, 3);
  run.members_total = IntValue(r.get(), 0, 4);
  run.started_at = Value(r.get(), 0, 5);
  return std::optional<ReconcileRun>(std::move(run));
}

Status PgStore::ClearReconcileResults() {
  // DELETE, not TRUNCATE: TRUNCATE would lock readers of the results out
  // until the run commits.
  CARDEX_RETURN_IF_ERROR(WriteAtomically([&] {
    return Exec("DELETE FROM reconcile_results", "clearing reconciliation results").status();
  }));
  results_cleared_ = in_tx_;
  results_written_ = false;
  results_max_key_.clear();
  return Status::Ok();
}

Status PgStore::UpsertReconcileResults(std::span<const ReconcileResultRow> rows) {
  static const StageSpec kSpec{1u << 5, kStageResults,
                               "COPY cardex_stage_results " CARDEX_RESULT_COLUMNS " FROM STDIN",
                               kMergeResults};
  if (rows.empty()) return Status::Ok();
  // A full run stores every member once, in key order, into the table it
  // has just emptied: then a plain COPY does, without the stage and the
  // merge's conflict check per row (four times the server's time).
  bool direct = results_cleared_;
  for (size_t i = 0; direct && i < rows.size(); ++i) {
    if (i == 0) {
      direct = !results_written_ || results_max_key_ < rows[0].member_no;
    } else {
      direct = rows[i - 1].member_no < rows[i].member_no;
    }
  }
  // ON CONFLICT cannot touch a row twice in one statement; as in SQLite,
  // the later row of a key given twice wins.
  std::vector<bool> keep(rows.size(), true);
  if (!direct) {
    std::unordered_set<std::string_view> seen;
    for (size_t i = rows.size(); i-- > 0;) keep[i] = seen.insert(rows[i].member_no).second;
  }
  copy_buffer_.clear();
  for (size_t i = 0; i < rows.size(); ++i) {
    if (!keep[i]) continue;
    const ReconcileResultRow& r = rows[i];
    AppendField(&copy_buffer_, r.member_no, '\t');
    AppendField(&copy_buffer_, std::to_string(r.run_id), '\t');
    AppendField(&copy_buffer_, VerdictName(r.verdict), '\t');
    AppendField(&copy_buffer_, FieldsText(r.fields), '\t');
    AppendField(&copy_buffer_, r.suggested_citizen_id, '\t');
    AppendField(&copy_buffer_, r.registry_full_name, '\t');
    AppendField(&copy_buffer_, r.registry_birth_date, '\t');
    AppendField(&copy_buffer_, r.registry_gender, '\t');
    AppendField(&copy_buffer_, r.registry_deceased_on, '\t');
    AppendField(&copy_buffer_, r.suggestion_reasons, '\n');
  }
  CARDEX_RETURN_IF_ERROR(WriteAtomically([&] {
    return direct ? CopyIn("COPY reconcile_results " CARDEX_RESULT_COLUMNS " FROM STDIN",
                           copy_buffer_, "storing reconciliation results")
                  : CopyAndMerge(kSpec, copy_buffer_, "storing reconciliation results");
  }));
  if (results_cleared_) {
    for (const ReconcileResultRow& r : rows) {
      if (!results_written_ || results_max_key_ < r.member_no) results_max_key_ = r.member_no;
      results_written_ = true;
    }
  }
  return Status::Ok();
}

}  // namespace cardex::store_internal
