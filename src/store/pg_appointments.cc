// PgStore: appointments and settings (schema v3). Upserts send up to 1,000
// rows per statement; scans page by key (slot_start, station_code,
// member_no) so that memory stays bounded without holding a cursor.
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "bulk_load.h"
#include "pg_store.h"
#include "store_util.h"

namespace cardex::store_internal {
namespace {

constexpr size_t kRowsPerStatement = 1000;  // 9 parameters each: well under 65,535
constexpr int kPageRows = 10000;

std::string_view Value(const PGresult* r, int row, int col) {
  return {PQgetvalue(r, row, col), static_cast<size_t>(PQgetlength(r, row, col))};
}

int64_t IntValue(const PGresult* r, int row, int col) {
  std::string_view v = Value(r, row, col);
  int64_t out = 0;
  std::from_chars(v.data(), v.data() + v.size(), out);
  return out;
}

// The stored row (a) and the new one (EXCLUDED) are the same appointment.
#define CARDEX_SAME_APPOINTMENT                                                                \
  "(a.unit_code, a.station_code, a.slot_start, a.slot_end, a.mode, a.invitation_code) = "      \
  "(EXCLUDED.unit_code, EXCLUDED.station_code, EXCLUDED.slot_start, EXCLUDED.slot_end, "       \
  "EXCLUDED.mode, EXCLUDED.invitation_code)"
constexpr const char* kUpsertHead =
    "INSERT INTO appointments AS a (member_no, unit_code, station_code, slot_start, slot_end, "
    "mode, invitation_code, status, plan_run) VALUES ";
constexpr const char* kUpsertTail =
    " ON CONFLICT (member_no) DO UPDATE SET "
    "status = CASE WHEN " CARDEX_SAME_APPOINTMENT " THEN a.status ELSE EXCLUDED.status END, "
    "planned_at = CASE WHEN " CARDEX_SAME_APPOINTMENT " THEN a.planned_at "
    "ELSE to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') END, "
    "unit_code = EXCLUDED.unit_code, station_code = EXCLUDED.station_code, "
    "slot_start = EXCLUDED.slot_start, slot_end = EXCLUDED.slot_end, mode = EXCLUDED.mode, "
    "invitation_code = EXCLUDED.invitation_code, plan_run = EXCLUDED.plan_run";
#undef CARDEX_SAME_APPOINTMENT

// A replace (BeginReplaceAppointments): the stage, and its merge, which
// keeps status and planned_at where the appointment is unchanged and
// leaves columns it does not name as they are.
constexpr const char* kCodeConstraint = "appointments_invitation_code_key";
constexpr const char* kCreateStage =
    "CREATE TEMP TABLE IF NOT EXISTS cardex_stage_appointments (member_no TEXT COLLATE \"C\", "
    "unit_code TEXT, station_code TEXT, slot_start TEXT, slot_end TEXT, mode TEXT, "
    "invitation_code TEXT, status TEXT, plan_run BIGINT); TRUNCATE cardex_stage_appointments";
#define CARDEX_COLUMNS "(member_no, unit_code, station_code, slot_start, slot_end, mode, invitation_code, status, plan_run)"
constexpr const char* kCopyDirect = "COPY appointments " CARDEX_COLUMNS " FROM STDIN";
constexpr const char* kCopyStage = "COPY cardex_stage_appointments " CARDEX_COLUMNS " FROM STDIN";
#define CARDEX_SAME_APPOINTMENT                                                                \
  "(a.unit_code, a.station_code, a.slot_start, a.slot_end, a.mode, a.invitation_code) = "      \
  "(s.unit_code, s.station_code, s.slot_start, s.slot_end, s.mode, s.invitation_code)"
constexpr const char* kMergeStage =
    "UPDATE appointments a SET "
    "status = CASE WHEN " CARDEX_SAME_APPOINTMENT " THEN a.status ELSE s.status END, "
    "planned_at = CASE WHEN " CARDEX_SAME_APPOINTMENT " THEN a.planned_at "
    "ELSE to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') END, "
    "unit_code = s.unit_code, station_code = s.station_code, slot_start = s.slot_start, "
    "slot_end = s.slot_end, mode = s.mode, invitation_code = s.invitation_code, plan_run = s.plan_run "
    "FROM cardex_stage_appointments s WHERE a.member_no = s.member_no; "
    "INSERT INTO appointments " CARDEX_COLUMNS " SELECT member_no, unit_code, station_code, "
    "slot_start, slot_end, mode, invitation_code, status, plan_run FROM cardex_stage_appointments s "
    "WHERE NOT EXISTS (SELECT 1 FROM appointments a WHERE a.member_no = s.member_no); ";
#undef CARDEX_SAME_APPOINTMENT
#undef CARDEX_COLUMNS

// Appends `value` as one COPY text-format field (backslash, tab, newline
// and carriage return escaped).
void AppendCopyField(std::string* out, std::string_view value) {
  for (char c : value) {
    switch (c) {
      case '\\': out->append("\\\\"); break;
      case '\t': out->append("\\t"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      default: out->push_back(c);
    }
  }
}

}  // namespace

Result<std::optional<std::string>> PgStore::GetSetting(std::string_view key) {
  CARDEX_ASSIGN_OR_RETURN(PgResult r, ExecParams("SELECT value FROM settings WHERE key = $1",
                                                 {key}, "reading a setting"));
  if (PQntuples(r.get()) == 0) return std::optional<std::string>();
  return std::optional<std::string>(std::string(Value(r.get(), 0, 0)));
}

Result<std::string> PgStore::PutSettingIfAbsent(std::string_view key, std::string_view value) {
  if (key.empty()) return Status::InvalidArgument("a setting needs a key");
  Status written = WriteAtomically([&]() -> Status {
    return ExecParams("INSERT INTO settings (key, value) VALUES ($1, $2) "
                      "ON CONFLICT (key) DO NOTHING",
                      {key, value}, "storing a setting")
        .status();
  });
  if (!written.ok()) return written;
  CARDEX_ASSIGN_OR_RETURN(std::optional<std::string> stored, GetSetting(key));
  if (!stored) return Status::Internal("a stored setting vanished");
  return *std::move(stored);
}

Result<int64_t> PgStore::NextPlanRun() {
  int64_t run = 0;
  Status written = WriteAtomically([&]() -> Status {
    CARDEX_ASSIGN_OR_RETURN(
        PgResult r,
        Exec("INSERT INTO settings (key, value) VALUES ('last_plan_run', '1') ON CONFLICT (key) "
             "DO UPDATE SET value = (settings.value::bigint + 1)::text RETURNING value",
             "numbering a plan run"));
    run = IntValue(r.get(), 0, 0);
    return Status::Ok();
  });
  if (!written.ok()) return written;
  return run;
}

Status PgStore::UpsertAppointments(std::span<const StoredAppointment> rows) {
  if (replace_.active) {
    copy_buffer_.clear();
    for (const StoredAppointment& r : rows) {
      if (r.plan_run != replace_.plan_run) {
        return Status::InvalidArgument("UpsertAppointments: a row of another plan run during a replace");
      }
      for (const std::string* v : {&r.member_no, &r.unit_code, &r.station_code, &r.slot_start, &r.slot_end,
                                   &r.mode, &r.invitation_code, &r.status}) {
        AppendCopyField(&copy_buffer_, *v);
        copy_buffer_.push_back('\t');
      }
      copy_buffer_.append(std::to_string(r.plan_run)).push_back('\n');
    }
    return StreamCopy(replace_.table_was_empty ? kCopyDirect : kCopyStage, copy_buffer_, "storing appointments");
  }
  return WriteAtomically([&]() -> Status {
    std::vector<std::string> runs;
    std::vector<const char*> values;
    std::string sql;
    for (size_t begin = 0; begin < rows.size(); begin += kRowsPerStatement) {
      const size_t end = std::min(rows.size(), begin + kRowsPerStatement);
      runs.clear();
      values.clear();
      sql = kUpsertHead;
      for (size_t i = begin; i < end; ++i) runs.push_back(std::to_string(rows[i].plan_run));
      for (size_t i = begin; i < end; ++i) {
        const StoredAppointment& r = rows[i];
        for (const std::string* v : {&r.member_no, &r.unit_code, &r.station_code, &r.slot_start,
                                     &r.slot_end, &r.mode, &r.invitation_code, &r.status}) {
          values.push_back(v->c_str());
        }
        values.push_back(runs[i - begin].c_str());
        const size_t p = (i - begin) * 9;
        sql += i == begin ? "(" : ", (";
        for (size_t k = 1; k <= 9; ++k) {
          sql += "$" + std::to_string(p + k) + (k == 9 ? "::bigint)" : ", ");
        }
      }
      sql += kUpsertTail;
      PgResult r(PQexecParams(conn_, sql.c_str(), static_cast<int>(values.size()), nullptr,
                              values.data(), nullptr, nullptr, 0));
      if (!r || PQresultStatus(r.get()) != PGRES_COMMAND_OK) {
        return Error(r.get(), "storing appointments");
      }
    }
    return Status::Ok();
  });
}

Status PgStore::BeginReplaceAppointments(int64_t plan_run) {
  if (!in_tx_) return Status::FailedPrecondition("BeginReplaceAppointments outside a transaction");
  if (replace_.active) return Status::FailedPrecondition("a replace of appointments is already under way");
  // Every index but the primary key comes down and is built again, sorted,
  // at the end, the unique invitation code with them, so that a new row may
  // take a code a replaced row still holds. Dropping them locks the table:
  // other sessions wait for the plan's transaction (seconds).
  std::string sql =
      "LOCK TABLE appointments IN SHARE ROW EXCLUSIVE MODE; "
      "ALTER TABLE appointments DROP CONSTRAINT IF EXISTS " + std::string(kCodeConstraint) + ";";
  for (const SecondaryIndex& index : AppointmentSecondaryIndexes()) {
    sql += "DROP INDEX IF EXISTS " + std::string(index.name) + ";";
  }
  CARDEX_RETURN_IF_ERROR(Exec(sql, "dropping indexes for a plan").status());
  CARDEX_ASSIGN_OR_RETURN(PgResult any, Exec("SELECT EXISTS (SELECT 1 FROM appointments)", "reading appointments"));
  const bool empty = std::strcmp(PQgetvalue(any.get(), 0, 0), "t") != 0;
  if (!empty) {
    CARDEX_RETURN_IF_ERROR(Exec(kCreateStage, "staging appointments").status());
  }
  replace_ = {};
  replace_.active = true;
  replace_.table_was_empty = empty;
  replace_.plan_run = plan_run;
  return Status::Ok();
}

Status PgStore::EndReplaceAppointments() {
  if (!replace_.active) return Status::FailedPrecondition("EndReplaceAppointments without a Begin");
  const AppointmentReplace replace = replace_;
  replace_ = {};
  CARDEX_RETURN_IF_ERROR(EndCopyStream(nullptr, "storing appointments"));
  std::string sql;
  if (!replace.table_was_empty) {
    const std::string run = std::to_string(replace.plan_run);
    sql = std::string("ANALYZE cardex_stage_appointments; ") + kMergeStage +
          "DELETE FROM appointments WHERE plan_run <> " + run + "; DROP TABLE cardex_stage_appointments;";
  }
  // A sorted index build wants memory; LOCAL ends with the transaction.
  sql += "SET LOCAL maintenance_work_mem = '512MB'; ALTER TABLE appointments ADD CONSTRAINT " +
         std::string(kCodeConstraint) + " UNIQUE (invitation_code);";
  for (const SecondaryIndex& index : AppointmentSecondaryIndexes()) sql += std::string(index.create_sql) + ";";
  return Exec(sql, "merging a plan's appointments").status();
}

Status PgStore::ReplaceAppointments(std::span<const StoredAppointment> rows) {
  for (const StoredAppointment& r : rows) {
    if (r.plan_run != rows.front().plan_run) {
      return Status::InvalidArgument("ReplaceAppointments: the rows come from more than one plan run");
    }
  }
  if (rows.empty()) {
    return WriteAtomically([&] { return Exec("DELETE FROM appointments", "deleting appointments").status(); });
  }
  return WriteAtomically([&]() -> Status {
    CARDEX_RETURN_IF_ERROR(BeginReplaceAppointments(rows.front().plan_run));
    CARDEX_RETURN_IF_ERROR(UpsertAppointments(rows));
    return EndReplaceAppointments();
  });
}

Result<int64_t> PgStore::DeleteAppointments(std::span<const std::string> member_nos) {
  int64_t deleted = 0;
  Status written = WriteAtomically([&]() -> Status {
    for (const std::string& m : member_nos) {
      CARDEX_ASSIGN_OR_RETURN(PgResult r, ExecParams("DELETE FROM appointments WHERE member_no = $1",
                                                     {m}, "deleting appointments"));
      deleted += std::strtoll(PQcmdTuples(r.get()), nullptr, 10);
    }
    return Status::Ok();
  });
  if (!written.ok()) return written;
  return deleted;
}

Status PgStore::ScanAppointments(const AppointmentFilter& filter,
                                 const Visitor<StoredAppointment>& fn) {
  // Unnamed statements are planned with their parameter values, so the
  // conditions of empty filter fields fold away and the indexes serve the
  // rest. A day's slots are the key range [DATE "T", DATE "U").
  constexpr const char* kPage =
      "SELECT member_no, unit_code, station_code, slot_start, slot_end, mode, invitation_code, "
      "status, planned_at, plan_run FROM appointments "
      "WHERE ($1 = '' OR station_code = $1) "
      "AND ($2 = '' OR (slot_start >= $2 || 'T' AND slot_start < $2 || 'U')) "
      "AND ($3 = '' OR unit_code = $3) AND ($4 = '' OR member_no = $4) "
      "AND ($5 = '1' OR (slot_start, station_code, member_no) > ($6, $7, $8)) "
      "ORDER BY slot_start, station_code, member_no LIMIT 10000";
  std::string last_start, last_station, last_member;
  bool first = true;
  StoredAppointment a;
  while (true) {
    CARDEX_ASSIGN_OR_RETURN(
        PgResult r, ExecParams(kPage,
                               {filter.station_code, filter.date, filter.unit_code,
                                filter.member_no, first ? "1" : "0", last_start, last_station,
                                last_member},
                               "reading appointments"));
    const int n = PQntuples(r.get());
    for (int i = 0; i < n; ++i) {
      a.member_no = Value(r.get(), i, 0);
      a.unit_code = Value(r.get(), i, 1);
      a.station_code = Value(r.get(), i, 2);
      a.slot_start = Value(r.get(), i, 3);
      a.slot_end = Value(r.get(), i, 4);
      a.mode = Value(r.get(), i, 5);
      a.invitation_code = Value(r.get(), i, 6);
      a.status = Value(r.get(), i, 7);
      a.planned_at = Value(r.get(), i, 8);
      a.plan_run = IntValue(r.get(), i, 9);
      CARDEX_RETURN_IF_ERROR(fn(a));
    }
    if (n < kPageRows) return Status::Ok();
    last_start = Value(r.get(), n - 1, 3);
    last_station = Value(r.get(), n - 1, 2);
    last_member = Value(r.get(), n - 1, 0);
    first = false;
  }
}

}  // namespace cardex::store_internal
