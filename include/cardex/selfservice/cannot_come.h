// "I cannot come": recorded as the desk records its exceptions. Ill or
// elderly: the desk's `mark_ill` step (reason ill; the member's state
// becomes home_visit, the mobile team comes), through the ledger, plus a
// standing request "home_visit" the cell secretary sees. Living elsewhere:
// a request "transfer" for the cell secretary; no step (closing a member as
// transferred stays the unit's decision, at the desk). Both audited
// ("member.cannot_come", actor "member:NO").
#ifndef CARDEX_SELFSERVICE_CANNOT_COME_H_
#define CARDEX_SELFSERVICE_CANNOT_COME_H_

#include <string>
#include <string_view>

#include "cardex/core/status.h"
#include "cardex/store/store.h"

namespace cardex::selfservice {

enum class CannotComeReason { kIll, kElderly, kElsewhere };
// "ill", "elderly", "elsewhere".
bool ParseCannotComeReason(std::string_view text, CannotComeReason* reason);
std::string_view CannotComeReasonName(CannotComeReason reason);

struct CannotComeRequest {
  std::string member_no;
  CannotComeReason reason = CannotComeReason::kIll;
  std::string note;  // the member's words, at most limits::kNote bytes
  std::string at;    // UTC
};

// In the caller's transaction. kFailedPrecondition "member.cannot_come.state"
// when the station already received the member (or the exchange is
// closed); kInvalidArgument "member.cannot_come.note" for a note too long
// or holding control characters.
Status CannotCome(Store& store, const CannotComeRequest& request);

}  // namespace cardex::selfservice

#endif  // CARDEX_SELFSERVICE_CANNOT_COME_H_
