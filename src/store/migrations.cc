#include "migrations.h"

#include <array>

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

// Schema v2: reconciliation and resolution (issue 3).
//
// Change revisions: `store_revision` holds one store-wide counter. Every
// write transaction that upserts members or citizens takes the next value
// once and stamps it into `rev` of each row it inserts or changes (unchanged
// rows keep theirs), so "changed since revision R" is `rev > R`. Taking the
// value updates the counter row, which serialises such writers until commit:
// revisions become visible in order, and a reader that notes the counter
// before it scans sees every row stamped at or below it. Rows loaded before
// v2 keep rev 0. There is no index on rev: a load stamps millions of rows
// with one revision, in file order, so the index would take random inserts
// (it made importing 2 million citizens 40 % slower). Instead
// table_revisions keeps the newest revision stamped on citizens, so that a
// reader learns "nothing changed" without reading the table.
//
// reconcile_results: the newest verdict of each member, with the registry
// values it was compared with (empty when there was no registry row) and the
// run that produced it; reconcile_runs: one row per run, the revision it
// covered.
//
// Resolution keeps the recorded member row untouched: member_standard holds
// the standardised values beside it (what `cardex resolve` applied, and
// where from), corrections the members sent back to their unit with a note,
// audit_log every change (who, when, before, after; append-only).
constexpr std::string_view kSqliteV2 = R"sql(
CREATE TABLE store_revision (
  id    INTEGER PRIMARY KEY CHECK (id = 1),
  value INTEGER NOT NULL
);
INSERT INTO store_revision (id, value) VALUES (1, 0);
ALTER TABLE members ADD COLUMN rev INTEGER NOT NULL DEFAULT 0;
ALTER TABLE citizens ADD COLUMN rev INTEGER NOT NULL DEFAULT 0;
CREATE TABLE table_revisions (
  table_name TEXT NOT NULL PRIMARY KEY,
  revision   INTEGER NOT NULL
);
INSERT INTO table_revisions (table_name, revision) VALUES ('citizens', 0);

CREATE TABLE reconcile_runs (
  run_id          INTEGER PRIMARY KEY,
  started_at      TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
  full_run        INTEGER NOT NULL,
  revision        INTEGER NOT NULL,
  members_checked INTEGER NOT NULL,
  members_total   INTEGER NOT NULL
);

