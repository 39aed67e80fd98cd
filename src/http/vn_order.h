// Internal: the order of lists meant for people (domain.md): rows of a
// query put in Vietnamese order in C++ (ICU's "vi" collator, through
// vn_name's keys), since neither engine's collation can be relied on for it
// (SQLite has none; PostgreSQL's depends on the server's ICU build).
#ifndef CARDEX_SRC_HTTP_VN_ORDER_H_
#define CARDEX_SRC_HTTP_VN_ORDER_H_

#include <algorithm>
#include <numeric>
#include <string>
#include <vector>

#include "cardex/core/vn_name.h"
#include "cardex/store/sql.h"

namespace cardex::http {

// Row indexes of `rows` by the unit (place) name in column `col`.
inline std::vector<size_t> UnitOrder(const SqlRows& rows, size_t col) {
  std::vector<std::string> keys;
  keys.reserve(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) keys.push_back(vn_name::UnitSortKey(rows.Text(i, col)));
  std::vector<size_t> order(rows.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return keys[a] < keys[b]; });
  return order;
}

// Row indexes of `rows` by the person's full name in column `col` (given
// name first, then the rest).
inline std::vector<size_t> PersonOrder(const SqlRows& rows, size_t col) {
  std::vector<std::string> keys;
  keys.reserve(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) keys.push_back(vn_name::PersonSortKey(rows.Text(i, col)));
  std::vector<size_t> order(rows.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return keys[a] < keys[b]; });
  return order;
}

}  // namespace cardex::http

#endif  // CARDEX_SRC_HTTP_VN_ORDER_H_
