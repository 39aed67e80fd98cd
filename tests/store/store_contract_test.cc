// The Store contract (include/cardex/store/store.h), run against every
// backend: "Sqlite" on a temporary file and "LivePostgres" on a fresh
// database of the pg_server fixture's server.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "cardex/store/store.h"
#include "src/store/migrations.h"
#include "tests/store/record_samples.h"
#include "tests/support/test_env.h"

namespace cardex {
namespace {

using testing::ManyCitizens;
using testing::SampleCitizens;
using testing::SampleMembers;
using testing::SampleShifts;
using testing::SampleStations;
using testing::SampleUnits;
using testing::ShowAll;
using testing::Sorted;

// kPostgres: PostgreSQL without a server (connection failures only).
enum class Backend { kSqlite, kLivePostgres, kPostgres };

std::string BackendName(const ::testing::TestParamInfo<Backend>& info) {
  switch (info.param) {
    case Backend::kSqlite: return "Sqlite";
    case Backend::kLivePostgres: return "LivePostgres";
    case Backend::kPostgres: return "Postgres";
  }
  return "Unknown";
}

constexpr RecordKind kAllKinds[] = {RecordKind::kUnits, RecordKind::kMembers,
                                    RecordKind::kCitizens, RecordKind::kStations,
                                    RecordKind::kShifts};

class StoreContractTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == Backend::kSqlite) {
      spec_ = tmp_.file("cardex.db");
    } else {
      spec_ = testing::FreshPostgresDatabase();
      if (spec_.empty()) {
        ASSERT_FALSE(HasFailure());  // stop here: the body would need a store
        GTEST_SKIP() << "no PostgreSQL test server (CARDEX_SKIP_PG=1)";
      }
    }
    store_ = Open();
    ASSERT_NE(store_, nullptr);
  }

  std::unique_ptr<Store> Open(StoreOptions options = {}) {
    auto opened = OpenStore(spec_, options);
    EXPECT_TRUE(opened.ok()) << opened.status().message();
    return opened.ok() ? std::move(opened).value() : nullptr;
  }

  void Migrate() { ASSERT_TRUE(store_->Migrate().ok()); }

  // Everything a scan returns, in its order.
  template <class T>
  std::vector<T> ScanAll(Status (Store::*scan)(const Store::Visitor<T>&), Store* store = nullptr) {
    std::vector<T> rows;
    Status s = ((store ? store : store_.get())->*scan)([&](const T& r) {
      rows.push_back(r);
      return Status::Ok();
    });
    EXPECT_TRUE(s.ok()) << s.message();
    return rows;
  }

  int64_t CountOf(RecordKind kind) {
    auto n = store_->Count(kind);
    EXPECT_TRUE(n.ok()) << n.status().message();
    return n.ok() ? *n : -1;
  }

  testing::TempDir tmp_;
  std::string spec_;
  std::unique_ptr<Store> store_;
};

TEST_P(StoreContractTest, MigrateIsIdempotentAndVersioned) {
  EXPECT_EQ(store_->backend(), GetParam() == Backend::kSqlite ? "sqlite" : "postgresql");
  auto before = store_->SchemaVersion();
  ASSERT_TRUE(before.ok()) << before.status().message();
  EXPECT_EQ(*before, 0);

  Migrate();
  auto v1 = store_->SchemaVersion();
  ASSERT_TRUE(v1.ok());
  EXPECT_EQ(*v1, store_internal::LatestSchemaVersion());
  ASSERT_TRUE(store_->UpsertUnits(SampleUnits()).ok());

  Migrate();  // again: changes nothing
  EXPECT_EQ(*store_->SchemaVersion(), store_internal::LatestSchemaVersion());
  EXPECT_EQ(CountOf(RecordKind::kUnits), static_cast<int64_t>(SampleUnits().size()));

  auto reopened = Open();
  ASSERT_NE(reopened, nullptr);
  EXPECT_TRUE(reopened->Migrate().ok());
  EXPECT_EQ(*reopened->SchemaVersion(), store_internal::LatestSchemaVersion());
}

