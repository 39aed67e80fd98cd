#include "cardex/notices/gsm7.h"

#include <unicode/utf8.h>

#include <array>

#include "cardex/core/vn_name.h"

namespace cardex::notices {
namespace {

// The basic table of 3GPP TS 23.038 (the default alphabet), as code points,
// the escape (0x1B) left out: it is not a character of a text.
constexpr std::array<char32_t, 127> kBasic = {
    U'@', U'£', U'$', U'¥', U'è', U'é', U'ù', U'ì', U'ò', U'Ç', U'\n', U'Ø', U'ø', U'\r', U'Å', U'å',
    U'Δ', U'_', U'Φ', U'Γ', U'Λ', U'Ω', U'Π', U'Ψ', U'Σ', U'Θ', U'Ξ', U'Æ', U'æ', U'ß', U'É',
    U' ', U'!', U'"', U'#', U'¤', U'%', U'&', U'\'', U'(', U')', U'*', U'+', U',', U'-', U'.', U'/',
    U'0', U'1', U'2', U'3', U'4', U'5', U'6', U'7', U'8', U'9', U':', U';', U'<', U'=', U'>', U'?',
    U'¡', U'A', U'B', U'C', U'D', U'E', U'F', U'G', U'H', U'I', U'J', U'K', U'L', U'M', U'N', U'O',
    U'P', U'Q', U'R', U'S', U'T', U'U', U'V', U'W', U'X', U'Y', U'Z', U'Ä', U'Ö', U'Ñ', U'Ü', U'§',
    U'¿', U'a', U'b', U'c', U'd', U'e', U'f', U'g', U'h', U'i', U'j', U'k', U'l', U'm', U'n', U'o',
    U'p', U'q', U'r', U's', U't', U'u', U'v', U'w', U'x', U'y', U'z', U'ä', U'ö', U'ñ', U'ü', U'à'};

constexpr std::array<char32_t, 10> kExtension = {U'\f', U'^', U'{', U'}', U'\\',
                                                 U'[',  U'~', U']', U'|', U'€'};

bool In(char32_t c, const auto& table) {
  for (char32_t t : table) {
    if (t == c) return true;
  }
  return false;
}

}  // namespace

std::optional<int> Gsm7Septets(std::string_view utf8) {
  int septets = 0;
  int32_t i = 0;
  const int32_t n = static_cast<int32_t>(utf8.size());
  while (i < n) {
    UChar32 c;
    U8_NEXT(utf8.data(), i, n, c);
    if (c < 0) return std::nullopt;
    if (In(static_cast<char32_t>(c), kBasic)) {
      septets += 1;
    } else if (In(static_cast<char32_t>(c), kExtension)) {
      septets += 2;
    } else {
      return std::nullopt;
    }
  }
  return septets;
}

std::string ToGsm7Basic(std::string_view utf8) {
  const std::string plain = vn_name::CollapseSpaces(vn_name::StripDiacritics(utf8));
  std::string out;
  out.reserve(plain.size());
  int32_t i = 0;
  const int32_t n = static_cast<int32_t>(plain.size());
  while (i < n) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(plain.data(), i, n, c);
    if (c >= 0 && c != U'\n' && c != U'\r' && In(static_cast<char32_t>(c), kBasic)) {
      out.append(plain, static_cast<size_t>(start), static_cast<size_t>(i - start));
    } else {
      out += '?';
    }
  }
  return out;
}

}  // namespace cardex::notices
