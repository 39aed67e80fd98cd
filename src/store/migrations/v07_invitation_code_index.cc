#include "migrations_internal.h"

namespace cardex::store_internal {
namespace {

// Schema v7: the invitation code's uniqueness as a named index instead of a
// column constraint. SQLite cannot drop a constraint's index, so a plan
// replacing every appointment kept it up to date row by row (a third of
// the national store's time); a named index comes down with the others
// and is built again, sorted, at the end (sqlite_appointments.cc). SQLite
// changes a constraint only by rebuilding the table. PostgreSQL already
// drops and re-adds its constraint around a replace: nothing to do there.
constexpr std::string_view kSqliteV7 = R"sql(
CREATE TABLE appointments_v7 (
  member_no       TEXT NOT NULL PRIMARY KEY,
  unit_code       TEXT NOT NULL,
  station_code    TEXT NOT NULL,
  slot_start      TEXT NOT NULL,
  slot_end        TEXT NOT NULL,
  mode            TEXT NOT NULL,
  invitation_code TEXT NOT NULL,
  status          TEXT NOT NULL DEFAULT 'invited',
  planned_at      TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
  plan_run        INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO appointments_v7 (member_no, unit_code, station_code, slot_start, slot_end, mode,
                             invitation_code, status, planned_at, plan_run)
  SELECT member_no, unit_code, station_code, slot_start, slot_end, mode,
         invitation_code, status, planned_at, plan_run FROM appointments;
DROP TABLE appointments;
ALTER TABLE appointments_v7 RENAME TO appointments;
CREATE INDEX appointments_station_slot ON appointments (station_code, slot_start);
CREATE INDEX appointments_unit_code ON appointments (unit_code);
CREATE UNIQUE INDEX appointments_invitation_code ON appointments (invitation_code);
)sql";

constexpr std::string_view kPostgresV7 = "SELECT 1";

}  // namespace

extern const Migration kMigrationV7 = {7, "invitation codes unique by a named index", kSqliteV7, kPostgresV7};

}  // namespace cardex::store_internal
