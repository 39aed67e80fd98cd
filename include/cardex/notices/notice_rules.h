// Which notice a member is due, from what is known of them: a pure rule
// (cases: tests/cases/notices/). notices.h gathers the facts from the
// store and keeps what was prepared, once per idempotency key.
//
// Thread-safe.
#ifndef CARDEX_NOTICES_NOTICE_RULES_H_
#define CARDEX_NOTICES_NOTICE_RULES_H_

#include <optional>

#include "cardex/notices/notice_text.h"

namespace cardex::notices {

struct MemberNoticeFacts {
  // The member may still come (core's WhyNotPlannable is empty): not
  // received yet, not closed.
  bool plannable = true;
  // The current appointment is still ahead (its start is after now).
  bool ahead = true;
  // Local days from today to the appointment's day (1: tomorrow).
  int days_ahead = 0;
  // A notice other than a reminder was prepared for the current
  // appointment (its invitation code).
  bool told = false;
  // ... and it was prepared today (local), or later than that.
  bool told_today = false;
  // A reminder was prepared for the current appointment.
  bool reminded = false;
  // A notice was prepared for an earlier appointment of the member (a code
  // a re-plan, a move or a catch-up replaced).
  bool told_earlier = false;
  // The last earlier appointment the member was told of ended before now.
  bool earlier_passed = false;
  // The desk marked the member absent or busy (state rescheduled).
  bool missed = false;
};

// The notice due now, or nullopt:
//   - nothing for a member who may not come, or whose appointment began;
//   - not told of the current appointment: a catch-up when they missed
//     their day (marked at the desk, or told of a day that passed), a move
//     when they were told of another day still ahead, else the invitation;
//   - told, not reminded, the appointment tomorrow: the reminder, unless
//     the telling was today (it said the day already).
std::optional<NoticeKind> DueNotice(const MemberNoticeFacts& facts);

}  // namespace cardex::notices

#endif  // CARDEX_NOTICES_NOTICE_RULES_H_
