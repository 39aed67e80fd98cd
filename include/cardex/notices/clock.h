// Times of the notices: UTC instants as stored ("YYYY-MM-DDTHH:MM:SSZ",
// core's UtcNowText) and Vietnam's local time (Asia/Ho_Chi_Minh: UTC+7,
// no daylight saving), in which slots are written and quiet hours are
// kept.
//
// Pure functions; thread-safe.
#ifndef CARDEX_NOTICES_CLOCK_H_
#define CARDEX_NOTICES_CLOCK_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "cardex/core/dates.h"
#include "cardex/core/status.h"

namespace cardex::notices {

// Seconds since 1970 of a UTC "YYYY-MM-DDTHH:MM[:SS][Z]".
Result<int64_t> ParseUtc(std::string_view text);
// The UTC text of an instant, "YYYY-MM-DDTHH:MM:SSZ".
std::string UtcText(int64_t seconds);
// The instant of a local "YYYY-MM-DDTHH:MM" (a slot).
Result<int64_t> ParseLocal(std::string_view text);
// The local day and minute of the day of an instant.
Date LocalDay(int64_t seconds);
int LocalMinute(int64_t seconds);

// When notices may not be sent: from `from` to `to`, local time, running
// past midnight when `to` is not after `from` (21:00-07:00). Equal ends:
// no quiet hours.
struct QuietHours {
  TimeOfDay from = TimeOfDay::FromMinutes(21 * 60);
  TimeOfDay to = TimeOfDay::FromMinutes(7 * 60);

  // "HH:MM-HH:MM"; kInvalidArgument naming the setting otherwise.
  static Result<QuietHours> Parse(std::string_view text);
  std::string ToString() const;
  bool IsQuiet(int64_t seconds) const;
  // The first instant at or after `seconds` that is not quiet.
  int64_t NextAllowed(int64_t seconds) const;
};

}  // namespace cardex::notices

#endif  // CARDEX_NOTICES_CLOCK_H_
