// Members a newcomer can try the desk's harder paths on: one whose record
// the registry contradicts (confirm refused until settled), one whose
// recorded citizen id is wrong but the registry's is known (found by the
// registry's id), and one sent back with an open correction. `cardex demo`
// prints them beside the demonstration logins.
//
// Each is picked among the members with an appointment at the station, not
// yet received at the desk, today's slots first, then the earliest, then by
// member number: the same database always names the same members.
//
// Personal data: the hits carry the member number, the slot and, for the
// wrong id, the registry's citizen id (what the officer would type); the
// caller prints them only for a demonstration database.
//
// Thread safety: takes the caller's Store (one per thread).
#ifndef CARDEX_INTAKE_DESK_CASES_H_
#define CARDEX_INTAKE_DESK_CASES_H_

#include <string>
#include <string_view>
#include <vector>

#include "cardex/core/status.h"
#include "cardex/store/store.h"

namespace cardex::intake {

struct DeskCase {
  // "open_difference", "wrong_id" or "open_correction".
  std::string kind;
  std::string member_no, slot_start, fields;
  std::string registry_citizen_id;  // for "wrong_id": the registry's id to look up
};

// At most one case of each kind at `station_code`, in the order above; a
// kind with no member is left out.
Result<std::vector<DeskCase>> DeskCasesToTry(Store& store, std::string_view station_code,
                                             std::string_view today);

}  // namespace cardex::intake

#endif  // CARDEX_INTAKE_DESK_CASES_H_
