#include "reconcile/candidate_index.h"

#include <algorithm>
#include <string>

#include "cardex/core/dates.h"

namespace cardex::reconcile {
namespace {

void AppendTwoDigits(std::string* s, int v) {
  s->push_back(static_cast<char>('0' + v / 10));
  s->push_back(static_cast<char>('0' + v % 10));
}

// Calls fn(date) for every birth date text a registry row may have and
// agree with `recorded` (core/verdict.h BirthDateDiffersOnlyInForm): the
// text itself, and for a partial date every YYYY-MM-DD it could be (days
// that do not exist cost a key that nobody has).
template <class Fn>
void ForEachAgreeingDate(std::string_view recorded, Fn&& fn) {
  auto partial = PartialDate::Parse(recorded);
  if (!partial.ok() || partial->is_full()) {
    fn(recorded);
    return;
  }
  std::string date(recorded);
  const int first_month = partial->month() == 0 ? 1 : partial->month();
  const int last_month = partial->month() == 0 ? 12 : partial->month();
  for (int month = first_month; month <= last_month; ++month) {
    date.resize(4);
    date.push_back('-');
    AppendTwoDigits(&date, month);
    date.push_back('-');
    for (int day = 1; day <= 31; ++day) {
      date.resize(8);
      AppendTwoDigits(&date, day);
      fn(std::string_view(date));
    }
  }
}

}  // namespace

size_t CandidateIndex::Find(int64_t key) const {
  size_t slot = static_cast<size_t>(key) & mask_;
  while (heads_[slot] != kEnd && keys_[slot] != key) slot = (slot + 1) & mask_;
  return slot;
}

void CandidateIndex::Add(int64_t key, uint32_t query) {
  const size_t slot = Find(key);
  if (heads_[slot] == kEnd) {
    keys_[slot] = key;
    keys_in_order_.push_back(key);
  } else if (links_[heads_[slot]].query == query) {
    return;  // the same query twice under one key (a collision of its own dates)
  }
  links_.push_back(Link{heads_[slot], query});
  heads_[slot] = static_cast<uint32_t>(links_.size() - 1);
}

CandidateIndex::CandidateIndex(std::span<const CandidateQuery> queries) {
  size_t keys = 0;
  for (const CandidateQuery& q : queries) {
    keys += q.birth_date.size() == 4 ? 372 : q.birth_date.size() == 7 ? 31 : 1;
  }
  size_t capacity = 16;
  while (capacity < keys * 2) capacity <<= 1;
  keys_.assign(capacity, 0);
  heads_.assign(capacity, kEnd);
  mask_ = capacity - 1;
  links_.reserve(keys);
  for (size_t q = 0; q < queries.size(); ++q) {
    const CandidateQuery& query = queries[q];
    ForEachAgreeingDate(query.birth_date, [&](std::string_view date) {
      Add(SuggestionKey(query.full_name, date, query.gender), static_cast<uint32_t>(q));
    });
  }
  std::sort(keys_in_order_.begin(), keys_in_order_.end());
}

}  // namespace cardex::reconcile
