#include "json_body.h"

#include "cardex/core/limits.h"
#include "cardex/core/text.h"

namespace cardex::http {

namespace {

// The length limit of each field a route reads (docs/security.md, "Input
// limits"); a field not named here gets limits::kAnyJsonString.
size_t LimitOf(std::string_view field) {
  struct Limit {
    std::string_view field;
    size_t chars;
  };
  static constexpr Limit kLimits[] = {
      {"login", limits::kLogin},           {"owner", limits::kLogin},
      {"code", limits::kCode},             {"unit", limits::kCode},
      {"station", limits::kCode},          {"card_no", limits::kCode},
      {"name", limits::kName},             {"leader", limits::kName},
      {"note", limits::kNote},             {"findings", limits::kFindings},
      {"text", limits::kFollowUpText},     {"invitation_code", limits::kShortValue},
      {"citizen_id", limits::kShortValue}, {"reason", limits::kShortValue},
      {"not_before", limits::kShortValue}, {"date", limits::kShortValue},
      {"due", limits::kShortValue},        {"issue_date", limits::kShortValue},
  };
  for (const Limit& l : kLimits) {
    if (l.field == field) return l.chars;
  }
  return limits::kAnyJsonString;
}

}  // namespace


Result<JsonBody> JsonBody::Parse(std::string_view body,
                                 std::initializer_list<std::string_view> allowed) {
  JsonBody out;
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) return out;
  if (auto bad = FindInvalidUtf8(body)) return Status::Coded(StatusCode::kInvalidArgument, "body.invalid_utf8", {std::to_string(*bad + 1)});
  boost::system::error_code ec;
  boost::json::parse_options options;
  options.max_depth = 8;
  boost::json::value value = boost::json::parse(body, ec, {}, options);
  if (ec) return Status::Coded(StatusCode::kInvalidArgument, "body.invalid_json");
  if (!value.is_object()) return Status::Coded(StatusCode::kInvalidArgument, "body.not_object");
  out.object_ = std::move(value.as_object());
  for (const auto& field : out.object_) {
    bool known = false;
    for (std::string_view a : allowed) known = known || a == field.key();
    if (!known) {
      return Status::Coded(StatusCode::kInvalidArgument, "body.unknown_field", {std::string(field.key())});
    }
  }
  return out;
}

Result<std::string> JsonBody::String(std::string_view field) const {
  auto it = object_.find(field);
  if (it == object_.end()) {
    return Status::Coded(StatusCode::kInvalidArgument, "body.field_required", {std::string(field)});
  }
  if (!it->value().is_string()) {
    return Status::Coded(StatusCode::kInvalidArgument, "body.field_string", {std::string(field)});
  }
  const boost::json::string& value = it->value().as_string();
  CARDEX_RETURN_IF_ERROR(
      limits::CheckLength(field, std::string_view(value.data(), value.size()), LimitOf(field)));
  return std::string(value);
}

Result<std::string> JsonBody::OptionalString(std::string_view field) const {
  if (!object_.contains(field)) return std::string();
  return String(field);
}

Result<boost::json::array> JsonBody::OptionalObjects(std::string_view field,
                                                     size_t max_items) const {
  auto it = object_.find(field);
  if (it == object_.end()) return boost::json::array();
  if (!it->value().is_array()) {
    return Status::Coded(StatusCode::kInvalidArgument, "body.field_array", {std::string(field)});
  }
  CARDEX_RETURN_IF_ERROR(limits::CheckCount(field, it->value().as_array().size(), max_items));
  for (const boost::json::value& v : it->value().as_array()) {
    if (!v.is_object()) {
      return Status::Coded(StatusCode::kInvalidArgument, "body.field_objects", {std::string(field)});
    }
  }
  return it->value().as_array();
}

Result<int64_t> JsonBody::OptionalInt(std::string_view field, int64_t fallback) const {
  auto it = object_.find(field);
  if (it == object_.end()) return fallback;
  if (it->value().is_int64()) return it->value().as_int64();
  if (it->value().is_uint64() && it->value().as_uint64() <= INT64_MAX) {
    return static_cast<int64_t>(it->value().as_uint64());
  }
  return Status::Coded(StatusCode::kInvalidArgument, "body.field_integer", {std::string(field)});
}

}  // namespace cardex::http
