// SqliteStore: upserts and scans of the five record kinds.
#include <string>

#include "cardex/core/block_keys.h"
#include "cardex/core/verdict.h"
#include "sqlite_store.h"
#include "store_util.h"

namespace cardex::store_internal {
namespace {

// SQLITE_STATIC: the caller's strings outlive the step that reads them, so
// SQLite need not copy them.
inline void BindText(sqlite3_stmt* stmt, int index, const std::string& text) {
  sqlite3_bind_text(stmt, index, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
}

inline void ColumnText(sqlite3_stmt* stmt, int index, std::string* out) {
  const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(stmt, index));
  out->assign(data ? data : "", static_cast<size_t>(sqlite3_column_bytes(stmt, index)));
}

// The WHERE clause of each DO UPDATE skips rows that did not change, so a
// re-import of the same file writes nothing and keeps updated_at.
constexpr const char* kUpsertUnit =
    "INSERT INTO units (code, parent_code, kind, name) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT (code) DO UPDATE SET parent_code = excluded.parent_code, "
    "kind = excluded.kind, name = excluded.name "
    "WHERE (parent_code, kind, name) IS NOT (excluded.parent_code, excluded.kind, excluded.name)";

constexpr const char* kUpsertMember =
    "INSERT INTO members (member_no, citizen_id, full_name, birth_date, gender, unit_code, "
    "status, phone, home_visit, rev) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
    "ON CONFLICT (member_no) DO UPDATE SET citizen_id = excluded.citizen_id, "
    "full_name = excluded.full_name, birth_date = excluded.birth_date, "
    "gender = excluded.gender, unit_code = excluded.unit_code, status = excluded.status, "
    "phone = excluded.phone, home_visit = excluded.home_visit, updated_at = CURRENT_TIMESTAMP, "
    "rev = excluded.rev "
    "WHERE (citizen_id, full_name, birth_date, gender, unit_code, status, phone, home_visit) "
    "IS NOT (excluded.citizen_id, excluded.full_name, excluded.birth_date, excluded.gender, "
    "excluded.unit_code, excluded.status, excluded.phone, excluded.home_visit)";

constexpr const char* kUpsertCitizen =
    "INSERT INTO citizens (citizen_id, full_name, birth_date, gender, origin, deceased_on, rev, "
    "suggestion_key, given_key, family_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
    "ON CONFLICT (citizen_id) DO UPDATE SET full_name = excluded.full_name, "
    "birth_date = excluded.birth_date, gender = excluded.gender, origin = excluded.origin, "
    "deceased_on = excluded.deceased_on, rev = excluded.rev, "
    "suggestion_key = excluded.suggestion_key, given_key = excluded.given_key, "
    "family_key = excluded.family_key "
    "WHERE (full_name, birth_date, gender, origin, deceased_on) IS NOT (excluded.full_name, "
    "excluded.birth_date, excluded.gender, excluded.origin, excluded.deceased_on)";

constexpr const char* kUpsertStation =
    "INSERT INTO stations (code, name, counters, minutes_per_member, serves) "
    "VALUES (?1, ?2, ?3, ?4, ?5) "
    "ON CONFLICT (code) DO UPDATE SET name = excluded.name, counters = excluded.counters, "
    "minutes_per_member = excluded.minutes_per_member, serves = excluded.serves";
constexpr const char* kClearServes = "DELETE FROM station_serves WHERE station_code = ?1";
constexpr const char* kInsertServes =
    "INSERT INTO station_serves (station_code, unit_code) VALUES (?1, ?2) "
    "ON CONFLICT DO NOTHING";

constexpr const char* kUpsertShift =
    "INSERT INTO shifts (station_code, date, start_time, end_time, kind) "
    "VALUES (?1, ?2, ?3, ?4, ?5) "
    "ON CONFLICT (station_code, date, start_time) DO UPDATE SET end_time = excluded.end_time, "
    "kind = excluded.kind";

}  // namespace

Status SqliteStore::UpsertUnits(std::span<const Unit> rows) {
  return WriteAtomically([&]() -> Status {
    CARDEX_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, Cached(kUpsertUnit));
    for (const Unit& r : rows) {
      BindText(stmt, 1, r.code);
      BindText(stmt, 2, r.parent_code);
      BindText(stmt, 3, r.kind);
      BindText(stmt, 4, r.name);
      CARDEX_RETURN_IF_ERROR(StepDone(stmt, "upserting units"));
    }
    sqlite3_clear_bindings(stmt);
    return Status::Ok();
  });
}

