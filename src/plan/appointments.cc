// Between a plan and the stored appointments: the rows a plan stores, and
// the catch-up input built from them (appointments.h).
#include "cardex/plan/appointments.h"

#include <unordered_map>

namespace cardex::plan {

std::vector<StoredAppointment> ToStoredAppointments(const PlanInput& input, const PlanOutput& output,
                                                    const InvitationKey& key, int64_t plan_run) {
  std::vector<StoredAppointment> rows;
  rows.reserve(output.appointments.size());
  for (const Appointment& a : output.appointments) {
    const CellInput& cell = input.cells[a.cell];
    StoredAppointment r;
    r.member_no = cell.members[a.member].member_no;
    r.unit_code = cell.unit_code;
    r.station_code = input.stations[a.station].code;
    r.slot_start = FormatLocalMinute(a.start);
    r.slot_end = FormatLocalMinute(a.end);
    r.mode = ModeName(a.mode);
    r.invitation_code = InvitationCode(key, r.member_no, r.station_code, r.slot_start, r.mode);
    r.plan_run = plan_run;
    rows.push_back(std::move(r));
  }
  return rows;
}

Result<int64_t> ParseLocalMinute(std::string_view text) {
  if (text.size() != 16 || text[10] != 'T') {
    return Status::InvalidArgument("expected a local date and time YYYY-MM-DDTHH:MM");
  }
  CARDEX_ASSIGN_OR_RETURN(Date date, Date::Parse(text.substr(0, 10)));
  CARDEX_ASSIGN_OR_RETURN(TimeOfDay time, TimeOfDay::Parse(text.substr(11)));
  return LocalMinute(date, time);
}

bool ParseAbsenceReason(std::string_view text, AbsenceReason* reason) {
  if (text == "busy") *reason = AbsenceReason::kBusy;
  else if (text == "ill") *reason = AbsenceReason::kIll;
  else if (text == "wrong_data") *reason = AbsenceReason::kWrongData;
  else return false;
  return true;
}

Result<PlanInput> CatchUpInput(const PlanInput& full, std::span<const StoredAppointment> stored,
                               std::span<const Absence> absent) {
  std::unordered_map<std::string_view, AbsenceReason> reason_of;
  for (const Absence& a : absent) reason_of.emplace(a.member_no, a.reason);

  PlanInput out;
  out.stations = full.stations;
  out.shifts = full.shifts;
  out.from = full.from;
  out.to = full.to;
  out.split_cells_when_needed = true;
  size_t found = 0;
  for (const CellInput& cell : full.cells) {
    CellInput kept{cell.unit_code, cell.commune_code, {}};
    for (const MemberInput& m : cell.members) {
      auto it = reason_of.find(m.member_no);
      if (it == reason_of.end()) continue;
      kept.members.push_back(MemberInput{m.member_no, m.home_visit || it->second == AbsenceReason::kIll});
      ++found;
    }
    if (!kept.members.empty()) out.cells.push_back(std::move(kept));
  }
  if (found != reason_of.size()) {
    return Status::InvalidArgument(std::to_string(reason_of.size() - found) +
                                   " absent members are not to be received in this window "
                                   "(not official members, or reconciled as deceased)");
  }

  std::unordered_map<std::string_view, bool> station_known;
  for (const StationInput& s : full.stations) station_known.emplace(s.code, true);
  for (const StoredAppointment& a : stored) {
    if (reason_of.count(a.member_no) || !station_known.count(a.station_code)) continue;
    CARDEX_ASSIGN_OR_RETURN(int64_t start, ParseLocalMinute(a.slot_start));
    CARDEX_ASSIGN_OR_RETURN(int64_t end, ParseLocalMinute(a.slot_end));
    out.fixed.push_back(FixedAppointment{a.station_code, start, end, a.mode == "home_visit"});
  }
  return out;
}

}  // namespace cardex::plan
