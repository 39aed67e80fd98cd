// Which candidate queries (registry.h) a citizen may answer, by key: each
// query's probes (reconcile/blocking.h: its suggestion keys and blocking
// keys) go into an open-addressing table from (kind, key) to the chain of
// queries that asked for it. A citizen found by any key is matched back to
// its queries through its own three keys. A hash collision only costs a
// wasted comparison.
#ifndef CARDEX_SRC_RECONCILE_CANDIDATE_INDEX_H_
#define CARDEX_SRC_RECONCILE_CANDIDATE_INDEX_H_

#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "cardex/reconcile/registry.h"
#include "reconcile/blocking.h"

namespace cardex::reconcile {

class CandidateIndex {
 public:
  explicit CandidateIndex(std::span<const CandidateQuery> queries);
  bool empty() const { return probes_ == 0; }
  size_t probes() const { return probes_; }

  // Every distinct key of a kind, sorted: what to ask the store for.
  const std::vector<int64_t>& keys(KeyKind kind) const {
    return keys_in_order_[static_cast<int>(kind)];
  }

  // Calls fn(query index) once for each query that asked for one of the
  // citizen's keys.
  template <class Fn>
  void ForEachQuery(std::string_view full_name, std::string_view gender,
                    std::string_view birth_date, Fn&& fn) const;

 private:
  struct Link {
    uint32_t next;  // the next link of the same key, or kEnd
    uint32_t query;
  };
  static int64_t Slot(KeyKind kind, int64_t key) {
    // The kinds' keys are independent hashes; a per-kind odd multiplier
    // keeps equal values of two kinds apart.
    return static_cast<int64_t>(static_cast<uint64_t>(key) *
                                (0x9e3779b97f4a7c15ULL + 2 * static_cast<uint64_t>(kind)));
  }
  size_t Find(int64_t tagged) const;
  void Add(int64_t tagged, uint32_t query);
  void Collect(int64_t tagged, std::vector<uint32_t>* out) const;
  void CitizenQueries(std::string_view full_name, std::string_view gender,
                      std::string_view birth_date, std::vector<uint32_t>* out) const;

  static constexpr uint32_t kEnd = 0xffffffffu;
  std::vector<int64_t> keys_;    // per slot (tagged)
  std::vector<uint32_t> heads_;  // per slot: the first link; kEnd = empty slot
  std::vector<Link> links_;
  std::array<std::vector<int64_t>, kKeyKinds> keys_in_order_;
  size_t mask_ = 0;
  size_t probes_ = 0;
};

template <class Fn>
void CandidateIndex::ForEachQuery(std::string_view full_name, std::string_view gender,
                                  std::string_view birth_date, Fn&& fn) const {
  if (empty()) return;
  thread_local std::vector<uint32_t> found;
  found.clear();
  CitizenQueries(full_name, gender, birth_date, &found);
  for (uint32_t q : found) fn(size_t{q});
}

}  // namespace cardex::reconcile

#endif  // CARDEX_SRC_RECONCILE_CANDIDATE_INDEX_H_
