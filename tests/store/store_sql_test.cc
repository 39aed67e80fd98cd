// Portable SQL (cardex/store/sql.h): the same statements on both engines.
#include <gtest/gtest.h>

#include <string>
#include <thread>

#include "cardex/store/engine.h"
#include "cardex/store/store.h"
#include "tests/support/store_backend_test.h"

namespace cardex {
namespace {

using testing::StoreBackendTest;

class PortableSqlTest : public StoreBackendTest {};

TEST_P(PortableSqlTest, InsertReturningAndSelectWithParameters) {
  auto inserted = store_->Query(
      "INSERT INTO exchange_events (member_no, unit_code, from_state, to_state, at, actor) "
      "VALUES (?, ?, ?, ?, ?, ?) RETURNING event_id",
      {std::string_view("M1"), std::string_view("C1"), std::string_view("invited"),
       std::string_view("checked_in"), std::string_view("2025-08-05T07:00:00Z"),
       std::string_view("officer")});
  ASSERT_TRUE(inserted.ok()) << inserted.status().message();
  ASSERT_EQ(inserted->size(), 1u);
  EXPECT_GT(inserted->Int(0, 0), 0);

  // A '?' inside a literal is text, not a placeholder.
  auto rows = store_->Query(
      "SELECT member_no, to_state, '?' AS q, reason FROM exchange_events WHERE member_no = ?",
      {std::string_view("M1")});
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(rows->Text(0, 0), "M1");
  EXPECT_EQ(rows->Text(0, 1), "checked_in");
  EXPECT_EQ(rows->Text(0, 2), "?");
  EXPECT_EQ(rows->Text(0, 3), "");
  EXPECT_FALSE(rows->IsNull(0, 3));
}

TEST_P(PortableSqlTest, BlobsRoundTripEveryByte) {
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes.push_back(static_cast<char>(i));
  ASSERT_TRUE(store_
                  ->Exec("INSERT INTO photos (member_no, content_type, sha256, bytes, uploaded_at, "
                         "uploaded_by) VALUES (?, 'image/png', 'x', ?, 't', 'u')",
                         {std::string_view("M1"), SqlBlob{bytes}})
                  .ok());
  auto rows = store_->Query("SELECT bytes FROM photos WHERE member_no = ?", {std::string_view("M1")});
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  EXPECT_EQ(rows->Blob(0, 0), bytes);
}

TEST_P(PortableSqlTest, UniqueViolationIsAlreadyExistsAndNullsAreNull) {
  const char* insert =
      "INSERT INTO sequences (name, value) VALUES (?, ?)";
  ASSERT_TRUE(store_->Exec(insert, {std::string_view("card_no"), int64_t{7}}).ok());
  Status again = store_->Exec(insert, {std::string_view("card_no"), int64_t{8}});
  EXPECT_EQ(again.code(), StatusCode::kAlreadyExists) << again.message();
  auto bumped = store_->Query("UPDATE sequences SET value = value + 1 WHERE name = ? RETURNING value",
                              {std::string_view("card_no")});
  ASSERT_TRUE(bumped.ok());
  EXPECT_EQ(bumped->Int(0, 0), 8);
  auto nulls = store_->Query("SELECT NULL, ? , ?", {nullptr, int64_t{-42}});
  ASSERT_TRUE(nulls.ok()) << nulls.status().message();
  EXPECT_TRUE(nulls->IsNull(0, 0));
  EXPECT_TRUE(nulls->IsNull(0, 1));
  EXPECT_EQ(nulls->Int(0, 2), -42);
}

TEST_P(PortableSqlTest, RollbackDiscardsAndAffectedCounts) {
  {
    Transaction tx(*store_);
    ASSERT_TRUE(tx.Begin().ok());
    ASSERT_TRUE(store_->Exec("INSERT INTO sequences (name, value) VALUES ('a', 1)").ok());
  }  // rolled back
  auto none = store_->Query("SELECT count(*) FROM sequences");
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->Int(0, 0), 0);
  ASSERT_TRUE(store_->Exec("INSERT INTO sequences (name, value) VALUES ('a', 1), ('b', 2)").ok());
  auto updated = store_->Query("UPDATE sequences SET value = 0");
  ASSERT_TRUE(updated.ok());
  EXPECT_EQ(updated->affected(), 2);
}

// Two connections of one process writing at once: the write gate hands the
// lock over instead of failing or sleeping in SQLite's busy handler.
TEST_P(PortableSqlTest, ConcurrentWritersFromTwoConnections) {
  ASSERT_TRUE(store_->Exec("INSERT INTO sequences (name, value) VALUES ('n', 0)").ok());
  auto worker = [&](bool* ok) {
    auto other = OpenStore(spec_);
    if (!other.ok()) return;
    *ok = true;
    for (int i = 0; i < 200; ++i) {
      Transaction tx(**other);
      if (!tx.Begin().ok() ||
          !(*other)->Exec("UPDATE sequences SET value = value + 1 WHERE name = 'n'").ok() ||
          !tx.Commit().ok()) {
        *ok = false;
        return;
      }
    }
  };
  bool a = false, b = false;
  std::thread ta(worker, &a), tb(worker, &b);
  ta.join();
  tb.join();
  EXPECT_TRUE(a && b);
  auto n = store_->Query("SELECT value FROM sequences WHERE name = 'n'");
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(n->Int(0, 0), 400);
}

TEST_P(PortableSqlTest, ExecAndCommitCommitsBoth) {
  Transaction tx(*store_);
  ASSERT_TRUE(tx.Begin().ok());
  ASSERT_TRUE(store_->Exec("INSERT INTO sequences (name, value) VALUES ('a', 1)").ok());
  Status s = tx.ExecAndCommit("INSERT INTO sequences (name, value) VALUES (?, ?)",
                              {std::string_view("b"), int64_t{2}});
  ASSERT_TRUE(s.ok()) << s.message();
  auto rows = store_->Query("SELECT name, value FROM sequences ORDER BY name");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ(rows->Text(1, 0), "b");
  EXPECT_EQ(rows->Int(1, 1), 2);
  // The transaction is over: a new one can begin.
  Transaction next(*store_);
  EXPECT_TRUE(next.Begin().ok());
  EXPECT_TRUE(next.Commit().ok());
}

// A taken key in the last statement: kAlreadyExists (what Idempotent reads
// as a lost race), the whole transaction rolled back, the connection usable.
TEST_P(PortableSqlTest, ExecAndCommitFailureRollsEverythingBack) {
  ASSERT_TRUE(store_->Exec("INSERT INTO sequences (name, value) VALUES ('taken', 0)").ok());
  {
    Transaction tx(*store_);
    ASSERT_TRUE(tx.Begin().ok());
    ASSERT_TRUE(store_->Exec("INSERT INTO sequences (name, value) VALUES ('a', 1)").ok());
    Status s = tx.ExecAndCommit("INSERT INTO sequences (name, value) VALUES (?, ?)",
                                {std::string_view("taken"), int64_t{2}});
    EXPECT_EQ(s.code(), StatusCode::kAlreadyExists) << s.message();
  }
  auto rows = store_->Query("SELECT name FROM sequences ORDER BY name");
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(rows->Text(0, 0), "taken");
  Transaction tx(*store_);
  ASSERT_TRUE(tx.Begin().ok());
  ASSERT_TRUE(store_->Exec("INSERT INTO sequences (name, value) VALUES ('c', 3)").ok());
  ASSERT_TRUE(tx.Commit().ok());
  auto n = store_->Query("SELECT count(*) FROM sequences");
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(n->Int(0, 0), 2);
}

TEST_P(PortableSqlTest, ExecAndCommitWithoutTransactionIsRefusedLikeCommit) {
  Status s = store_->ExecAndCommit("INSERT INTO sequences (name, value) VALUES ('a', 1)", {});
  EXPECT_FALSE(s.ok());
  // (SQLite and PostgreSQL both ran the statement on its own; Commit then
  // found no transaction.)
}

// PostgreSQL prepares each statement text once per connection and keeps
// at most a few hundred: texts built per call (here with the value in
// them) go on working past that, unprepared, and a statement is prepared
// the same inside a transaction that rolls back.
TEST_P(PortableSqlTest, ManyDistinctStatementsAndPreparingInsideRollback) {
  {
    Transaction tx(*store_);
    ASSERT_TRUE(tx.Begin().ok());
    ASSERT_TRUE(store_->Exec("INSERT INTO sequences (name, value) VALUES (?, 5)",
                             {std::string_view("r")})
                    .ok());
  }
  ASSERT_TRUE(store_->Exec("INSERT INTO sequences (name, value) VALUES (?, 5)",
                           {std::string_view("s")})
                  .ok());
  for (int i = 0; i < 300; ++i) {
    auto rows = store_->Query("SELECT value + " + std::to_string(i) +
                              " FROM sequences WHERE name = ?",
                              {std::string_view("s")});
    ASSERT_TRUE(rows.ok()) << i << ": " << rows.status().message();
    ASSERT_EQ(rows->size(), 1u);
    EXPECT_EQ(rows->Int(0, 0), 5 + i);
  }
  auto gone = store_->Query("SELECT count(*) FROM sequences WHERE name = 'r'");
  ASSERT_TRUE(gone.ok());
  EXPECT_EQ(gone->Int(0, 0), 0);
}

TEST_P(PortableSqlTest, HoldingWritersBackInsideATransaction) {
  const bool sqlite = GetParam() == testing::Backend::kSqlite;
  EXPECT_EQ(WritersTakeTurns(*store_), sqlite);
  {
    Transaction tx(*store_);
    ASSERT_TRUE(tx.Begin().ok());
    Status held = HoldWriters(*store_, {"exchange", "corrections"});
    ASSERT_TRUE(held.ok()) << held.message();
    // The holder itself still writes.
    ASSERT_TRUE(store_->Exec("INSERT INTO sequences (name, value) VALUES ('held', 1)").ok());
    ASSERT_TRUE(tx.Commit().ok());
  }
  // LeaveWalCheckpointsToCaller is SQLite's alone; PostgreSQL takes it
  // as a no-op (wal_checkpoint_test.cc checks what it does).
  EXPECT_TRUE(LeaveWalCheckpointsToCaller(*store_).ok());
  if (!sqlite) {
    Transaction tx(*store_);
    ASSERT_TRUE(tx.Begin().ok());
    EXPECT_EQ(HoldWriters(*store_, {"exchange; DROP TABLE units"}).code(), StatusCode::kInvalidArgument);
  }
}

INSTANTIATE_TEST_SUITE_P(Store, PortableSqlTest, testing::kBothBackends, testing::BackendName);

}  // namespace
}  // namespace cardex
