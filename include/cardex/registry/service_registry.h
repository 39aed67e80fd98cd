// The population registry asked through its national service
// (docs/registry_service.md, docs/registry_service.yaml): a second
// implementation of reconcile's Registry, beside the imported citizens
// table, that gives the same answers and so the same reports.
//
// A good client of a service that the whole country shares:
//   - requests of at most `ids_per_request` ids or `queries_per_request`
//     queries, at most `concurrency` in flight, started at most
//     `requests_per_second`;
//   - 429 and 5xx answers, dropped connections and calls past their
//     deadline are retried with exponential backoff (full jitter), at least
//     as long as the service's Retry-After, up to `max_attempts` times in a
//     row per page; a 4xx other than 429 is not retried;
//   - answers come in pages (next_page_token); a page that does not add up
//     (rows against the answer's `total`) or that the service no longer has
//     restarts the request from its first page (at most `max_attempts`
//     times): a partial answer is never used;
//   - duplicate rows are dropped (one answer per id, one per citizen and
//     query); a row for an id or a query not asked is a bad answer (retried);
//   - answers are kept in the store's cache (schema v15) with their time:
//     an id or a query answered since `cache_since` is not asked again.
//
// When some requests still fail, Ask stores what was answered in the cache,
// calls no callback, and returns kUnavailable naming how many ids and
// queries went unanswered; TakeUnanswered() then lists them, so that
// reconcile names the members that could not be checked (never a verdict
// made on half the answers).
//
// Personal values (ids, names, dates) are never put in an error message or
// a log line: counts and HTTP statuses only.
//
// Thread safety: one thread calls Ask at a time (Registry's contract); the
// client runs its own worker threads inside Ask and calls every callback on
// the calling thread. The cache store is used only from the calling thread,
// outside any transaction of the caller's (reconcile asks before it begins
// storing), so IndependentOfStore() is false.
#ifndef CARDEX_REGISTRY_SERVICE_REGISTRY_H_
#define CARDEX_REGISTRY_SERVICE_REGISTRY_H_

#include <cstdint>
#include <memory>
#include <string>

#include "cardex/core/status.h"
#include "cardex/reconcile/registry.h"
#include "cardex/store/store.h"

namespace cardex::registry {

struct ServiceOptions {
  // "http://host:port" or "https://host:port", optionally with a path
  // prefix ("https://registry.example/api"); requests go to
  // PREFIX/v1/citizens:lookup and PREFIX/v1/citizens:candidates.
  std::string base_url;
  // A file holding the bearer token (surrounding white space ignored);
  // sent as "Authorization: Bearer ..." when given.
  std::string token_file;
  // Client certificate and key (PEM) for mutual TLS, and the CA bundle
  // that the service's certificate must chain to (empty: the system's).
  std::string client_cert_file, client_key_file, ca_file;

  int concurrency = 4;
  double requests_per_second = 20;
  int max_attempts = 6;
  int64_t backoff_initial_ms = 200;
  int64_t backoff_max_ms = 30'000;
  // Each call (connect, send, the whole answer of one page) must finish
  // within this, else it is abandoned and retried.
  int64_t call_deadline_ms = 30'000;
  size_t ids_per_request = 10'000;
  size_t queries_per_request = 1'000;

  // The answers cache (schema v15) lives in this store; null: no cache.
  // Answers fetched at or after `cache_since` (UTC "YYYY-MM-DDTHH:MM:SSZ";
  // empty: any) are used instead of asking; the campaign's start keeps
  // them for the campaign.
  Store* cache = nullptr;
  std::string cache_since;
};

// What the client did, summed over its life.
struct ServiceStats {
  int64_t calls = 0;       // HTTP requests sent, pages and retries included
  int64_t retries = 0;     // of them, repeats after a failure
  int64_t throttled = 0;   // 429 answers
  int64_t server_errors = 0;  // 5xx answers
  int64_t transport_errors = 0;  // refused or dropped connections, deadlines
  int64_t restarted = 0;   // requests restarted from page one (a page missing)
  int64_t duplicates = 0;  // duplicate rows dropped
  int64_t cached_ids = 0, cached_queries = 0;  // answered from the cache
  int64_t asked_ids = 0, asked_queries = 0;    // sent to the service
};

class ServiceRegistry : public reconcile::Registry {
 public:
  virtual ServiceStats stats() const = 0;
};

// kInvalidArgument for a malformed base_url or options out of range;
// kNotFound / kPermissionDenied when a token or certificate file cannot be
// read. Nothing is connected before the first Ask.
Result<std::unique_ptr<ServiceRegistry>> MakeServiceRegistry(const ServiceOptions& options);

}  // namespace cardex::registry

#endif  // CARDEX_REGISTRY_SERVICE_REGISTRY_H_
