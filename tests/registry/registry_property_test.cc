// The property of docs/registry_service.md: the same generated province
// reconciled against the imported extract and against a registry service
// serving the same citizens gives byte-identical reports, however the
// service misbehaves (slow, 429, 5xx, dropped connections, pages missing,
// duplicate rows); and a second run answered from the cache gives the same
// report without a call.
#include <gtest/gtest.h>

#include "cardex/gen/generator.h"
#include "cardex/ingest/import.h"
#include "tests/reconcile/reconcile_test_util.h"
#include "tests/registry/fake_registry_service.h"
#include "tests/registry/registry_test_util.h"
#include "tests/support/test_env.h"

namespace cardex {
namespace {

void Import(Store& store, const std::string& dir, std::initializer_list<RecordKind> kinds) {
  for (RecordKind kind : kinds) {
    const std::string path = dir + "/" + std::string(RecordKindName(kind)) + ".csv";
    auto result = ImportFile(store, kind, path);
    ASSERT_TRUE(result.ok()) << result.status().message();
    ASSERT_TRUE(result->ok()) << path << ": " << result->errors.front();
  }
}

// A misbehaviour per seed: the seed picks which faults are on and how often.
testing::Misbehaviour MisbehaviourFor(uint64_t seed) {
  testing::Misbehaviour m;
  m.retry_after_s = 0;
  m.throttle_every = static_cast<int>(seed % 3) + 3;
  m.fail_every = seed % 2 ? 7 : 0;
  m.drop_every = seed % 2 ? 0 : 5;
  m.skip_page_every = static_cast<int>(seed % 4) + 9;
  m.gone_page_every = seed % 3 == 0 ? 10 : 0;
  m.duplicate_rows = seed % 2 == 0;
  m.slow_every = seed % 3 == 1 ? 15 : 0;
  m.slow_ms = 3500;
  return m;
}

class RegistryPropertyTest : public ::testing::TestWithParam<uint64_t> {};

TEST_P(RegistryPropertyTest, ExtractAndServiceGiveByteIdenticalReports) {
  const uint64_t seed = GetParam();
  testing::TempDir tmp;
  gen::GenOptions gen_options;
  gen_options.seed = seed;
  gen_options.members = 1500;
  gen_options.citizens = 15'000;
  ASSERT_TRUE(gen::Generate(gen_options, tmp.file("gen")).ok());

  // The extract: citizens imported; reconciled as `cardex reconcile` does.
  const std::string extract_db = tmp.file("extract.db");
  auto extract = testing::OpenReconcileStore(extract_db);
  ASSERT_NE(extract, nullptr);
  ASSERT_NO_FATAL_FAILURE(Import(*extract, tmp.file("gen"),
                                 {RecordKind::kUnits, RecordKind::kMembers, RecordKind::kCitizens}));
  const std::string by_extract = tmp.file("extract.csv");
  testing::MustReconcile(*extract, /*full=*/true, by_extract, extract_db);

  // The service: the same citizens behind the fake, a database without them.
  testing::FakeRegistryOptions service_options;
  service_options.page_size = 100;
  auto service = testing::StartFakeRegistryService(testing::MustOpen(extract_db), service_options);
  ASSERT_TRUE(service.ok()) << service.status().message();
  (*service)->Set(MisbehaviourFor(seed));
  auto store = testing::OpenReconcileStore(tmp.file("service.db"));
  ASSERT_NE(store, nullptr);
  ASSERT_NO_FATAL_FAILURE(
      Import(*store, tmp.file("gen"), {RecordKind::kUnits, RecordKind::kMembers}));
  registry::ServiceOptions o = testing::QuickOptions((*service)->url());
  o.ids_per_request = 250;
  o.queries_per_request = 30;
  o.call_deadline_ms = 3000;  // a page takes well under this, even under the sanitizers
  o.max_attempts = 30;
  o.cache = store.get();
  auto client = testing::MustClient(o);
  reconcile::ReconcileOptions options;
  options.full = true;
  options.report_path = tmp.file("service.csv");
  auto run = reconcile::Reconcile(*store, *client, options);
  ASSERT_TRUE(run.ok()) << run.status().message();
  const std::string expected = testing::ReadFile(by_extract);
  ASSERT_GT(expected.size(), 1500u * 20);
  EXPECT_TRUE(testing::ReadFile(options.report_path) == expected)
      << "the reports differ (seed " << seed << ")";
  const auto stats = client->stats();
  EXPECT_GT(stats.retries + stats.restarted + stats.duplicates, 0);
  EXPECT_GT(run->suggestions, 0);

  // Again, from the cache: no call, the same bytes.
  (*service)->Set({});
  const int64_t calls = (*service)->counters().requests;
  auto cached = testing::MustClient(o);
  options.report_path = tmp.file("cached.csv");
  ASSERT_TRUE(reconcile::Reconcile(*store, *cached, options).ok());
  EXPECT_TRUE(testing::ReadFile(options.report_path) == expected);
  EXPECT_EQ((*service)->counters().requests, calls);
  EXPECT_EQ(cached->stats().calls, 0);
}

INSTANTIATE_TEST_SUITE_P(Seeds, RegistryPropertyTest, ::testing::Values(1, 2, 3, 4));

}  // namespace
}  // namespace cardex
