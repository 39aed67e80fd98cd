// The schema v5 part of the Store contract (store.h): every citizen is
// stored with its suggestion key, whichever way it was written (upsert,
// bulk load, the migration for rows from before v5), and is found by it
// through the index. SQLite and the live PostgreSQL of the pg_server fixture.
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include <algorithm>
#include <string>
#include <vector>

#include "cardex/core/verdict.h"
#include "cardex/store/store.h"
#include "tests/store/record_samples.h"
#include "tests/support/store_backend_test.h"

namespace cardex {
namespace {

// Runs `sql` on the database behind `spec` outside the store; returns the
// first column of the first row as an integer (-1 on failure, 0 for none).
int64_t RawSql(const std::string& spec, const std::string& sql) {
  int64_t out = 0;
  if (spec.rfind("postgres", 0) == 0) {
    PGconn* conn = PQconnectdb(spec.c_str());
    PGresult* r = PQexec(conn, sql.c_str());
    const ExecStatusType st = PQresultStatus(r);
    if (st == PGRES_TUPLES_OK && PQntuples(r) > 0) {
      out = std::atoll(PQgetvalue(r, 0, 0));
    } else if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
      ADD_FAILURE() << PQerrorMessage(conn);
      out = -1;
    }
    PQclear(r);
    PQfinish(conn);
    return out;
  }
  sqlite3* db = nullptr;
  sqlite3_open_v2(spec.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr);
  auto first = [](void* p, int, char** values, char**) {
    if (values[0] != nullptr) *static_cast<int64_t*>(p) = std::atoll(values[0]);
    return 0;
  };
  char* error = nullptr;
  if (sqlite3_exec(db, sql.c_str(), first, &out, &error) != SQLITE_OK) {
    ADD_FAILURE() << (error ? error : "?");
    out = -1;
  }
  sqlite3_free(error);
  sqlite3_close(db);
  return out;
}

const char* kIndexCount[] = {
    "SELECT count(*) FROM sqlite_master WHERE type = 'index' "
    "AND name = 'citizens_suggestion_key'",
    "SELECT count(*) FROM pg_indexes WHERE indexname = 'citizens_suggestion_key'"};

class StoreSuggestionKeyTest : public testing::StoreBackendTest {
 protected:
  int64_t Raw(const std::string& sql) { return RawSql(spec_, sql); }
  bool Postgres() const { return GetParam() == testing::Backend::kLivePostgres; }

  // The ids found under the keys of these (name, date, gender), sorted.
  std::vector<int64_t> Find(std::vector<int64_t> keys) {
    std::vector<int64_t> ids;
    Status s = store_->LookupCitizensBySuggestionKey(keys, [&](const CitizenView& c) {
      ids.push_back(c.citizen_id);
      return Status::Ok();
    });
    EXPECT_TRUE(s.ok()) << s.message();
    std::sort(ids.begin(), ids.end());
    return ids;
  }

