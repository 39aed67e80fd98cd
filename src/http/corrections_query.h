// Internal: what the corrections work list's page and API read from a
// request: the unit (the pipeline's target: ?unit= or the caller's scope),
// ?verdict=, ?min_age= (whole days) and ?page=.
#ifndef CARDEX_SRC_HTTP_CORRECTIONS_QUERY_H_
#define CARDEX_SRC_HTTP_CORRECTIONS_QUERY_H_

#include <string>

#include "cardex/core/row_page.h"
#include "cardex/reconcile/work_list.h"
#include "paging.h"
#include "route.h"

namespace cardex::http {

// Rows of the work list a page shows.
inline constexpr size_t kWorkItemsPerPage = 50;

struct WorkListQuery {
  std::string unit;  // "" for every unit (scope "")
  reconcile::WorkFilter filter;
  int min_age = 0;
  RowWindow window;
};

inline Result<WorkListQuery> ParseWorkListQuery(const Context& ctx) {
  WorkListQuery q;
  if (!ctx.target.station_code.empty()) {
    return Status::PermissionDenied("the corrections work list is for the accounts of units");
  }
  q.unit = ctx.target.unit_code;
  auto get = [&](const char* name) {
    auto it = ctx.request.query.find(name);
    return it == ctx.request.query.end() ? std::string() : it->second;
  };
  q.filter.verdict = get("verdict");
  if (q.filter.verdict.size() > 32) {
    return Status::Coded(StatusCode::kInvalidArgument, "corrections.bad_verdict", {"…"});  // too long to quote
  }
  const std::string age = get("min_age");
  if (!age.empty()) {
    bool digits = age.size() <= 4;
    for (char c : age) digits = digits && c >= '0' && c <= '9';
    if (!digits) return Status::Coded(StatusCode::kInvalidArgument, "corrections.bad_min_age");
    q.min_age = std::stoi(age);
  }
  q.filter.min_age_days = q.min_age;
  CARDEX_ASSIGN_OR_RETURN(q.window, PageWindow(ctx.request, kWorkItemsPerPage));
  return q;
}

}  // namespace cardex::http

#endif  // CARDEX_SRC_HTTP_CORRECTIONS_QUERY_H_
