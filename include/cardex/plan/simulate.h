// What a schedule means on the day (issue 4): a seeded discrete-event
// simulation of the reception days of a plan, reporting the expected and
// 95th-percentile wait per station and day. The planner's target is a
// 95th-percentile wait under 15 minutes.
//
// The model, per station and day (a day as in schedule.h: the waves of the
// station's shifts dated that day; a station slot belongs to the day of the
// shift that holds it):
//   - every station appointment of the plan, and every fixed station
//     appointment of the input (reserves aside), is a member expected at
//     the slot start;
//     home visits have no queue and are left out;
//   - a member does not come with probability no_show_rate; the others
//     arrive at slot start + lateness, where lateness is, with probability
//     late_share, an exponential delay of mean late_mean_minutes (the bus,
//     the rice field), and otherwise normal(punctual_mean_minutes,
//     punctual_sd_minutes) (a few minutes early or late);
//   - service takes a lognormal time of mean minutes_per_member and
//     coefficient of variation service_cv (0: exactly minutes_per_member);
//   - the station's `counters` serve one queue, first come first served by
//     arrival. A counter serves whoever waits, even before the member's slot
//     (a free counter does not idle while someone waits), but starts no
//     service while the station is closed, except to finish the queue of a
//     shift that has ended: members who arrived while it was open, or up to
//     closing_grace_minutes after it closed (late for a slot near its end),
//     are still served (overtime); later ones wait for the next shift.
//     Members who arrive after the day's last shift are served too, on
//     arrival (they are counted, not turned away).
//
// A member's wait is the service start minus the later of arrival and slot
// start: time spent early by choice is not the station's doing. The queue
// is everyone who has arrived and is not yet at a counter, early arrivals
// included: the people in the hall.
//
// Deterministic: each station-day draws from its own generator seeded by
// (seed, station index, day), with arithmetic of its own rather than <random>
// distributions, so the same plan and options give the same figures on every
// platform and whatever the order of the station-days.
//
// Thread safety: Simulate() keeps no state.
#ifndef CARDEX_PLAN_SIMULATE_H_
#define CARDEX_PLAN_SIMULATE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "cardex/core/dates.h"
#include "cardex/core/status.h"
#include "cardex/plan/schedule.h"

namespace cardex::plan {

struct SimulationOptions {
  uint64_t seed = 1;
  double no_show_rate = 0.05;           // [0, 1]
  double punctual_mean_minutes = -2.0;  // negative: early
  double punctual_sd_minutes = 5.0;     // >= 0
  double late_share = 0.10;             // [0, 1]
  double late_mean_minutes = 20.0;      // >= 0
  double service_cv = 0.30;             // >= 0
  double closing_grace_minutes = 30.0;  // >= 0
  double target_p95_minutes = 15.0;     // for within_target_share
  // The campaign (campaign.h): a member who has missed this many
  // appointments is visited at home instead (0: never).
  int home_visit_after_misses = 2;
};

// No lateness, no variance, no no-shows: every member at the slot start,
// every service exactly minutes_per_member.
SimulationOptions ExactOptions();

struct StationDaySimulation {
  int32_t station = 0;  // index into PlanInput::stations
  Date day = Date::FromDays(0);
  int64_t scheduled = 0;  // station appointments that day (fixed ones included)
  int64_t served = 0;
  int64_t no_shows = 0;   // served + no_shows == scheduled
  double mean_wait = 0;   // minutes, over the members served
  double p95_wait = 0;    // nearest rank
  double max_wait = 0;
  int64_t max_queue = 0;
  // Minutes the last service ends after the day's last shift ends (0: none).
  double overtime = 0;
};

struct SimulationResult {
  // Station-days with at least one appointment, by station then day.
  std::vector<StationDaySimulation> station_days;
  int64_t scheduled = 0, served = 0, no_shows = 0;
  double mean_wait = 0;  // over every member served
  double p95_wait = 0;   // over every member served
  double worst_p95_wait = 0;
  int64_t worst_station_day = -1;  // index into station_days (-1: none)
  double mean_station_day_p95 = 0;
  // Share of station-days whose p95 wait is under target_p95_minutes (1.0
  // when there are none).
  double within_target_share = 1.0;
};

// Simulates every reception day of `output` (a plan of `input`). Fails
// (kInvalidArgument) on options out of range, an appointment naming a
// station or member the input does not have, or a fixed appointment of an
// unknown station.
Result<SimulationResult> Simulate(const PlanInput& input, const PlanOutput& output,
                                  const SimulationOptions& options = {});

// station_code,date,scheduled,served,no_shows,mean_wait,p95_wait,max_wait,
// max_queue,overtime: one row per station-day, minutes with one decimal.
// The file appears only when complete.
Status WriteSimulationCsv(const PlanInput& input, const SimulationResult& result,
                          const std::string& path);

}  // namespace cardex::plan

#endif  // CARDEX_PLAN_SIMULATE_H_
