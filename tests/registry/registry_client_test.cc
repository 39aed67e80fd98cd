// The registry service client against the fake service: the same answers
// as the store's registry however the service misbehaves, retries that
// honour Retry-After, an explicit list of what went unanswered when it is
// down, the campaign cache, and the bearer token.
#include <gtest/gtest.h>

#include <filesystem>

#include "cardex/reconcile/reconcile.h"
#include "tests/reconcile/reconcile_test_util.h"
#include "tests/registry/fake_registry_service.h"
#include "tests/registry/registry_test_util.h"
#include "tests/support/test_env.h"

namespace cardex {
namespace {

using testing::AskAll;
using testing::QuickOptions;

class RegistryClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = tmp_.file("registry.db");
    auto store = testing::MustOpen(db_);
    ASSERT_NE(store, nullptr);
    // Ids 001080000000 + i; a few namesakes born the same day; some dead.
    std::vector<Citizen> citizens;
    const char* names[] = {"Nguyễn Văn Hùng", "Trần Thị Lan", "Lê Văn Nam", "Phạm Thị Hoa"};
    for (int i = 0; i < 300; ++i) {
      Citizen c;
      c.citizen_id = std::to_string(1080000000 + i);
      c.citizen_id.insert(0, 12 - c.citizen_id.size(), '0');
      c.full_name = names[i % 4];
      c.gender = i % 4 % 2 == 0 ? "M" : "F";
      c.birth_date = "1980-0" + std::to_string(1 + i % 9) + "-1" + std::to_string(i % 10);
      if (i % 50 == 7) c.deceased_on = "2024-01-02";
      citizens.push_back(c);
    }
    ASSERT_TRUE(store->UpsertCitizens(citizens).ok());
    for (int i = 0; i < 300; i += 3) ids_.push_back(1080000000 + i);
    for (int i = 0; i < 20; ++i) ids_.push_back(1090000000 + i);  // not held
    std::sort(ids_.begin(), ids_.end());
    queries_ = {{"NGUYEN VAN HUNG", "1980", "M"},
                {"Trần Thị Lan", "1980-02", "F"},
                {"Le Van Nam", "1980-03-12", "M"},
                {"Nguyễn Văn Hùng", "1980", "M"},  // the same as the first, folded
                {"NGUYEN VAN HUNG", "1980", "M"},  // the same bytes: asked once
                {"Không Có Ai", "1999", "F"}};
    auto direct = reconcile::MakeStoreRegistry(*store);
    expected_ = AskAll(*direct, ids_, queries_);
    ASSERT_TRUE(expected_.status.ok()) << expected_.status.message();
    ASSERT_GT(expected_.lines.size(), 100u);
    store.reset();
  }

  void Start(testing::FakeRegistryOptions options = {}) {
    auto service = testing::StartFakeRegistryService(testing::MustOpen(db_), options);
    ASSERT_TRUE(service.ok()) << service.status().message();
    service_ = std::move(service).value();
  }

  testing::TempDir tmp_;
  std::string db_;
  std::vector<int64_t> ids_;
  std::vector<reconcile::CandidateQuery> queries_;
  testing::Answers expected_;
  std::unique_ptr<testing::FakeRegistryService> service_;
};

TEST_F(RegistryClientTest, AnswersAsTheStoreDoesOverManyPages) {
  testing::FakeRegistryOptions options;
  options.page_size = 7;
  Start(options);
  auto o = QuickOptions(service_->url());
  o.ids_per_request = 25;
  o.queries_per_request = 2;
  auto client = testing::MustClient(o);
  const testing::Answers got = AskAll(*client, ids_, queries_);
  ASSERT_TRUE(got.status.ok()) << got.status.message();
  EXPECT_EQ(got.lines, expected_.lines);
  const auto stats = client->stats();
  EXPECT_EQ(stats.retries, 0);
  EXPECT_EQ(stats.asked_queries, 5);  // six queries, two with the same bytes
  EXPECT_GT(stats.calls, static_cast<int64_t>(ids_.size() / 25));
  EXPECT_EQ(service_->counters().requests, stats.calls);
}

struct Case {
  const char* name;
  testing::Misbehaviour m;
  bool (*shows)(const registry::ServiceStats&);
};

