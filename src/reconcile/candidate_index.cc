#include "reconcile/candidate_index.h"

#include <functional>

#include "cardex/core/vn_name.h"

namespace cardex::reconcile {
namespace {

uint64_t Mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

bool Digits(std::string_view s, size_t pos, size_t n, uint32_t* out) {
  uint32_t v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + static_cast<uint32_t>(s[i] - '0');
  }
  *out = v;
  return true;
}

}  // namespace

CandidateIndex::DateParts CandidateIndex::ParseDate(std::string_view date) {
  DateParts d;
  uint32_t year = 0, month = 0, day = 0;
  if (date.size() < 4 || !Digits(date, 0, 4, &year)) return d;
  if (date.size() == 7 && date[4] == '-') {
    if (!Digits(date, 5, 2, &month) || month == 0) return d;
  } else if (date.size() == 10 && date[4] == '-' && date[7] == '-') {
    if (!Digits(date, 5, 2, &month) || !Digits(date, 8, 2, &day) || month == 0 || day == 0)
      return d;
  } else if (date.size() != 4) {
    return d;
  }
  d.ok = true;
  d.year = static_cast<uint16_t>(year);
  d.month = static_cast<uint8_t>(month);
  d.day = static_cast<uint8_t>(day);
  return d;
}

uint64_t CandidateIndex::Key(std::string_view full_name, std::string_view gender,
                             const DateParts& date) {
  if (gender.size() != 1 || (gender[0] != 'M' && gender[0] != 'F') || !date.ok) return 0;
  const uint64_t name = std::hash<std::string>{}(vn_name::FoldKey(full_name));
  const uint64_t rest = (static_cast<uint64_t>(date.year) << 1) | (gender[0] == 'F' ? 1u : 0u);
  const uint64_t key = Mix(name ^ Mix(rest));
  return key == 0 ? 1 : key;
}

CandidateIndex::CandidateIndex(std::span<const CandidateQuery> queries) {
  size_t capacity = 16;
  while (capacity < queries.size() * 2) capacity <<= 1;
  keys_.assign(capacity, 0);
  heads_.assign(capacity, kEnd);
  entries_.assign(queries.size(), Entry{kEnd, 0, 0});
  mask_ = capacity - 1;
  // Years are four digits: 10000 * 13 * 32 * 2 bits, 1 MiB at most.
  days_.assign(DayBit(true, DateParts{true, 9999, 12, 31}) + 1, false);
  // Inserted from the last so that each chain lists its queries in order.
  for (size_t q = queries.size(); q-- > 0;) {
    const CandidateQuery& query = queries[q];
    const DateParts date = ParseDate(query.birth_date);
    const uint64_t key = Key(query.full_name, query.gender, date);
    if (key == 0) continue;
    const bool female = query.gender == "F";
    for (uint8_t month = 1; month <= 12; ++month) {
      if (date.month != 0 && date.month != month) continue;
      for (uint8_t day = 1; day <= 31; ++day) {
        if (date.day != 0 && date.day != day) continue;
        days_[DayBit(female, DateParts{true, date.year, month, day})] = true;
      }
    }
    size_t slot = key & mask_;
    while (keys_[slot] != 0 && keys_[slot] != key) slot = (slot + 1) & mask_;
    keys_[slot] = key;
    entries_[q] = Entry{heads_[slot], date.month, date.day};
    heads_[slot] = static_cast<uint32_t>(q);
    ++size_;
  }
}

}  // namespace cardex::reconcile
