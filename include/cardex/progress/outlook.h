// A unit's outlook in words: its status label, why it has it, and what
// would put it back on track, for the dashboards and the committee's first
// page of the progress report alike (one text, so the page and the paper
// never disagree). The rule behind the labels is forecast.h's.
//
// The texts are plain UTF-8, not HTML: callers escape them for a page.
// Vietnamese unless `english`; numbers and dates in Vietnamese conventions
// either way (4.964,3; 07/12/2026), as on every page.
//
// Thread safety: pure functions, except UnitsOutlook which reads the
// caller's Store (one per thread).
#ifndef CARDEX_PROGRESS_OUTLOOK_H_
#define CARDEX_PROGRESS_OUTLOOK_H_

#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cardex/core/dates.h"
#include "cardex/core/status.h"
#include "cardex/core/records.h"
#include "cardex/progress/daily.h"
#include "cardex/progress/forecast.h"
#include "cardex/progress/rollup.h"
#include "cardex/store/store.h"

namespace cardex::progress {

// The label a person reads: "Có nguy cơ trễ hạn" / "At risk", ...
std::string_view RiskLabel(Risk risk, bool english = false);

// One or two sentences each a committee can act on. `behind_units` names
// the units below that are behind ("Chi bộ 3 (5), Chi bộ 7 (2)"), or "".
struct Outlook {
  std::string why, remedy;
};
Outlook ExplainForecast(const Forecast& forecast, bool english = false, std::string_view behind_units = "");

// "07/12/2026", or "—" without a day.
std::string DayText(const std::optional<Date>& day);

// The forecast of one unit from its figures, days and plan. A cell is
// judged by its own appointments (forecast.h).
Forecast ForecastOfUnit(const Figures& figures, std::span<const DayCount> daily, Date today,
                        const std::optional<CampaignWindow>& window, std::span<const PlanDay> plan,
                        bool cell);

// A unit with its figures and forecast.
struct UnitOutlook {
  std::string code, name, kind;
  Figures figures;
  Forecast forecast;
};

// The rows of `units`, in their order: three grouped reads for all of
// them (figures, days, plan days), whatever their number. `daily_out`,
// when given, receives the days read, by code.
Result<std::vector<UnitOutlook>> UnitsOutlook(
    Store& store, std::span<const Unit> units, Date today, const std::optional<CampaignWindow>& window,
    std::map<std::string, std::vector<DayCount>, std::less<>>* daily_out = nullptr);

// The units that are behind their appointments, most behind first, at most
// `most` of them: "Chi bộ 3 (5), Chi bộ 7 (2)"; "" when none is.
std::string BehindUnits(std::span<const UnitOutlook> rows, size_t most = 4);

}  // namespace cardex::progress

#endif  // CARDEX_PROGRESS_OUTLOOK_H_
