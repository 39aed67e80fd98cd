#include "cardex/core/limits.h"

#include <string>

namespace cardex::limits {

size_t Characters(std::string_view value) {
  size_t n = 0;
  for (unsigned char c : value) n += (c & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

// The messages are English and name the field: the HTTP layer passes them
// on in the error object, the pages translate by code (issue 14's catalogue).
Status CheckLength(std::string_view field, std::string_view value, size_t max_chars) {
  // Cheap first: a value of at most max_chars bytes is within the limit.
  if (value.size() <= max_chars) return Status::Ok();
  const size_t n = Characters(value);
  if (n <= max_chars) return Status::Ok();
  return Status::InvalidArgument(std::string(field) + ": " + std::to_string(n) +
                                 " characters, the limit is " + std::to_string(max_chars));
}

Status CheckCount(std::string_view field, size_t count, size_t max_items) {
  if (count <= max_items) return Status::Ok();
  return Status::InvalidArgument(std::string(field) + ": " + std::to_string(count) +
                                 " items, the limit is " + std::to_string(max_items));
}

}  // namespace cardex::limits
