#include "migrations_internal.h"

namespace cardex::store_internal {
namespace {

// Schema v3: appointments and settings (issue 4).
//
// appointments: one row per member, the newest plan's slot for them, with
// the invitation code handed out. Slots are the local "YYYY-MM-DDTHH:MM"
// text of the schedule file, so byte order is time order and a day's slots
// are a key range. `planned_at` changes only when the slot does (a re-run
// that confirms an appointment leaves it), `plan_run` names the run that
// last wrote the row. settings: store-wide values (the secret invitation
// codes are derived from, the last plan run number).
constexpr std::string_view kSqliteV3 = R"sql(
CREATE TABLE settings (
  key   TEXT NOT NULL PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE appointments (
  member_no       TEXT NOT NULL PRIMARY KEY,
  unit_code       TEXT NOT NULL,
  station_code    TEXT NOT NULL,
  slot_start      TEXT NOT NULL,
  slot_end        TEXT NOT NULL,
  mode            TEXT NOT NULL,
  invitation_code TEXT NOT NULL UNIQUE,
  status          TEXT NOT NULL DEFAULT 'invited',
  planned_at      TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
  plan_run        INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX appointments_station_slot ON appointments (station_code, slot_start);
CREATE INDEX appointments_unit_code ON appointments (unit_code);
)sql";

constexpr std::string_view kPostgresV3 = R"sql(
CREATE TABLE settings (
  key   TEXT COLLATE "C" NOT NULL PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE appointments (
  member_no       TEXT COLLATE "C" NOT NULL PRIMARY KEY,
  unit_code       TEXT COLLATE "C" NOT NULL,
  station_code    TEXT COLLATE "C" NOT NULL,
  slot_start      TEXT COLLATE "C" NOT NULL,
  slot_end        TEXT COLLATE "C" NOT NULL,
  mode            TEXT NOT NULL,
  invitation_code TEXT COLLATE "C" NOT NULL UNIQUE,
  status          TEXT NOT NULL DEFAULT 'invited',
  planned_at      TEXT NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'),
  plan_run        BIGINT NOT NULL
);
CREATE INDEX appointments_station_slot ON appointments (station_code, slot_start);
CREATE INDEX appointments_unit_code ON appointments (unit_code);
)sql";

}  // namespace

extern const Migration kMigrationV3 = {3, "appointments and settings", kSqliteV3, kPostgresV3};

}  // namespace cardex::store_internal
