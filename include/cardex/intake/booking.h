// Booking a catch-up slot at the desk for one member who was rescheduled or
// whose data was corrected: the earliest free slot of a station that serves
// the member's commune, at or after a given time, that keeps every schedule
// rule of formats.md (inside a shift, never more members in service than
// counters, minutes_per_member long). Nobody else's appointment moves.
#ifndef CARDEX_INTAKE_BOOKING_H_
#define CARDEX_INTAKE_BOOKING_H_

#include <string>
#include <string_view>

#include "cardex/core/status.h"
#include "cardex/store/store.h"

namespace cardex::intake {

struct BookingRequest {
  std::string member_no;
  std::string station_code;  // "" picks the first station serving the member's commune
  std::string not_before;    // local "YYYY-MM-DDTHH:MM"
  std::string actor, at;     // who books, and when (UTC, as in StepRequest)
};

// Finds the slot, stores the appointment (with a new invitation code) and
// takes the exchange step `book`, in the caller's transaction. Errors:
// kFailedPrecondition when the member's state does not allow booking or the
// station does not serve them, kNotFound when no shift has room.
Result<StoredAppointment> BookCatchUp(Store& store, const BookingRequest& request);

// Ok when `station_code` names a stored station that serves the commune
// of `member_no` (a unit on the member's chain is in its `serves`).
// kInvalidArgument "station: ..." otherwise, naming neither the member's
// unit nor the value when it is not a plausible code. For a step whose
// station the caller chose (an administrator's); a station officer's own
// station was checked by Authorize.
Status CheckStationServes(Store& store, std::string_view station_code, std::string_view member_no);

}  // namespace cardex::intake

#endif  // CARDEX_INTAKE_BOOKING_H_
