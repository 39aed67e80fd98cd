// Internal: what the page files share: how a page route is declared, the
// language of a request, and the labels of states and verdicts.
#ifndef CARDEX_SRC_HTTP_PAGES_H_
#define CARDEX_SRC_HTTP_PAGES_H_

#include <optional>
#include <string>
#include <string_view>

#include "html.h"
#include "route.h"

namespace cardex::http {

// A page: needs a session (else a redirect to /login), checks `permission`
// on `target` in the pipeline like an API route, answers refusals in HTML.
// Pages only read; their buttons call the JSON API (with the CSRF token and
// an Idempotency-Key), so no page route changes state.
Route PageRoute(std::string name, std::optional<Permission> permission, TargetFrom target,
                HandlerFn fn);

inline Lang LangOf(const Context& ctx) { return PickLang(ctx.request).lang; }

// The page shell for a logged-in user.
Response UserPage(Context& ctx, std::string_view title, std::string body_html);

// Labels shown to people for exchange states and reconciliation verdicts.
std::string_view StateLabel(Lang lang, std::string_view state);
std::string_view VerdictLabel(Lang lang, std::string_view verdict);
// A coloured badge: <span class="badge state-NAME">label</span>.
std::string StateBadge(Lang lang, std::string_view state);

void AddDeskPages(AppRouter& router);  // page_desk.cc
void AddUnitPages(AppRouter& router);  // page_unit.cc
void AddDashboardPages(AppRouter& router);  // page_dashboard.cc
void AddGroupPages(AppRouter& router);  // page_group.cc
void AddCorrectionPages(AppRouter& router);  // page_corrections.cc
void AddStationSyncPages(AppRouter& router);  // page_station_sync.cc

// The dashboards' section on stations working offline (page_station_sync.cc):
// each live join's last sync, outbox depth and issues with what to do; only
// `only_station`'s when not "". "" when no station ever joined.
Result<std::string> StationSyncSection(Lang lang, Store& db, std::string_view only_station);

}  // namespace cardex::http

#endif  // CARDEX_SRC_HTTP_PAGES_H_
