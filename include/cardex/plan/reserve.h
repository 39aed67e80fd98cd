// The reserve for no-shows (issue 16): some members do not come on their
// day (11 % in the seed's Hàm Thạnh), and a plan that fills every slot until
// the deadline leaves no room to receive them later. The reserve holds back
// a share of each station-day's counter positions, the last waves of the
// day, from the first invitations; a member who misses their day is booked
// into the next day's reserve (`cardex plan --catch-up`, the desk's
// booking, and SimulateCampaign in campaign.h), so a campaign still reaches
// 100 % inside its window.
//
// Why at the end of every day rather than days kept free before the
// deadline: a member who misses is received the next day, while the day is
// fresh in the cell's mind; the stations finish their first invitations a
// little later instead of all catch-ups piling up in the last days.
// bench/campaign_reserve.cc compares plans with and without it.
//
// Thread safety: pure functions.
#ifndef CARDEX_PLAN_RESERVE_H_
#define CARDEX_PLAN_RESERVE_H_

#include <cstdint>

#include "cardex/core/status.h"
#include "cardex/plan/schedule.h"

namespace cardex::plan {

// `input` with, per station and day, ceil(share x the day's free positions)
// positions at the day's end held as FixedAppointments marked `reserve`
// (whole waves first, from the last). kInvalidArgument when share is not in
// [0, 0.9] or the input is malformed (as Plan()). share 0 returns the input
// unchanged.
Result<PlanInput> WithNoShowReserve(const PlanInput& input, double share);

// Counter positions the input holds as reserve.
int64_t ReservedPositions(const PlanInput& input);

}  // namespace cardex::plan

#endif  // CARDEX_PLAN_RESERVE_H_
