// One SMS: counting a text in the GSM 7-bit alphabet (3GPP TS 23.038) and
// writing Vietnamese in it.
//
// Notices go out unaccented in GSM-7, 160 septets in one segment, not in
// UCS-2 with diacritics (70 characters): docs/notices.md says why. A
// character of the basic table costs one septet; one of the extension
// table (^ { } \ [ ~ ] | € and form feed) costs two, an escape and the
// character. Anything else cannot be sent in GSM-7 at all.
//
// Pure functions; thread-safe.
#ifndef CARDEX_NOTICES_GSM7_H_
#define CARDEX_NOTICES_GSM7_H_

#include <optional>
#include <string>
#include <string_view>

namespace cardex::notices {

// Septets in one single-segment GSM-7 SMS.
inline constexpr int kSmsSeptets = 160;

// The septets `utf8` takes in GSM-7, or nullopt when a character is in
// neither table (or the text is not UTF-8).
std::optional<int> Gsm7Septets(std::string_view utf8);

// Vietnamese text written in GSM-7: diacritics removed (đ→d, Đ→D: core's
// vn_name::StripDiacritics), runs of white space one space, and any
// character still outside the basic table replaced by '?', so the result
// counts one septet per character. "Công an xã Hàm Tiến" → "Cong an xa
// Ham Tien".
std::string ToGsm7Basic(std::string_view utf8);

}  // namespace cardex::notices

#endif  // CARDEX_NOTICES_GSM7_H_
