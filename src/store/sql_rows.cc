#include <charconv>

#include "cardex/store/sql.h"

namespace cardex {

std::string_view SqlRows::Text(size_t row, size_t col) const {
  const auto& cell = rows_[row][col];
  return cell ? std::string_view(*cell) : std::string_view();
}

int64_t SqlRows::Int(size_t row, size_t col) const {
  std::string_view text = Text(row, col);
  int64_t v = 0;
  std::from_chars(text.data(), text.data() + text.size(), v);
  return v;
}

static int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return 0;
}

std::string SqlRows::Blob(size_t row, size_t col) const {
  std::string_view text = Text(row, col);
  if (!hex_blobs_) return std::string(text);
  if (text.substr(0, 2) == "\\x") text.remove_prefix(2);
  std::string out(text.size() / 2, '\0');
  for (size_t i = 0; i < out.size(); ++i) {
    out[i] = static_cast<char>(HexDigit(text[2 * i]) * 16 + HexDigit(text[2 * i + 1]));
  }
  return out;
}

}  // namespace cardex
