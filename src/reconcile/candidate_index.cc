#include "reconcile/candidate_index.h"

#include <algorithm>

#include "cardex/core/block_keys.h"
#include "cardex/core/verdict.h"

namespace cardex::reconcile {

size_t CandidateIndex::Find(int64_t tagged) const {
  size_t slot = (static_cast<uint64_t>(tagged) >> 17) & mask_;
  while (heads_[slot] != kEnd && keys_[slot] != tagged) slot = (slot + 1) & mask_;
  return slot;
}

void CandidateIndex::Add(int64_t tagged, uint32_t query) {
  const size_t slot = Find(tagged);
  if (heads_[slot] == kEnd) {
    keys_[slot] = tagged;
  } else if (links_[heads_[slot]].query == query) {
    return;  // the same query twice under one key
  }
  links_.push_back(Link{heads_[slot], query});
  heads_[slot] = static_cast<uint32_t>(links_.size() - 1);
}

void CandidateIndex::Collect(int64_t tagged, std::vector<uint32_t>* out) const {
  const size_t slot = Find(tagged);
  for (uint32_t l = heads_[slot]; l != kEnd; l = links_[l].next) out->push_back(links_[l].query);
}

CandidateIndex::CandidateIndex(std::span<const CandidateQuery> queries) {
  std::vector<std::vector<Probe>> all(queries.size());
  for (size_t q = 0; q < queries.size(); ++q) {
    all[q] = ProbesFor(queries[q].full_name, queries[q].birth_date, queries[q].gender);
    probes_ += all[q].size();
  }
  size_t capacity = 16;
  while (capacity < probes_ * 2) capacity <<= 1;
  keys_.assign(capacity, 0);
  heads_.assign(capacity, kEnd);
  mask_ = capacity - 1;
  links_.reserve(probes_);
  for (size_t q = 0; q < all.size(); ++q) {
    for (const Probe& p : all[q]) {
      Add(Slot(p.kind, p.key), static_cast<uint32_t>(q));
      keys_in_order_[static_cast<int>(p.kind)].push_back(p.key);
    }
  }
  for (auto& keys : keys_in_order_) {
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  }
}

void CandidateIndex::CitizenQueries(std::string_view full_name, std::string_view gender,
                                    std::string_view birth_date,
                                    std::vector<uint32_t>* out) const {
  // One fold for the three keys.
  const std::vector<std::string> words = FoldedWords(full_name);
  std::string folded;
  for (const std::string& w : words) {
    if (!folded.empty()) folded.push_back(' ');
    folded += w;
  }
  Collect(Slot(KeyKind::kSuggestion, SuggestionKeyOfFold(folded, birth_date, gender)), out);
  const CitizenBlockKeys blocks = BlockKeysOfWords(words, birth_date, gender);
  Collect(Slot(KeyKind::kGiven, blocks.given), out);
  Collect(Slot(KeyKind::kFamily, blocks.family), out);
  std::sort(out->begin(), out->end());
  out->erase(std::unique(out->begin(), out->end()), out->end());
}

}  // namespace cardex::reconcile