  // Namesakes of one folded name: only the first four share one key.
  std::vector<Citizen> Namesakes() {
    return {{"068080000001", "Nguyễn Văn Hùng", "1980-05-17", "M", "", ""},
            {"068080000002", "NGUYEN VAN HUNG", "1980-05-17", "M", "", ""},
            {"068080000003", "Nguyễn  Văn Hưng", "1980-05-17", "M", "", ""},
            {"068080000004", "Nguyễn Văn Hùng", "1980-05-17", "M", "", "2001-01-01"},
            {"068080000005", "Nguyễn Văn Hùng", "1980-05-18", "M", "", ""},
            {"068080000006", "Nguyễn Văn Hùng", "1980-05-17", "F", "", ""},
            {"068080000007", "Nguyễn Văn Hải", "1980-05-17", "M", "", ""}};
  }
  static int64_t Key(const char* name, const char* date, const char* gender) {
    return SuggestionKey(name, date, gender);
  }
};

TEST_P(StoreSuggestionKeyTest, FindsEveryCitizenWithTheKeyOnce) {
  ASSERT_TRUE(store_->UpsertCitizens(Namesakes()).ok());
  const int64_t hung = Key("nguyen van hung", "1980-05-17", "M");
  EXPECT_EQ(Find({hung, hung}),
            (std::vector<int64_t>{68080000001, 68080000002, 68080000003, 68080000004}));
  EXPECT_EQ(Find({Key("Nguyễn Văn Hùng", "1980-05-18", "M"), Key("X", "1980-05-17", "M")}),
            (std::vector<int64_t>{68080000005}));
  EXPECT_EQ(Find({}), std::vector<int64_t>{});
}

TEST_P(StoreSuggestionKeyTest, TheKeyFollowsAChangedCitizen) {
  std::vector<Citizen> citizens = Namesakes();
  ASSERT_TRUE(store_->UpsertCitizens(citizens).ok());
  citizens[0].full_name = "Trần Văn Hùng";
  ASSERT_TRUE(store_->UpsertCitizens(std::span<const Citizen>(citizens).first(1)).ok());
  EXPECT_EQ(Find({Key("Nguyễn Văn Hùng", "1980-05-17", "M")}),
            (std::vector<int64_t>{68080000002, 68080000003, 68080000004}));
  EXPECT_EQ(Find({Key("Tran Van Hung", "1980-05-17", "M")}), (std::vector<int64_t>{68080000001}));
}

TEST_P(StoreSuggestionKeyTest, ABulkLoadStoresTheKeysAndRebuildsTheIndex) {
  std::vector<Citizen> all = testing::ManyCitizens(5000);
  std::vector<Citizen> namesakes = Namesakes();
  all.insert(all.end(), namesakes.begin(), namesakes.end());
  ASSERT_TRUE(store_->Begin().ok());
  ASSERT_TRUE(store_->BeginBulkLoad(RecordKind::kCitizens).ok());
  for (size_t i = 0; i < all.size(); i += 2000) {
    const size_t n = std::min<size_t>(2000, all.size() - i);
    ASSERT_TRUE(store_->UpsertCitizens(std::span<const Citizen>(all).subspan(i, n)).ok());
  }
  ASSERT_TRUE(store_->EndBulkLoad(RecordKind::kCitizens).ok());
  ASSERT_TRUE(store_->Commit().ok());
  EXPECT_EQ(Raw(kIndexCount[Postgres()]), 1);
  EXPECT_EQ(Raw("SELECT count(*) FROM citizens WHERE suggestion_key IS NULL"), 0);
  EXPECT_EQ(Find({Key("Nguyen Van Hung", "1980-05-17", "M")}),
            (std::vector<int64_t>{68080000001, 68080000002, 68080000003, 68080000004}));
  const Citizen& some = all[1234];
  EXPECT_EQ(Find({Key(some.full_name.c_str(), some.birth_date.c_str(), some.gender.c_str())}),
            (std::vector<int64_t>{std::stoll(some.citizen_id)}));
}

// A database from before schema v5: the migration computes every key and
// builds the index.
TEST_P(StoreSuggestionKeyTest, TheMigrationFillsTheKeysOfOlderRows) {
  std::vector<Citizen> all = testing::ManyCitizens(3000);
  std::vector<Citizen> namesakes = Namesakes();
  all.insert(all.end(), namesakes.begin(), namesakes.end());
  ASSERT_TRUE(store_->UpsertCitizens(all).ok());
  store_.reset();
  ASSERT_EQ(Raw("DROP INDEX citizens_suggestion_key"), 0);
  ASSERT_EQ(Raw("ALTER TABLE citizens DROP COLUMN suggestion_key"), 0);
  // Back to schema v4: later migrations run again after this one.
  ASSERT_EQ(Raw("DROP TABLE progress_counts"), 0);
  ASSERT_EQ(Raw("DROP TABLE progress_daily"), 0);
  for (const char* v9 : {"working_groups", "group_units", "group_members", "inspections",
                         "follow_ups", "progress_corrections"}) {
    ASSERT_EQ(Raw(std::string("DROP TABLE ") + v9), 0) << v9;
  }
  // v10: the units' version table, its triggers (on units, so they outlive
  // the table) and PostgreSQL's trigger function.
  ASSERT_EQ(Raw("DROP TABLE units_version"), 0);
  if (Postgres()) {
    ASSERT_EQ(Raw("DROP TRIGGER units_version_change ON units"), 0);
    ASSERT_EQ(Raw("DROP TRIGGER units_version_truncate ON units"), 0);
    ASSERT_EQ(Raw("DROP FUNCTION units_version_bump()"), 0);
  } else {
    for (const char* t : {"units_version_insert", "units_version_delete", "units_version_update"}) {
      ASSERT_EQ(Raw(std::string("DROP TRIGGER ") + t), 0) << t;
    }
  }
  // v11: the events' origin columns.
  for (const char* column : {"from_reason", "from_station", "version"}) {
    ASSERT_EQ(Raw(std::string("ALTER TABLE exchange_events DROP COLUMN ") + column), 0) << column;
  }
  // v13: the blocking keys (their indexes first: an indexed column cannot
  // be dropped) and the suggestions' reasons.
  for (const char* index : {"citizens_given_key", "citizens_family_key"}) {
    ASSERT_EQ(Raw(std::string("DROP INDEX IF EXISTS ") + index), 0) << index;
  }
  for (const char* column : {"given_key", "family_key"}) {
    ASSERT_EQ(Raw(std::string("ALTER TABLE citizens DROP COLUMN ") + column), 0) << column;
  }
  ASSERT_EQ(Raw("ALTER TABLE reconcile_results DROP COLUMN suggestion_reasons"), 0);
  // v14: the superseded invitation codes.
  ASSERT_EQ(Raw("DROP TABLE superseded_invitations"), 0);
  // v15: the station copies' and the sync's tables.
  for (const char* table : {"station_self", "station_outbox", "sync_credentials", "sync_steps", "sync_photos"}) {
    ASSERT_EQ(Raw(std::string("DROP TABLE ") + table), 0) << table;
  }
  // v16: the registry service's cache, members newly official, records
  // sent to the centre.
  for (const char* v16 : {"registry_cache_ids", "registry_cache_queries", "newly_official",
                          "centre_batches", "centre_records"}) {
    ASSERT_EQ(Raw(std::string("DROP TABLE ") + v16), 0) << v16;
  }
  // v17: the notices to members.
  ASSERT_EQ(Raw("DROP TABLE notices"), 0);
  // v18: the member's page.
  for (const char* v18 : {"member_page_guard", "member_moves", "member_requests", "station_addresses"}) {
    ASSERT_EQ(Raw(std::string("DROP TABLE ") + v18), 0) << v18;
  }
  ASSERT_EQ(Raw("DELETE FROM schema_migrations WHERE version >= 5"), 0);
  auto opened = OpenStore(spec_);
  ASSERT_TRUE(opened.ok()) << opened.status().message();
  store_ = std::move(opened).value();
  ASSERT_TRUE(store_->Migrate().ok());
  EXPECT_EQ(Raw(kIndexCount[Postgres()]), 1);
  EXPECT_EQ(Raw("SELECT count(*) FROM citizens WHERE suggestion_key IS NULL"), 0);
  EXPECT_EQ(Find({Key("Nguyen Van Hung", "1980-05-17", "M")}),
            (std::vector<int64_t>{68080000001, 68080000002, 68080000003, 68080000004}));
  const Citizen& some = all[2999];
  EXPECT_EQ(Find({Key(some.full_name.c_str(), some.birth_date.c_str(), some.gender.c_str())}),
            (std::vector<int64_t>{std::stoll(some.citizen_id)}));
}

INSTANTIATE_TEST_SUITE_P(store, StoreSuggestionKeyTest, testing::kBothBackends,
                         testing::BackendName);

}  // namespace
}  // namespace cardex
