#include "cardex/core/limits.h"

#include <string>

namespace cardex::limits {

size_t Characters(std::string_view value) {
  size_t n = 0;
  for (unsigned char c : value) n += (c & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

// Coded (core/messages.h): the message names the field, in the reader's
// language; message() is the English text for the command line.
Status CheckLength(std::string_view field, std::string_view value, size_t max_chars) {
  // Cheap first: a value of at most max_chars bytes is within the limit.
  if (value.size() <= max_chars) return Status::Ok();
  const size_t n = Characters(value);
  if (n <= max_chars) return Status::Ok();
  return Status::Coded(StatusCode::kInvalidArgument, "limits.too_long",
                       {std::string(field), std::to_string(n), std::to_string(max_chars)});
}

Status CheckCount(std::string_view field, size_t count, size_t max_items) {
  if (count <= max_items) return Status::Ok();
  return Status::Coded(StatusCode::kInvalidArgument, "limits.too_many",
                       {std::string(field), std::to_string(count), std::to_string(max_items)});
}

}  // namespace cardex::limits
