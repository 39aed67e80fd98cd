// The notices due to members and their texts: one SMS each, unaccented
// Vietnamese in GSM-7 (gsm7.h; docs/notices.md says why), never more than
// 160 septets, and each naming what an elderly member needs to come: the
// place, the weekday and date, the time and the invitation code.
//
// Pure functions; thread-safe.
#ifndef CARDEX_NOTICES_NOTICE_TEXT_H_
#define CARDEX_NOTICES_NOTICE_TEXT_H_

#include <optional>
#include <string>
#include <string_view>

#include "cardex/core/status.h"

namespace cardex::notices {

enum class NoticeKind {
  kInvitation,  // the first notice of a member's appointment
  kReminder,    // the day before
  kMoved,       // the appointment moved (a re-plan, the member's own move)
  kCatchUp,     // a new appointment after a missed one
};

// "invitation", "reminder", "moved", "catch_up": the stored spelling.
std::string_view KindName(NoticeKind kind);
std::optional<NoticeKind> ParseKind(std::string_view name);

// What one notice says.
struct NoticeFacts {
  NoticeKind kind = NoticeKind::kInvitation;
  std::string mode;          // "station" or "home_visit"
  std::string station_name;  // as stored (with diacritics); the code when unnamed
  std::string slot_start;    // local "YYYY-MM-DDTHH:MM"
  std::string slot_end;      // local "YYYY-MM-DDTHH:MM"
  std::string invitation_code;
};

// The SMS. The station's name is written unaccented, "Cong an" shortened to
// "CA" when the whole does not fit, then cut at a word (ending "..") until
// it does; the other parts are never shortened. kInvalidArgument for a slot
// that is not "YYYY-MM-DDTHH:MM" or a code outside GSM-7.
Result<std::string> NoticeText(const NoticeFacts& facts);

}  // namespace cardex::notices

#endif  // CARDEX_NOTICES_NOTICE_TEXT_H_
