// The invitations a re-plan changed, per cell: the list the cell's
// secretary uses to tell each member (and the input of the notices to
// members), and new invitations to print. In DIR, for each cell with a
// change: CELL.csv, CELL.xlsx (the new invitations, as `cardex invitations`
// writes them) and CELL.pdf (the same, with one card per member, for
// reprinting).
//
// CELL.csv columns: member_no,full_name,reason,old_station_code,
// old_slot_start,old_invitation_code,station_code,slot_start,slot_end,mode,
// invitation_code; reason as MoveReasonName; the new columns empty when the
// member found no slot in the window. No citizen id appears.
#ifndef CARDEX_PLAN_CHANGED_INVITATIONS_H_
#define CARDEX_PLAN_CHANGED_INVITATIONS_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "cardex/core/status.h"
#include "cardex/plan/appointments.h"
#include "cardex/store/store.h"

namespace cardex::plan {

struct ChangedInvitation {
  StoredAppointment before;
  std::optional<StoredAppointment> after;  // nullopt: no slot in the window
  MoveReason reason = MoveReason::kWithTheCell;
};

// Writes the files above into `dir` (created if missing), cells in the
// order their first change comes; returns how many cells got files.
Result<int64_t> WriteChangedInvitations(Store& store, std::span<const ChangedInvitation> changes,
                                        const std::string& dir);

// Remembers the replaced codes (the desk still finds their member),
// inside the caller's transaction; a code already recorded is left as is.
Status RecordSupersededCodes(Store& store, std::span<const ChangedInvitation> changes, int64_t plan_run);

}  // namespace cardex::plan

#endif  // CARDEX_PLAN_CHANGED_INVITATIONS_H_
