// SqliteStore: appointments and settings (schema v3).
#include <algorithm>
#include <string>
#include <vector>

#include "bulk_load.h"
#include "sqlite_store.h"
#include "store_util.h"

namespace cardex::store_internal {
namespace {

inline void BindText(sqlite3_stmt* stmt, int index, std::string_view text) {
  sqlite3_bind_text(stmt, index, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
}

inline void ColumnText(sqlite3_stmt* stmt, int index, std::string* out) {
  const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(stmt, index));
  out->assign(data ? data : "", static_cast<size_t>(sqlite3_column_bytes(stmt, index)));
}

// Every SET expression reads the row as it was, so `same` compares the
// stored appointment with the new one: an unchanged appointment keeps its
// status (a member already received stays received) and planned_at.
#define CARDEX_SAME_APPOINTMENT                                                             \
  "(unit_code, station_code, slot_start, slot_end, mode, invitation_code) = "               \
  "(excluded.unit_code, excluded.station_code, excluded.slot_start, excluded.slot_end, "    \
  "excluded.mode, excluded.invitation_code)"
constexpr const char* kUpsertAppointment =
    "INSERT INTO appointments (member_no, unit_code, station_code, slot_start, slot_end, mode, "
    "invitation_code, status, plan_run) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
    "ON CONFLICT (member_no) DO UPDATE SET "
    "status = CASE WHEN " CARDEX_SAME_APPOINTMENT " THEN status ELSE excluded.status END, "
    "planned_at = CASE WHEN " CARDEX_SAME_APPOINTMENT " THEN planned_at ELSE CURRENT_TIMESTAMP END, "
    "unit_code = excluded.unit_code, station_code = excluded.station_code, "
    "slot_start = excluded.slot_start, slot_end = excluded.slot_end, mode = excluded.mode, "
    "invitation_code = excluded.invitation_code, plan_run = excluded.plan_run";
#undef CARDEX_SAME_APPOINTMENT
constexpr const char* kInsertAppointment =
    "INSERT INTO appointments (member_no, unit_code, station_code, slot_start, slot_end, mode, "
    "invitation_code, status, plan_run) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
// The invitation code's uniqueness (schema v7).
constexpr const char* kDropCodeIndex = "DROP INDEX IF EXISTS appointments_invitation_code";
constexpr const char* kCreateCodeIndex =
    "CREATE UNIQUE INDEX appointments_invitation_code ON appointments (invitation_code)";
constexpr const char* kDeleteAppointment = "DELETE FROM appointments WHERE member_no = ?1";
constexpr const char* kGetSetting = "SELECT value FROM settings WHERE key = ?1";
constexpr const char* kPutSettingIfAbsent =
    "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO NOTHING";
constexpr const char* kNextPlanRun =
    "INSERT INTO settings (key, value) VALUES ('last_plan_run', '1') ON CONFLICT (key) "
    "DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) RETURNING value";

Status CheckOneRun(std::span<const StoredAppointment> rows) {
  for (const StoredAppointment& r : rows) {
    if (r.plan_run != rows.front().plan_run) {
      return Status::InvalidArgument("ReplaceAppointments: the rows come from more than one plan run");
    }
  }
  return Status::Ok();
}

}  // namespace

Result<std::optional<std::string>> SqliteStore::GetSetting(std::string_view key) {
  CARDEX_ASSIGN_OR_RETURN(StmtPtr stmt, Prepare(kGetSetting));
  BindText(stmt.get(), 1, key);
  int rc = sqlite3_step(stmt.get());
  if (rc == SQLITE_DONE) return std::optional<std::string>();
  if (rc != SQLITE_ROW) return Error(rc, "reading a setting");
  std::string value;
  ColumnText(stmt.get(), 0, &value);
  return std::optional<std::string>(std::move(value));
}

Result<std::string> SqliteStore::PutSettingIfAbsent(std::string_view key, std::string_view value) {
  if (key.empty()) return Status::InvalidArgument("a setting needs a key");
  Status written = WriteAtomically([&]() -> Status {
    CARDEX_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, Cached(kPutSettingIfAbsent));
    BindText(stmt, 1, key);
    BindText(stmt, 2, value);
    Status s = StepDone(stmt, "storing a setting");
    sqlite3_clear_bindings(stmt);
    return s;
  });
  if (!written.ok()) return written;
  CARDEX_ASSIGN_OR_RETURN(std::optional<std::string> stored, GetSetting(key));
  if (!stored) return Status::Internal("a stored setting vanished");
  return *std::move(stored);
}

