#include "migrations_internal.h"

namespace cardex::store_internal {
namespace {

// Schema v16 (issue 23), three additions.
//
// The registry service's answers, kept for the campaign
// (docs/registry_service.md, "The cache"). A national service is asked once
// per citizen id and once per distinct suggestion query; a second run, or a
// run after an outage, asks only what is not here yet. `found` 0 records
// that the service does not hold the id (an answer too). A query's answer is
// the JSON list of its candidates, as the service gave them. `fetched_at` is
// UTC text (core/dates.h UtcNowText), compared as text against the oldest
// answer still accepted.
//
// Members who became official on a re-imported member list (they were
// probationary: Directive 51-CT/TW gives cards to official members only,
// so no plan invited them): the catch-up plans them (plan/runs.h CatchUp)
// until they hold an appointment. `since` is the import's UTC time; the
// change itself is in the audit log (member.status.official).
//
// Records sent on to the central commission (cardex/centre): each batch as
// signed and sent (its exact bytes, so that sending it again sends the same
// batch), and each record's last batch with the centre's answer: `sent`,
// `acknowledged` or `refused` (with the centre's reason).
constexpr std::string_view kSqliteV16 = R"sql(
CREATE TABLE registry_cache_ids (
  citizen_id  INTEGER NOT NULL PRIMARY KEY,
  found       INTEGER NOT NULL,
  full_name   TEXT NOT NULL,
  birth_date  TEXT NOT NULL,
  gender      TEXT NOT NULL,
  deceased_on TEXT NOT NULL,
  fetched_at  TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE registry_cache_queries (
  query_key   TEXT NOT NULL PRIMARY KEY,
  answer      TEXT NOT NULL,
  fetched_at  TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE newly_official (
  member_no   TEXT NOT NULL PRIMARY KEY,
  since       TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE centre_batches (
  batch_id     TEXT NOT NULL PRIMARY KEY,
  commune_code TEXT NOT NULL,
  day          TEXT NOT NULL,
  seq          INTEGER NOT NULL,
  records      INTEGER NOT NULL,
  sha256       TEXT NOT NULL,
  key_id       TEXT NOT NULL,
  signature    TEXT NOT NULL,
  body         TEXT NOT NULL,
  prepared_at  TEXT NOT NULL,
  answered_at  TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE UNIQUE INDEX centre_batches_number ON centre_batches (commune_code, day, seq);
CREATE TABLE centre_records (
  member_no    TEXT NOT NULL PRIMARY KEY,
  batch_id     TEXT NOT NULL,
  status       TEXT NOT NULL,
  reason       TEXT NOT NULL DEFAULT '',
  answered_at  TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
)sql";

constexpr std::string_view kPostgresV16 = R"sql(
CREATE TABLE registry_cache_ids (
  citizen_id  BIGINT NOT NULL PRIMARY KEY,
  found       BIGINT NOT NULL,
  full_name   TEXT NOT NULL,
  birth_date  TEXT NOT NULL,
  gender      TEXT NOT NULL,
  deceased_on TEXT NOT NULL,
  fetched_at  TEXT COLLATE "C" NOT NULL
);
CREATE TABLE registry_cache_queries (
  query_key   TEXT COLLATE "C" NOT NULL PRIMARY KEY,
  answer      TEXT NOT NULL,
  fetched_at  TEXT COLLATE "C" NOT NULL
);
CREATE TABLE newly_official (
  member_no   TEXT COLLATE "C" NOT NULL PRIMARY KEY,
  since       TEXT NOT NULL
);
CREATE TABLE centre_batches (
  batch_id     TEXT COLLATE "C" NOT NULL PRIMARY KEY,
  commune_code TEXT NOT NULL,
  day          TEXT NOT NULL,
  seq          BIGINT NOT NULL,
  records      BIGINT NOT NULL,
  sha256       TEXT NOT NULL,
  key_id       TEXT NOT NULL,
  signature    TEXT NOT NULL,
  body         TEXT NOT NULL,
  prepared_at  TEXT NOT NULL,
  answered_at  TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX centre_batches_number ON centre_batches (commune_code, day, seq);
CREATE TABLE centre_records (
  member_no    TEXT COLLATE "C" NOT NULL PRIMARY KEY,
  batch_id     TEXT NOT NULL,
  status       TEXT NOT NULL,
  reason       TEXT NOT NULL DEFAULT '',
  answered_at  TEXT NOT NULL DEFAULT ''
);
)sql";

}  // namespace

extern const Migration kMigrationV16 = {16, "registry service answers; members newly official; records sent to the centre", kSqliteV16,
                                        kPostgresV16};

}  // namespace cardex::store_internal
