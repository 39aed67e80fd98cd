#include "migrations_internal.h"

namespace cardex::store_internal {
namespace {

// Schema v18 (issue 21): the member's own page (cardex/selfservice).
//
// member_page_guard: wrong birth dates typed with a member's invitation
// codes since the last success or unlock; `locked_at` (UTC text, '' when
// open) is set by the attempt that reaches the limit, and only the cell
// secretary's unlock clears it. Keyed by member, not by code: every code the
// member ever held (current and superseded) shares the one count.
//
// member_moves: the appointments a member moved themselves, numbered 1, 2,
// ... per member; the key makes two racing moves of one member take one
// number, so the limit holds without a lock. Old and new station and slot
// (the codes are in appointments and superseded_invitations: a code is a
// credential and stays out of this history).
//
// member_requests: a member's standing "I cannot come": `kind` home_visit
// or transfer, `reason` ill, elderly or elsewhere, the member's note; one
// row per member, a later request replaces it; `closed_at` set when the
// unit has dealt with it.
//
// station_addresses: where a station is, for the member's page and the
// invitations (stations.csv has no address column: an optional `address`
// column of the import fills it).
constexpr std::string_view kSqliteV18 = R"sql(
CREATE TABLE member_page_guard (
  member_no  TEXT NOT NULL PRIMARY KEY,
  failures   INTEGER NOT NULL,
  locked_at  TEXT NOT NULL DEFAULT '',
  updated_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE member_moves (
  member_no   TEXT NOT NULL,
  seq         INTEGER NOT NULL,
  old_station TEXT NOT NULL,
  old_slot    TEXT NOT NULL,
  new_station TEXT NOT NULL,
  new_slot    TEXT NOT NULL,
  moved_at    TEXT NOT NULL,
  PRIMARY KEY (member_no, seq)
) WITHOUT ROWID;
CREATE TABLE member_requests (
  member_no  TEXT NOT NULL PRIMARY KEY,
  kind       TEXT NOT NULL,
  reason     TEXT NOT NULL,
  note       TEXT NOT NULL,
  asked_at   TEXT NOT NULL,
  closed_at  TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE TABLE station_addresses (
  station_code TEXT NOT NULL PRIMARY KEY,
  address      TEXT NOT NULL
) WITHOUT ROWID;
)sql";

constexpr std::string_view kPostgresV18 = R"sql(
CREATE TABLE member_page_guard (
  member_no  TEXT COLLATE "C" NOT NULL PRIMARY KEY,
  failures   BIGINT NOT NULL,
  locked_at  TEXT NOT NULL DEFAULT '',
  updated_at TEXT NOT NULL
);
CREATE TABLE member_moves (
  member_no   TEXT COLLATE "C" NOT NULL,
  seq         BIGINT NOT NULL,
  old_station TEXT NOT NULL,
  old_slot    TEXT NOT NULL,
  new_station TEXT NOT NULL,
  new_slot    TEXT NOT NULL,
  moved_at    TEXT NOT NULL,
  PRIMARY KEY (member_no, seq)
);
CREATE TABLE member_requests (
  member_no  TEXT COLLATE "C" NOT NULL PRIMARY KEY,
  kind       TEXT NOT NULL,
  reason     TEXT NOT NULL,
  note       TEXT NOT NULL,
  asked_at   TEXT NOT NULL,
  closed_at  TEXT NOT NULL DEFAULT ''
);
CREATE TABLE station_addresses (
  station_code TEXT COLLATE "C" NOT NULL PRIMARY KEY,
  address      TEXT NOT NULL
);
)sql";

}  // namespace

extern const Migration kMigrationV18 = {18, "the member's page: lock-outs, moves, requests; station addresses",
                                        kSqliteV18, kPostgresV18};

}  // namespace cardex::store_internal