Result<int64_t> SqliteStore::NextPlanRun() {
  int64_t run = 0;
  Status written = WriteAtomically([&]() -> Status {
    CARDEX_ASSIGN_OR_RETURN(StmtPtr stmt, Prepare(kNextPlanRun));
    int rc = sqlite3_step(stmt.get());
    if (rc != SQLITE_ROW) return Error(rc, "numbering a plan run");
    run = sqlite3_column_int64(stmt.get(), 0);
    rc = sqlite3_step(stmt.get());
    return rc == SQLITE_DONE ? Status::Ok() : Error(rc, "numbering a plan run");
  });
  if (!written.ok()) return written;
  return run;
}

Status SqliteStore::UpsertAppointment(sqlite3_stmt* stmt, const StoredAppointment& r) {
  BindText(stmt, 1, r.member_no);
  BindText(stmt, 2, r.unit_code);
  BindText(stmt, 3, r.station_code);
  BindText(stmt, 4, r.slot_start);
  BindText(stmt, 5, r.slot_end);
  BindText(stmt, 6, r.mode);
  BindText(stmt, 7, r.invitation_code);
  BindText(stmt, 8, r.status);
  sqlite3_bind_int64(stmt, 9, r.plan_run);
  const int rc = sqlite3_step(stmt);
  const int extended = sqlite3_extended_errcode(db_);
  sqlite3_reset(stmt);
  if (rc == SQLITE_DONE) return Status::Ok();
  if (extended == SQLITE_CONSTRAINT_PRIMARYKEY) {
    return Status::AlreadyExists("storing appointments: a member is given two appointments");
  }
  if (extended == SQLITE_CONSTRAINT_UNIQUE) {
    return Status::AlreadyExists("storing appointments: an invitation code is given to two members");
  }
  return Error(rc, "storing appointments");
}

Status SqliteStore::UpsertAppointments(std::span<const StoredAppointment> rows) {
  if (replace_.active) {
    for (const StoredAppointment& r : rows) {
      if (r.plan_run != replace_.plan_run) {
        return Status::InvalidArgument("UpsertAppointments: a row of another plan run during a replace");
      }
    }
  }
  return WriteAtomically([&]() -> Status {
    // Into the empty table of a replace nothing can conflict: a plain
    // insert skips the upsert's lookups.
    const bool fresh = replace_.active && replace_.table_was_empty;
    CARDEX_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, Cached(fresh ? kInsertAppointment : kUpsertAppointment));
    for (const StoredAppointment& r : rows) CARDEX_RETURN_IF_ERROR(UpsertAppointment(stmt, r));
    sqlite3_clear_bindings(stmt);
    return Status::Ok();
  });
}

Status SqliteStore::BeginReplaceAppointments(int64_t plan_run) {
  CARDEX_RETURN_IF_ERROR(RejectIfReadOnly());
  if (!in_tx_) return Status::FailedPrecondition("BeginReplaceAppointments outside a transaction");
  if (replace_.active) return Status::FailedPrecondition("a replace of appointments is already under way");
  // Every row is written again (plan_run at least), so sorted index builds
  // at the end beat keeping the indexes up to date row by row. The unique
  // invitation code comes down too (schema v7): meanwhile a new row may
  // take a code that a row about to be replaced still holds, and a code the
  // new plan gives twice fails the index's rebuild, so the whole replace.
  CARDEX_RETURN_IF_ERROR(Exec(kReplaceCacheSize, "enlarging the page cache"));
  CARDEX_RETURN_IF_ERROR(Exec("PRAGMA threads=2", "letting index builds sort on two threads"));
  CARDEX_RETURN_IF_ERROR(Exec(kDropCodeIndex, "dropping an index for a plan"));
  for (const SecondaryIndex& index : AppointmentSecondaryIndexes()) {
    std::string sql = "DROP INDEX IF EXISTS " + std::string(index.name);
    CARDEX_RETURN_IF_ERROR(Exec(sql.c_str(), "dropping an index for a plan"));
  }
  CARDEX_ASSIGN_OR_RETURN(StmtPtr any, Prepare("SELECT EXISTS (SELECT 1 FROM appointments)"));
  int rc = sqlite3_step(any.get());
  if (rc != SQLITE_ROW) return Error(rc, "reading appointments");
  replace_ = {};
  replace_.active = true;
  replace_.table_was_empty = sqlite3_column_int(any.get(), 0) == 0;
  replace_.plan_run = plan_run;
  return Status::Ok();
}

