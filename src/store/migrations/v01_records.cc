#include "migrations_internal.h"

namespace cardex::store_internal {
namespace {

// Schema v1: the five record kinds, values exactly as recorded.
//
// No foreign keys between tables (members.unit_code -> units, shifts ->
// stations, ...): import checks every reference against the file and the
// database before it writes, and a constraint check per row would cost an
// extra index probe on every row of a multi-million-row load. It would also
// force a load order inside one file (a unit before its parent) that the
// interchange format does not promise.
//
// Every text column is NOT NULL: an empty optional field is '' so that export
// gives back exactly what was imported.
//
// A citizen's id is always 12 validated digits, so it is stored as a 64-bit
// integer: a rowid key in SQLite (no separate index) and a BIGINT in
// PostgreSQL, half the size of the text and compared in one instruction.
// Numeric order equals the order of the zero-padded text.
//
// PostgreSQL key columns use the "C" collation so that key order is byte
// order, as in SQLite, whatever the database's default collation: both
// backends scan in the same order and the primary key index serves ORDER BY.
constexpr std::string_view kSqliteV1 = R"sql(
CREATE TABLE units (
  code        TEXT NOT NULL PRIMARY KEY,
  parent_code TEXT NOT NULL DEFAULT '',
  kind        TEXT NOT NULL,
  name        TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX units_parent_code ON units (parent_code);

CREATE TABLE members (
  member_no   TEXT NOT NULL PRIMARY KEY,
  citizen_id  TEXT NOT NULL,
  full_name   TEXT NOT NULL,
  birth_date  TEXT NOT NULL,
  gender      TEXT NOT NULL,
  unit_code   TEXT NOT NULL,
  status      TEXT NOT NULL,
  phone       TEXT NOT NULL DEFAULT '',
  home_visit  INTEGER NOT NULL DEFAULT 0,
  imported_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at  TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
) WITHOUT ROWID;
CREATE INDEX members_citizen_id ON members (citizen_id);
CREATE INDEX members_unit_code ON members (unit_code);

CREATE TABLE citizens (
  citizen_id  INTEGER PRIMARY KEY,
  full_name   TEXT NOT NULL,
  birth_date  TEXT NOT NULL,
  gender      TEXT NOT NULL,
  origin      TEXT NOT NULL DEFAULT '',
  deceased_on TEXT NOT NULL DEFAULT ''
);

CREATE TABLE stations (
  code               TEXT NOT NULL PRIMARY KEY,
  name               TEXT NOT NULL,
  counters           INTEGER NOT NULL,
  minutes_per_member INTEGER NOT NULL,
  serves             TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;

CREATE TABLE station_serves (
  station_code TEXT NOT NULL,
  unit_code    TEXT NOT NULL,
  PRIMARY KEY (station_code, unit_code)
) WITHOUT ROWID;
CREATE INDEX station_serves_unit_code ON station_serves (unit_code);

CREATE TABLE shifts (
  station_code TEXT NOT NULL,
  date         TEXT NOT NULL,
  start_time   TEXT NOT NULL,
  end_time     TEXT NOT NULL,
  kind         TEXT NOT NULL,
  PRIMARY KEY (station_code, date, start_time)
) WITHOUT ROWID;
)sql";

constexpr std::string_view kPostgresV1 = R"sql(
CREATE TABLE units (
  code        TEXT COLLATE "C" NOT NULL PRIMARY KEY,
  parent_code TEXT COLLATE "C" NOT NULL DEFAULT '',
  kind        TEXT NOT NULL,
  name        TEXT NOT NULL
);
CREATE INDEX units_parent_code ON units (parent_code);

CREATE TABLE members (
  member_no   TEXT COLLATE "C" NOT NULL PRIMARY KEY,
  citizen_id  TEXT COLLATE "C" NOT NULL,
  full_name   TEXT NOT NULL,
  birth_date  TEXT NOT NULL,
  gender      TEXT NOT NULL,
  unit_code   TEXT COLLATE "C" NOT NULL,
  status      TEXT NOT NULL,
  phone       TEXT NOT NULL DEFAULT '',
  home_visit  INTEGER NOT NULL DEFAULT 0,
  imported_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX members_citizen_id ON members (citizen_id);
CREATE INDEX members_unit_code ON members (unit_code);

CREATE TABLE citizens (
  citizen_id  BIGINT NOT NULL PRIMARY KEY,
  full_name   TEXT NOT NULL,
  birth_date  TEXT NOT NULL,
  gender      TEXT NOT NULL,
  origin      TEXT NOT NULL DEFAULT '',
  deceased_on TEXT NOT NULL DEFAULT ''
);

CREATE TABLE stations (
  code               TEXT COLLATE "C" NOT NULL PRIMARY KEY,
  name               TEXT NOT NULL,
  counters           INTEGER NOT NULL,
  minutes_per_member INTEGER NOT NULL,
  serves             TEXT NOT NULL DEFAULT ''
);

CREATE TABLE station_serves (
  station_code TEXT COLLATE "C" NOT NULL,
  unit_code    TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (station_code, unit_code)
);
CREATE INDEX station_serves_unit_code ON station_serves (unit_code);

CREATE TABLE shifts (
  station_code TEXT COLLATE "C" NOT NULL,
  date         TEXT COLLATE "C" NOT NULL,
  start_time   TEXT COLLATE "C" NOT NULL,
  end_time     TEXT NOT NULL,
  kind         TEXT NOT NULL,
  PRIMARY KEY (station_code, date, start_time)
);
)sql";

}  // namespace

extern const Migration kMigrationV1 = {1, "record tables: units, members, citizens, stations, shifts", kSqliteV1, kPostgresV1};

}  // namespace cardex::store_internal
