// One page of a list that may be long: the rows shown, where they start and
// how many there are in all, so a page can say "and N more" and link on
// (issue 15: every list a person sees has a bounded number of rows; the
// limits are in cardex/core/limits.h).
#ifndef CARDEX_CORE_ROW_PAGE_H_
#define CARDEX_CORE_ROW_PAGE_H_

#include <cstddef>
#include <limits>
#include <vector>

namespace cardex {

// Which rows to read: [offset, offset + limit). The default is every row
// (the command line's exports are the machine contract and are never cut).
struct RowWindow {
  size_t offset = 0;
  size_t limit = std::numeric_limits<size_t>::max();

  // The window of page `page` (0-based) of `per_page` rows.
  static RowWindow Page(size_t page, size_t per_page) { return {page * per_page, per_page}; }
};

template <typename T>
struct RowPage {
  std::vector<T> rows;
  size_t offset = 0;  // of rows[0] in the whole list
  size_t total = 0;   // rows in the whole list

  size_t after() const { return total > offset + rows.size() ? total - offset - rows.size() : 0; }
};

}  // namespace cardex

#endif  // CARDEX_CORE_ROW_PAGE_H_
