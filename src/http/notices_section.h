// Internal: the cell page's section on notices (issue 21): the members of
// the cell who have not been reached about their appointment, and why, so
// the cell secretary can tell them in person. Phones masked, no citizen id.
#ifndef CARDEX_SRC_HTTP_NOTICES_SECTION_H_
#define CARDEX_SRC_HTTP_NOTICES_SECTION_H_

#include <string>
#include <string_view>

#include "cardex/core/status.h"
#include "cardex/store/store.h"
#include "html.h"

namespace cardex::http {

// The section's HTML for `cell_code` (page_unit.cc shows it on cells).
Result<std::string> NoticesSection(Lang lang, Store& db, std::string_view cell_code);

}  // namespace cardex::http

#endif  // CARDEX_SRC_HTTP_NOTICES_SECTION_H_
