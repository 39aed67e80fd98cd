// The limits on what a person may send: every text field's length, how
// many items one request may carry, how many rows one page shows. One
// table (docs/security.md, "Input limits"), checked by the capability that
// accepts the value, so the web and the command line refuse alike; the
// HTTP layer answers a refusal with 400 and this message.
//
// Lengths are counted in characters (Unicode code points), so a
// Vietnamese letter counts once whether it is typed composed or not.
#ifndef CARDEX_CORE_LIMITS_H_
#define CARDEX_CORE_LIMITS_H_

#include <cstddef>
#include <string_view>

#include "cardex/core/status.h"

namespace cardex::limits {

// Text fields, in characters.
inline constexpr size_t kCode = 64;           // unit, station, group, batch, card codes
inline constexpr size_t kLogin = 64;          // an account's login, a follow-up's owner
inline constexpr size_t kName = 200;          // a group's name, its leader's name
inline constexpr size_t kNote = 1000;         // a desk step's or a revocation's note
inline constexpr size_t kFindings = 5000;     // an inspection's findings
inline constexpr size_t kFollowUpText = 1000; // one follow-up's text
inline constexpr size_t kShortValue = 64;     // dates, reasons, invitation codes, citizen ids
// Any string in a JSON body that no rule above names (a safety net).
inline constexpr size_t kAnyJsonString = 5000;

// Counts per request.
inline constexpr size_t kFollowUpsPerInspection = 50;

// Rows per page: lists longer than this show the first rows and say how
// many more there are.
inline constexpr size_t kInspectionsPerPage = 100;
inline constexpr size_t kFollowUpsPerPage = 200;

// Code points in `value` (bytes that are not UTF-8 count one each).
size_t Characters(std::string_view value);

// Ok, or kInvalidArgument "FIELD: N characters, the limit is MAX" (naming
// the field, never echoing the value).
Status CheckLength(std::string_view field, std::string_view value, size_t max_chars);

// Ok, or kInvalidArgument "FIELD: N items, the limit is MAX".
Status CheckCount(std::string_view field, size_t count, size_t max_items);

}  // namespace cardex::limits

#endif  // CARDEX_CORE_LIMITS_H_
