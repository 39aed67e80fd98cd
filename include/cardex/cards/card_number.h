// Card numbers (docs/cards.md, "Card numbers"): the province's unit code, a
// dash, an 8-digit serial from the province's counter and one Luhn check
// digit, e.g. "LD-000001255" (serial 125, check digit 5). The check digit
// catches every single mistyped digit and most swapped neighbours when a
// number is read out at a desk.
#ifndef CARDEX_CARDS_CARD_NUMBER_H_
#define CARDEX_CARDS_CARD_NUMBER_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace cardex::cards {

// The Luhn check digit ('0'..'9') of a string of ASCII digits.
char LuhnDigit(std::string_view digits);

// "<province>-<8-digit serial><check>"; serial in 1..99,999,999.
std::string FormatCardNumber(std::string_view province_code, int64_t serial);

// A dash followed by 9 digits at the end, a non-empty prefix before it and a
// check digit that matches.
bool IsWellFormedCardNumber(std::string_view card_no);

}  // namespace cardex::cards

#endif  // CARDEX_CARDS_CARD_NUMBER_H_
