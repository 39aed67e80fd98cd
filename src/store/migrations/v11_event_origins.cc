#include "migrations_internal.h"

namespace cardex::store_internal {
namespace {

// Schema v11: each exchange event says where its member came from, besides
// where they went: the reason and station of the state left, and the
// exchange row's version the step wrote (1: the member had no row before,
// so left no counted state). With them an event alone moves the progress
// roll-ups (progress/rollup.h, FoldSteps), which are now folded from the
// events after the desk's commit instead of written inside it. Events
// written before v11 keep the defaults; they are never folded: the
// counters are rebuilt from the exchange table first.
constexpr std::string_view kSqliteV11 = R"sql(
ALTER TABLE exchange_events ADD COLUMN from_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE exchange_events ADD COLUMN from_station TEXT NOT NULL DEFAULT '';
ALTER TABLE exchange_events ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
)sql";

constexpr std::string_view kPostgresV11 = R"sql(
ALTER TABLE exchange_events ADD COLUMN from_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE exchange_events ADD COLUMN from_station TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE exchange_events ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
)sql";

}  // namespace

extern const Migration kMigrationV11 = {11, "exchange events say what they left (roll-up folding)",
                                        kSqliteV11, kPostgresV11};

}  // namespace cardex::store_internal
