// ReplanInput (appointments.h): which cells stay as stored and which are
// planned again from a day on.
#include <string_view>
#include <unordered_set>

#include "cardex/plan/appointments.h"

namespace cardex::plan {

Result<Replan> ReplanInput(const PlanInput& full, std::span<const StoredAppointment> stored, Date day) {
  if (full.to < day) {
    return Status::InvalidArgument("the re-plan day " + day.ToString() + " comes after the window's last day " +
                                   full.to.ToString());
  }
  // Slots are "YYYY-MM-DDTHH:MM": byte order is time order, and a slot
  // starts before DAY exactly when it sorts before "YYYY-MM-DD" of DAY.
  const std::string first_day = day.ToString();
  std::unordered_set<std::string_view> kept_units;
  for (const StoredAppointment& a : stored) {
    if (a.slot_start < first_day || a.status != "invited") kept_units.insert(a.unit_code);
  }

  Replan out;
  out.input.stations = full.stations;
  out.input.shifts = full.shifts;
  out.input.from = full.from < day ? day : full.from;
  out.input.to = full.to;
  std::unordered_set<std::string_view> stations;
  for (const StationInput& s : full.stations) stations.insert(s.code);
  std::unordered_set<std::string_view> with_appointment;
  for (const StoredAppointment& a : stored) {
    if (!kept_units.count(a.unit_code)) continue;
    out.kept.push_back(a);
    with_appointment.insert(a.member_no);
    if (!stations.count(a.station_code)) continue;  // a station closed since: it holds nothing
    CARDEX_ASSIGN_OR_RETURN(int64_t start, ParseLocalMinute(a.slot_start));
    CARDEX_ASSIGN_OR_RETURN(int64_t end, ParseLocalMinute(a.slot_end));
    out.input.fixed.push_back(FixedAppointment{a.station_code, start, end, a.mode == "home_visit"});
  }
  for (const CellInput& cell : full.cells) {
    if (!kept_units.count(cell.unit_code)) {
      out.input.cells.push_back(cell);
      continue;
    }
    ++out.kept_cells;
    for (const MemberInput& m : cell.members) out.waiting += with_appointment.count(m.member_no) ? 0 : 1;
  }
  return out;
}

}  // namespace cardex::plan
