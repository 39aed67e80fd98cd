// Helpers for the registry service tests: a store of citizens, the answers
// of a Registry in comparable form, and a client for a fake service.
#ifndef CARDEX_TESTS_REGISTRY_REGISTRY_TEST_UTIL_H_
#define CARDEX_TESTS_REGISTRY_REGISTRY_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "cardex/reconcile/registry.h"
#include "cardex/registry/service_registry.h"
#include "cardex/store/store.h"

namespace cardex::testing {

inline std::unique_ptr<Store> MustOpen(const std::string& spec) {
  auto opened = OpenStore(spec);
  EXPECT_TRUE(opened.ok()) << opened.status().message();
  if (!opened.ok()) return nullptr;
  Status s = (*opened)->Migrate();
  EXPECT_TRUE(s.ok()) << s.message();
  return std::move(opened).value();
}

// Every answer of one Ask, one line each, sorted: "R k id name date gender
// deceased" for records, "C q id ..." for candidates.
struct Answers {
  Status status;
  std::vector<std::string> lines;
};

inline Answers AskAll(reconcile::Registry& registry, const std::vector<int64_t>& ids,
                      const std::vector<reconcile::CandidateQuery>& queries) {
  Answers a;
  auto line = [&](char kind, size_t k, const CitizenView& c) {
    a.lines.push_back(std::string(1, kind) + " " + std::to_string(k) + " " +
                      std::to_string(c.citizen_id) + " " + std::string(c.full_name) + "|" +
                      std::string(c.birth_date) + "|" + std::string(c.gender) + "|" +
                      std::string(c.deceased_on));
    return Status::Ok();
  };
  reconcile::RegistryBatch batch;
  batch.ids = ids;
  batch.queries = queries;
  batch.on_record = [&](size_t k, const CitizenView& c) { return line('R', k, c); };
  batch.on_candidate = [&](size_t q, const CitizenView& c) { return line('C', q, c); };
  a.status = registry.Ask(batch);
  std::sort(a.lines.begin(), a.lines.end());
  return a;
}

// Quick retries: tests must not sleep for long.
inline registry::ServiceOptions QuickOptions(const std::string& url) {
  registry::ServiceOptions o;
  o.base_url = url;
  o.backoff_initial_ms = 5;
  o.backoff_max_ms = 50;
  o.requests_per_second = 10'000;
  o.call_deadline_ms = 5'000;
  o.max_attempts = 8;
  return o;
}

inline std::unique_ptr<registry::ServiceRegistry> MustClient(const registry::ServiceOptions& o) {
  auto made = registry::MakeServiceRegistry(o);
  EXPECT_TRUE(made.ok()) << made.status().message();
  return made.ok() ? std::move(made).value() : nullptr;
}

}  // namespace cardex::testing

#endif  // CARDEX_TESTS_REGISTRY_REGISTRY_TEST_UTIL_H_
