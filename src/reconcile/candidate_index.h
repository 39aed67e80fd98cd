// Finds, for a citizen streaming past, the candidate queries it may answer
// (registry.h): same folded name and gender, and a birth date the query's
// (possibly partial) date agrees with. An open-addressing table keyed by a
// 64-bit hash of (folded name, gender, birth year): one probe per citizen.
// Queries that share a key are chained through a compact array that carries
// each query's month and day, so the date test touches nothing else. A hash
// collision only costs a wasted exact test: the caller decides with
// IsConfidentMatch.
//
// Folding a name costs more than reading a row, and few (gender, birth
// date) pairs are asked about by any query, so a bit set over them turns
// most citizens away before their name is folded.
#ifndef CARDEX_SRC_RECONCILE_CANDIDATE_INDEX_H_
#define CARDEX_SRC_RECONCILE_CANDIDATE_INDEX_H_

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "cardex/reconcile/registry.h"

namespace cardex::reconcile {

class CandidateIndex {
 public:
  explicit CandidateIndex(std::span<const CandidateQuery> queries);
  bool empty() const { return size_ == 0; }

  // False when no query can be answered by a citizen of that gender and
  // birth date, whatever the name: such a citizen need not be folded.
  bool MayAnswer(std::string_view gender, std::string_view birth_date) const {
    const DateParts date = ParseDate(birth_date);
    return size_ != 0 && date.ok && date.day != 0 && MayAsk(gender, date);
  }

  // Calls fn(query index) for each query the citizen may answer.
  template <class Fn>
  void ForEachQuery(std::string_view full_name, std::string_view gender,
                    std::string_view birth_date, Fn&& fn) const;

 private:
  struct DateParts {
    bool ok = false;
    uint16_t year = 0;
    uint8_t month = 0, day = 0;  // 0 when not given
  };
  struct Entry {
    uint32_t next;  // the next query with the same key, or kEnd
    uint8_t month, day;
  };
  static DateParts ParseDate(std::string_view date);
  // 0 when the gender is not M or F or the date unusable.
  static uint64_t Key(std::string_view full_name, std::string_view gender, const DateParts& date);

  // The bit of (gender, date) in days_; date.ok, month and day given.
  static size_t DayBit(bool female, const DateParts& date) {
    return ((static_cast<size_t>(date.year) * 13 + date.month) * 32 + date.day) * 2 + female;
  }
  bool MayAsk(std::string_view gender, const DateParts& date) const {
    if (gender.size() != 1 || (gender[0] != 'M' && gender[0] != 'F')) return false;
    const size_t bit = DayBit(gender[0] == 'F', date);
    return bit < days_.size() && days_[bit];
  }

  static constexpr uint32_t kEnd = 0xffffffffu;
  std::vector<bool> days_;       // DayBit: some query agrees with that gender and date
  std::vector<uint64_t> keys_;   // 0 = empty slot
  std::vector<uint32_t> heads_;  // first query of the slot's key
  std::vector<Entry> entries_;   // per query
  size_t mask_ = 0;
  size_t size_ = 0;
};

template <class Fn>
void CandidateIndex::ForEachQuery(std::string_view full_name, std::string_view gender,
                                  std::string_view birth_date, Fn&& fn) const {
  if (size_ == 0) return;
  const DateParts date = ParseDate(birth_date);
  if (!date.ok || date.day == 0) return;  // the registry's dates are full
  if (!MayAsk(gender, date)) return;
  const uint64_t key = Key(full_name, gender, date);
  if (key == 0) return;
  for (size_t slot = key & mask_;; slot = (slot + 1) & mask_) {
    if (keys_[slot] == 0) return;
    if (keys_[slot] != key) continue;
    for (uint32_t q = heads_[slot]; q != kEnd; q = entries_[q].next) {
      const Entry& e = entries_[q];
      if ((e.month == 0 || e.month == date.month) && (e.day == 0 || e.day == date.day)) {
        fn(static_cast<size_t>(q));
      }
    }
    return;
  }
}

}  // namespace cardex::reconcile

#endif  // CARDEX_SRC_RECONCILE_CANDIDATE_INDEX_H_
