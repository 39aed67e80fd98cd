// The hash-chained audit log on both backends: appends chain, and every
// kind of tampering is found at the right seq.
#include "cardex/store/audit_chain.h"

#include <gtest/gtest.h>

#include <thread>

#include "cardex/auth/audit_verify.h"
#include "tests/support/store_backend_test.h"

namespace cardex {
namespace {

using testing::StoreBackendTest;

class AuditChainTest : public StoreBackendTest {
 protected:
  void Append(int n, std::string_view actor = "tester") {
    std::vector<AuditEntry> entries;
    for (int i = 0; i < n; ++i) {
      entries.push_back({"", std::string(actor), "member.fix", "M" + std::to_string(i),
                         "before " + std::to_string(i), "after " + std::to_string(i)});
    }
    ASSERT_TRUE(store_->AppendAudit(entries).ok());
  }
  AuditChainReport Verify() {
    auto r = VerifyAuditChain(*store_);
    EXPECT_TRUE(r.ok()) << r.status().message();
    return r.ok() ? *r : AuditChainReport{};
  }
  void Sql(std::string_view sql, std::initializer_list<SqlParam> params = {}) {
    Status s = store_->Exec(sql, params);
    ASSERT_TRUE(s.ok()) << s.message();
  }
  // Five chained entries: three in one call, two in another.
  void FiveEntries() {
    Append(3);
    Append(2);
    AuditChainReport r = Verify();
    ASSERT_TRUE(r.intact) << r.problem;
    ASSERT_EQ(r.chained, 5);
    ASSERT_EQ(r.head_seq, 5);
  }
};

TEST_P(AuditChainTest, AppendsChainAndVerify) {
  AuditChainReport empty = Verify();
  EXPECT_TRUE(empty.intact);
  EXPECT_EQ(empty.chained, 0);
  FiveEntries();
  auto rows = store_->Query("SELECT seq, prev_hash, entry_hash FROM audit_log ORDER BY audit_id");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 5u);
  EXPECT_EQ(rows->Int(0, 0), 1);
  EXPECT_EQ(rows->Text(0, 1), "");
  for (size_t i = 1; i < 5; ++i) {
    EXPECT_EQ(rows->Int(i, 0), static_cast<int64_t>(i + 1));
    EXPECT_EQ(rows->Text(i, 1), rows->Text(i - 1, 2));
    EXPECT_EQ(rows->Text(i, 2).size(), 64u);
  }
  // ScanAudit still reads the entries, with the store's time.
  int seen = 0;
  ASSERT_TRUE(store_->ScanAudit("M1", [&](const AuditEntry& e) {
    EXPECT_EQ(e.after, "after 1");
    EXPECT_EQ(e.at.size(), 24u);
    EXPECT_EQ(e.at.back(), 'Z');
    ++seen;
    return Status::Ok();
  }).ok());
  EXPECT_EQ(seen, 2);
  // A rolled-back append leaves no trace in the chain.
  ASSERT_TRUE(store_->Begin().ok());
  Append(2);
  ASSERT_TRUE(store_->Rollback().ok());
  Append(1);
  AuditChainReport r = Verify();
  EXPECT_TRUE(r.intact) << r.problem;
  EXPECT_EQ(r.head_seq, 6);
}

TEST_P(AuditChainTest, EditedFieldIsFound) {
  FiveEntries();
  Sql("UPDATE audit_log SET after_value = 'after 9' WHERE seq = 3");
  AuditChainReport r = Verify();
  EXPECT_FALSE(r.intact);
  EXPECT_EQ(r.first_broken_seq, 3);
  EXPECT_NE(r.problem.find("edited"), std::string::npos) << r.problem;
}

TEST_P(AuditChainTest, EditWithRecomputedHashBreaksTheNextLink) {
  FiveEntries();
  auto row = store_->Query("SELECT prev_hash, at, actor, action, subject, before_value "
                           "FROM audit_log WHERE seq = 3");
  ASSERT_TRUE(row.ok());
  AuditEntry forged{std::string(row->Text(0, 1)), "intruder", std::string(row->Text(0, 3)),
                    std::string(row->Text(0, 4)), std::string(row->Text(0, 5)), "after 9"};
  std::string hash = AuditChainHash(3, row->Text(0, 0), forged);
  Sql("UPDATE audit_log SET actor = 'intruder', after_value = 'after 9', entry_hash = ? "
      "WHERE seq = 3",
      {std::string_view(hash)});
  AuditChainReport r = Verify();
  EXPECT_FALSE(r.intact);
  EXPECT_EQ(r.first_broken_seq, 4);
}

TEST_P(AuditChainTest, DeletedMiddleEntryIsFound) {
  FiveEntries();
  Sql("DELETE FROM audit_log WHERE seq = 3");
  AuditChainReport r = Verify();
  EXPECT_FALSE(r.intact);
  EXPECT_EQ(r.first_broken_seq, 3);
  EXPECT_NE(r.problem.find("missing"), std::string::npos) << r.problem;
}

TEST_P(AuditChainTest, DeletedLastEntryIsFoundThroughTheHead) {
  FiveEntries();
  Sql("DELETE FROM audit_log WHERE seq = 5");
  AuditChainReport r = Verify();
  EXPECT_FALSE(r.intact);
  EXPECT_EQ(r.first_broken_seq, 5);
  EXPECT_NE(r.problem.find("deleted"), std::string::npos) << r.problem;
}

TEST_P(AuditChainTest, InsertedRowsAreFound) {
  FiveEntries();
  // A copy of entry 3, hash and all, added later.
  Sql("INSERT INTO audit_log (at, actor, action, subject, before_value, after_value, seq, "
      "prev_hash, entry_hash) SELECT at, actor, action, subject, before_value, after_value, seq, "
      "prev_hash, entry_hash FROM audit_log WHERE seq = 3");
  AuditChainReport r = Verify();
  EXPECT_FALSE(r.intact);
  EXPECT_EQ(r.first_broken_seq, 3);
  EXPECT_NE(r.problem.find("inserted"), std::string::npos) << r.problem;
}

TEST_P(AuditChainTest, UnchainedRowAfterTheChainStartedIsFound) {
  FiveEntries();
  Sql("INSERT INTO audit_log (at, actor, action, subject) VALUES "
      "('2025-01-01T00:00:00.000Z', 'intruder', 'member.fix', 'M1')");
  AuditChainReport r = Verify();
  EXPECT_FALSE(r.intact);
  EXPECT_EQ(r.first_broken_seq, 6);
}

TEST_P(AuditChainTest, WellForgedAppendIsFoundThroughTheHead) {
  FiveEntries();
  auto last = store_->Query("SELECT entry_hash FROM audit_log WHERE seq = 5");
  ASSERT_TRUE(last.ok());
  AuditEntry forged{"2025-01-01T00:00:00.000Z", "intruder", "member.fix", "M1", "", "x"};
  std::string prev(last->Text(0, 0));
  std::string hash = AuditChainHash(6, prev, forged);
  Sql("INSERT INTO audit_log (at, actor, action, subject, before_value, after_value, seq, "
      "prev_hash, entry_hash) VALUES (?, ?, ?, ?, ?, ?, 6, ?, ?)",
      {std::string_view(forged.at), std::string_view(forged.actor), std::string_view(forged.action),
       std::string_view(forged.subject), std::string_view(forged.before),
       std::string_view(forged.after), std::string_view(prev), std::string_view(hash)});
  AuditChainReport r = Verify();
  EXPECT_FALSE(r.intact);
  EXPECT_EQ(r.first_broken_seq, 6);
}

TEST_P(AuditChainTest, EntriesFromBeforeTheChainAreCountedNotBroken) {
  // Rows as schema v2/v3 wrote them: no seq, no hash.
  for (int i = 0; i < 2; ++i) {
    Sql("INSERT INTO audit_log (at, actor, action, subject) VALUES "
        "('2025-01-01T00:00:00.000Z', 'old', 'member.fix', 'M1')");
  }
  Append(2);
  AuditChainReport r = Verify();
  EXPECT_TRUE(r.intact) << r.problem;
  EXPECT_EQ(r.unchained, 2);
  EXPECT_EQ(r.chained, 2);
}

TEST_P(AuditChainTest, ConcurrentAppendersKeepOneChain) {
  constexpr int kThreads = 3, kEach = 20;
  std::vector<std::thread> threads;
  std::vector<Status> results(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      auto other = OpenStore(spec_);
      if (!other.ok()) {
        results[t] = other.status();
        return;
      }
      for (int i = 0; i < kEach && results[t].ok(); ++i) {
        AuditEntry e{"", "t" + std::to_string(t), "member.fix", "M" + std::to_string(i), "", ""};
        results[t] = (*other)->AppendAudit({&e, 1});
      }
    });
  }
  for (auto& th : threads) th.join();
  for (const Status& s : results) ASSERT_TRUE(s.ok()) << s.message();
  AuditChainReport r = Verify();
  EXPECT_TRUE(r.intact) << r.problem;
  EXPECT_EQ(r.chained, kThreads * kEach);
  EXPECT_EQ(r.head_seq, kThreads * kEach);
}

INSTANTIATE_TEST_SUITE_P(Auth, AuditChainTest, testing::kBothBackends, testing::BackendName);

TEST(AuditChainHash, FieldBoundariesMatter) {
  AuditEntry a{"t", "ab", "c", "s", "", ""};
  AuditEntry b{"t", "a", "bc", "s", "", ""};
  EXPECT_NE(AuditChainHash(1, "", a), AuditChainHash(1, "", b));
  EXPECT_NE(AuditChainHash(1, "", a), AuditChainHash(2, "", a));
  EXPECT_EQ(AuditChainHash(1, "", a), AuditChainHash(1, "", a));
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace cardex
