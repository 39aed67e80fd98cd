// Store::BeginSoloWrite/EndSoloWrite: alone, SQLite leaves WAL for a
// rollback journal and returns to WAL; with another connection open it
// refuses at once and stays in WAL; the data written either way is there.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>

#include <unistd.h>

#include "cardex/store/store.h"
#include "tests/store/record_samples.h"

namespace cardex {
namespace {

std::string JournalMode(const std::string& path) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &stmt, nullptr);
  std::string mode = sqlite3_step(stmt) == SQLITE_ROW
                         ? reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0))
                         : "?";
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return mode;
}

class SoloWriteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (std::filesystem::temp_directory_path() /
             ("cardex_solo_" + std::to_string(::getpid()) + ".db")).string();
    Remove();
    auto store = OpenStore(path_);
    ASSERT_TRUE(store.ok()) << store.status().message();
    store_ = std::move(*store);
    ASSERT_TRUE(store_->Migrate().ok());
  }
  void TearDown() override {
    store_.reset();
    Remove();
  }
  void Remove() {
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) std::filesystem::remove(path_ + suffix);
  }
  std::string path_;
  std::unique_ptr<Store> store_;
};

TEST_F(SoloWriteTest, AloneWritesThroughARollbackJournalAndReturnsToWal) {
  ASSERT_EQ(JournalMode(path_), "wal");
  ASSERT_TRUE(store_->BeginSoloWrite().ok());
  EXPECT_EQ(JournalMode(path_), "delete");
  EXPECT_EQ(store_->BeginSoloWrite().code(), StatusCode::kOk) << "a second Begin is harmless";
  ASSERT_TRUE(store_->Begin().ok());
  EXPECT_EQ(store_->EndSoloWrite().code(), StatusCode::kFailedPrecondition) << "not inside a transaction";
  Status written = store_->UpsertUnits(testing::SampleUnits());
  ASSERT_TRUE(written.ok()) << written.message();
  ASSERT_TRUE(store_->Commit().ok());
  ASSERT_TRUE(store_->EndSoloWrite().ok());
  EXPECT_EQ(JournalMode(path_), "wal");
  auto units = store_->Count(RecordKind::kUnits);
  ASSERT_TRUE(units.ok());
  EXPECT_EQ(*units, static_cast<int64_t>(testing::SampleUnits().size()));
}

TEST_F(SoloWriteTest, AnotherConnectionKeepsWalWithoutWaiting) {
  // A busy timeout of an hour: were the refusal to wait it out, the test
  // would hang until ctest's timeout instead of passing.
  StoreOptions patient;
  patient.busy_timeout_ms = 3'600'000;
  auto solo = OpenStore(path_, patient);
  ASSERT_TRUE(solo.ok()) << solo.status().message();
  EXPECT_EQ((*solo)->BeginSoloWrite().code(), StatusCode::kFailedPrecondition) << "store_ is open";
  EXPECT_EQ(JournalMode(path_), "wal");
  Status written = store_->UpsertUnits(testing::SampleUnits());
  ASSERT_TRUE(written.ok()) << "the other connection still writes: " << written.message();
  ASSERT_TRUE((*solo)->EndSoloWrite().ok()) << "End after a refused Begin does nothing";
}

TEST_F(SoloWriteTest, ClosingTheStoreReturnsToWal) {
  ASSERT_TRUE(store_->BeginSoloWrite().ok());
  store_.reset();
  EXPECT_EQ(JournalMode(path_), "wal");
}

}  // namespace
}  // namespace cardex
