// A registry service on loopback for tests and benchmarks: it answers the
// wire format of docs/registry_service.md from a store's citizens table
// (through reconcile's store registry, so it knows exactly what the extract
// knows), and misbehaves on demand.
//
// Thread safety: Set and counters() may be called from any thread while it
// serves; requests are answered one connection per thread, the store one
// request at a time.
#ifndef CARDEX_TESTS_REGISTRY_FAKE_REGISTRY_SERVICE_H_
#define CARDEX_TESTS_REGISTRY_FAKE_REGISTRY_SERVICE_H_

#include <cstdint>
#include <memory>
#include <string>

#include "cardex/core/status.h"
#include "cardex/store/store.h"

namespace cardex::testing {

struct FakeRegistryOptions {
  size_t page_size = 10'000;  // rows per page of an answer
  std::string required_token;  // when set, other bearers get 401
};

// Each `*_every` = N > 0 makes every Nth request (counted over all
// requests) misbehave that way; 0 never.
struct Misbehaviour {
  int latency_ms = 0;         // added to every answer
  int slow_every = 0;         // ...and this much more to every Nth:
  int slow_ms = 0;            //   past the client's deadline, say
  int throttle_every = 0;     // 429 with Retry-After: retry_after_s
  int retry_after_s = 1;
  int fail_every = 0;         // 503 (even N-th) or 500 (odd), no Retry-After
  int drop_every = 0;         // connection closed without an answer
  int skip_page_every = 0;    // a next_page_token that jumps over a page
  int gone_page_every = 0;    // 410 for a request with a page token
                              // (these two count pages with a next page,
                              // and requests with a token, apart)
  bool duplicate_rows = false;  // every row twice in the answer
  bool down = false;          // every request 503
};

struct FakeRegistryCounters {
  int64_t requests = 0, lookups = 0, candidate_requests = 0, ids_asked = 0, queries_asked = 0;
  int64_t misbehaved = 0;
};

class FakeRegistryService {
 public:
  virtual ~FakeRegistryService() = default;
  // "http://127.0.0.1:PORT".
  virtual std::string url() const = 0;
  virtual void Set(const Misbehaviour& misbehaviour) = 0;
  virtual FakeRegistryCounters counters() const = 0;
};

// Serves `citizens` (a migrated store holding the registry) on a free
// loopback port until destroyed.
Result<std::unique_ptr<FakeRegistryService>> StartFakeRegistryService(
    std::unique_ptr<Store> citizens, const FakeRegistryOptions& options = {});

}  // namespace cardex::testing

#endif  // CARDEX_TESTS_REGISTRY_FAKE_REGISTRY_SERVICE_H_
