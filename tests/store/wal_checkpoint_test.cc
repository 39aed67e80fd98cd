// Store::CheckpointWal (SQLite): PASSIVE copies the committed frames into
// the database file; RESTART does too and lets the next writer start the
// WAL over from its beginning, so that it stays short under steady writes.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include <unistd.h>

#include "cardex/store/engine.h"
#include "cardex/store/store.h"

namespace cardex {
namespace {

using Mode = Store::WalCheckpointMode;

class WalCheckpointTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (std::filesystem::temp_directory_path() /
             ("cardex_wal_ckpt_" + std::to_string(::getpid()) + ".db")).string();
    Remove();
    auto store = OpenStore(path_);
    ASSERT_TRUE(store.ok()) << store.status().message();
    store_ = std::move(*store);
    ASSERT_TRUE(store_->Migrate().ok());
    // As the server's connections: the checkpoints are the caller's.
    ASSERT_TRUE(LeaveWalCheckpointsToCaller(*store_).ok());
    ASSERT_TRUE(store_->CheckpointWal(Mode::kRestart).ok());
  }
  void TearDown() override {
    store_.reset();
    Remove();
  }
  void Remove() {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_ + suffix);
  }
  // `n` transactions, each writing a setting.
  void Write(int n, const std::string& prefix) {
    for (int i = 0; i < n; ++i) {
      const std::string key = prefix + std::to_string(i);
      ASSERT_TRUE(store_->Query("INSERT INTO settings (key, value) VALUES (?, 'x')", {key}).ok());
    }
  }
  std::string path_;
  std::unique_ptr<Store> store_;
};

TEST_F(WalCheckpointTest, CheckpointsLeftToTheCallerTurnTheAutomaticOnesOff) {
  auto pragma = store_->Query("PRAGMA wal_autocheckpoint");
  ASSERT_TRUE(pragma.ok()) << pragma.status().message();
  EXPECT_EQ(pragma->Int(0, 0), 0);
  // Another connection keeps SQLite's default.
  auto other = OpenStore(path_);
  ASSERT_TRUE(other.ok()) << other.status().message();
  auto fallback = (*other)->Query("PRAGMA wal_autocheckpoint");
  ASSERT_TRUE(fallback.ok());
  EXPECT_EQ(fallback->Int(0, 0), 1000);
}

TEST_F(WalCheckpointTest, PassiveCopiesEveryCommittedFrameWhenNobodyReads) {
  Write(50, "a");
  auto state = store_->CheckpointWal(Mode::kPassive);
  ASSERT_TRUE(state.ok()) << state.status().message();
  EXPECT_GE(state->log_frames, 50);
  EXPECT_EQ(state->checkpointed_frames, state->log_frames);
}

TEST_F(WalCheckpointTest, AfterARestartTheNextWriterStartsTheWalOver) {
  Write(200, "b");
  auto before = store_->CheckpointWal(Mode::kRestart);
  ASSERT_TRUE(before.ok()) << before.status().message();
  ASSERT_GE(before->log_frames, 200);
  Write(1, "c");
  auto after = store_->CheckpointWal(Mode::kPassive);
  ASSERT_TRUE(after.ok());
  EXPECT_LT(after->log_frames, 10) << "the WAL went on from frame " << before->log_frames;
  auto rows = store_->Query("SELECT COUNT(*) FROM settings WHERE key LIKE 'b%' OR key LIKE 'c%'");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->Int(0, 0), 201) << "nothing written was lost";
}

TEST_F(WalCheckpointTest, RefusedInsideATransaction) {
  ASSERT_TRUE(store_->Begin().ok());
  EXPECT_EQ(store_->CheckpointWal(Mode::kRestart).status().code(), StatusCode::kFailedPrecondition);
  ASSERT_TRUE(store_->Rollback().ok());
}

}  // namespace
}  // namespace cardex
