// Which candidate queries (registry.h) a citizen may answer, by suggestion
// key (core/verdict.h SuggestionKey: folded name, gender, birth date). A
// query with a full birth date has one key; one with a partial date has a
// key for each full date it stands for (31 for "1980-05", 372 for "1980"),
// so that every agreeing citizen is found by an exact key. An
// open-addressing table from key to the chain of queries that have it. A
// hash collision only costs a wasted exact test: the caller decides with
// IsConfidentMatch.
#ifndef CARDEX_SRC_RECONCILE_CANDIDATE_INDEX_H_
#define CARDEX_SRC_RECONCILE_CANDIDATE_INDEX_H_

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "cardex/core/verdict.h"
#include "cardex/reconcile/registry.h"

namespace cardex::reconcile {

class CandidateIndex {
 public:
  explicit CandidateIndex(std::span<const CandidateQuery> queries);
  bool empty() const { return keys_in_order_.empty(); }

  // Every distinct key, sorted: what to ask the store for.
  const std::vector<int64_t>& keys() const { return keys_in_order_; }

  // Calls fn(query index) for each query with the citizen's key, at most
  // once per query.
  template <class Fn>
  void ForEachQuery(std::string_view full_name, std::string_view gender,
                    std::string_view birth_date, Fn&& fn) const;

 private:
  struct Link {
    uint32_t next;  // the next link of the same key, or kEnd
    uint32_t query;
  };
  // The slot holding `key`, or the empty one where it would go.
  size_t Find(int64_t key) const;
  void Add(int64_t key, uint32_t query);

  static constexpr uint32_t kEnd = 0xffffffffu;
  std::vector<int64_t> keys_;    // per slot
  std::vector<uint32_t> heads_;  // per slot: the first link; kEnd = empty slot
  std::vector<Link> links_;
  std::vector<int64_t> keys_in_order_;
  size_t mask_ = 0;
};

template <class Fn>
void CandidateIndex::ForEachQuery(std::string_view full_name, std::string_view gender,
                                  std::string_view birth_date, Fn&& fn) const {
  if (empty()) return;
  const size_t slot = Find(SuggestionKey(full_name, birth_date, gender));
  for (uint32_t l = heads_[slot]; l != kEnd; l = links_[l].next) fn(size_t{links_[l].query});
}

}  // namespace cardex::reconcile

#endif  // CARDEX_SRC_RECONCILE_CANDIDATE_INDEX_H_
