// A member moves their own appointment: the free slots they may take, the
// rule that says whether they may move at all, and the move itself.
//
// A move is one transaction that respects capacity: it holds the writers of
// `appointments` back (store/engine.h HoldWriters: SQLite's write lock,
// PostgreSQL's table lock), then counts the members whose slots overlap
// the new one at that station and takes it only while they are fewer than
// the counters. Fifty members racing for the last seat: one gets it, the
// others "member.move.slot_taken" (tests/selfservice, both engines).
#ifndef CARDEX_SELFSERVICE_MOVE_H_
#define CARDEX_SELFSERVICE_MOVE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cardex/core/exchange.h"
#include "cardex/core/status.h"
#include "cardex/selfservice/options.h"
#include "cardex/store/store.h"

namespace cardex::selfservice {

// What the rule looks at. Minutes are local minutes (plan::LocalMinute).
struct MoveFacts {
  ExchangeState state = ExchangeState::kInvited;
  std::string mode = "station";  // of the appointment held
  int moves_done = 0;
  int64_t now = 0;
  int64_t appointment_start = 0;  // of the appointment held
  int64_t new_start = -1;         // -1: only asking whether the member may move
};

// "" when the member may move (to new_start), else the catalogue id of why
// not: "member.move.not_invited" (the station has them already, or their
// state is not invited), "member.move.home_visit", "member.move.limit"
// (max_moves done), "member.move.too_late" (the held appointment starts
// within min_hours_before), "member.move.slot_too_soon" (the new slot
// does). The table is tests/cases/member_move/*.case.
std::string WhyMoveRefused(const MoveFacts& facts, const SelfServiceOptions& options);

// The refusal `id` (WhyMoveRefused's) as a kFailedPrecondition Status with
// its arguments (the limit, the hours), for a person to read.
Status MoveRefusal(std::string_view id, const SelfServiceOptions& options);

// The facts of a member as stored; kNotFound when they hold no appointment.
Result<MoveFacts> LoadMoveFacts(Store& store, std::string_view member_no, int64_t now);

struct FreeSlot {
  std::string station_code, station_name;
  std::string slot_start, slot_end;  // local "YYYY-MM-DDTHH:MM"
  int free = 0;                      // counters still free
};

// Free slots at the member's station and at every other station serving
// the member's commune, within the campaign window (the stored plan's; no
// upper bound without one), on each shift's grid, starting at least
// min_hours_before after `now`; the member's own slot excluded. Station by
// station (the member's first), slot order, slots_per_station each.
Result<std::vector<FreeSlot>> FreeSlots(Store& store, std::string_view member_no, int64_t now,
                                        const SelfServiceOptions& options);

struct MoveRequest {
  std::string member_no, station_code, slot_start;
  int64_t now = 0;     // local minute
  std::string at;      // UTC "YYYY-MM-DDTHH:MM:SSZ"
};

// Moves the member into the slot, in the caller's transaction: checks the
// rule, that the station serves the member's commune, that the slot is on a
// shift's grid within the window, and capacity. The new appointment gets a
// new invitation code; the old code is kept as superseded (the desk and the
// page still know it); the move is numbered in member_moves and audited
// ("member.appointment.moved", actor "member:NO", before and after:
// station and slot — what a notice needs). Errors: kFailedPrecondition with
// the rule's id, "member.move.slot_taken" (full), "member.move.bad_slot"
// (not a slot), "member.move.station_not_serving".
Result<StoredAppointment> MoveAppointment(Store& store, const MoveRequest& request,
                                          const SelfServiceOptions& options);

}  // namespace cardex::selfservice

#endif  // CARDEX_SELFSERVICE_MOVE_H_
