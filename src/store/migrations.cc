#include "migrations.h"

#include <array>

#include "migrations/migrations_internal.h"

namespace cardex::store_internal {

std::span<const Migration> Migrations() {
  // Built at the first call, after every file's constant initialisation.
  static const std::array<Migration, 18> all = {
      kMigrationV1,
      kMigrationV2,
      kMigrationV3,
      kMigrationV4,
      kMigrationV5,
      kMigrationV6,
      kMigrationV7,
      kMigrationV8,
      kMigrationV9,
      kMigrationV10,
      kMigrationV11,
      kMigrationV12,
      kMigrationV13,
      kMigrationV14,
      kMigrationV15,
      kMigrationV16,
      kMigrationV17,
      kMigrationV18};
  return all;
}

int LatestSchemaVersion() { return Migrations().back().version; }

}  // namespace cardex::store_internal
