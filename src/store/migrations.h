// The versioned schema shared by both backends.
//
// Each migration moves the schema from version N-1 to N. Migrations are
// append-only: a released migration is never edited, a change is a new one.
// Both dialects describe the same logical tables and columns; they differ
// only where the engines do (integer key types, timestamps, collations).
//
// The table schema_migrations(version, applied_at) records which versions a
// database has; Migrate() applies the missing ones in one transaction.
#ifndef CARDEX_STORE_MIGRATIONS_H_
#define CARDEX_STORE_MIGRATIONS_H_

#include <span>
#include <string_view>

namespace cardex::store_internal {

struct Migration {
  int version;
  std::string_view description;
  // One or more SQL statements separated by ';', run inside the migration
  // transaction.
  std::string_view sqlite_sql;
  std::string_view postgres_sql;
  // After the SQL, in the same transaction: every citizen without a
  // suggestion key gets one (core/verdict.h SuggestionKey; the name fold is
  // C++, not SQL), then the index on the keys is built.
  bool fills_suggestion_keys = false;
  // The same for the blocking keys (core/block_keys.h) and their indexes.
  bool fills_block_keys = false;
};

// All migrations, versions 1, 2, ... in order.
std::span<const Migration> Migrations();

// The newest version this build knows.
int LatestSchemaVersion();

}  // namespace cardex::store_internal

#endif  // CARDEX_STORE_MIGRATIONS_H_
