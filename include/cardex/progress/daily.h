// Day by day: per unit subtree and per station, how many members were newly
// received and newly handed over on each campaign day, read without
// scanning the members or the events.
//
// What is counted. The same members as the roll-ups (rollup.h: official,
// verdict not `deceased`). A member counts as received on the day of the
// step that took them from a state that is not IsReceived into one that is
// (the submit), and as handed over on the day of the step into
// IsHandedOver (the hand-over). No step leaves those states, so each member
// counts at most once per metric and the sum over the days equals
// Figures::Received() / HandedOver() for members whose steps all went
// through ApplyStep. A station counts the step that happened there (a
// hand-over off-station counts in the units only).
//
// The campaign day is the local date in Vietnam (UTC+7, no daylight
// saving) of the step's UTC time: the plan's slots are local times, and a
// desk's evening must not fall into the next day.
//
// How it is kept. Table progress_daily (schema v8), one row per (scope,
// code, day, metric), metric "received" or "handed_over". FoldSteps
// (rollup.h) adds to it the steps that enter or leave one of those states,
// with the state counters; Rebuild() recomputes it from exchange_events.
//
// The campaign window. The plan's window [from, to] (`cardex plan --from
// --to`, the demo's window) is stored in settings (plan_window_from,
// plan_window_to) when a plan is stored; the forecast's deadline is its
// last day.
//
// Thread safety: functions take the caller's Store (one per thread).
#ifndef CARDEX_PROGRESS_DAILY_H_
#define CARDEX_PROGRESS_DAILY_H_

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cardex/core/dates.h"
#include "cardex/core/status.h"
#include "cardex/store/store.h"

namespace cardex::progress {

// Vietnam's offset from UTC, in minutes.
inline constexpr int kCampaignUtcOffsetMinutes = 7 * 60;

// The campaign day ("YYYY-MM-DD") of a UTC step time
// "YYYY-MM-DDTHH:MM[:SS][Z]"; "" when the text is not such a time.
std::string CampaignDay(std::string_view utc_at);
// Today in Vietnam.
Date CampaignToday();

// One day's new arrivals. Days with nothing are absent from the lists.
struct DayCount {
  Date day;
  int64_t received = 0, handed_over = 0;
};

// Ascending by day.
Result<std::vector<DayCount>> UnitDaily(Store& store, std::string_view unit_code);
Result<std::vector<DayCount>> StationDaily(Store& store, std::string_view station_code);
// The curves of several units at once (one query), by code; a unit with
// no day counted maps to an empty list.
Result<std::map<std::string, std::vector<DayCount>, std::less<>>> UnitsDaily(
    Store& store, std::span<const std::string> unit_codes);

struct CampaignWindow {
  Date from, to;  // first and last day, inclusive
};
// nullopt when no plan stored a window.
Result<std::optional<CampaignWindow>> LoadCampaignWindow(Store& store);
// Remembers the window of the plan just stored (the caller's transaction).
Status SaveCampaignWindow(Store& store, Date from, Date to);

}  // namespace cardex::progress

#endif  // CARDEX_PROGRESS_DAILY_H_
