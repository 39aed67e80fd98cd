// The single-record lookups (store/lookups.h) and idempotency records
// (store/idempotency.h), on both engines.
#include <gtest/gtest.h>

#include "cardex/store/idempotency.h"
#include "cardex/store/lookups.h"
#include "tests/support/store_backend_test.h"

namespace cardex {
namespace {

using testing::StoreBackendTest;

class LookupsTest : public StoreBackendTest {
 protected:
  void SetUp() override {
    StoreBackendTest::SetUp();
    if (IsSkipped() || HasFailure()) return;
    const Unit units[] = {{"P", "", "province", "Tỉnh P"},
                          {"P.B", "P", "commune", "Xã B"},
                          {"P.A", "P", "commune", "Xã A"},
                          {"P.A.1", "P.A", "cell", "Chi bộ 1"},
                          {"Q", "", "province", "Tỉnh Q"}};
    ASSERT_TRUE(store_->UpsertUnits(units).ok());
    Member m;
    m.member_no = "M1";
    m.citizen_id = "001000000001";
    m.full_name = "Nguyễn Văn A";
    m.birth_date = "1980";
    m.gender = "M";
    m.unit_code = "P.A.1";
    m.status = "official";
    ASSERT_TRUE(store_->UpsertMembers({&m, 1}).ok());
    Station s1{"S1", "Điểm 1", 2, 10, {"P.A"}};
    Station s2{"S2", "Điểm 2", 1, 12, {"Q"}};
    Station s3{"S3", "Điểm 3", 1, 12, {"P.B", "P.A"}};
    const Station stations[] = {s1, s2, s3};
    ASSERT_TRUE(store_->UpsertStations(stations).ok());
  }
};

TEST_P(LookupsTest, UnitsByCodeAndByParent) {
  auto unit = FindUnit(*store_, "P.A");
  ASSERT_TRUE(unit.ok()) << unit.status().message();
  ASSERT_TRUE(unit->has_value());
  EXPECT_EQ((*unit)->name, "Xã A");
  EXPECT_EQ((*unit)->kind, "commune");
  EXPECT_EQ((*unit)->parent_code, "P");
  auto none = FindUnit(*store_, "NOPE");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());

  auto children = ChildUnits(*store_, "P");
  ASSERT_TRUE(children.ok());
  ASSERT_EQ(children->size(), 2u);
  EXPECT_EQ((*children)[0].code, "P.A");  // by code
  EXPECT_EQ((*children)[1].code, "P.B");
  auto roots = ChildUnits(*store_, "");
  ASSERT_TRUE(roots.ok());
  ASSERT_EQ(roots->size(), 2u);
  EXPECT_EQ((*roots)[0].code, "P");
  EXPECT_EQ((*roots)[1].code, "Q");
}

TEST_P(LookupsTest, StationsAndTheAreaTheyServe) {
  auto s = FindStation(*store_, "S1");
  ASSERT_TRUE(s.ok());
  ASSERT_TRUE(s->has_value());
  EXPECT_EQ((*s)->name, "Điểm 1");
  EXPECT_EQ((*s)->counters, 2);
  EXPECT_FALSE(FindStation(*store_, "S9")->has_value());

  // A province: the stations of its communes, each once.
  auto province = StationsServingArea(*store_, "P", "");
  ASSERT_TRUE(province.ok()) << province.status().message();
  ASSERT_EQ(province->size(), 2u);
  EXPECT_EQ((*province)[0].code, "S1");
  EXPECT_EQ((*province)[1].code, "S3");
  // A cell: its commune's.
  auto cell = StationsServingArea(*store_, "P.A.1", "P.A");
  ASSERT_TRUE(cell.ok());
  EXPECT_EQ(cell->size(), 2u);
  auto other = StationsServingArea(*store_, "Q", "");
  ASSERT_TRUE(other.ok());
  ASSERT_EQ(other->size(), 1u);
  EXPECT_EQ((*other)[0].code, "S2");
}

TEST_P(LookupsTest, MemberUnit) {
  auto cell = MemberUnit(*store_, "M1");
  ASSERT_TRUE(cell.ok());
  ASSERT_TRUE(cell->has_value());
  EXPECT_EQ(**cell, "P.A.1");
  EXPECT_FALSE(MemberUnit(*store_, "M2")->has_value());
}

TEST_P(LookupsTest, IdempotencyRecordsCommitWithTheirTransactionOnce) {
  auto missing = FindIdempotencyRecord(*store_, "key-00001");
  ASSERT_TRUE(missing.ok()) << missing.status().message();
  EXPECT_FALSE(missing->has_value());

  IdempotencyRecord r{"key-00001", "canbo", "2:abc", 200, "{\"ok\":true}", "2025-08-05T07:00:00Z"};
  {
    Transaction tx(*store_);
    ASSERT_TRUE(tx.Begin().ok());
    ASSERT_TRUE(store_->Exec("INSERT INTO settings (key, value) VALUES ('k', 'v')").ok());
    ASSERT_TRUE(CommitWithIdempotencyRecord(tx, r).ok());
  }
  auto found = FindIdempotencyRecord(*store_, "key-00001");
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->actor, "canbo");
  EXPECT_EQ((*found)->request_hash, "2:abc");
  EXPECT_EQ((*found)->status_code, 200);
  EXPECT_EQ((*found)->response, "{\"ok\":true}");
  EXPECT_EQ((*found)->created_at, "2025-08-05T07:00:00Z");

  // A twin with the same key loses, and its writes go with it.
  {
    Transaction tx(*store_);
    ASSERT_TRUE(tx.Begin().ok());
    ASSERT_TRUE(store_->Exec("INSERT INTO settings (key, value) VALUES ('k2', 'v')").ok());
    r.response = "{\"twin\":true}";
    EXPECT_EQ(CommitWithIdempotencyRecord(tx, r).code(), StatusCode::kAlreadyExists);
  }
  auto k2 = store_->GetSetting("k2");
  ASSERT_TRUE(k2.ok());
  EXPECT_FALSE(k2->has_value());
  EXPECT_EQ((*FindIdempotencyRecord(*store_, "key-00001"))->response, "{\"ok\":true}");
}

INSTANTIATE_TEST_SUITE_P(Backends, LookupsTest, testing::kBothBackends, testing::BackendName);

}  // namespace
}  // namespace cardex