TEST_P(StoreContractTest, FreshSchemaIsEmptyAndPings) {
  Migrate();
  for (RecordKind kind : kAllKinds) EXPECT_EQ(CountOf(kind), 0) << RecordKindName(kind);
  EXPECT_TRUE(store_->Ping());
}

TEST_P(StoreContractTest, UpsertThenScanGivesBackIdenticalRecordsInKeyOrder) {
  Migrate();
  ASSERT_TRUE(store_->UpsertUnits(SampleUnits()).ok());
  ASSERT_TRUE(store_->UpsertMembers(SampleMembers()).ok());
  ASSERT_TRUE(store_->UpsertCitizens(SampleCitizens()).ok());
  ASSERT_TRUE(store_->UpsertStations(SampleStations()).ok());
  ASSERT_TRUE(store_->UpsertShifts(SampleShifts()).ok());

  EXPECT_EQ(ShowAll(ScanAll(&Store::ScanUnits)), ShowAll(Sorted(SampleUnits())));
  EXPECT_EQ(ShowAll(ScanAll(&Store::ScanMembers)), ShowAll(Sorted(SampleMembers())));
  EXPECT_EQ(ShowAll(ScanAll(&Store::ScanCitizens)), ShowAll(Sorted(SampleCitizens())));
  EXPECT_EQ(ShowAll(ScanAll(&Store::ScanStations)), ShowAll(Sorted(SampleStations())));
  EXPECT_EQ(ShowAll(ScanAll(&Store::ScanShifts)), ShowAll(Sorted(SampleShifts())));

  EXPECT_EQ(CountOf(RecordKind::kUnits), static_cast<int64_t>(SampleUnits().size()));
  EXPECT_EQ(CountOf(RecordKind::kMembers), static_cast<int64_t>(SampleMembers().size()));
  EXPECT_EQ(CountOf(RecordKind::kCitizens), static_cast<int64_t>(SampleCitizens().size()));
  EXPECT_EQ(CountOf(RecordKind::kStations), static_cast<int64_t>(SampleStations().size()));
  EXPECT_EQ(CountOf(RecordKind::kShifts), static_cast<int64_t>(SampleShifts().size()));

  // What one connection committed, another sees.
  auto other = Open();
  ASSERT_NE(other, nullptr);
  EXPECT_EQ(ShowAll(ScanAll(&Store::ScanCitizens, other.get())),
            ShowAll(Sorted(SampleCitizens())));
}

TEST_P(StoreContractTest, UpsertWithAnExistingKeyUpdatesAndNeverDuplicates) {
  Migrate();
  ASSERT_TRUE(store_->UpsertMembers(SampleMembers()).ok());
  ASSERT_TRUE(store_->UpsertCitizens(SampleCitizens()).ok());
  ASSERT_TRUE(store_->UpsertStations(SampleStations()).ok());
  ASSERT_TRUE(store_->UpsertShifts(SampleShifts()).ok());
  ASSERT_TRUE(store_->UpsertUnits(SampleUnits()).ok());

  std::vector<Member> members = SampleMembers();
  members[0].full_name = "Changed";
  members[1].phone = "";
  members[1].home_visit = false;
  // Batches mixing new and existing keys.
  members.push_back({"M-000099", "001090000001", "New", "2000", "F", "LD", "official", "", true});
  std::vector<Citizen> citizens = SampleCitizens();
  citizens[2].deceased_on = "";
  citizens.push_back({"001090000002", "New", "2000-01-01", "F", "", ""});
  std::vector<Station> stations = SampleStations();
  stations[0].serves = {"LD"};
  stations[2].counters = 9;
  std::vector<Shift> shifts = SampleShifts();
  shifts[1].end = "03:00";
  std::vector<Unit> units = SampleUnits();
  units[0].name = "Renamed";

  // The same rows twice: the second pass must be a no-op.
  for (int pass = 0; pass < 2; ++pass) {
    ASSERT_TRUE(store_->UpsertMembers(members).ok());
    ASSERT_TRUE(store_->UpsertCitizens(citizens).ok());
    ASSERT_TRUE(store_->UpsertStations(stations).ok());
    ASSERT_TRUE(store_->UpsertShifts(shifts).ok());
    ASSERT_TRUE(store_->UpsertUnits(units).ok());
  }
  EXPECT_EQ(ShowAll(ScanAll(&Store::ScanMembers)), ShowAll(Sorted(members)));
  EXPECT_EQ(ShowAll(ScanAll(&Store::ScanCitizens)), ShowAll(Sorted(citizens)));
  EXPECT_EQ(ShowAll(ScanAll(&Store::ScanStations)), ShowAll(Sorted(stations)));
  EXPECT_EQ(ShowAll(ScanAll(&Store::ScanShifts)), ShowAll(Sorted(shifts)));
  EXPECT_EQ(ShowAll(ScanAll(&Store::ScanUnits)), ShowAll(Sorted(units)));
}

