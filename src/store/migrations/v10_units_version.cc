#include "migrations_internal.h"

namespace cardex::store_internal {
namespace {

// Schema v10: a version number of the unit tree that the database bumps
// itself on every insert or delete of a unit and every change of a unit's
// code or parent (progress/rollup.h's staleness stamp). Counting the units
// instead was a full scan on every dashboard page on PostgreSQL, and
// missed a unit moved to another parent. The bump is the database's, not
// the store's, so no writer (an import, a bulk load, a hand-written SQL
// fix) can forget it. SQLite has only row triggers; the update one fires
// only when the code or parent really changed. PostgreSQL bumps once per
// statement (a bulk merge of the tree is one bump), whether or not the
// statement changed a row: a bump too many costs one roll-up rebuild, a
// missing one wrong figures. TRUNCATE bumps too.
constexpr std::string_view kSqliteV10 = R"sql(
CREATE TABLE units_version (
  id      INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
  version INTEGER NOT NULL
);
INSERT INTO units_version (id, version) VALUES (1, 1);
CREATE TRIGGER units_version_insert AFTER INSERT ON units
BEGIN
  UPDATE units_version SET version = version + 1;
END;
CREATE TRIGGER units_version_delete AFTER DELETE ON units
BEGIN
  UPDATE units_version SET version = version + 1;
END;
CREATE TRIGGER units_version_update AFTER UPDATE OF code, parent_code ON units
WHEN OLD.code IS NOT NEW.code OR OLD.parent_code IS NOT NEW.parent_code
BEGIN
  UPDATE units_version SET version = version + 1;
END;
)sql";

constexpr std::string_view kPostgresV10 = R"sql(
CREATE TABLE units_version (
  id      INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
  version BIGINT NOT NULL
);
INSERT INTO units_version (id, version) VALUES (1, 1);
CREATE FUNCTION units_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE units_version SET version = version + 1;
  RETURN NULL;
END
$$;
CREATE TRIGGER units_version_change
  AFTER INSERT OR DELETE OR UPDATE OF code, parent_code ON units
  FOR EACH STATEMENT EXECUTE FUNCTION units_version_bump();
CREATE TRIGGER units_version_truncate AFTER TRUNCATE ON units
  FOR EACH STATEMENT EXECUTE FUNCTION units_version_bump();
)sql";

}  // namespace

extern const Migration kMigrationV10 = {10, "a version number of the unit tree, bumped by triggers", kSqliteV10, kPostgresV10};

}  // namespace cardex::store_internal