CREATE TABLE reconcile_results (
  member_no            TEXT NOT NULL PRIMARY KEY,
  run_id               INTEGER NOT NULL,
  verdict              TEXT NOT NULL,
  fields               TEXT NOT NULL DEFAULT '',
  suggested_citizen_id TEXT NOT NULL DEFAULT '',
  registry_full_name   TEXT NOT NULL DEFAULT '',
  registry_birth_date  TEXT NOT NULL DEFAULT '',
  registry_gender      TEXT NOT NULL DEFAULT '',
  registry_deceased_on TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;

CREATE TABLE member_standard (
  member_no  TEXT NOT NULL PRIMARY KEY,
  citizen_id TEXT NOT NULL,
  full_name  TEXT NOT NULL,
  birth_date TEXT NOT NULL,
  gender     TEXT NOT NULL,
  source     TEXT NOT NULL,
  updated_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
) WITHOUT ROWID;

CREATE TABLE corrections (
  correction_id INTEGER PRIMARY KEY,
  member_no     TEXT NOT NULL,
  unit_code     TEXT NOT NULL,
  note          TEXT NOT NULL,
  opened_by     TEXT NOT NULL,
  opened_at     TEXT NOT NULL,
  closed_at     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX corrections_unit_open ON corrections (unit_code, closed_at);
CREATE INDEX corrections_member ON corrections (member_no);

CREATE TABLE audit_log (
  audit_id INTEGER PRIMARY KEY,
  at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  actor    TEXT NOT NULL,
  action   TEXT NOT NULL,
  subject  TEXT NOT NULL,
  before_value TEXT NOT NULL DEFAULT '',
  after_value  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_subject ON audit_log (subject);
)sql";

constexpr std::string_view kPostgresV2 = R"sql(
CREATE TABLE store_revision (
  id    INTEGER PRIMARY KEY CHECK (id = 1),
  value BIGINT NOT NULL
);
INSERT INTO store_revision (id, value) VALUES (1, 0);
ALTER TABLE members ADD COLUMN rev BIGINT NOT NULL DEFAULT 0;
ALTER TABLE citizens ADD COLUMN rev BIGINT NOT NULL DEFAULT 0;
CREATE TABLE table_revisions (
  table_name TEXT COLLATE "C" NOT NULL PRIMARY KEY,
  revision   BIGINT NOT NULL
);
INSERT INTO table_revisions (table_name, revision) VALUES ('citizens', 0);

CREATE TABLE reconcile_runs (
  run_id          BIGSERIAL PRIMARY KEY,
  started_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
  full_run        INTEGER NOT NULL,
  revision        BIGINT NOT NULL,
  members_checked BIGINT NOT NULL,
  members_total   BIGINT NOT NULL
);

CREATE TABLE reconcile_results (
  member_no            TEXT COLLATE "C" NOT NULL PRIMARY KEY,
  run_id               BIGINT NOT NULL,
  verdict              TEXT NOT NULL,
  fields               TEXT NOT NULL DEFAULT '',
  suggested_citizen_id TEXT NOT NULL DEFAULT '',
  registry_full_name   TEXT NOT NULL DEFAULT '',
  registry_birth_date  TEXT NOT NULL DEFAULT '',
  registry_gender      TEXT NOT NULL DEFAULT '',
  registry_deceased_on TEXT NOT NULL DEFAULT ''
);

CREATE TABLE member_standard (
  member_no  TEXT COLLATE "C" NOT NULL PRIMARY KEY,
  citizen_id TEXT NOT NULL,
  full_name  TEXT NOT NULL,
  birth_date TEXT NOT NULL,
  gender     TEXT NOT NULL,
  source     TEXT NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE corrections (
  correction_id BIGSERIAL PRIMARY KEY,
  member_no     TEXT COLLATE "C" NOT NULL,
  unit_code     TEXT COLLATE "C" NOT NULL,
  note          TEXT NOT NULL,
  opened_by     TEXT NOT NULL,
  opened_at     TEXT NOT NULL,
  closed_at     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX corrections_unit_open ON corrections (unit_code, closed_at);
CREATE INDEX corrections_member ON corrections (member_no);

CREATE TABLE audit_log (
  audit_id BIGSERIAL PRIMARY KEY,
  at       TEXT NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
  actor    TEXT NOT NULL,
  action   TEXT NOT NULL,
  subject  TEXT COLLATE "C" NOT NULL,
  before_value TEXT NOT NULL DEFAULT '',
  after_value  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_subject ON audit_log (subject);
)sql";

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

// Schema v4: reception day (issue 5).
//
// users/sessions: accounts with Argon2id hashes; sessions are found by the
// SHA-256 of the cookie token, so a copy of the database holds no live
// session. audit_head + the new audit_log columns chain every entry to the
// one before it (cardex audit verify). exchange: each member's current
// step, exchange_events every step taken (who, when, where). idempotency_keys
// remembers the answer to every state-changing request. photos, card
// batches, cards, retired old cards and revocations. sequences: named
// counters (card numbers).
constexpr std::string_view kSqliteV4 = R"sql(
CREATE TABLE users (
  login               TEXT NOT NULL PRIMARY KEY,
  display_name        TEXT NOT NULL,
  role                TEXT NOT NULL,
  scope               TEXT NOT NULL,
  password_hash       TEXT NOT NULL,
  disabled            INTEGER NOT NULL DEFAULT 0,
  failed_logins       INTEGER NOT NULL DEFAULT 0,
  locked_until        TEXT NOT NULL DEFAULT '',
  created_at          TEXT NOT NULL,
  password_changed_at TEXT NOT NULL
);

CREATE TABLE sessions (
  token_hash TEXT NOT NULL PRIMARY KEY,
  login      TEXT NOT NULL,
  csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX sessions_login ON sessions (login);

CREATE TABLE audit_head (
  id    INTEGER PRIMARY KEY CHECK (id = 1),
  seq   BIGINT NOT NULL,
  hash  TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '');
ALTER TABLE audit_log ADD COLUMN seq BIGINT NOT NULL DEFAULT 0;
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN entry_hash TEXT NOT NULL DEFAULT '';

CREATE TABLE exchange (
  member_no    TEXT NOT NULL PRIMARY KEY,
  unit_code    TEXT NOT NULL,
  state        TEXT NOT NULL,
  reason       TEXT NOT NULL DEFAULT '',
  station_code TEXT NOT NULL DEFAULT '',
  updated_at   TEXT NOT NULL,
  updated_by   TEXT NOT NULL,
  version      BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX exchange_unit_state ON exchange (unit_code, state);

CREATE TABLE exchange_events (
  event_id     INTEGER PRIMARY KEY,
  member_no    TEXT NOT NULL,
  unit_code    TEXT NOT NULL,
  from_state   TEXT NOT NULL,
  to_state     TEXT NOT NULL,
  reason       TEXT NOT NULL DEFAULT '',
  station_code TEXT NOT NULL DEFAULT '',
  at           TEXT NOT NULL,
  actor        TEXT NOT NULL
);
CREATE INDEX exchange_events_member ON exchange_events (member_no, event_id);
CREATE INDEX exchange_events_at ON exchange_events (at);

CREATE TABLE idempotency_keys (
  idem_key     TEXT NOT NULL PRIMARY KEY,
  actor        TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  status_code  INTEGER NOT NULL,
  response     TEXT NOT NULL,
  created_at   TEXT NOT NULL
);

CREATE TABLE photos (
  member_no    TEXT NOT NULL PRIMARY KEY,
  content_type TEXT NOT NULL,
  sha256       TEXT NOT NULL,
  bytes        BLOB NOT NULL,
  uploaded_at  TEXT NOT NULL,
  uploaded_by  TEXT NOT NULL
);

CREATE TABLE sequences (
  name  TEXT NOT NULL PRIMARY KEY,
  value BIGINT NOT NULL
);

CREATE TABLE card_batches (
  batch_id     TEXT NOT NULL PRIMARY KEY,
  commune_code TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  created_by   TEXT NOT NULL,
  delivered_at TEXT NOT NULL DEFAULT ''
);

CREATE TABLE cards (
  card_no        TEXT NOT NULL PRIMARY KEY,
  member_no      TEXT NOT NULL,
  batch_id       TEXT NOT NULL,
  issued_on      TEXT NOT NULL,
  payload        TEXT NOT NULL,
  state          TEXT NOT NULL,
  handed_over_at TEXT NOT NULL DEFAULT ''
);
CREATE INDEX cards_member ON cards (member_no);
CREATE INDEX cards_batch ON cards (batch_id);

CREATE TABLE retired_cards (
  old_card_no TEXT NOT NULL PRIMARY KEY,
  member_no   TEXT NOT NULL,
  new_card_no TEXT NOT NULL,
  retired_at  TEXT NOT NULL
);

CREATE TABLE revocations (
  card_no    TEXT NOT NULL PRIMARY KEY,
  reason     TEXT NOT NULL,
  revoked_at TEXT NOT NULL,
  revoked_by TEXT NOT NULL
);
)sql";

constexpr std::string_view kPostgresV4 = R"sql(
CREATE TABLE users (
  login               TEXT COLLATE "C" NOT NULL PRIMARY KEY,
  display_name        TEXT NOT NULL,
  role                TEXT NOT NULL,
  scope               TEXT COLLATE "C" NOT NULL,
  password_hash       TEXT NOT NULL,
  disabled            INTEGER NOT NULL DEFAULT 0,
  failed_logins       INTEGER NOT NULL DEFAULT 0,
  locked_until        TEXT NOT NULL DEFAULT '',
  created_at          TEXT NOT NULL,
  password_changed_at TEXT NOT NULL
);

CREATE TABLE sessions (
  token_hash TEXT COLLATE "C" NOT NULL PRIMARY KEY,
  login      TEXT COLLATE "C" NOT NULL,
  csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX sessions_login ON sessions (login);

CREATE TABLE audit_head (
  id    INTEGER PRIMARY KEY CHECK (id = 1),
  seq   BIGINT NOT NULL,
  hash  TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '');
ALTER TABLE audit_log ADD COLUMN seq BIGINT NOT NULL DEFAULT 0;
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN entry_hash TEXT NOT NULL DEFAULT '';

CREATE TABLE exchange (
  member_no    TEXT COLLATE "C" NOT NULL PRIMARY KEY,
  unit_code    TEXT COLLATE "C" NOT NULL,
  state        TEXT NOT NULL,
  reason       TEXT NOT NULL DEFAULT '',
  station_code TEXT COLLATE "C" NOT NULL DEFAULT '',
  updated_at   TEXT NOT NULL,
  updated_by   TEXT NOT NULL,
  version      BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX exchange_unit_state ON exchange (unit_code, state);

CREATE TABLE exchange_events (
  event_id     BIGSERIAL PRIMARY KEY,
  member_no    TEXT COLLATE "C" NOT NULL,
  unit_code    TEXT COLLATE "C" NOT NULL,
  from_state   TEXT NOT NULL,
  to_state     TEXT NOT NULL,
  reason       TEXT NOT NULL DEFAULT '',
  station_code TEXT COLLATE "C" NOT NULL DEFAULT '',
  at           TEXT COLLATE "C" NOT NULL,
  actor        TEXT NOT NULL
);
CREATE INDEX exchange_events_member ON exchange_events (member_no, event_id);
CREATE INDEX exchange_events_at ON exchange_events (at);

CREATE TABLE idempotency_keys (
  idem_key     TEXT COLLATE "C" NOT NULL PRIMARY KEY,
  actor        TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  status_code  INTEGER NOT NULL,
  response     TEXT NOT NULL,
  created_at   TEXT NOT NULL
);

CREATE TABLE photos (
  member_no    TEXT COLLATE "C" NOT NULL PRIMARY KEY,
  content_type TEXT NOT NULL,
  sha256       TEXT NOT NULL,
  bytes        BYTEA NOT NULL,
  uploaded_at  TEXT NOT NULL,
  uploaded_by  TEXT NOT NULL
);

CREATE TABLE sequences (
  name  TEXT COLLATE "C" NOT NULL PRIMARY KEY,
  value BIGINT NOT NULL
);

CREATE TABLE card_batches (
  batch_id     TEXT COLLATE "C" NOT NULL PRIMARY KEY,
  commune_code TEXT COLLATE "C" NOT NULL,
  created_at   TEXT NOT NULL,
  created_by   TEXT NOT NULL,
  delivered_at TEXT NOT NULL DEFAULT ''
);

CREATE TABLE cards (
  card_no        TEXT COLLATE "C" NOT NULL PRIMARY KEY,
  member_no      TEXT COLLATE "C" NOT NULL,
  batch_id       TEXT COLLATE "C" NOT NULL,
  issued_on      TEXT NOT NULL,
  payload        TEXT NOT NULL,
  state          TEXT NOT NULL,
  handed_over_at TEXT NOT NULL DEFAULT ''
);
CREATE INDEX cards_member ON cards (member_no);
CREATE INDEX cards_batch ON cards (batch_id);

CREATE TABLE retired_cards (
  old_card_no TEXT COLLATE "C" NOT NULL PRIMARY KEY,
  member_no   TEXT COLLATE "C" NOT NULL,
  new_card_no TEXT COLLATE "C" NOT NULL,
  retired_at  TEXT NOT NULL
);

CREATE TABLE revocations (
  card_no    TEXT COLLATE "C" NOT NULL PRIMARY KEY,
  reason     TEXT NOT NULL,
  revoked_at TEXT NOT NULL,
  revoked_by TEXT NOT NULL
);
)sql";

// Schema v5: suggestion keys (issue 3).
//
// A member's suggestion is proven unique only by knowing every living
// citizen with the member's folded name, gender and an agreeing birth date;
// without an index that meant reading the whole registry on every run that
// wanted a suggestion.
// citizens.suggestion_key holds core/verdict.h's SuggestionKey of the row,
// set by every write of a citizen (Store::UpsertCitizens); NULL only until
// the migration has filled it. The index (citizens_suggestion_key, also in
// bulk_load.h) is built after the fill, so the SQL adds only the column.
// Numbered 5 and appended on its own so that it merges after v4.
constexpr std::string_view kSqliteV5 = R"sql(
ALTER TABLE citizens ADD COLUMN suggestion_key INTEGER;
)sql";

constexpr std::string_view kPostgresV5 = R"sql(
ALTER TABLE citizens ADD COLUMN suggestion_key BIGINT;
)sql";

// Schema v6: progress roll-ups (issue 6), kept current by the exchange and rebuilt from
// the members (progress/rollup.h): one counter per (scope, code, metric).
// scope 'unit' holds a unit's whole subtree, scope 'station' a station,
// scope 'stamp' what the counters were last rebuilt from. Reading a unit's
// figures is one primary-key range; nothing reads members for it.
constexpr std::string_view kSqliteV6 = R"sql(
CREATE TABLE progress_counts (
  scope  TEXT NOT NULL,
  code   TEXT NOT NULL,
  metric TEXT NOT NULL,
  value  BIGINT NOT NULL,
  PRIMARY KEY (scope, code, metric)
) WITHOUT ROWID;
)sql";

constexpr std::string_view kPostgresV6 = R"sql(
CREATE TABLE progress_counts (
  scope  TEXT COLLATE "C" NOT NULL,
  code   TEXT COLLATE "C" NOT NULL,
  metric TEXT COLLATE "C" NOT NULL,
  value  BIGINT NOT NULL,
  PRIMARY KEY (scope, code, metric)
);
)sql";

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

// Schema v8: the day-by-day curve (issue 6, progress/daily.h): per unit
// subtree and per station, members newly received and newly handed over on
// each campaign day (Vietnam's local date of the step). Written only by
// the steps that enter those states, rebuilt from exchange_events.
constexpr std::string_view kSqliteV8 = R"sql(
CREATE TABLE progress_daily (
  scope  TEXT NOT NULL,
  code   TEXT NOT NULL,
  day    TEXT NOT NULL,
  metric TEXT NOT NULL,
  value  BIGINT NOT NULL,
  PRIMARY KEY (scope, code, day, metric)
) WITHOUT ROWID;
)sql";

constexpr std::string_view kPostgresV8 = R"sql(
CREATE TABLE progress_daily (
  scope  TEXT COLLATE "C" NOT NULL,
  code   TEXT COLLATE "C" NOT NULL,
  day    TEXT COLLATE "C" NOT NULL,
  metric TEXT COLLATE "C" NOT NULL,
  value  BIGINT NOT NULL,
  PRIMARY KEY (scope, code, day, metric)
);
)sql";

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

