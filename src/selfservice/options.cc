#include "cardex/selfservice/options.h"

#include <string_view>

#include "cardex/core/dates.h"
#include "cardex/plan/schedule.h"

namespace cardex::selfservice {

int64_t LocalMinuteOfUtc(const char* utc) {
  std::string_view t(utc);
  if (t.size() < 17 || t[10] != 'T' || t.back() != 'Z') return -1;
  auto day = Date::Parse(t.substr(0, 10));
  auto time = TimeOfDay::Parse(t.substr(11, 5));
  if (!day.ok() || !time.ok()) return -1;
  return plan::LocalMinute(*day, *time) + 7 * 60;  // Vietnam: UTC+7 all year
}

}  // namespace cardex::selfservice