TEST_P(StoreContractTest, SameKeyTwiceInOneBatchKeepsTheLaterRow) {
  Migrate();
  std::vector<Citizen> citizens = SampleCitizens();
  Citizen later = citizens[0];
  later.full_name = "Later";
  citizens.push_back(later);
  ASSERT_TRUE(store_->UpsertCitizens(citizens).ok());
  citizens.erase(citizens.begin());
  EXPECT_EQ(ShowAll(ScanAll(&Store::ScanCitizens)), ShowAll(Sorted(citizens)));

  std::vector<Unit> units = {{"U1", "", "province", "first"}, {"U1", "", "province", "second"}};
  ASSERT_TRUE(store_->UpsertUnits(units).ok());
  EXPECT_EQ(ShowAll(ScanAll(&Store::ScanUnits)), ShowAll(std::vector<Unit>{units[1]}));
}

TEST_P(StoreContractTest, RollbackDiscardsAndCommitKeeps) {
  Migrate();
  ASSERT_TRUE(store_->Begin().ok());
  ASSERT_TRUE(store_->UpsertUnits(SampleUnits()).ok());
  ASSERT_TRUE(store_->UpsertCitizens(SampleCitizens()).ok());
  EXPECT_EQ(CountOf(RecordKind::kCitizens), static_cast<int64_t>(SampleCitizens().size()));
  ASSERT_TRUE(store_->Rollback().ok());
  EXPECT_EQ(CountOf(RecordKind::kUnits), 0);
  EXPECT_EQ(CountOf(RecordKind::kCitizens), 0);

  {
    Transaction tx(*store_);
    ASSERT_TRUE(tx.Begin().ok());
    ASSERT_TRUE(store_->UpsertStations(SampleStations()).ok());
  }  // destroyed without Commit: rolled back
  EXPECT_EQ(CountOf(RecordKind::kStations), 0);

  // The staging tables survive a rollback of the transaction that made them.
  Transaction tx(*store_);
  ASSERT_TRUE(tx.Begin().ok());
  ASSERT_TRUE(store_->UpsertStations(SampleStations()).ok());
  ASSERT_TRUE(store_->UpsertCitizens(SampleCitizens()).ok());
  ASSERT_TRUE(tx.Commit().ok());
  auto other = Open();
  ASSERT_NE(other, nullptr);
  EXPECT_EQ(ShowAll(ScanAll(&Store::ScanStations, other.get())), ShowAll(Sorted(SampleStations())));
}

