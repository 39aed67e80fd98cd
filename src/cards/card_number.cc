#include "cardex/cards/card_number.h"

#include <cstdio>

namespace cardex::cards {

char LuhnDigit(std::string_view digits) {
  // Double every second digit from the right, starting with the rightmost
  // (the check digit will sit to its right).
  int sum = 0;
  bool twice = true;
  for (size_t i = digits.size(); i-- > 0;) {
    int d = digits[i] - '0';
    if (twice) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    twice = !twice;
  }
  return static_cast<char>('0' + (10 - sum % 10) % 10);
}

std::string FormatCardNumber(std::string_view province_code, int64_t serial) {
  char digits[16];
  std::snprintf(digits, sizeof digits, "%08lld", static_cast<long long>(serial));
  std::string out(province_code);
  out += '-';
  out += digits;
  out += LuhnDigit(digits);
  return out;
}

bool IsWellFormedCardNumber(std::string_view card_no) {
  constexpr size_t kTail = 10;  // '-' + 8 digits + check digit
  if (card_no.size() <= kTail || card_no[card_no.size() - kTail] != '-') return false;
  std::string_view digits = card_no.substr(card_no.size() - kTail + 1);
  for (char c : digits) {
    if (c < '0' || c > '9') return false;
  }
  return LuhnDigit(digits.substr(0, 8)) == digits[8];
}

}  // namespace cardex::cards
