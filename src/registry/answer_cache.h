// The registry service's answers kept in the store for the campaign (schema
// v16), through portable SQL (store/sql.h): one row per citizen id asked
// (found or not) and one per distinct suggestion query (its candidates as
// a JSON list), each with the time it was fetched.
//
// Errors: the store's, unchanged. Thread safety: one thread at a time (the
// store's connection).
#ifndef CARDEX_SRC_REGISTRY_ANSWER_CACHE_H_
#define CARDEX_SRC_REGISTRY_ANSWER_CACHE_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "cardex/core/status.h"
#include "cardex/store/store.h"
#include "registry/wire.h"

namespace cardex::registry {

class AnswerCache {
 public:
  // `since`: answers fetched earlier are not used ("" uses all).
  AnswerCache(Store& store, std::string since) : store_(store), since_(std::move(since)) {}

  enum class IdState : uint8_t { kMissing, kFound, kAbsent };
  // For each ids[k]: kFound with rows[k] filled, kAbsent (the service does
  // not hold it), or kMissing (ask it). `state` and `rows` are resized.
  Status LookupIds(std::span<const int64_t> ids, std::vector<IdState>* state,
                   std::vector<wire::Row>* rows);
  // found[k] null: keys[k] was never answered (or too long ago).
  Status LookupQueries(std::span<const std::string> keys,
                       std::vector<std::optional<std::vector<wire::Row>>>* found);

  // Both write in one transaction of their own, stamped now.
  Status StoreIds(std::span<const int64_t> ids, std::span<const wire::Row* const> rows);
  Status StoreQueries(std::span<const std::string> keys,
                      std::span<const std::vector<wire::Row>* const> answers);

  // The key under which a query's answer is kept: its three fields, exactly.
  static std::string QueryKey(std::string_view full_name, std::string_view birth_date,
                              std::string_view gender);

 private:
  Store& store_;
  std::string since_;
};

}  // namespace cardex::registry

#endif  // CARDEX_SRC_REGISTRY_ANSWER_CACHE_H_
