// Internal: one file per schema version under src/store/migrations/
// (vNN_what.cc, each holding both dialects' SQL and its Migration), gathered
// in order by migrations.cc. A new version is a new file and a line in
// each list here and there; a released one is never edited.
#ifndef CARDEX_SRC_STORE_MIGRATIONS_INTERNAL_H_
#define CARDEX_SRC_STORE_MIGRATIONS_INTERNAL_H_

#include "../migrations.h"

namespace cardex::store_internal {

extern const Migration kMigrationV1;
extern const Migration kMigrationV2;
extern const Migration kMigrationV3;
extern const Migration kMigrationV4;
extern const Migration kMigrationV5;
extern const Migration kMigrationV6;
extern const Migration kMigrationV7;
extern const Migration kMigrationV8;
extern const Migration kMigrationV9;
extern const Migration kMigrationV10;
extern const Migration kMigrationV11;
extern const Migration kMigrationV12;
extern const Migration kMigrationV13;
extern const Migration kMigrationV14;
extern const Migration kMigrationV15;
extern const Migration kMigrationV16;
extern const Migration kMigrationV17;
extern const Migration kMigrationV18;

}  // namespace cardex::store_internal

#endif  // CARDEX_SRC_STORE_MIGRATIONS_INTERNAL_H_