TEST_P(StoreContractTest, TransactionsDoNotNest) {
  Migrate();
  ASSERT_TRUE(store_->Begin().ok());
  Status nested = store_->Begin();
  EXPECT_EQ(nested.code(), StatusCode::kFailedPrecondition) << nested.message();
  EXPECT_TRUE(store_->Commit().ok());
  EXPECT_EQ(store_->Commit().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(store_->Rollback().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(store_->Migrate().code(), StatusCode::kOk);
}

TEST_P(StoreContractTest, FailedUpsertOutsideATransactionWritesNothing) {
  Migrate();
  std::vector<Citizen> citizens = SampleCitizens();
  citizens[2].citizen_id = "12345";  // callers validate; this is a bug
  Status s = store_->UpsertCitizens(citizens);
  EXPECT_EQ(s.code(), StatusCode::kInternal);
  EXPECT_EQ(s.message().find("12345"), std::string::npos) << "messages never quote ids";
  EXPECT_EQ(CountOf(RecordKind::kCitizens), 0);
  EXPECT_TRUE(store_->UpsertCitizens(SampleCitizens()).ok());
}

TEST_P(StoreContractTest, LargeBatchesScanBackIntact) {
  Migrate();
  constexpr int kRows = 50000;
  std::vector<Citizen> rows = ManyCitizens(kRows);
  // Half in one call, half in batches inside one transaction.
  std::span<const Citizen> all(rows);
  ASSERT_TRUE(store_->UpsertCitizens(all.first(kRows / 2)).ok());
  ASSERT_TRUE(store_->Begin().ok());
  for (size_t at = kRows / 2; at < rows.size(); at += 3000) {
    ASSERT_TRUE(store_->UpsertCitizens(all.subspan(at, std::min<size_t>(3000, rows.size() - at))).ok());
  }
  ASSERT_TRUE(store_->Commit().ok());
  EXPECT_EQ(CountOf(RecordKind::kCitizens), kRows);

  std::vector<Citizen> expected = Sorted(rows);
  size_t seen = 0;
  bool same = true;
  Status s = store_->ScanCitizens([&](const Citizen& c) {
    if (seen >= expected.size() || testing::Show(c) != testing::Show(expected[seen])) {
      ADD_FAILURE() << "row " << seen << ": got " << testing::Show(c);
      same = false;
      return Status::Internal("mismatch");
    }
    ++seen;
    return Status::Ok();
  });
  EXPECT_TRUE(s.ok()) << s.message();
  EXPECT_TRUE(same);
  EXPECT_EQ(seen, expected.size());
}

TEST_P(StoreContractTest, ScanStopsAtTheVisitorsErrorAndTheStoreStaysUsable) {
  Migrate();
  ASSERT_TRUE(store_->UpsertCitizens(ManyCitizens(25000)).ok());
  int visited = 0;
  Status s = store_->ScanCitizens([&](const Citizen&) {
    return ++visited == 3 ? Status::NotFound("enough") : Status::Ok();
  });
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_EQ(visited, 3);

  // A visitor may use the store: count, scan again, write.
  int outer = 0;
  s = store_->ScanStations([&](const Station&) { return Status::Ok(); });
  ASSERT_TRUE(s.ok()) << s.message();
  ASSERT_TRUE(store_->UpsertUnits(SampleUnits()).ok());
  s = store_->ScanUnits([&](const Unit& u) {
    ++outer;
    auto n = store_->Count(RecordKind::kCitizens);
    if (!n.ok()) return n.status();
    int inner = 0;
    CARDEX_RETURN_IF_ERROR(store_->ScanUnits([&](const Unit&) {
      ++inner;
      return Status::Ok();
    }));
    EXPECT_EQ(inner, static_cast<int>(SampleUnits().size()));
    return store_->UpsertShifts(std::vector<Shift>{{"ST9", "2025-01-01", "08:00", "09:00", u.code}});
  });
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(outer, static_cast<int>(SampleUnits().size()));
  EXPECT_EQ(CountOf(RecordKind::kShifts), 1);
  EXPECT_EQ(store_->Begin().code(), StatusCode::kOk);
  EXPECT_TRUE(store_->Rollback().ok());
}

TEST_P(StoreContractTest, ReadOnlyStoreReadsButDoesNotWrite) {
  Migrate();
  ASSERT_TRUE(store_->UpsertUnits(SampleUnits()).ok());
  StoreOptions options;
  options.read_only = true;
  auto reader = Open(options);
  ASSERT_NE(reader, nullptr);
  EXPECT_EQ(ShowAll(ScanAll(&Store::ScanUnits, reader.get())), ShowAll(Sorted(SampleUnits())));
  EXPECT_FALSE(reader->UpsertUnits(SampleUnits()).ok());
  EXPECT_TRUE(reader->Ping());
}

// The "store" prefix lets `ctest -R store` select these tests.
INSTANTIATE_TEST_SUITE_P(store, StoreContractTest,
                         ::testing::Values(Backend::kSqlite, Backend::kLivePostgres), BackendName);

// --- Opening failures -------------------------------------------------------

// Parameterised only to carry the backend in the test name.
class OpenStoreTest : public ::testing::TestWithParam<Backend> {};
class OpenPostgresTest : public OpenStoreTest {};

TEST_P(OpenStoreTest, MissingDirectoryFailsWithIoErrorNamingThePath) {
  auto opened = OpenStore("/nonexistent/dir/x.db");
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().code(), StatusCode::kIoError);
  EXPECT_NE(opened.status().message().find("/nonexistent/dir/x.db"), std::string::npos)
      << opened.status().message();
  EXPECT_NE(opened.status().message().find("does not exist"), std::string::npos)
      << opened.status().message();
}

TEST_P(OpenStoreTest, PathUnderAFileFailsWithIoError) {
  testing::TempDir tmp;
  testing::WriteFile(tmp.file("plain"), "x");
  auto opened = OpenStore(tmp.file("plain") + "/x.db");
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().code(), StatusCode::kIoError) << opened.status().message();
}

