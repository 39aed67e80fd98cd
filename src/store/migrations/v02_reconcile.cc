#include "migrations_internal.h"

namespace cardex::store_internal {
namespace {

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

}  // namespace

extern const Migration kMigrationV2 = {2, "change revisions, reconciliation results, resolution and audit trail", kSqliteV2, kPostgresV2};

}  // namespace cardex::store_internal
