#include "migrations_internal.h"

namespace cardex::store_internal {
namespace {

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

}  // namespace

extern const Migration kMigrationV8 = {8, "day-by-day progress (progress_daily)", kSqliteV8, kPostgresV8};

}  // namespace cardex::store_internal