TEST_P(OpenStoreTest, UnwritableDirectoryOrFileFailsWithIoError) {
  if (geteuid() == 0) GTEST_SKIP() << "root ignores file permissions";
  testing::TempDir tmp;
  std::filesystem::create_directory(tmp.file("ro"));
  std::filesystem::permissions(tmp.file("ro"), std::filesystem::perms::owner_read |
                                                   std::filesystem::perms::owner_exec);
  auto in_dir = OpenStore(tmp.file("ro") + "/x.db");
  ASSERT_FALSE(in_dir.ok());
  EXPECT_EQ(in_dir.status().code(), StatusCode::kIoError) << in_dir.status().message();

  {
    auto made = OpenStore(tmp.file("file.db"));
    ASSERT_TRUE(made.ok()) << made.status().message();
    ASSERT_TRUE((*made)->Migrate().ok());
  }
  std::filesystem::permissions(tmp.file("file.db"), std::filesystem::perms::owner_read);
  auto ro_file = OpenStore(tmp.file("file.db"));
  ASSERT_FALSE(ro_file.ok());
  EXPECT_EQ(ro_file.status().code(), StatusCode::kIoError) << ro_file.status().message();
  EXPECT_NE(ro_file.status().message().find("read-only"), std::string::npos);
}

TEST_P(OpenStoreTest, ReadOnlyOpenOfAMissingFileFails) {
  testing::TempDir tmp;
  StoreOptions options;
  options.read_only = true;
  auto opened = OpenStore(tmp.file("absent.db"), options);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().code(), StatusCode::kIoError);
  EXPECT_FALSE(std::filesystem::exists(tmp.file("absent.db")));
}

// A port nobody listens on: bind one, then close it.
int ClosedPort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

TEST_P(OpenPostgresTest, ClosedPostgresPortFailsWithUnavailableAndHidesThePassword) {
  int port = ClosedPort();
  std::string url = "postgresql://cardex:s3cret-pw@127.0.0.1:" + std::to_string(port) +
                    "/postgres?connect_timeout=5";
  auto opened = OpenStore(url);
  ASSERT_FALSE(opened.ok());
  const std::string& msg = opened.status().message();
  EXPECT_EQ(opened.status().code(), StatusCode::kUnavailable) << msg;
  EXPECT_NE(msg.find("cannot connect to PostgreSQL at 127.0.0.1:" + std::to_string(port)),
            std::string::npos)
      << msg;
  EXPECT_EQ(msg.find("s3cret-pw"), std::string::npos) << msg;

  auto short_scheme = OpenStore("postgres://127.0.0.1:" + std::to_string(port) + "/x");
  EXPECT_EQ(short_scheme.status().code(), StatusCode::kUnavailable);
}

INSTANTIATE_TEST_SUITE_P(store, OpenStoreTest, ::testing::Values(Backend::kSqlite), BackendName);
INSTANTIATE_TEST_SUITE_P(store, OpenPostgresTest, ::testing::Values(Backend::kPostgres),
                         BackendName);

}  // namespace
}  // namespace cardex
