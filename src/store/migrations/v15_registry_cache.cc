#include "migrations_internal.h"

namespace cardex::store_internal {
namespace {

// Schema v15 (issue 23), two additions.
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
constexpr std::string_view kSqliteV15 = R"sql(
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
)sql";

constexpr std::string_view kPostgresV15 = R"sql(
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
)sql";

}  // namespace

extern const Migration kMigrationV15 = {15, "registry service answers; members newly official", kSqliteV15,
                                        kPostgresV15};

}  // namespace cardex::store_internal
