#include "migrations_internal.h"

namespace cardex::store_internal {
namespace {

// Schema v15: stations that keep working offline (issue 20).
//
// On a station's own copy (SQLite): station_self, one row saying which
// station this copy is, its credential and how far the central has
// acknowledged its outbox; station_outbox, every desk step taken locally,
// written by ledger::ApplyStep in the step's own transaction, numbered by
// the station (AUTOINCREMENT: a number is never reused, even after the
// purge). The central's idempotency key for a step is (join_id, seq).
//
// On the central: sync_credentials, one per join, scoped to its station and
// revocable, with the acknowledged high-water mark; sync_steps, the outcome
// of every step a station pushed (accepted, held, conflict), which is both
// the idempotency record and the list of conflicts; sync_photos, photos
// received by their content hash before the step that uses them.
// Both sides get every table: one binary, one schema.
constexpr std::string_view kSqliteV15 = R"sql(
CREATE TABLE station_self (
  id           INTEGER PRIMARY KEY CHECK (id = 1),
  station_code TEXT NOT NULL,
  join_id      TEXT NOT NULL,
  central_url  TEXT NOT NULL,
  secret       TEXT NOT NULL,
  joined_at    TEXT NOT NULL,
  window_from  TEXT NOT NULL DEFAULT '',
  window_to    TEXT NOT NULL DEFAULT '',
  last_pull_at TEXT NOT NULL DEFAULT '',
  last_push_at TEXT NOT NULL DEFAULT '',
  acked_seq    INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE station_outbox (
  seq            INTEGER PRIMARY KEY AUTOINCREMENT,
  member_no      TEXT NOT NULL,
  step           TEXT NOT NULL,
  reason         TEXT NOT NULL DEFAULT '',
  note           TEXT NOT NULL DEFAULT '',
  station_code   TEXT NOT NULL DEFAULT '',
  actor          TEXT NOT NULL,
  at             TEXT NOT NULL,
  base_version   INTEGER NOT NULL,
  data_seen      TEXT NOT NULL DEFAULT '',
  photo_sha256   TEXT NOT NULL DEFAULT '',
  detail         TEXT NOT NULL DEFAULT '',
  outcome        TEXT NOT NULL DEFAULT 'pending',
  outcome_reason TEXT NOT NULL DEFAULT '',
  settled_at     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX station_outbox_member ON station_outbox (member_no, seq);
CREATE INDEX station_outbox_outcome ON station_outbox (outcome, seq);

CREATE TABLE sync_credentials (
  join_id      TEXT NOT NULL PRIMARY KEY,
  station_code TEXT NOT NULL,
  secret_hash  TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  created_by   TEXT NOT NULL,
  revoked_at   TEXT NOT NULL DEFAULT '',
  acked_seq    INTEGER NOT NULL DEFAULT 0,
  last_push_at TEXT NOT NULL DEFAULT '',
  last_pull_at TEXT NOT NULL DEFAULT '',
  outbox_depth INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX sync_credentials_station ON sync_credentials (station_code);

CREATE TABLE sync_steps (
  join_id      TEXT NOT NULL,
  seq          INTEGER NOT NULL,
  station_code TEXT NOT NULL,
  member_no    TEXT NOT NULL,
  step         TEXT NOT NULL,
  actor        TEXT NOT NULL,
  at           TEXT NOT NULL,
  outcome      TEXT NOT NULL,
  reason       TEXT NOT NULL DEFAULT '',
  applied_at   TEXT NOT NULL,
  PRIMARY KEY (join_id, seq)
) WITHOUT ROWID;
CREATE INDEX sync_steps_outcome ON sync_steps (outcome, station_code);
CREATE INDEX sync_steps_member ON sync_steps (join_id, member_no);

CREATE TABLE sync_photos (
  sha256       TEXT NOT NULL PRIMARY KEY,
  content_type TEXT NOT NULL,
  bytes        BLOB NOT NULL,
  received_at  TEXT NOT NULL
) WITHOUT ROWID;
)sql";

constexpr std::string_view kPostgresV15 = R"sql(
CREATE TABLE station_self (
  id           INTEGER PRIMARY KEY CHECK (id = 1),
  station_code TEXT COLLATE "C" NOT NULL,
  join_id      TEXT COLLATE "C" NOT NULL,
  central_url  TEXT NOT NULL,
  secret       TEXT NOT NULL,
  joined_at    TEXT NOT NULL,
  window_from  TEXT NOT NULL DEFAULT '',
  window_to    TEXT NOT NULL DEFAULT '',
  last_pull_at TEXT NOT NULL DEFAULT '',
  last_push_at TEXT NOT NULL DEFAULT '',
  acked_seq    BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE station_outbox (
  seq            BIGSERIAL PRIMARY KEY,
  member_no      TEXT COLLATE "C" NOT NULL,
  step           TEXT NOT NULL,
  reason         TEXT NOT NULL DEFAULT '',
  note           TEXT NOT NULL DEFAULT '',
  station_code   TEXT COLLATE "C" NOT NULL DEFAULT '',
  actor          TEXT NOT NULL,
  at             TEXT NOT NULL,
  base_version   BIGINT NOT NULL,
  data_seen      TEXT NOT NULL DEFAULT '',
  photo_sha256   TEXT NOT NULL DEFAULT '',
  detail         TEXT NOT NULL DEFAULT '',
  outcome        TEXT NOT NULL DEFAULT 'pending',
  outcome_reason TEXT NOT NULL DEFAULT '',
  settled_at     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX station_outbox_member ON station_outbox (member_no, seq);
CREATE INDEX station_outbox_outcome ON station_outbox (outcome, seq);

CREATE TABLE sync_credentials (
  join_id      TEXT COLLATE "C" NOT NULL PRIMARY KEY,
  station_code TEXT COLLATE "C" NOT NULL,
  secret_hash  TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  created_by   TEXT NOT NULL,
  revoked_at   TEXT NOT NULL DEFAULT '',
  acked_seq    BIGINT NOT NULL DEFAULT 0,
  last_push_at TEXT NOT NULL DEFAULT '',
  last_pull_at TEXT NOT NULL DEFAULT '',
  outbox_depth BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX sync_credentials_station ON sync_credentials (station_code);

CREATE TABLE sync_steps (
  join_id      TEXT COLLATE "C" NOT NULL,
  seq          BIGINT NOT NULL,
  station_code TEXT COLLATE "C" NOT NULL,
  member_no    TEXT COLLATE "C" NOT NULL,
  step         TEXT NOT NULL,
  actor        TEXT NOT NULL,
  at           TEXT NOT NULL,
  outcome      TEXT NOT NULL,
  reason       TEXT NOT NULL DEFAULT '',
  applied_at   TEXT NOT NULL,
  PRIMARY KEY (join_id, seq)
);
CREATE INDEX sync_steps_outcome ON sync_steps (outcome, station_code);
CREATE INDEX sync_steps_member ON sync_steps (join_id, member_no);

CREATE TABLE sync_photos (
  sha256       TEXT COLLATE "C" NOT NULL PRIMARY KEY,
  content_type TEXT NOT NULL,
  bytes        BYTEA NOT NULL,
  received_at  TEXT NOT NULL
);
)sql";

}  // namespace

extern const Migration kMigrationV15 = {15, "station copies and their sync", kSqliteV15, kPostgresV15};

}  // namespace cardex::store_internal
