// Internal: the order of lists meant for people (domain.md), put in
// Vietnamese order in C++ (ICU's "vi" collator, through vn_name's keys),
// since neither engine's collation can be relied on for it (SQLite has
// none; PostgreSQL's depends on the server's ICU build).
#ifndef CARDEX_SRC_HTTP_VN_ORDER_H_
#define CARDEX_SRC_HTTP_VN_ORDER_H_

#include <algorithm>
#include <numeric>
#include <string>
#include <vector>

#include "cardex/core/vn_name.h"

namespace cardex::http {

// Sorts `items` (stably) by the unit or place name `name_of(item)` gives:
// Vietnamese order, numbers numeric.
template <typename T, typename NameOf>
void SortUnitsForPeople(std::vector<T>& items, NameOf name_of) {
  std::vector<std::pair<std::string, size_t>> keys;
  keys.reserve(items.size());
  for (size_t i = 0; i < items.size(); ++i) keys.emplace_back(vn_name::UnitSortKey(name_of(items[i])), i);
  std::stable_sort(keys.begin(), keys.end());
  std::vector<T> sorted;
  sorted.reserve(items.size());
  for (const auto& [key, i] : keys) sorted.push_back(std::move(items[i]));
  items = std::move(sorted);
}

// Sorts `items` (stably) by the person's full name `name_of(item)` gives:
// given name first, then the rest, in Vietnamese order.
template <typename T, typename NameOf>
void SortPeopleForPeople(std::vector<T>& items, NameOf name_of) {
  std::vector<std::pair<std::string, size_t>> keys;
  keys.reserve(items.size());
  for (size_t i = 0; i < items.size(); ++i) keys.emplace_back(vn_name::PersonSortKey(name_of(items[i])), i);
  std::stable_sort(keys.begin(), keys.end());
  std::vector<T> sorted;
  sorted.reserve(items.size());
  for (const auto& [key, i] : keys) sorted.push_back(std::move(items[i]));
  items = std::move(sorted);
}

}  // namespace cardex::http

#endif  // CARDEX_SRC_HTTP_VN_ORDER_H_
