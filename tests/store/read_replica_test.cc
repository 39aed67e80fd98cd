// The standby handle (cardex/store/read_replica.h): only PostgreSQL URLs,
// read-only connections that are handed back and reused, a standby that
// cannot be reached held off rather than tried by every page, and how
// fresh a connection's reads are. The real standby is in
// tests/http/standby_reads_test.cc.
#include "cardex/store/read_replica.h"

#include <gtest/gtest.h>

#include <chrono>

#include "cardex/store/sql.h"
#include "tests/support/store_backend_test.h"

namespace cardex::testing {
namespace {

using namespace std::chrono_literals;

TEST(ReadReplicaTest, OnlyAPostgresUrlNamesAStandby) {
  for (const char* bad : {"cardex.db", "", "mysql://x/y", "/tmp/postgresql://x"}) {
    auto r = ReadReplica::Create(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  }
  EXPECT_TRUE(ReadReplica::Create("postgres://cardex@127.0.0.1:1/cardex").ok());
}

// Port 1 on loopback refuses at once: the first Take() tries and fails,
// the next one within the hold-off does not try at all.
TEST(ReadReplicaTest, AnUnreachableStandbyIsHeldOff) {
  auto replica = ReadReplica::Create("postgresql://cardex@127.0.0.1:1/cardex?connect_timeout=2", 1h);
  ASSERT_TRUE(replica.ok());
  auto first = (*replica)->Take();
  ASSERT_FALSE(first.ok());
  EXPECT_EQ(first.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(first.status().message().find("cannot connect"), std::string::npos)
      << first.status().message();
  auto second = (*replica)->Take();
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(second.status().message().find("not tried again"), std::string::npos)
      << second.status().message();
}

class ReadReplicaLiveTest : public StoreBackendTest {};

// The "standby" here is the primary itself: its connections are read-only
// whatever they reach, and one given back comes out again.
TEST_P(ReadReplicaLiveTest, ConnectionsAreReadOnlyAndReused) {
  auto replica = ReadReplica::Create(spec_);
  ASSERT_TRUE(replica.ok()) << replica.status().message();
  auto taken = (*replica)->Take();
  ASSERT_TRUE(taken.ok()) << taken.status().message();
  auto write = (*taken)->Query("CREATE TABLE not_on_a_standby (x INTEGER)", {});
  ASSERT_FALSE(write.ok());
  EXPECT_EQ(write.status().code(), StatusCode::kUnavailable);  // 25006: read-only

  auto reopened = (*replica)->Take();  // the pool is empty: a new connection
  ASSERT_TRUE(reopened.ok()) << reopened.status().message();
  Store* given = reopened->get();
  (*replica)->Give(std::move(*reopened));
  auto again = (*replica)->Take();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->get(), given);
  (*replica)->Lost();  // drops the idle ones and holds off new ones
}

using FreshnessTest = StoreBackendTest;

// Not a standby: the time is the database's clock now (SQLite: ours).
TEST_P(FreshnessTest, ThePrimarysClockIsItsTime) {
  auto fresh = ReadFreshness(*store_);
  ASSERT_TRUE(fresh.ok()) << fresh.status().message();
  EXPECT_FALSE(fresh->standby);
  ASSERT_TRUE(fresh->as_of.has_value());
  EXPECT_LT(std::chrono::abs(std::chrono::system_clock::now() - *fresh->as_of), 1h);
}

INSTANTIATE_TEST_SUITE_P(Store, FreshnessTest, kBothBackends, BackendName);
INSTANTIATE_TEST_SUITE_P(Store, ReadReplicaLiveTest, ::testing::Values(Backend::kLivePostgres),
                         BackendName);

}  // namespace
}  // namespace cardex::testing
