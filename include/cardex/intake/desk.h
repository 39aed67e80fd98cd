// What the station desk reads: a station's day, finding a member by their
// invitation code or citizen id, and the verification view.
//
// Personal data: the views carry full citizen ids because the station
// officer compares them with the member's identity card; callers showing
// them in lists use MaskCitizenId (core/citizen_id.h).
#ifndef CARDEX_INTAKE_DESK_H_
#define CARDEX_INTAKE_DESK_H_

#include <string>
#include <string_view>
#include <vector>

#include "cardex/core/exchange.h"
#include "cardex/core/status.h"
#include "cardex/store/store.h"

namespace cardex::intake {

struct DayEntry {
  std::string member_no, full_name, unit_code, slot_start, slot_end, mode, state;
  std::string citizen_id;  // as recorded
};

// The appointments of `station_code` whose slots start on `date`
// ("YYYY-MM-DD"), in slot order, with each member's exchange state.
Result<std::vector<DayEntry>> StationDay(Store& store, std::string_view station_code,
                                         std::string_view date);

// The member an invitation code belongs to (codes are compared after
// upper-casing and Crockford's aliases). kInvalidArgument when the code's
// check symbol is wrong (a typing slip), kNotFound when no appointment has it.
// A code a re-plan or a catch-up superseded (schema v14) still finds its
// member, whose current appointment the verification view shows.
Result<std::string> MemberByInvitationCode(Store& store, std::string_view code);

// The members whose recorded or standardised citizen id is `citizen_id`.
Result<std::vector<std::string>> MembersByCitizenId(Store& store, std::string_view citizen_id);

// A cell's members with their exchange state (StateBeforeFirstStep for
// those who have taken no step), by member_no, for the cell's page.
struct CellMember {
  std::string member_no, full_name;
  std::string citizen_id;  // as recorded
  ExchangeState state = ExchangeState::kListed;
};
Result<std::vector<CellMember>> CellMembers(Store& store, std::string_view cell_code);

// The members whose exchange row is in `state`, by member_no (members with
// no step yet have no row and are never listed).
Result<std::vector<std::string>> MembersInState(Store& store, ExchangeState state);

// Everything the officer checks before capture.
struct VerificationView {
  std::string member_no, unit_code, unit_name, status;
  // As recorded by the organisation.
  std::string citizen_id, full_name, birth_date, gender;
  // Standardised values ("" when none were applied) and their source.
  std::string std_citizen_id, std_full_name, std_birth_date, std_gender, std_source;
  // The newest reconciliation ("" verdict when never reconciled).
  std::string verdict, fields, suggested_citizen_id;
  std::string registry_full_name, registry_birth_date, registry_gender, registry_deceased_on;
  // The appointment ("" when none).
  std::string station_code, slot_start, slot_end, mode, invitation_code;
  ExchangeState state = ExchangeState::kListed;
  int64_t version = 0;
  bool has_photo = false;
  int64_t open_corrections = 0;
  // What the officer must fix or check, in Vietnamese and English, derived
  // from the verdict ("" when the record agrees with the registry).
  std::string advice_vi, advice_en;
};

// kNotFound when no member has that number.
Result<VerificationView> Verify(Store& store, std::string_view member_no);

}  // namespace cardex::intake

#endif  // CARDEX_INTAKE_DESK_H_
