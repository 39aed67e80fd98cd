// Store::BeginBulkLoad/EndBulkLoad: a load into an empty table drops the
// secondary indexes and builds them again; a rolled-back load leaves them as
// they were; a load into a table with rows keeps them throughout.
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include "cardex/store/store.h"
#include "tests/store/record_samples.h"
#include "tests/support/store_backend_test.h"

namespace cardex {
namespace {

// Runs a count query on its own connection.
int CountIn(const std::string& spec, const char* pg_sql, const char* sqlite_sql) {
  if (spec.rfind("postgres", 0) == 0) {
    PGconn* conn = PQconnectdb(spec.c_str());
    PGresult* r = PQexec(conn, pg_sql);
    int n = PQresultStatus(r) == PGRES_TUPLES_OK ? std::atoi(PQgetvalue(r, 0, 0)) : -1;
    PQclear(r);
    PQfinish(conn);
    return n;
  }
  sqlite3* db = nullptr;
  sqlite3_open_v2(spec.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db, sqlite_sql, -1, &stmt, nullptr);
  int n = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int(stmt, 0) : -1;
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return n;
}

// Names of the members table's indexes, read from the database itself.
int CountMemberIndexes(const std::string& spec) {
  return CountIn(spec,
                 "SELECT count(*) FROM pg_indexes WHERE tablename = 'members' "
                 "AND indexname IN ('members_citizen_id', 'members_unit_code')",
                 "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = "
                 "'members' AND name IN ('members_citizen_id', 'members_unit_code')");
}

// Every index of the appointments table (primary key and unique code
// included where they are indexes of their own).
int CountAppointmentIndexes(const std::string& spec) {
  return CountIn(spec, "SELECT count(*) FROM pg_indexes WHERE tablename = 'appointments'",
                 "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'appointments'");
}

class BulkLoadTest : public testing::StoreBackendTest {
 protected:
  // One import-shaped load of the sample members; commits when `commit`.
  void Load(bool commit) {
    ASSERT_TRUE(store_->Begin().ok());
    ASSERT_TRUE(store_->BeginBulkLoad(RecordKind::kMembers).ok());
    ASSERT_TRUE(store_->UpsertMembers(testing::SampleMembers()).ok());
    ASSERT_TRUE(store_->EndBulkLoad(RecordKind::kMembers).ok());
    ASSERT_TRUE((commit ? store_->Commit() : store_->Rollback()).ok());
  }
};

TEST_P(BulkLoadTest, IndexesAreThereAfterLoadsRollbacksAndReloads) {
  ASSERT_EQ(CountMemberIndexes(spec_), 2);
  Load(/*commit=*/false);
  EXPECT_EQ(CountMemberIndexes(spec_), 2) << "a rolled-back bulk load lost indexes";
  EXPECT_EQ(*store_->Count(RecordKind::kMembers), 0);
  Load(/*commit=*/true);
  EXPECT_EQ(CountMemberIndexes(spec_), 2) << "a bulk load did not rebuild its indexes";
  EXPECT_EQ(*store_->Count(RecordKind::kMembers),
            static_cast<int64_t>(testing::SampleMembers().size()));
  Load(/*commit=*/true);  // into a table with rows: indexes kept
  EXPECT_EQ(CountMemberIndexes(spec_), 2);
}

// PostgreSQL streams a bulk load of citizens through one COPY across
// batches; the rows must come back whole, and a rollback must discard them.
TEST_P(BulkLoadTest, CitizensLoadedInBatchesComeBackAndRollBackCleanly) {
  std::vector<Citizen> all = testing::ManyCitizens(10000);
  for (bool commit : {false, true}) {
    ASSERT_TRUE(store_->Begin().ok());
    ASSERT_TRUE(store_->BeginBulkLoad(RecordKind::kCitizens).ok());
    for (size_t i = 0; i < all.size(); i += 3000) {
      size_t n = std::min<size_t>(3000, all.size() - i);
      ASSERT_TRUE(store_->UpsertCitizens(std::span<const Citizen>(all).subspan(i, n)).ok());
    }
    if (commit) {
      ASSERT_TRUE(store_->EndBulkLoad(RecordKind::kCitizens).ok());
      ASSERT_TRUE(store_->Commit().ok());
    } else {
      ASSERT_TRUE(store_->Rollback().ok());  // as an import that found a bad row
      EXPECT_EQ(*store_->Count(RecordKind::kCitizens), 0);
    }
  }
  EXPECT_EQ(*store_->Count(RecordKind::kCitizens), 10000);
  size_t seen = 0;
  ASSERT_TRUE(store_->ScanCitizens([&](const Citizen&) { ++seen; return Status::Ok(); }).ok());
  EXPECT_EQ(seen, all.size());
  // The store stays usable for ordinary upserts afterwards.
  EXPECT_TRUE(store_->UpsertCitizens(std::span<const Citizen>(all).first(5)).ok());
}

// A plan replacing every appointment takes the appointments' indexes down
// and builds them again, into an empty table or a full one; a rollback
// leaves them as they were.
TEST_P(BulkLoadTest, AppointmentIndexesAreThereAfterReplacesAndRollbacks) {
  const int indexes = CountAppointmentIndexes(spec_);
  ASSERT_GE(indexes, 3);
  auto rows = [](int64_t run) {
    std::vector<StoredAppointment> out;
    for (int m = 0; m < 100; ++m) {
      StoredAppointment a;
      a.member_no = "M" + std::to_string(1000 + m);
      a.unit_code = "C" + std::to_string(m / 10);
      a.station_code = "S1";
      a.slot_start = "2025-08-05T08:00";
      a.slot_end = "2025-08-05T08:10";
      a.mode = "station";
      a.invitation_code = "R" + std::to_string(run) + "-" + std::to_string(m);
      a.plan_run = run;
      out.push_back(a);
    }
    return out;
  };
  for (int64_t run : {1, 2, 3}) {
    for (bool commit : {false, true}) {
      ASSERT_TRUE(store_->Begin().ok());
      ASSERT_TRUE(store_->BeginReplaceAppointments(run).ok());
      ASSERT_TRUE(store_->UpsertAppointments(rows(run)).ok());
      ASSERT_TRUE(store_->EndReplaceAppointments().ok());
      ASSERT_TRUE((commit ? store_->Commit() : store_->Rollback()).ok());
      EXPECT_EQ(CountAppointmentIndexes(spec_), indexes) << "run " << run << (commit ? "" : " rolled back");
    }
  }
}

INSTANTIATE_TEST_SUITE_P(store, BulkLoadTest, testing::kBothBackends, testing::BackendName);

}  // namespace
}  // namespace cardex
