// The schema v10 part of the Store contract: the database bumps
// units_version.version on every change of the unit tree (a unit added or
// removed, a code or parent changed), whoever writes it; a change of a
// unit's name or kind leaves it. progress/rollup.h's staleness stamp reads
// it. SQLite and the live PostgreSQL of the pg_server fixture.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cardex/store/store.h"
#include "tests/support/store_backend_test.h"

namespace cardex {
namespace {

class StoreUnitsVersionTest : public testing::StoreBackendTest {
 protected:
  int64_t Version() {
    auto rows = store_->Query("SELECT version FROM units_version");
    EXPECT_TRUE(rows.ok()) << rows.status().message();
    if (!rows.ok() || rows->size() != 1) {
      ADD_FAILURE() << "units_version must hold one row";
      return -1;
    }
    return rows->Int(0, 0);
  }
  bool Postgres() const { return GetParam() == testing::Backend::kLivePostgres; }

  std::vector<Unit> Tree() {
    return {{"P", "", "province", "Tỉnh P"},
            {"P.A", "P", "commune", "Xã A"},
            {"P.B", "P", "commune", "Xã B"},
            {"P.A.1", "P.A", "cell", "Chi bộ A1"}};
  }
};

TEST_P(StoreUnitsVersionTest, EveryChangeOfTheTreeBumpsTheVersion) {
  const int64_t fresh = Version();
  EXPECT_GE(fresh, 1);  // never 0: a stamp from before v10 reads 0
  std::vector<Unit> tree = Tree();
  ASSERT_TRUE(store_->UpsertUnits(tree).ok());
  const int64_t loaded = Version();
  EXPECT_GT(loaded, fresh);

  // A cell moved to another commune, nothing added or removed.
  tree[3].parent_code = "P.B";
  ASSERT_TRUE(store_->UpsertUnits(std::vector<Unit>{tree[3]}).ok());
  const int64_t moved = Version();
  EXPECT_GT(moved, loaded);

  ASSERT_TRUE(store_->Exec("DELETE FROM units WHERE code = ?", {std::string_view("P.A.1")}).ok());
  const int64_t removed = Version();
  EXPECT_GT(removed, moved);

  ASSERT_TRUE(store_->Exec("UPDATE units SET code = 'P.C' WHERE code = 'P.B'").ok());
  EXPECT_GT(Version(), removed);
}

TEST_P(StoreUnitsVersionTest, ANameOrKindChangeLeavesTheVersion) {
  ASSERT_TRUE(store_->UpsertUnits(Tree()).ok());
  const int64_t before = Version();
  ASSERT_TRUE(store_->Exec("UPDATE units SET name = 'Xã A mới', kind = 'ward' WHERE code = 'P.A'").ok());
  EXPECT_EQ(Version(), before);
  // Through the upsert SQLite's row trigger sees the parent unchanged;
  // PostgreSQL's statement trigger fires for any upsert that may set the
  // parent (one rebuild too many, never one too few).
  std::vector<Unit> renamed = Tree();
  renamed[1].name = "Xã A cũ";
  ASSERT_TRUE(store_->UpsertUnits(renamed).ok());
  if (!Postgres()) {
    EXPECT_EQ(Version(), before);
  }
}

// A rolled-back change of the tree takes its bump with it.
TEST_P(StoreUnitsVersionTest, ARolledBackChangeKeepsTheVersion) {
  const int64_t before = Version();
  ASSERT_TRUE(store_->Begin().ok());
  ASSERT_TRUE(store_->UpsertUnits(Tree()).ok());
  ASSERT_TRUE(store_->Rollback().ok());
  EXPECT_EQ(Version(), before);
}

INSTANTIATE_TEST_SUITE_P(store, StoreUnitsVersionTest, testing::kBothBackends,
                         testing::BackendName);

}  // namespace
}  // namespace cardex
