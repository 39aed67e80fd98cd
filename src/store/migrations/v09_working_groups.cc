#include "migrations_internal.h"

namespace cardex::store_internal {
namespace {

// Schema v9: working groups and inspections (issue 6), and the per-member
// record behind the corrections roll-up.
//
// working_groups: an inspection group, working inside the subtree of
// `unit_code` (whoever manages groups there manages it); group_units the
// units assigned to it, group_members the accounts in it (their access is
// docs/security.md's group rule). inspections: one visit of a group to a
// unit on a day, with the findings; follow_ups what the visit asked for,
// each owned by an account, open until someone closes it (who and when).
// progress_corrections: the members the corrections roll-up counts, with
// the unit and opening day they were counted under (progress/rollup.h), so
// a change can move exactly what it counted before.
constexpr std::string_view kSqliteV9 = R"sql(
CREATE TABLE working_groups (
  group_code TEXT NOT NULL PRIMARY KEY,
  name       TEXT NOT NULL,
  leader     TEXT NOT NULL,
  unit_code  TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL
);
CREATE TABLE group_units (
  group_code  TEXT NOT NULL,
  unit_code   TEXT NOT NULL,
  assigned_at TEXT NOT NULL,
  assigned_by TEXT NOT NULL,
  PRIMARY KEY (group_code, unit_code)
) WITHOUT ROWID;
CREATE TABLE group_members (
  group_code TEXT NOT NULL,
  login      TEXT NOT NULL,
  added_at   TEXT NOT NULL,
  added_by   TEXT NOT NULL,
  PRIMARY KEY (group_code, login)
) WITHOUT ROWID;
CREATE INDEX group_members_login ON group_members (login);
CREATE TABLE inspections (
  inspection_id INTEGER PRIMARY KEY,
  group_code    TEXT NOT NULL,
  unit_code     TEXT NOT NULL,
  inspected_on  TEXT NOT NULL,
  findings      TEXT NOT NULL,
  recorded_by   TEXT NOT NULL,
  recorded_at   TEXT NOT NULL
);
CREATE INDEX inspections_group ON inspections (group_code, inspected_on);
CREATE TABLE follow_ups (
  follow_up_id  INTEGER PRIMARY KEY,
  inspection_id INTEGER NOT NULL,
  group_code    TEXT NOT NULL,
  body          TEXT NOT NULL,
  owner         TEXT NOT NULL,
  due_on        TEXT NOT NULL,
  status        TEXT NOT NULL DEFAULT 'open',
  closed_by     TEXT NOT NULL DEFAULT '',
  closed_at     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX follow_ups_owner ON follow_ups (owner, status);
CREATE INDEX follow_ups_inspection ON follow_ups (inspection_id);
CREATE TABLE progress_corrections (
  member_no TEXT NOT NULL PRIMARY KEY,
  unit_code TEXT NOT NULL,
  opened_on TEXT NOT NULL
) WITHOUT ROWID;
)sql";

constexpr std::string_view kPostgresV9 = R"sql(
CREATE TABLE working_groups (
  group_code TEXT COLLATE "C" NOT NULL PRIMARY KEY,
  name       TEXT NOT NULL,
  leader     TEXT NOT NULL,
  unit_code  TEXT COLLATE "C" NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL
);
CREATE TABLE group_units (
  group_code  TEXT COLLATE "C" NOT NULL,
  unit_code   TEXT COLLATE "C" NOT NULL,
  assigned_at TEXT NOT NULL,
  assigned_by TEXT NOT NULL,
  PRIMARY KEY (group_code, unit_code)
);
CREATE TABLE group_members (
  group_code TEXT COLLATE "C" NOT NULL,
  login      TEXT COLLATE "C" NOT NULL,
  added_at   TEXT NOT NULL,
  added_by   TEXT NOT NULL,
  PRIMARY KEY (group_code, login)
);
CREATE INDEX group_members_login ON group_members (login);
CREATE TABLE inspections (
  inspection_id BIGSERIAL PRIMARY KEY,
  group_code    TEXT COLLATE "C" NOT NULL,
  unit_code     TEXT COLLATE "C" NOT NULL,
  inspected_on  TEXT COLLATE "C" NOT NULL,
  findings      TEXT NOT NULL,
  recorded_by   TEXT NOT NULL,
  recorded_at   TEXT NOT NULL
);
CREATE INDEX inspections_group ON inspections (group_code, inspected_on);
CREATE TABLE follow_ups (
  follow_up_id  BIGSERIAL PRIMARY KEY,
  inspection_id BIGINT NOT NULL,
  group_code    TEXT COLLATE "C" NOT NULL,
  body          TEXT NOT NULL,
  owner         TEXT COLLATE "C" NOT NULL,
  due_on        TEXT COLLATE "C" NOT NULL,
  status        TEXT NOT NULL DEFAULT 'open',
  closed_by     TEXT NOT NULL DEFAULT '',
  closed_at     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX follow_ups_owner ON follow_ups (owner, status);
CREATE INDEX follow_ups_inspection ON follow_ups (inspection_id);
CREATE TABLE progress_corrections (
  member_no TEXT COLLATE "C" NOT NULL PRIMARY KEY,
  unit_code TEXT COLLATE "C" NOT NULL,
  opened_on TEXT COLLATE "C" NOT NULL
);
)sql";

}  // namespace

extern const Migration kMigrationV9 = {9, "working groups, inspections, follow-ups; corrections roll-up", kSqliteV9, kPostgresV9};

}  // namespace cardex::store_internal
