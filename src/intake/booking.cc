#include "cardex/intake/booking.h"

#include <algorithm>
#include <vector>

#include "cardex/core/dates.h"
#include "cardex/core/limits.h"
#include "cardex/intake/exchange.h"
#include "cardex/plan/appointments.h"
#include "cardex/plan/schedule.h"

namespace cardex::intake {

namespace {

// The codes of the member's unit and all its ancestors (a station serves a
// commune; the member belongs to a cell under it).
Result<std::vector<std::string>> Ancestry(Store& store, std::string unit) {
  std::vector<std::string> out;
  while (!unit.empty() && out.size() < 16) {
    out.push_back(unit);
    CARDEX_ASSIGN_OR_RETURN(SqlRows r, store.Query("SELECT parent_code FROM units WHERE code = ?",
                                                   {std::string_view(unit)}));
    if (r.empty()) break;
    unit = std::string(r.Text(0, 0));
  }
  return out;
}

Result<std::string> ServingStation(Store& store, const std::vector<std::string>& ancestry,
                                   const std::string& wanted) {
  for (const auto& unit : ancestry) {
    CARDEX_ASSIGN_OR_RETURN(
        SqlRows r, store.Query("SELECT station_code FROM station_serves WHERE unit_code = ? "
                               "ORDER BY station_code",
                               {std::string_view(unit)}));
    for (size_t i = 0; i < r.size(); ++i) {
      if (wanted.empty() || r.Text(i, 0) == wanted) return std::string(r.Text(i, 0));
    }
  }
  return wanted.empty() ? Status::Coded(StatusCode::kFailedPrecondition, "booking.no_serving_station")
                        : Status::Coded(StatusCode::kFailedPrecondition, "booking.station_not_serving", {wanted});
}

struct Busy {
  int64_t start, end;
};

}  // namespace

Status CheckStationServes(Store& store, std::string_view station_code, std::string_view member_no) {
  bool plausible = !station_code.empty() && station_code.size() <= limits::kCode;
  for (char c : station_code) {
    plausible = plausible && static_cast<unsigned char>(c) > ' ' && static_cast<unsigned char>(c) < 0x7F;
  }
  if (!plausible) return Status::Coded(StatusCode::kInvalidArgument, "station.bad_code");
  CARDEX_ASSIGN_OR_RETURN(MemberExchange ex, GetExchange(store, std::string(member_no)));
  CARDEX_ASSIGN_OR_RETURN(auto ancestry, Ancestry(store, ex.unit_code));
  auto serving = ServingStation(store, ancestry, std::string(station_code));
  if (serving.ok()) return Status::Ok();
  if (serving.status().code() != StatusCode::kFailedPrecondition) return serving.status();
  // Not quoted: an administrator's typo is theirs to see, but the answer
  // is JSON a page may show.
  return Status::Coded(StatusCode::kInvalidArgument, "station.not_serving_member");
}

Result<StoredAppointment> BookCatchUp(Store& store, const BookingRequest& request) {
  CARDEX_ASSIGN_OR_RETURN(MemberExchange ex, GetExchange(store, request.member_no));
  // The plan's rule (core's WhyNotPlannable, and LoadPlanInput's for
  // members who are not to be received): said first, with its reason.
  if (std::string why = WhyNotPlannable(ex.state, ex.reason); !why.empty()) {
    return Status::FailedPrecondition("the member cannot be booked: " + why);
  }
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows standing,
      store.Query("SELECT m.status, r.verdict FROM members m LEFT JOIN reconcile_results r "
                  "ON r.member_no = m.member_no WHERE m.member_no = ?",
                  {std::string_view(request.member_no)}));
  if (!standing.empty() && standing.Text(0, 0) != "official") {
    return Status::Coded(StatusCode::kFailedPrecondition, "booking.not_official");
  }
  if (!standing.empty() && standing.Text(0, 1) == "deceased") {
    return Status::Coded(StatusCode::kFailedPrecondition, "booking.deceased");
  }
  CARDEX_RETURN_IF_ERROR(NextState(ex.state, ExchangeStep::kBook, "").status());
  CARDEX_ASSIGN_OR_RETURN(auto ancestry, Ancestry(store, ex.unit_code));
  CARDEX_ASSIGN_OR_RETURN(std::string station,
                          ServingStation(store, ancestry, request.station_code));
  CARDEX_ASSIGN_OR_RETURN(int64_t not_before, plan::ParseLocalMinute(request.not_before));
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows st, store.Query("SELECT counters, minutes_per_member FROM stations WHERE code = ?",
                              {std::string_view(station)}));
  if (st.empty()) return Status::Coded(StatusCode::kNotFound, "not_found.station", {station});
  const int64_t counters = st.Int(0, 0), length = st.Int(0, 1);

  // Shifts that may still hold a slot: from the day before (a night shift
  // runs past midnight) on.
  std::string from_day = plan::FormatLocalMinute(not_before - 24 * 60).substr(0, 10);
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows shifts,
      store.Query("SELECT date, start_time, end_time FROM shifts WHERE station_code = ? AND "
                  "date >= ? ORDER BY date, start_time",
                  {std::string_view(station), std::string_view(from_day)}));
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows taken,
      store.Query("SELECT slot_start, slot_end FROM appointments WHERE station_code = ? AND "
                  "mode = 'station' AND slot_end > ? AND member_no <> ?",
                  {std::string_view(station), std::string_view(plan::FormatLocalMinute(not_before)),
                   std::string_view(request.member_no)}));
  std::vector<Busy> busy;
  for (size_t i = 0; i < taken.size(); ++i) {
    CARDEX_ASSIGN_OR_RETURN(int64_t s, plan::ParseLocalMinute(taken.Text(i, 0)));
    CARDEX_ASSIGN_OR_RETURN(int64_t e, plan::ParseLocalMinute(taken.Text(i, 1)));
    busy.push_back({s, e});
  }
  for (size_t i = 0; i < shifts.size(); ++i) {
    CARDEX_ASSIGN_OR_RETURN(Date day, Date::Parse(shifts.Text(i, 0)));
    CARDEX_ASSIGN_OR_RETURN(TimeOfDay start, TimeOfDay::Parse(shifts.Text(i, 1)));
    CARDEX_ASSIGN_OR_RETURN(TimeOfDay end, TimeOfDay::Parse(shifts.Text(i, 2)));
    const int64_t open = plan::LocalMinute(day, start);
    const int64_t close = open + ShiftMinutes(start, end);
    // Slots stay on the shift's grid, as the plan's do.
    int64_t t = open;
    if (t < not_before) t += (not_before - open + length - 1) / length * length;
    for (; t + length <= close; t += length) {
      int64_t overlapping = std::count_if(busy.begin(), busy.end(), [&](const Busy& b) {
        return b.start < t + length && b.end > t;
      });
      if (overlapping >= counters) continue;
      StoredAppointment appt;
      appt.member_no = request.member_no;
      appt.unit_code = ex.unit_code;
      appt.station_code = station;
      appt.slot_start = plan::FormatLocalMinute(t);
      appt.slot_end = plan::FormatLocalMinute(t + length);
      appt.mode = "station";
      CARDEX_ASSIGN_OR_RETURN(plan::InvitationKey key, plan::LoadInvitationKey(store));
      appt.invitation_code =
          plan::InvitationCode(key, appt.member_no, appt.station_code, appt.slot_start, appt.mode);
      CARDEX_ASSIGN_OR_RETURN(int64_t run, store.NextPlanRun());
      appt.plan_run = run;
      CARDEX_RETURN_IF_ERROR(store.UpsertAppointments({&appt, 1}));
      StepRequest step;
      step.member_no = request.member_no;
      step.step = ExchangeStep::kBook;
      step.station_code = station;
      step.actor = request.actor;
      step.at = request.at;
      step.note = "catch-up " + appt.slot_start;
      CARDEX_RETURN_IF_ERROR(ApplyStep(store, step).status());
      appt.status = "invited";
      return appt;
    }
  }
  return Status::Coded(StatusCode::kNotFound, "booking.no_slot", {station, request.not_before});
}

}  // namespace cardex::intake