// Each misbehaviour alone: the answer is still exactly the store's, and the
// client's counters show it met the misbehaviour.
TEST_F(RegistryClientTest, EveryMisbehaviourStillGivesTheSameAnswer) {
  std::vector<Case> cases;
  auto add = [&](const char* name, auto set, bool (*shows)(const registry::ServiceStats&)) {
    Case c{name, {}, shows};
    set(c.m);
    cases.push_back(c);
  };
  add("429", [](auto& m) { m.throttle_every = 3; m.retry_after_s = 0; },
      [](const registry::ServiceStats& s) { return s.throttled > 0 && s.retries > 0; });
  add("5xx", [](auto& m) { m.fail_every = 3; },
      [](const registry::ServiceStats& s) { return s.server_errors > 0; });
  add("dropped", [](auto& m) { m.drop_every = 3; },
      [](const registry::ServiceStats& s) { return s.transport_errors > 0; });
  add("slow", [](auto& m) { m.slow_every = 4; m.slow_ms = 2500; },
      [](const registry::ServiceStats& s) { return s.transport_errors > 0; });
  add("page skipped", [](auto& m) { m.skip_page_every = 7; },
      [](const registry::ServiceStats& s) { return s.restarted > 0; });
  add("page gone", [](auto& m) { m.gone_page_every = 6; },
      [](const registry::ServiceStats& s) { return s.restarted > 0; });
  add("duplicates", [](auto& m) { m.duplicate_rows = true; },
      [](const registry::ServiceStats& s) { return s.duplicates > 0; });
  testing::FakeRegistryOptions options;
  options.page_size = 15;
  Start(options);
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    service_->Set(c.m);
    auto o = QuickOptions(service_->url());
    o.ids_per_request = 40;
    o.queries_per_request = 1;
    // One at a time: a page fault every Nth page is then met at most once
    // per try of an answer of fewer than N pages (they have at most five).
    o.concurrency = 1;
    // Long enough for a year's worth of probes under the sanitizers.
    o.call_deadline_ms = 2000;
    o.max_attempts = 20;
    auto client = testing::MustClient(o);
    const testing::Answers got = AskAll(*client, ids_, queries_);
    ASSERT_TRUE(got.status.ok()) << got.status.message();
    EXPECT_EQ(got.lines, expected_.lines);
    EXPECT_TRUE(c.shows(client->stats()));
  }
}

TEST_F(RegistryClientTest, HonoursRetryAfterBeforeAskingAgain) {
  Start();
  testing::Misbehaviour m;
  m.throttle_every = 1;  // only the first request: see below
  m.retry_after_s = 1;
  service_->Set(m);
  auto client = testing::MustClient(QuickOptions(service_->url()));
  std::thread relent([&] {
    while (service_->counters().requests < 1) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    service_->Set({});
  });
  const auto t0 = std::chrono::steady_clock::now();
  const testing::Answers got = AskAll(*client, ids_, {});
  const auto waited = std::chrono::steady_clock::now() - t0;
  relent.join();
  ASSERT_TRUE(got.status.ok()) << got.status.message();
  EXPECT_GE(client->stats().throttled, 1);
  // Not a timing assertion on speed: the client must not ask again before
  // the service's second is over.
  EXPECT_GE(waited, std::chrono::milliseconds(1000));
}

TEST_F(RegistryClientTest, ServiceDownListsEveryQuestionUnansweredAndCallsNoCallback) {
  Start();
  testing::Misbehaviour m;
  m.down = true;
  service_->Set(m);
  auto o = QuickOptions(service_->url());
  o.max_attempts = 3;
  o.ids_per_request = 50;
  auto client = testing::MustClient(o);
  const testing::Answers got = AskAll(*client, ids_, queries_);
  EXPECT_EQ(got.status.code(), StatusCode::kUnavailable);
  EXPECT_NE(got.status.message().find("unanswered"), std::string::npos) << got.status.message();
  EXPECT_TRUE(got.lines.empty());
  const auto unanswered = client->TakeUnanswered();
  EXPECT_EQ(unanswered.ids.size(), ids_.size());
  EXPECT_EQ(unanswered.queries.size(), queries_.size());
  EXPECT_TRUE(client->TakeUnanswered().ids.empty());
  EXPECT_EQ(client->stats().calls, 3 * (static_cast<int64_t>(ids_.size() + 49) / 50 + 1));
}

TEST_F(RegistryClientTest, PartOutageKeepsWhatWasAnsweredInTheCache) {
  Start();
  auto cache_store = testing::MustOpen(tmp_.file("cache.db"));
  auto o = QuickOptions(service_->url());
  o.cache = cache_store.get();
  o.ids_per_request = 10;
  o.max_attempts = 1;
  o.concurrency = 1;
  testing::Misbehaviour m;
  m.fail_every = 3;  // requests 3, 6, 9, 12 of 13: four of the twelve id requests
  service_->Set(m);
  auto client = testing::MustClient(o);
  testing::Answers got = AskAll(*client, ids_, queries_);
  EXPECT_EQ(got.status.code(), StatusCode::kUnavailable);
  const auto unanswered = client->TakeUnanswered();
  EXPECT_EQ(unanswered.ids.size(), 40u);
  EXPECT_TRUE(unanswered.queries.empty());
  // The service back: the next run answers exactly, asking only what the
  // first did not get.
  service_->Set({});
  auto again = testing::MustClient(o);
  got = AskAll(*again, ids_, queries_);
  ASSERT_TRUE(got.status.ok()) << got.status.message();
  EXPECT_EQ(got.lines, expected_.lines);
  EXPECT_EQ(again->stats().asked_ids, 40);
  EXPECT_EQ(again->stats().asked_queries, 0);
  EXPECT_EQ(again->stats().cached_ids, static_cast<int64_t>(ids_.size()) - 40);
}

