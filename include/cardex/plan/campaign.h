// The campaign with its catch-up (issue 16): what a plan gives over the
// whole window once members who miss their day are received later.
//
// The model, deterministic for a seed:
//   - each station appointment of the plan is kept by its member with
//     probability 1 - no_show_rate (a draw per member and attempt, from a
//     hash of the seed, the member and the attempt: the same member misses
//     the same attempts whatever else the plan holds);
//   - a member who misses is booked at once into the earliest counter
//     position of the same station on a later day that the plan (and the
//     catch-ups before) left free, reserves included (reserve.h); they
//     may miss that one too, and so on, until the window has no free
//     position left: then they are counted as not received;
//   - a member who has missed `home_visit_after_misses` appointments (2 by
//     default: what a cell secretary does for a member who missed twice)
//     is visited at home instead, in the earliest free visit of the
//     station's mobile teams on a later day, and is received then (without
//     a free visit they are booked at a counter as before);
//   - home visits are made on their day (the team comes to the member);
//   - the waits of the day: Simulate() (simulate.h) over the visits that
//     took place, first invitations and catch-ups alike, with the same
//     lateness and service options (no-shows already drawn).
//
// Thread safety: a pure function.
#ifndef CARDEX_PLAN_CAMPAIGN_H_
#define CARDEX_PLAN_CAMPAIGN_H_

#include <cstdint>

#include "cardex/core/dates.h"
#include "cardex/core/status.h"
#include "cardex/plan/schedule.h"
#include "cardex/plan/simulate.h"

namespace cardex::plan {

struct CampaignResult {
  int64_t members = 0;     // of the plan (station and home visits)
  int64_t received = 0;    // members received in the window
  int64_t not_received = 0;  // members + unplaced - received: no free position was left, or never placed
  int64_t misses = 0;      // appointments missed (a member may miss more than one)
  int64_t catch_ups = 0;   // appointments booked for them
  int64_t home_catch_ups = 0;  // of them, home visits after repeated misses
  // The day the last member was received; reached only when every member
  // of the input was (not_received == 0).
  Date last_day = Date::FromDays(0);
  bool complete = false;
  // Days from last_day to the window's last day (-1: never complete).
  int64_t days_to_spare = 0;
  // The first day by whose end 99 % of the members were received (the tail
  // after it is the few who miss again and again); FromDays(0) when never.
  Date day_99 = Date::FromDays(0);
  // Waits over every visit at a counter (Simulate over the visits made).
  SimulationResult waits;
};

// Runs the campaign of `output` (a plan of `input`, reserve included or
// not). `options.no_show_rate` is the miss rate; the other options shape
// the waits. Fails as Simulate() does.
Result<CampaignResult> SimulateCampaign(const PlanInput& input, const PlanOutput& output,
                                        const SimulationOptions& options);

}  // namespace cardex::plan

#endif  // CARDEX_PLAN_CAMPAIGN_H_