Status SqliteStore::EndReplaceAppointments() {
  if (!replace_.active) return Status::FailedPrecondition("EndReplaceAppointments without a Begin");
  if (!replace_.table_was_empty) {
    CARDEX_ASSIGN_OR_RETURN(StmtPtr stmt, Prepare("DELETE FROM appointments WHERE plan_run <> ?1"));
    sqlite3_bind_int64(stmt.get(), 1, replace_.plan_run);
    int rc = sqlite3_step(stmt.get());
    if (rc != SQLITE_DONE) return Error(rc, "deleting replaced appointments");
  }
  replace_ = {};
  const int rc = sqlite3_exec(db_, kCreateCodeIndex, nullptr, nullptr, nullptr);
  if ((rc & 0xff) == SQLITE_CONSTRAINT) {
    return Status::AlreadyExists("the plan gives the same invitation code to two members");
  }
  if (rc != SQLITE_OK) return Error(rc, "rebuilding the invitation codes' index after a plan");
  for (const SecondaryIndex& index : AppointmentSecondaryIndexes()) {
    std::string sql(index.create_sql);
    CARDEX_RETURN_IF_ERROR(Exec(sql.c_str(), "rebuilding an index after a plan"));
  }
  CARDEX_RETURN_IF_ERROR(Exec("PRAGMA threads=0", "restoring the sorter"));
  return Exec(kNormalCacheSize, "restoring the page cache");
}

Status SqliteStore::ReplaceAppointments(std::span<const StoredAppointment> rows) {
  CARDEX_RETURN_IF_ERROR(CheckOneRun(rows));
  if (rows.empty()) {
    return WriteAtomically([&] { return Exec("DELETE FROM appointments", "deleting appointments"); });
  }
  // In member_no order the primary key grows at its end, page after page.
  std::vector<const StoredAppointment*> sorted;
  sorted.reserve(rows.size());
  for (const StoredAppointment& r : rows) sorted.push_back(&r);
  std::sort(sorted.begin(), sorted.end(),
            [](const StoredAppointment* a, const StoredAppointment* b) { return a->member_no < b->member_no; });
  return WriteAtomically([&]() -> Status {
    CARDEX_RETURN_IF_ERROR(BeginReplaceAppointments(rows.front().plan_run));
    CARDEX_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, Cached(kUpsertAppointment));
    for (const StoredAppointment* r : sorted) CARDEX_RETURN_IF_ERROR(UpsertAppointment(stmt, *r));
    sqlite3_clear_bindings(stmt);
    return EndReplaceAppointments();
  });
}

Result<int64_t> SqliteStore::DeleteAppointments(std::span<const std::string> member_nos) {
  int64_t deleted = 0;
  Status written = WriteAtomically([&]() -> Status {
    CARDEX_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, Cached(kDeleteAppointment));
    for (const std::string& m : member_nos) {
      BindText(stmt, 1, m);
      CARDEX_RETURN_IF_ERROR(StepDone(stmt, "deleting appointments"));
      deleted += sqlite3_changes(db_);
    }
    sqlite3_clear_bindings(stmt);
    return Status::Ok();
  });
  if (!written.ok()) return written;
  return deleted;
}

Status SqliteStore::ScanAppointments(const AppointmentFilter& filter,
                                     const Visitor<StoredAppointment>& fn) {
  // A day's slots are the key range [DATE "T", DATE "U"): 'U' follows 'T'.
  std::string sql =
      "SELECT member_no, unit_code, station_code, slot_start, slot_end, mode, invitation_code, "
      "status, planned_at, plan_run FROM appointments WHERE 1";
  if (!filter.station_code.empty()) sql += " AND station_code = ?1";
  if (!filter.date.empty()) sql += " AND slot_start >= ?2 || 'T' AND slot_start < ?2 || 'U'";
  if (!filter.unit_code.empty()) sql += " AND unit_code = ?3";
  if (!filter.member_no.empty()) sql += " AND member_no = ?4";
  sql += " ORDER BY slot_start, station_code, member_no";
  CARDEX_ASSIGN_OR_RETURN(StmtPtr stmt, Prepare(sql));
  if (!filter.station_code.empty()) BindText(stmt.get(), 1, filter.station_code);
  if (!filter.date.empty()) BindText(stmt.get(), 2, filter.date);
  if (!filter.unit_code.empty()) BindText(stmt.get(), 3, filter.unit_code);
  if (!filter.member_no.empty()) BindText(stmt.get(), 4, filter.member_no);
  StoredAppointment a;
  return ForEachRow(stmt.get(), [&](sqlite3_stmt* s) {
    ColumnText(s, 0, &a.member_no);
    ColumnText(s, 1, &a.unit_code);
    ColumnText(s, 2, &a.station_code);
    ColumnText(s, 3, &a.slot_start);
    ColumnText(s, 4, &a.slot_end);
    ColumnText(s, 5, &a.mode);
    ColumnText(s, 6, &a.invitation_code);
    ColumnText(s, 7, &a.status);
    ColumnText(s, 8, &a.planned_at);
    a.plan_run = sqlite3_column_int64(s, 9);
    return fn(a);
  }, "reading appointments");
}

}  // namespace cardex::store_internal
