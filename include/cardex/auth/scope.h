// ScopeResolver: answers "is this unit inside that subtree" from a snapshot
// of the unit tree and the stations, for Authorize on every request.
//
// Load() reads units and stations once (two scans); after that every answer
// is computed in memory: IsWithin is O(depth of the tree), a few hash
// lookups, no allocation.
//
// Thread safety: a loaded ScopeResolver is immutable, so one object may be
// shared by all server threads without locking. To pick up new units or
// stations, Load a new one and swap it in through ScopeCache, which hands out
// shared_ptrs: requests in flight keep the snapshot they started with.
#ifndef CARDEX_AUTH_SCOPE_H_
#define CARDEX_AUTH_SCOPE_H_

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "cardex/core/status.h"
#include "cardex/core/unit_tree.h"
#include "cardex/store/store.h"

namespace cardex {

class ScopeResolver {
 public:
  // Reads every unit and station of `store`. A unit whose parent is not
  // stored is treated as a root.
  static Result<std::shared_ptr<const ScopeResolver>> Load(Store& store);
  // For tests and tools that already hold the records.
  static std::shared_ptr<const ScopeResolver> FromRecords(const std::vector<Unit>& units,
                                                          const std::vector<Station>& stations);

  bool HasUnit(std::string_view code) const;
  bool HasStation(std::string_view code) const;

  // True when `unit` is `ancestor` or lies below it. "" as `ancestor` is the
  // whole tree (true for every stored unit). Unknown units: false.
  bool IsWithin(std::string_view unit, std::string_view ancestor) const;

  // The unit codes a station serves (stations.serves); empty for an unknown
  // station.
  const std::vector<std::string>& Serves(std::string_view station) const;

  // True when `unit` is inside the subtree of one of the units `station`
  // serves.
  bool StationCovers(std::string_view station, std::string_view unit) const;

  size_t unit_count() const { return tree_.size(); }

 private:
  UnitTree tree_;
  std::unordered_map<std::string, std::vector<std::string>> stations_;
};

// The current ScopeResolver of a server. Get() is cheap (a mutex held for a
// shared_ptr copy); Reload() loads a new snapshot from `store` outside the
// lock and swaps it in. Safe to share across threads.
class ScopeCache {
 public:
  explicit ScopeCache(std::shared_ptr<const ScopeResolver> initial = nullptr);
  std::shared_ptr<const ScopeResolver> Get() const;
  Status Reload(Store& store);
  void Set(std::shared_ptr<const ScopeResolver> scopes);

 private:
  mutable std::mutex mu_;
  std::shared_ptr<const ScopeResolver> current_;
};

}  // namespace cardex

#endif  // CARDEX_AUTH_SCOPE_H_