// Schema v10: a version number of the unit tree that the database bumps
// itself on every insert or delete of a unit and every change of a unit's
// code or parent (progress/rollup.h's staleness stamp). Counting the units
// instead was a full scan on every dashboard page on PostgreSQL, and
// missed a unit moved to another parent. The bump is the database's, not
// the store's, so no writer (an import, a bulk load, a hand-written SQL
// fix) can forget it. SQLite has only row triggers; the update one fires
// only when the code or parent really changed. PostgreSQL bumps once per
// statement (a bulk merge of the tree is one bump), whether or not the
// statement changed a row: a bump too many costs one roll-up rebuild, a
// missing one wrong figures. TRUNCATE bumps too.
constexpr std::string_view kSqliteV10 = R"sql(
CREATE TABLE units_version (
  id      INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
  version INTEGER NOT NULL
);
INSERT INTO units_version (id, version) VALUES (1, 1);
CREATE TRIGGER units_version_insert AFTER INSERT ON units
BEGIN
  UPDATE units_version SET version = version + 1;
END;
CREATE TRIGGER units_version_delete AFTER DELETE ON units
BEGIN
  UPDATE units_version SET version = version + 1;
END;
CREATE TRIGGER units_version_update AFTER UPDATE OF code, parent_code ON units
WHEN OLD.code IS NOT NEW.code OR OLD.parent_code IS NOT NEW.parent_code
BEGIN
  UPDATE units_version SET version = version + 1;
