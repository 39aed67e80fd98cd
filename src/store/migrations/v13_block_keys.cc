#include "migrations_internal.h"

namespace cardex::store_internal {
namespace {

// Schema v13: blocking keys (issue 22).
//
// A member whose name or birth date was mistyped must still find the person
// the organisation meant, without a pass over the registry. Each citizen is
// filed under two more keys (core/block_keys.h), each leaving out the part
// of the name one typo most often hits. Like v5, the keys are C++ (the name
// fold), so the SQL adds the columns and the migration's fill computes them
// and builds their indexes (citizens_given_key, citizens_family_key, also
// in bulk_load.h). reconcile_results.suggestion_reasons keeps why each
// suggestion was made, for the report, the XLSX and the corrections list.
constexpr std::string_view kSqliteV13 = R"sql(
ALTER TABLE citizens ADD COLUMN given_key INTEGER;
ALTER TABLE citizens ADD COLUMN family_key INTEGER;
ALTER TABLE reconcile_results ADD COLUMN suggestion_reasons TEXT NOT NULL DEFAULT '';
)sql";

constexpr std::string_view kPostgresV13 = R"sql(
ALTER TABLE citizens ADD COLUMN given_key BIGINT;
ALTER TABLE citizens ADD COLUMN family_key BIGINT;
ALTER TABLE reconcile_results ADD COLUMN suggestion_reasons TEXT NOT NULL DEFAULT '';
)sql";

}  // namespace

extern const Migration kMigrationV13 = {13, "blocking keys on citizens", kSqliteV13, kPostgresV13,
                                        /*fills_suggestion_keys=*/false,
                                        /*fills_block_keys=*/true};

}  // namespace cardex::store_internal
