#include "migrations_internal.h"

namespace cardex::store_internal {
namespace {

// Schema v17 (issue 21): the notices prepared for members
// (include/cardex/notices/notices.h, docs/notices.md). One row per notice;
// `notice_key` (member, kind, the appointment's invitation code) is the
// idempotency key: a member is never prepared, and so never sent, the same
// notice twice. `message_id` is the opaque id the gateway dedupes on (a
// hash of the key: neither the member's number nor the code leaves in
// it). `state`: pending, sent (the HTTP gateway took it), exported (in a
// batch file for the operator's gateway), delivered, failed, superseded
// (the appointment changed before it went out), expired (its appointment
// began before it went out). Times are UTC text (core/dates.h).
constexpr std::string_view kSqliteV17 = R"sql(
CREATE TABLE notices (
  notice_key      TEXT NOT NULL PRIMARY KEY,
  message_id      TEXT NOT NULL UNIQUE,
  member_no       TEXT NOT NULL,
  unit_code       TEXT NOT NULL,
  kind            TEXT NOT NULL,
  invitation_code TEXT NOT NULL,
  slot_start      TEXT NOT NULL,
  phone           TEXT NOT NULL,
  body            TEXT NOT NULL,
  state           TEXT NOT NULL DEFAULT 'pending',
  attempts        INTEGER NOT NULL DEFAULT 0,
  prepared_at     TEXT NOT NULL,
  sent_at         TEXT NOT NULL DEFAULT '',
  reported_at     TEXT NOT NULL DEFAULT '',
  batch           TEXT NOT NULL DEFAULT '',
  error           TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX notices_member ON notices (member_no);
CREATE INDEX notices_state ON notices (state);
)sql";

constexpr std::string_view kPostgresV17 = R"sql(
CREATE TABLE notices (
  notice_key      TEXT COLLATE "C" NOT NULL PRIMARY KEY,
  message_id      TEXT COLLATE "C" NOT NULL UNIQUE,
  member_no       TEXT COLLATE "C" NOT NULL,
  unit_code       TEXT COLLATE "C" NOT NULL,
  kind            TEXT NOT NULL,
  invitation_code TEXT COLLATE "C" NOT NULL,
  slot_start      TEXT COLLATE "C" NOT NULL,
  phone           TEXT NOT NULL,
  body            TEXT NOT NULL,
  state           TEXT NOT NULL DEFAULT 'pending',
  attempts        BIGINT NOT NULL DEFAULT 0,
  prepared_at     TEXT COLLATE "C" NOT NULL,
  sent_at         TEXT NOT NULL DEFAULT '',
  reported_at     TEXT NOT NULL DEFAULT '',
  batch           TEXT NOT NULL DEFAULT '',
  error           TEXT NOT NULL DEFAULT ''
);
CREATE INDEX notices_member ON notices (member_no);
CREATE INDEX notices_state ON notices (state);
)sql";

}  // namespace

extern const Migration kMigrationV17 = {17, "notices to members", kSqliteV17, kPostgresV17};

}  // namespace cardex::store_internal
