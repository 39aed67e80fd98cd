#include "cardex/core/card_values.h"

#include <string_view>

namespace cardex {

namespace {

bool Lists(std::string_view fields, std::string_view name) {
  while (!fields.empty()) {
    size_t end = fields.find(';');
    if (fields.substr(0, end) == name) return true;
    if (end == std::string_view::npos) break;
    fields.remove_prefix(end + 1);
  }
  return false;
}

CardValues Unclean(std::string id, std::vector<std::string> args = {}) {
  CardValues out;
  out.unclean_id = std::move(id);
  out.unclean_args = std::move(args);
  return out;
}

}  // namespace

CardValues ResolveCardValues(const CardSource& s) {
  if (s.open_corrections > 0) return Unclean("unclean.open_correction");
  if (s.verdict == "deceased" || !s.registry_deceased_on.empty()) return Unclean("unclean.deceased");
  CardValues out;
  out.values = s.recorded;
  if (s.standard) {
    auto take = [](std::string* to, const std::string& from) {
      if (!from.empty()) *to = from;
    };
    take(&out.values.citizen_id, s.standard->citizen_id);
    take(&out.values.full_name, s.standard->full_name);
    take(&out.values.birth_date, s.standard->birth_date);
    take(&out.values.gender, s.standard->gender);
    return out;
  }
  if (s.verdict.empty() || s.verdict == "match") return out;
  if (s.verdict == "fixable") {
    if (Lists(s.fields, "full_name") && !s.registry.full_name.empty()) {
      out.values.full_name = s.registry.full_name;
    }
    if (Lists(s.fields, "birth_date") && !s.registry.birth_date.empty()) {
      out.values.birth_date = s.registry.birth_date;
    }
    if (Lists(s.fields, "gender") && !s.registry.gender.empty()) {
      out.values.gender = s.registry.gender;
    }
    return out;
  }
  if (s.verdict == "mismatch") return Unclean("unclean.open_difference", {"@fields:" + s.fields});
  return Unclean("unclean.wrong_id", {"@verdict." + s.verdict});
}

}  // namespace cardex
