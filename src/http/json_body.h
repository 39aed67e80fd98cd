// Reading a JSON request body strictly: an object, only the fields the
// route knows, each of the expected type. Every refusal names the field.
#ifndef CARDEX_SRC_HTTP_JSON_BODY_H_
#define CARDEX_SRC_HTTP_JSON_BODY_H_

#include <boost/json.hpp>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "cardex/core/status.h"

namespace cardex::http {

class JsonBody {
 public:
  // Parses `body` (invalid UTF-8 and any field not in `allowed` are
  // refused). An empty body is an empty object.
  static Result<JsonBody> Parse(std::string_view body, std::initializer_list<std::string_view> allowed);

  // kInvalidArgument when a required field is missing, not a string, or
  // longer than its limit (cardex/core/limits.h; the message names the
  // field and the limit, never the value).
  Result<std::string> String(std::string_view field) const;
  // "" when absent; kInvalidArgument when present but not a string.
  Result<std::string> OptionalString(std::string_view field) const;
  // `fallback` when absent; kInvalidArgument when not an integer.
  Result<int64_t> OptionalInt(std::string_view field, int64_t fallback) const;
  // An empty array when absent; kInvalidArgument when present but not an
  // array of objects, or holding more than `max_items`.
  Result<boost::json::array> OptionalObjects(std::string_view field, size_t max_items) const;

 private:
  boost::json::object object_;
};

}  // namespace cardex::http

#endif  // CARDEX_SRC_HTTP_JSON_BODY_H_
