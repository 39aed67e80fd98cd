#include "cardex/notices/notice_rules.h"

namespace cardex::notices {

std::optional<NoticeKind> DueNotice(const MemberNoticeFacts& f) {
  if (!f.plannable || !f.ahead) return std::nullopt;
  if (!f.told) {
    if (f.missed || (f.told_earlier && f.earlier_passed)) return NoticeKind::kCatchUp;
    if (f.told_earlier) return NoticeKind::kMoved;
    return NoticeKind::kInvitation;
  }
  if (!f.reminded && f.days_ahead == 1 && !f.told_today) return NoticeKind::kReminder;
  return std::nullopt;
}

}  // namespace cardex::notices