END;
)sql";

constexpr std::string_view kPostgresV10 = R"sql(
CREATE TABLE units_version (
  id      INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
  version BIGINT NOT NULL
);
INSERT INTO units_version (id, version) VALUES (1, 1);
CREATE FUNCTION units_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE units_version SET version = version + 1;
  RETURN NULL;
END
$$;
CREATE TRIGGER units_version_change
  AFTER INSERT OR DELETE OR UPDATE OF code, parent_code ON units
  FOR EACH STATEMENT EXECUTE FUNCTION units_version_bump();
CREATE TRIGGER units_version_truncate AFTER TRUNCATE ON units
  FOR EACH STATEMENT EXECUTE FUNCTION units_version_bump();
)sql";

constexpr std::array<Migration, 10> kMigrations = {{
    {1, "record tables: units, members, citizens, stations, shifts", kSqliteV1, kPostgresV1},
    {2, "change revisions, reconciliation results, resolution and audit trail", kSqliteV2,
     kPostgresV2},
    {3, "appointments and settings", kSqliteV3, kPostgresV3},
    {4, "accounts, sessions, audit chain, exchange, idempotency, photos, cards", kSqliteV4,
     kPostgresV4},
    {5, "suggestion keys on citizens", kSqliteV5, kPostgresV5, /*fills_suggestion_keys=*/true},
    {6, "progress roll-ups (progress_counts)", kSqliteV6, kPostgresV6},
    {7, "invitation codes unique by a named index", kSqliteV7, kPostgresV7},
    {8, "day-by-day progress (progress_daily)", kSqliteV8, kPostgresV8},
    {9, "working groups, inspections, follow-ups; corrections roll-up", kSqliteV9, kPostgresV9},
    {10, "a version number of the unit tree, bumped by triggers", kSqliteV10, kPostgresV10},
}};

}  // namespace

std::span<const Migration> Migrations() { return kMigrations; }

int LatestSchemaVersion() { return kMigrations.back().version; }

}  // namespace cardex::store_internal
