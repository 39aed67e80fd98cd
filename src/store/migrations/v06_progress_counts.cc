#include "migrations_internal.h"

namespace cardex::store_internal {
namespace {

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

}  // namespace

extern const Migration kMigrationV6 = {6, "progress roll-ups (progress_counts)", kSqliteV6, kPostgresV6};

}  // namespace cardex::store_internal
