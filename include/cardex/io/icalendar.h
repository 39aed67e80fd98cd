// Writing iCalendar (RFC 5545) files: content lines, TEXT escaping and line
// folding. Only what Cardex's invitations need: one VCALENDAR of VEVENTs.
#ifndef CARDEX_IO_ICALENDAR_H_
#define CARDEX_IO_ICALENDAR_H_

#include <span>
#include <string>
#include <string_view>

#include "cardex/core/status.h"

namespace cardex {

// Escapes a TEXT value (RFC 5545 3.3.11): backslash, ';' and ',' get a
// backslash, a line break (LF or CRLF) becomes "\n".
std::string EscapeIcalText(std::string_view text);

// Appends the content line `line` (NAME[;params]:value, already escaped)
// to `out`, folded (3.1): physical lines of at most 75 octets before their
// CRLF, each continuation starting with one space, never splitting a UTF-8
// sequence. Ends with CRLF.
void AppendContentLine(std::string* out, std::string_view line);

// One event. Times are RFC 5545 DATE-TIME text: "YYYYMMDDTHHMMSS" local
// time for start and end, "YYYYMMDDTHHMMSSZ" (UTC) for the stamp. With
// `tzid` set the start and end are that zone's local time (DTSTART;TZID=...);
// empty leaves them floating, which a phone reads in its own zone.
// summary, location and description are plain text (escaped here).
struct CalendarEvent {
  std::string uid, dtstamp, dtstart, dtend, summary, location, description;
  std::string tzid;
};

// Vietnam's zone, as Cardex's invitations name it: UTC+7 all year, no
// daylight saving (domain.md).
inline constexpr std::string_view kVietnamTzid = "Asia/Ho_Chi_Minh";

// A VCALENDAR (VERSION 2.0, METHOD PUBLISH) holding `events`, CRLF line
// endings throughout. When an event names kVietnamTzid, the calendar
// carries its VTIMEZONE (one STANDARD component, +0700, no DST), as RFC
// 5545 3.6.5 asks of every TZID used; another TZID is written as given,
// without a VTIMEZONE.
std::string FormatCalendar(std::string_view prodid, std::span<const CalendarEvent> events);

// "YYYY-MM-DDTHH:MM" -> "YYYYMMDDTHHMM00"; "" when `local` is not in that form.
std::string IcalLocalDateTime(std::string_view local);

// Writes `content` to `path` through a temporary file renamed into place.
Status WriteFileAtomically(const std::string& path, std::string_view content);

}  // namespace cardex

#endif  // CARDEX_IO_ICALENDAR_H_
