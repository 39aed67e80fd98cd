#include "cardex/core/records.h"

#include <array>
#include <utility>

namespace cardex {
namespace {
constexpr std::array<std::pair<RecordKind, std::string_view>, 5> kNames = {{
    {RecordKind::kUnits, "units"},
    {RecordKind::kMembers, "members"},
    {RecordKind::kCitizens, "citizens"},
    {RecordKind::kStations, "stations"},
    {RecordKind::kShifts, "shifts"},
}};
}  // namespace

bool ParseRecordKind(std::string_view name, RecordKind* kind) {
  for (const auto& [k, n] : kNames) {
    if (n == name) {
      *kind = k;
      return true;
    }
  }
  return false;
}

std::string_view RecordKindName(RecordKind kind) {
  for (const auto& [k, n] : kNames) {
    if (k == kind) return n;
  }
  return "unknown";
}

}  // namespace cardex