TEST_F(RegistryClientTest, CacheAnswersASecondAskWithoutCallsUntilItIsTooOld) {
  Start();
  auto cache_store = testing::MustOpen(tmp_.file("cache.db"));
  auto o = QuickOptions(service_->url());
  o.cache = cache_store.get();
  auto first = testing::MustClient(o);
  ASSERT_EQ(AskAll(*first, ids_, queries_).lines, expected_.lines);
  const int64_t calls = service_->counters().requests;
  auto second = testing::MustClient(o);
  EXPECT_EQ(AskAll(*second, ids_, queries_).lines, expected_.lines);
  EXPECT_EQ(service_->counters().requests, calls);
  EXPECT_EQ(second->stats().calls, 0);
  EXPECT_EQ(second->stats().cached_ids, static_cast<int64_t>(ids_.size()));
  EXPECT_EQ(second->stats().cached_queries, 5);
  // Answers older than the campaign's start are asked again.
  o.cache_since = "9999-01-01T00:00:00Z";
  auto third = testing::MustClient(o);
  EXPECT_EQ(AskAll(*third, ids_, queries_).lines, expected_.lines);
  EXPECT_GT(third->stats().calls, 0);
  EXPECT_EQ(third->stats().cached_ids, 0);
}

TEST_F(RegistryClientTest, BearerTokenFromAFile) {
  testing::FakeRegistryOptions options;
  options.required_token = "s3cr3t-t0ken";
  Start(options);
  auto o = QuickOptions(service_->url());
  auto anonymous = testing::MustClient(o);
  const auto refused = AskAll(*anonymous, ids_, {});
  EXPECT_EQ(refused.status.code(), StatusCode::kUnavailable);
  EXPECT_NE(refused.status.message().find("credentials"), std::string::npos)
      << refused.status.message();
  EXPECT_EQ(anonymous->stats().retries, 0);  // 401 is not retried
  testing::WriteFile(tmp_.file("token"), "  s3cr3t-t0ken\n");
  o.token_file = tmp_.file("token");
  auto client = testing::MustClient(o);
  const auto got = AskAll(*client, ids_, {});
  ASSERT_TRUE(got.status.ok()) << got.status.message();
  o.token_file = tmp_.file("missing");
  EXPECT_FALSE(registry::MakeServiceRegistry(o).ok());
}

TEST_F(RegistryClientTest, BadOptionsAreRefusedByName) {
  auto o = QuickOptions("ftp://x");
  auto made = registry::MakeServiceRegistry(o);
  ASSERT_FALSE(made.ok());
  EXPECT_NE(made.status().message().find("URL"), std::string::npos);
  o = QuickOptions("http://127.0.0.1:1");
  o.concurrency = 0;
  EXPECT_FALSE(registry::MakeServiceRegistry(o).ok());
  o = QuickOptions("http://127.0.0.1:1");
  o.client_cert_file = "/nonexistent.pem";
  EXPECT_FALSE(registry::MakeServiceRegistry(o).ok());  // a certificate needs https
}

// Reconcile through a service that is down: the run fails, stores nothing,
// and names every member that could not be checked.
TEST_F(RegistryClientTest, ReconcileWithTheServiceDownNamesTheMembersNotChecked) {
  Start();
  auto store = testing::OpenReconcileStore(tmp_.file("members.db"));
  ASSERT_NE(store, nullptr);
  std::vector<Member> members = {
      testing::MakeMember("00000001", "001080000000", "Nguyễn Văn Hùng", "1980-01-10", "M"),
      testing::MakeMember("00000002", "001090000000", "Trần Thị Lan", "1980-02-11", "F"),
      testing::MakeMember("00000003", "12", "Lê Văn Nam", "1980", "M")};
  ASSERT_TRUE(store->UpsertMembers(members).ok());
  testing::Misbehaviour m;
  m.down = true;
  service_->Set(m);
  auto o = QuickOptions(service_->url());
  o.max_attempts = 2;
  o.cache = store.get();
  auto client = testing::MustClient(o);
  reconcile::ReconcileOptions options;
  options.full = true;
  options.unchecked_path = tmp_.file("unchecked.csv");
  options.report_path = tmp_.file("report.csv");
  auto run = reconcile::Reconcile(*store, *client, options);
  ASSERT_FALSE(run.ok());
  EXPECT_EQ(run.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(run.status().message().find("2 members could not be checked"), std::string::npos)
      << run.status().message();
  EXPECT_EQ(testing::ReadFile(options.unchecked_path),
            "member_no,question\n00000001,id\n00000002,id\n");
  EXPECT_TRUE(testing::StoredReport(*store).empty());
  EXPECT_FALSE(std::filesystem::exists(options.report_path));

  // Back up: the same run gives every member a verdict.
  service_->Set({});
  auto back = reconcile::Reconcile(*store, *client, options);
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(testing::StoredReport(*store).size(), 3u);
}

}  // namespace
}  // namespace cardex
