// Internal: the dashboards' charts as inline SVG (no script, no external
// asset; colours as presentation attributes, which the page's CSP allows).
// Numbers and dates only go in: nothing here is escaped because nothing
// here comes from a person, except the labels, which are escaped.
#ifndef CARDEX_SRC_HTTP_PROGRESS_CHART_H_
#define CARDEX_SRC_HTTP_PROGRESS_CHART_H_

#include <optional>
#include <span>
#include <string>

#include "cardex/progress/forecast.h"
#include "html.h"

namespace cardex::http {

// The cumulative received and handed-over curves up to `today`, the
// straight line from 0 on the window's first day to `official` on its last
// (when there is a window), a dashed projection at the forecast's pace to
// its expected finish, and the deadline marked.
struct ProgressChart {
  std::span<const progress::DayCount> daily;
  int64_t official = 0;
  Date today;
  std::optional<progress::CampaignWindow> window;
  const progress::Forecast* forecast = nullptr;
};
std::string ProgressChartSvg(Lang lang, const ProgressChart& chart);

// One bar per day: received (and handed over beside it).
std::string DailyBarsSvg(Lang lang, std::span<const progress::DayCount> daily);

}  // namespace cardex::http

#endif  // CARDEX_SRC_HTTP_PROGRESS_CHART_H_
