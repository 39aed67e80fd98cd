// The forecast of a unit's (or a station's) finish and its status label:
// when will everyone to exchange have handed in their documents, does that
// come after the deadline, and why. A pure function of the day-by-day curve
// (daily.h), the plan's appointments (appointment_days.h) and the roll-up
// figures; no I/O. The rule below is the one the dashboard states.
//
// With a plan (the unit's subtree has appointments):
//   Kept share. Of the members whose appointment day is over (days before
//   today), the share received by now: k received of n appointed. Before
//   any day is over it is the prior, 90 % (a Beta(18, 2) prior worth 20
//   appointments); as days pass the observed share takes over:
//   share = (18 + k) / (20 + n), its spread sqrt(share (1 - share) /
//   (21 + n)), the interval share +/- 1.28 spread (80 %) clipped to [0, 1].
//   The interval shrinks as appointments pass: the evidence grows.
//   Projection. From today on, each day's appointments not yet received
//   are expected at the kept share; the members left over after the last
//   appointment day (those who missed theirs, those behind, those with no
//   appointment) are caught up from the day after it (or from tomorrow when
//   it is over) at the kept share of the unit's mean appointments per
//   appointment day. The finish is the first day the expected total reaches
//   the members to exchange; the early and late finishes use the interval's
//   ends. The pace shown is what the plan expects from today on.
//   Label (a commune, a province, the whole):
//     done         nothing remaining;
//     not_started  nobody received and no appointment day before today;
//     at_risk      the expected finish is after the deadline;
//     tight        the expected finish meets the deadline, the late one not;
//     on_track     otherwise.
//   Label (a cell, whose members come on their own day or two):
//     done         nothing remaining;
//     behind       members whose appointment day is over and who are not
//                  received (how many, since the first such day);
//     unscheduled  members remaining with no appointment at all;
//     scheduled    every remaining member has an appointment today or later.
//   A cell with members left and no appointment at all, while a plan
//   stored a window, is unscheduled too (all of its remaining).
//
// Without a plan (no appointment in the subtree; a station): the pace of
// the `recent_days` whole days before today (days with nothing count as 0,
// never days before the campaign started; today's count alone on its first
// day), its interval the mean +/- the standard error (spread / sqrt(days)),
// so it shrinks as days pass; the finish today + ceil(remaining / pace) - 1;
// the label done / unknown (no deadline) / not_started (nothing received,
// deadline ahead) / at_risk / tight / on_track as above.
//
// Straight line: days left = deadline - today + 1 (0 after it); needed per
// day = remaining / days left, the pace that ends exactly on the deadline.
// The chart's line runs from 0 on the window's first day to `official` on
// its last.
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

// One day of the plan in a unit's subtree: the members whose appointment
// is dated that day, and how many of them are received by now.
struct PlanDay {
  Date day;
  int64_t appointments = 0, received = 0;
};

struct ForecastInput {
  std::span<const DayCount> daily;  // ascending by day (UnitDaily)
  std::span<const PlanDay> plan;    // ascending by day; empty: no plan
  bool cell = false;                // label by its own appointments
  int64_t official = 0;             // Figures::Official()
  int64_t received = 0;             // Figures::Received()
  Date today;
  std::optional<CampaignWindow> window;  // the deadline is window->to
  int recent_days = 7;
};

// Worst first (lists sort by it).
enum class Risk { kAtRisk, kBehind, kTight, kUnscheduled, kNotStarted, kScheduled, kOnTrack, kUnknown, kDone };
std::string_view RiskName(Risk risk);  // "at_risk", "behind", "tight", ...

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

  // With a plan (planned true); zero otherwise.
  bool planned = false;
  int64_t appointed_past = 0, kept_past = 0;  // appointment days before today
  double kept = 0, kept_low = 0, kept_high = 0;  // the kept share and its interval
  int64_t behind = 0;                 // appointment day over, not received
  std::optional<Date> behind_since;   // the first such day
  int64_t booked_ahead = 0;           // appointment today or later, not received
  std::optional<Date> next_appointment;  // the first such day
  int64_t unscheduled = 0;            // remaining with no appointment
  std::optional<Date> last_appointment;  // the plan's last day
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