Status SqliteStore::UpsertMembers(std::span<const Member> rows) {
  return WriteAtomically([&]() -> Status {
    CARDEX_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, Cached(kUpsertMember));
    CARDEX_ASSIGN_OR_RETURN(int64_t rev, TransactionRevision());
    for (const Member& r : rows) {
      BindText(stmt, 1, r.member_no);
      BindText(stmt, 2, r.citizen_id);
      BindText(stmt, 3, r.full_name);
      BindText(stmt, 4, r.birth_date);
      BindText(stmt, 5, r.gender);
      BindText(stmt, 6, r.unit_code);
      BindText(stmt, 7, r.status);
      BindText(stmt, 8, r.phone);
      sqlite3_bind_int(stmt, 9, r.home_visit ? 1 : 0);
      sqlite3_bind_int64(stmt, 10, rev);
      CARDEX_RETURN_IF_ERROR(StepDone(stmt, "upserting members"));
    }
    sqlite3_clear_bindings(stmt);
    return Status::Ok();
  });
}

Status SqliteStore::UpsertCitizens(std::span<const Citizen> rows) {
  return WriteAtomically([&]() -> Status {
    CARDEX_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, Cached(kUpsertCitizen));
    CARDEX_ASSIGN_OR_RETURN(int64_t rev, TransactionRevision());
    CARDEX_RETURN_IF_ERROR(StampCitizensRevision(rev));
    for (size_t i = 0; i < rows.size(); ++i) {
      const Citizen& r = rows[i];
      int64_t key;
      if (!PackCitizenId(r.citizen_id, &key)) return BadCitizenIdError(i);
      sqlite3_bind_int64(stmt, 1, key);
      BindText(stmt, 2, r.full_name);
      BindText(stmt, 3, r.birth_date);
      BindText(stmt, 4, r.gender);
      BindText(stmt, 5, r.origin);
      BindText(stmt, 6, r.deceased_on);
      sqlite3_bind_int64(stmt, 7, rev);
      sqlite3_bind_int64(stmt, 8, SuggestionKey(r.full_name, r.birth_date, r.gender));
      const CitizenBlockKeys blocks = BlockKeysOf(r.full_name, r.birth_date, r.gender);
      sqlite3_bind_int64(stmt, 9, blocks.given);
      sqlite3_bind_int64(stmt, 10, blocks.family);
      CARDEX_RETURN_IF_ERROR(StepDone(stmt, "upserting citizens"));
    }
    sqlite3_clear_bindings(stmt);
    return Status::Ok();
  });
}

Status SqliteStore::UpsertStations(std::span<const Station> rows) {
  return WriteAtomically([&]() -> Status {
    CARDEX_ASSIGN_OR_RETURN(sqlite3_stmt * upsert, Cached(kUpsertStation));
    CARDEX_ASSIGN_OR_RETURN(sqlite3_stmt * clear, Cached(kClearServes));
    CARDEX_ASSIGN_OR_RETURN(sqlite3_stmt * serve, Cached(kInsertServes));
    for (const Station& r : rows) {
      std::string serves = JoinServes(r.serves);
      BindText(upsert, 1, r.code);
      BindText(upsert, 2, r.name);
      sqlite3_bind_int(upsert, 3, r.counters);
      sqlite3_bind_int(upsert, 4, r.minutes_per_member);
      BindText(upsert, 5, serves);
      CARDEX_RETURN_IF_ERROR(StepDone(upsert, "upserting stations"));
      BindText(clear, 1, r.code);
      CARDEX_RETURN_IF_ERROR(StepDone(clear, "upserting stations"));
      BindText(serve, 1, r.code);
      for (const std::string& unit : r.serves) {
        if (unit.empty()) continue;
        BindText(serve, 2, unit);
        CARDEX_RETURN_IF_ERROR(StepDone(serve, "upserting stations"));
      }
      sqlite3_clear_bindings(upsert);  // `serves` dies at the end of this turn
    }
    sqlite3_clear_bindings(clear);
    sqlite3_clear_bindings(serve);
    return Status::Ok();
  });
}

