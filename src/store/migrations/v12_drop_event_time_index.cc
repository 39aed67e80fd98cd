#include "migrations_internal.h"

namespace cardex::store_internal {
namespace {

// Schema v12: no index on exchange_events (at). No query ever used it:
// the day-by-day counts are folded from events in id order and rebuilt by
// a full scan, and a member's history reads exchange_events_member. Every
// desk step paid for it, one more B-tree insert and page write.
constexpr std::string_view kDropEventTimeIndex = R"sql(
DROP INDEX IF EXISTS exchange_events_at;
)sql";

}  // namespace

extern const Migration kMigrationV12 = {12, "no index on exchange event times (unused)", kDropEventTimeIndex,
                                        kDropEventTimeIndex};

}  // namespace cardex::store_internal
