// The forecast of a unit's (or a station's) finish: when, at the pace of
// the last days, will everyone to exchange have handed in their documents,
// and does that come after the deadline. A pure function of the day-by-day
// curve (daily.h) and the roll-up figures; no I/O.
//
// Method.
//   Pace. The samples are the received counts of the `recent_days` whole
//   days before today (today is not over), days with nothing counting as 0,
//   but never days before the campaign started (the window's first day, or
//   without a window the first day anything was received). When no whole
//   day is left (today is the first), today's count so far is the one
//   sample. The pace is their mean m; its interval is m ± s, s the sample
//   standard deviation (0 with one sample), the low end never below 0: the
//   day-to-day spread, so a province whose desks swing between busy and
//   idle days gets a wide interval, one that works steadily a narrow one.
//   Finish. remaining = official − received. Today counts as a working day:
//   at pace p the finish is today + ceil(remaining / p) − 1; the early end
//   uses m + s, the late end m − s (none when that is 0: at that pace the
//   work never ends). Nothing remaining: done, the finish is the last day
//   with a count (or today).
//   Straight line. Days left = deadline − today + 1 (0 after it); needed
//   per day = remaining / days left, the pace that would end exactly on the
//   deadline. The chart's line runs from 0 on the window's first day to
//   `official` on its last.
//   Risk. done: nothing remaining. unknown: no deadline (no plan stored a
//   window) and work remaining. not_started: nobody received yet and the
//   deadline not passed: the plan invites a cell's members together on one
//   day, so a cell whose day is still ahead has no pace and is not late
//   (the plan's days are not read here). at_risk: the expected finish is
//   after the deadline, or no pace at all once work has started. tight:
//   the expected finish meets the deadline but the late end does not.
//   on_track: otherwise. A forecast means most for a province or commune,
//   whose cells come one after another; a cell is received in a day or two.
#ifndef CARDEX_PROGRESS_FORECAST_H_
#define CARDEX_PROGRESS_FORECAST_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "cardex/core/dates.h"
#include "cardex/progress/daily.h"

namespace cardex::progress {

struct ForecastInput {
  std::span<const DayCount> daily;  // ascending by day (UnitDaily)
  int64_t official = 0;             // Figures::Official()
  int64_t received = 0;             // Figures::Received()
  Date today;
  std::optional<CampaignWindow> window;  // the deadline is window->to
  int recent_days = 7;
};

enum class Risk { kAtRisk, kTight, kNotStarted, kOnTrack, kUnknown, kDone };  // worst first
std::string_view RiskName(Risk risk);  // "at_risk", "tight", "not_started", ...

struct Forecast {
  int64_t remaining = 0;
  int samples = 0;  // days the pace was measured over
  double pace = 0, pace_low = 0, pace_high = 0;  // members received per day
  // Expected, earliest and latest finish; nullopt when that pace is 0 and
  // work remains.
  std::optional<Date> finish, finish_early, finish_late;
  std::optional<Date> deadline;
  int days_left = 0;          // today through the deadline; 0 without one
  double needed_per_day = 0;  // remaining / days_left (0 when none left)
  // Days between the expected finish and the deadline, positive when it
  // finishes early; nullopt without a deadline or a finish.
  std::optional<int> slack_days;
  Risk risk = Risk::kUnknown;
};

Forecast MakeForecast(const ForecastInput& in);

// The cumulative curves, one point per day from `from` to `to` inclusive
// (days without a count repeat the previous total). Counts before `from`
// are in the first point.
struct CumulativePoint {
  Date day;
  int64_t received = 0, handed_over = 0;
};
std::vector<CumulativePoint> Cumulative(std::span<const DayCount> daily, Date from, Date to);

// The straight line's value on `day`: 0 before the window's first day,
// `official` from its last on, linear between (reaching `official` on the
// last day).
double StraightLine(const CampaignWindow& window, int64_t official, Date day);

}  // namespace cardex::progress

#endif  // CARDEX_PROGRESS_FORECAST_H_
