// A test fixture that gives each test a fresh, migrated Store on one of the
// two backends: "Sqlite" on a temporary file, or "LivePostgres" on a new
// database of the pg_server fixture's server (the ctest needs the PG
// keyword of cardex_add_test). Instantiate with
//   INSTANTIATE_TEST_SUITE_P(prefix, MyTest, testing::kBothBackends,
//                            testing::BackendName);
#ifndef CARDEX_TESTS_SUPPORT_STORE_BACKEND_TEST_H_
#define CARDEX_TESTS_SUPPORT_STORE_BACKEND_TEST_H_

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "cardex/store/store.h"
#include "tests/support/test_env.h"

namespace cardex::testing {

enum class Backend { kSqlite, kLivePostgres };

inline const auto kBothBackends = ::testing::Values(Backend::kSqlite, Backend::kLivePostgres);

inline std::string BackendName(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::kSqlite ? "Sqlite" : "LivePostgres";
}

class StoreBackendTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    spec_ = GetParam() == Backend::kSqlite ? tmp_.file("cardex.db") : FreshPostgresDatabase();
    if (spec_.empty()) {
      ASSERT_FALSE(HasFailure());  // FreshPostgresDatabase failed the test
      GTEST_SKIP() << "no PostgreSQL test server (CARDEX_SKIP_PG=1)";
    }
    auto opened = OpenStore(spec_);
    ASSERT_TRUE(opened.ok()) << opened.status().message();
    store_ = std::move(opened).value();
    ASSERT_TRUE(store_->Migrate().ok());
  }

  TempDir tmp_;
  std::string spec_;  // what OpenStore was given
  std::unique_ptr<Store> store_;
};

}  // namespace cardex::testing

#endif  // CARDEX_TESTS_SUPPORT_STORE_BACKEND_TEST_H_