Status SqliteStore::UpsertShifts(std::span<const Shift> rows) {
  return WriteAtomically([&]() -> Status {
    CARDEX_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, Cached(kUpsertShift));
    for (const Shift& r : rows) {
      BindText(stmt, 1, r.station_code);
      BindText(stmt, 2, r.date);
      BindText(stmt, 3, r.start);
      BindText(stmt, 4, r.end);
      BindText(stmt, 5, r.kind);
      CARDEX_RETURN_IF_ERROR(StepDone(stmt, "upserting shifts"));
    }
    sqlite3_clear_bindings(stmt);
    return Status::Ok();
  });
}

Status SqliteStore::ScanUnits(const Visitor<Unit>& fn) {
  CARDEX_ASSIGN_OR_RETURN(
      StmtPtr stmt, Prepare("SELECT code, parent_code, kind, name FROM units ORDER BY code"));
  Unit r;
  return ForEachRow(stmt.get(), [&](sqlite3_stmt* s) {
    ColumnText(s, 0, &r.code);
    ColumnText(s, 1, &r.parent_code);
    ColumnText(s, 2, &r.kind);
    ColumnText(s, 3, &r.name);
    return fn(r);
  });
}

Status SqliteStore::ScanMembers(const Visitor<Member>& fn) {
  CARDEX_ASSIGN_OR_RETURN(
      StmtPtr stmt, Prepare("SELECT member_no, citizen_id, full_name, birth_date, gender, "
                            "unit_code, status, phone, home_visit FROM members ORDER BY member_no"));
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
    return fn(r);
  });
}

Status SqliteStore::ScanCitizens(const Visitor<Citizen>& fn) {
  CARDEX_ASSIGN_OR_RETURN(
      StmtPtr stmt, Prepare("SELECT citizen_id, full_name, birth_date, gender, origin, "
                            "deceased_on FROM citizens ORDER BY citizen_id"));
  Citizen r;
  return ForEachRow(stmt.get(), [&](sqlite3_stmt* s) {
    UnpackCitizenId(sqlite3_column_int64(s, 0), &r.citizen_id);
    ColumnText(s, 1, &r.full_name);
    ColumnText(s, 2, &r.birth_date);
    ColumnText(s, 3, &r.gender);
    ColumnText(s, 4, &r.origin);
    ColumnText(s, 5, &r.deceased_on);
    return fn(r);
  });
}

Status SqliteStore::ScanStations(const Visitor<Station>& fn) {
  CARDEX_ASSIGN_OR_RETURN(StmtPtr stmt,
                          Prepare("SELECT code, name, counters, minutes_per_member, serves "
                                  "FROM stations ORDER BY code"));
  Station r;
  std::string serves;
  return ForEachRow(stmt.get(), [&](sqlite3_stmt* s) {
    ColumnText(s, 0, &r.code);
    ColumnText(s, 1, &r.name);
    r.counters = sqlite3_column_int(s, 2);
    r.minutes_per_member = sqlite3_column_int(s, 3);
    ColumnText(s, 4, &serves);
    SplitServes(serves, &r.serves);
    return fn(r);
  });
}

Status SqliteStore::ScanShifts(const Visitor<Shift>& fn) {
  CARDEX_ASSIGN_OR_RETURN(StmtPtr stmt,
                          Prepare("SELECT station_code, date, start_time, end_time, kind "
                                  "FROM shifts ORDER BY station_code, date, start_time"));
  Shift r;
  return ForEachRow(stmt.get(), [&](sqlite3_stmt* s) {
    ColumnText(s, 0, &r.station_code);
    ColumnText(s, 1, &r.date);
    ColumnText(s, 2, &r.start);
    ColumnText(s, 3, &r.end);
    ColumnText(s, 4, &r.kind);
    return fn(r);
  });
}

}  // namespace cardex::store_internal
