#include "migrations_internal.h"

namespace cardex::store_internal {
namespace {

// Schema v5: suggestion keys (issue 3).
//
// A member's suggestion is proven unique only by knowing every living
// citizen with the member's folded name, gender and an agreeing birth date;
// without an index that meant reading the whole registry on every run that
// wanted a suggestion.
// citizens.suggestion_key holds core/verdict.h's SuggestionKey of the row,
// set by every write of a citizen (Store::UpsertCitizens); NULL only until
// the migration has filled it. The index (citizens_suggestion_key, also in
// bulk_load.h) is built after the fill, so the SQL adds only the column.
// Numbered 5 and appended on its own so that it merges after v4.
constexpr std::string_view kSqliteV5 = R"sql(
ALTER TABLE citizens ADD COLUMN suggestion_key INTEGER;
)sql";

constexpr std::string_view kPostgresV5 = R"sql(
ALTER TABLE citizens ADD COLUMN suggestion_key BIGINT;
)sql";

}  // namespace

extern const Migration kMigrationV5 = {5, "suggestion keys on citizens", kSqliteV5, kPostgresV5, /*fills_suggestion_keys=*/true};

}  // namespace cardex::store_internal
