#include "migrations_internal.h"

namespace cardex::store_internal {
namespace {

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

}  // namespace

extern const Migration kMigrationV4 = {4, "accounts, sessions, audit chain, exchange, idempotency, photos, cards", kSqliteV4, kPostgresV4};

}  // namespace cardex::store_internal
