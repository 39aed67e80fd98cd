// What the member's page shows, and what the cell secretary sees of their
// members' self-service. Beyond the member's own name nothing personal is
// read into these structs: no citizen id, no birth date, no phone.
#ifndef CARDEX_SELFSERVICE_MEMBER_VIEW_H_
#define CARDEX_SELFSERVICE_MEMBER_VIEW_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cardex/core/exchange.h"
#include "cardex/core/status.h"
#include "cardex/store/store.h"

namespace cardex::selfservice {

// The exchange as a member follows it: four stages, and the two ways out.
enum class Stage {
  kInvited,       // listed, invited, rescheduled, home_visit, correction
  kReceived,      // checked_in … submitted: the station has the documents
  kCardProduced,  // card_produced
  kReady,         // card_delivered: ready to hand over at the commune
  kHandedOver,    // handed_over
  kClosed,        // closed (deceased, transferred)
};
Stage StageOf(ExchangeState state);
std::string_view StageName(Stage stage);  // "invited", "received", ...

struct MemberPage {
  std::string member_no, full_name;
  std::string code;  // the current invitation code ("" without an appointment)
  std::string station_code, station_name, station_address;  // address "" when not recorded
  std::string slot_start, slot_end, mode;  // local "YYYY-MM-DDTHH:MM"; mode station | home_visit
  ExchangeState state = ExchangeState::kListed;
  int moves_done = 0;
  std::string request_kind, request_reason;  // the standing "cannot come", "" when none
};

// kNotFound "not_found.member" when the member does not exist.
Result<MemberPage> LoadMemberPage(Store& store, std::string_view member_no);

// Records where station `station_code` is (`cardex station address`), for
// the page and its .ics; "" removes it. kNotFound "not_found.station" for an
// unknown station, kInvalidArgument "station.bad_address" for an address
// longer than limits::kNote bytes or holding control characters. Audited
// ("station.address", actor).
Status SetStationAddress(Store& store, std::string_view station_code, std::string_view address,
                         std::string_view actor, std::string_view at);

// One member of a cell with something self-service to show.
struct CellSelfService {
  std::string member_no, full_name;
  bool locked = false;
  int moves = 0;
  std::string last_move_at;  // UTC, "" when none
  std::string request_kind, request_reason, request_note, request_at;
};
// The cell's members whose page is locked, who moved, or who asked not to
// come, in member_no order (the page sorts for people).
Result<std::vector<CellSelfService>> CellSelfServiceList(Store& store, std::string_view cell_code);

}  // namespace cardex::selfservice

#endif  // CARDEX_SELFSERVICE_MEMBER_VIEW_H_
