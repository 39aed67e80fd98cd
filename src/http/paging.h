// Internal: lists on pages and in API answers show a bounded number of rows
// (cardex/core/limits.h) and link to the next ones. The page is chosen with
// `?page=N`, counted from 1 as a person reads it.
#ifndef CARDEX_SRC_HTTP_PAGING_H_
#define CARDEX_SRC_HTTP_PAGING_H_

#include <cstddef>
#include <string>

#include "cardex/core/row_page.h"
#include "cardex/core/status.h"
#include "cardex/http/message.h"
#include "html.h"

namespace cardex::http {

// The largest page number accepted; beyond it a list is not read by hand.
inline constexpr size_t kMaxPageNumber = 100000;

// The rows of `?page=N` (absent: the first page), `per_page` rows a page.
// kInvalidArgument "page: expected a whole number from 1 to 100000" for
// anything else; the value is not quoted.
Result<RowWindow> PageWindow(const Request& request, size_t per_page);

// "Rows 101–200 of 350" with links to the previous and next pages (the
// current path and query, `page` replaced), or "" when one page holds all.
std::string PagerHtml(const Request& request, Lang lang, size_t offset, size_t shown,
                      size_t total, size_t per_page);

template <typename T>
std::string PagerHtml(const Request& request, Lang lang, const RowPage<T>& page, size_t per_page) {
  return PagerHtml(request, lang, page.offset, page.rows.size(), page.total, per_page);
}

}  // namespace cardex::http

#endif  // CARDEX_SRC_HTTP_PAGING_H_
