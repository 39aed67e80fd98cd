// Signed checkpoints anchor the audit chain outside the database: the two
// attacks the chain alone cannot see (the newest entries deleted and the
// head moved back; a rewrite from seq N with every later hash recomputed)
// are found once a checkpoint covers them, and a forged or edited
// checkpoint is refused.
#include "cardex/auth/audit_checkpoint.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "cardex/auth/audit_verify.h"
#include "cardex/store/audit_chain.h"
#include "tests/support/store_backend_test.h"

namespace cardex {
namespace {

using testing::StoreBackendTest;

class AuditCheckpointTest : public StoreBackendTest {
 protected:
  void SetUp() override {
    StoreBackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    dir_ = std::filesystem::temp_directory_path() /
           ("cardex-ckpt-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    file_ = (dir_ / "checkpoints").string();
    auto key = AuditCheckpointKey::Create((dir_ / "key").string());
    ASSERT_TRUE(key.ok()) << key.status().message();
    key_ = std::make_unique<AuditCheckpointKey>(*key);
  }
  void TearDown() override {
    std::filesystem::remove_all(dir_);
    StoreBackendTest::TearDown();
  }

  void Append(int n) {
    std::vector<AuditEntry> entries;
    for (int i = 0; i < n; ++i) {
      entries.push_back({"", "tester", "member.fix", "M" + std::to_string(i), "b", "a"});
    }
    ASSERT_TRUE(store_->AppendAudit(entries).ok());
  }
  void Sql(std::string_view sql, std::initializer_list<SqlParam> params = {}) {
    Status s = store_->Exec(sql, params);
    ASSERT_TRUE(s.ok()) << s.message();
  }
  void Checkpoint(const std::string& at) {
    auto c = WriteAuditCheckpoint(*store_, *key_, file_, at);
    ASSERT_TRUE(c.ok()) << c.status().message();
  }
  std::string HashAt(int64_t seq) {
    auto r = store_->Query("SELECT entry_hash FROM audit_log WHERE seq = ?", {seq});
    return r.ok() && !r->empty() ? std::string(r->Text(0, 0)) : "";
  }
  // Verifies with the checkpoints as a verifier reads them (public key only).
  AuditChainReport VerifyWithCheckpoints() {
    auto checkpoints = ReadAuditCheckpoints(file_, key_->public_key_hex());
    EXPECT_TRUE(checkpoints.ok()) << checkpoints.status().message();
    std::vector<AuditAnchor> anchors;
    if (checkpoints.ok()) {
      for (const auto& c : *checkpoints) anchors.push_back({c.seq, c.hash, "the checkpoint of " + c.at});
    }
    auto r = VerifyAuditChain(*store_, anchors);
    EXPECT_TRUE(r.ok()) << r.status().message();
    return r.ok() ? *r : AuditChainReport{};
  }
  bool IntactWithoutCheckpoints() {
    auto r = VerifyAuditChain(*store_);
    return r.ok() && r->intact;
  }
  // What an intruder with write access does: entries from `from` on get
  // new content and every later hash (and the head) is recomputed.
  void RewriteFrom(int64_t from) {
    auto rows = store_->Query(
        "SELECT seq, at, actor, action, subject, before_value, after_value FROM audit_log "
        "WHERE seq >= ? ORDER BY seq",
        {from});
    ASSERT_TRUE(rows.ok());
    std::string prev = HashAt(from - 1);
    for (size_t i = 0; i < rows->size(); ++i) {
      const int64_t seq = rows->Int(i, 0);
      AuditEntry e{std::string(rows->Text(i, 1)), "intruder", std::string(rows->Text(i, 3)),
                   std::string(rows->Text(i, 4)), std::string(rows->Text(i, 5)), "forged"};
      const std::string hash = AuditChainHash(seq, prev, e);
      Sql("UPDATE audit_log SET actor = 'intruder', after_value = 'forged', prev_hash = ?, "
          "entry_hash = ? WHERE seq = ?",
          {std::string_view(prev), std::string_view(hash), seq});
      prev = hash;
    }
    Sql("UPDATE audit_head SET hash = ? WHERE id = 1", {std::string_view(prev)});
  }

  std::filesystem::path dir_;
  std::string file_;
  std::unique_ptr<AuditCheckpointKey> key_;
};

TEST_P(AuditCheckpointTest, AnUntouchedLogPassesEveryCheckpoint) {
  Checkpoint("2025-08-05T00:00:00.000Z");  // the empty log
  Append(3);
  Checkpoint("2025-08-05T01:00:00.000Z");
  Append(2);
  Checkpoint("2025-08-05T02:00:00.000Z");
  Append(1);  // after the last checkpoint: fine
  AuditChainReport r = VerifyWithCheckpoints();
  EXPECT_TRUE(r.intact) << r.problem;
  EXPECT_EQ(r.anchors_checked, 2);
  EXPECT_EQ(r.head_seq, 6);
}

TEST_P(AuditCheckpointTest, TruncationIsFound) {
  Append(5);
  Checkpoint("2025-08-05T01:00:00.000Z");
  // Two statements: the newest entries go, the head moves back.
  const std::string hash3 = HashAt(3);
  Sql("DELETE FROM audit_log WHERE seq > 3");
  Sql("UPDATE audit_head SET seq = 3, hash = ? WHERE id = 1", {std::string_view(hash3)});
  EXPECT_TRUE(IntactWithoutCheckpoints());  // what the chain alone cannot see
  AuditChainReport r = VerifyWithCheckpoints();
  EXPECT_FALSE(r.intact);
  EXPECT_EQ(r.first_broken_seq, 4);
  EXPECT_NE(r.problem.find("cut short"), std::string::npos) << r.problem;
}

TEST_P(AuditCheckpointTest, RewriteFromSeqNIsFound) {
  Append(2);
  Checkpoint("2025-08-05T01:00:00.000Z");  // seq 2: before the rewrite, still true
  Append(3);
  Checkpoint("2025-08-05T02:00:00.000Z");  // seq 5: covers it
  RewriteFrom(3);
  EXPECT_TRUE(IntactWithoutCheckpoints());
  AuditChainReport r = VerifyWithCheckpoints();
  EXPECT_FALSE(r.intact);
  EXPECT_EQ(r.first_broken_seq, 5);
  EXPECT_NE(r.problem.find("rewritten"), std::string::npos) << r.problem;
  EXPECT_NE(r.problem.find("2025-08-05T02:00:00.000Z"), std::string::npos) << r.problem;
}

TEST_P(AuditCheckpointTest, ForgedCheckpointsAreRefused) {
  Append(5);
  Checkpoint("2025-08-05T01:00:00.000Z");
  const std::string hash3 = HashAt(3);
  Sql("DELETE FROM audit_log WHERE seq > 3");
  Sql("UPDATE audit_head SET seq = 3, hash = ? WHERE id = 1", {std::string_view(hash3)});
  std::string honest;
  {
    std::ifstream in(file_);
    std::getline(in, honest);
  }
  // 1. The intruder's own key signs the cut head, replacing the file.
  auto own = AuditCheckpointKey::Create((dir_ / "intruder").string());
  ASSERT_TRUE(own.ok());
  std::ofstream(file_) << SignAuditCheckpoint(*own, 3, hash3, "2025-08-05T03:00:00.000Z").Line()
                       << "\n";
  auto read = ReadAuditCheckpoints(file_, key_->public_key_hex());
  ASSERT_FALSE(read.ok());
  EXPECT_NE(read.status().message().find(":1: signed by key"), std::string::npos)
      << read.status().message();
  // 2. The honest line edited to name the cut head, key id and signature kept.
  std::vector<std::string> f;
  for (size_t at = 0; at != std::string::npos;) {
    size_t sp = honest.find(' ', at);
    f.push_back(honest.substr(at, sp == std::string::npos ? sp : sp - at));
    at = sp == std::string::npos ? sp : sp + 1;
  }
  ASSERT_EQ(f.size(), 6u) << honest;
  ASSERT_EQ(f[1], "5");
  std::ofstream(file_) << "# kept by the registry office\n"
                       << f[0] << " 3 " << hash3 << " " << f[3] << " " << f[4] << " " << f[5] << "\n";
  auto edited = ReadAuditCheckpoints(file_, key_->public_key_hex());
  ASSERT_FALSE(edited.ok());
  EXPECT_NE(edited.status().message().find(":2: the signature does not match"), std::string::npos)
      << edited.status().message();
  // 3. Garbage.
  std::ofstream(file_) << "cardex-audit-checkpoint-v1 3 abc\n";
  EXPECT_FALSE(ReadAuditCheckpoints(file_, key_->public_key_hex()).ok());
  // The honest line alone still proves the cut.
  std::ofstream(file_) << honest << "\n";
  AuditChainReport r = VerifyWithCheckpoints();
  EXPECT_FALSE(r.intact);
  EXPECT_EQ(r.first_broken_seq, 4);
}

TEST_P(AuditCheckpointTest, AMovedHeadIsNotSigned) {
  Append(3);
  Sql("UPDATE audit_head SET seq = 2 WHERE id = 1");
  auto c = WriteAuditCheckpoint(*store_, *key_, file_, "2025-08-05T01:00:00.000Z");
  EXPECT_EQ(c.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_FALSE(std::filesystem::exists(file_));
}

TEST_P(AuditCheckpointTest, KeysAreNeverOverwritten) {
  EXPECT_EQ(AuditCheckpointKey::Create((dir_ / "key").string()).status().code(),
            StatusCode::kAlreadyExists);
  EXPECT_EQ(std::filesystem::status(dir_ / "key").permissions() & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
}

INSTANTIATE_TEST_SUITE_P(Auth, AuditCheckpointTest, testing::kBothBackends, testing::BackendName);

}  // namespace
}  // namespace cardex
