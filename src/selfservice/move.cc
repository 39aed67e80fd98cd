#include "cardex/selfservice/move.h"

#include <algorithm>

#include "cardex/core/dates.h"
#include "cardex/plan/appointments.h"
#include "cardex/plan/schedule.h"
#include "cardex/progress/daily.h"
#include "cardex/store/engine.h"

namespace cardex::selfservice {

namespace {

Status Refused(std::string_view id, const SelfServiceOptions& options = {}) { return MoveRefusal(id, options); }

struct StationInfo {
  std::string code, name;
  int64_t counters = 0, length = 0;
};

// The stations serving the member's commune (a unit on the member's
// chain): the one the member holds first, then by code.
Result<std::vector<StationInfo>> ServingStations(Store& store, std::string_view member_no,
                                                 std::string_view held_station) {
  CARDEX_ASSIGN_OR_RETURN(SqlRows unit, store.Query("SELECT unit_code FROM members WHERE member_no = ?", {member_no}));
  if (unit.empty()) return Status::Coded(StatusCode::kNotFound, "not_found.member", {std::string(member_no)});
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows r,
      store.Query(std::string(kUnitChainCte) +
                      " SELECT DISTINCT s.code, s.name, s.counters, s.minutes_per_member FROM chain c "
                      "JOIN station_serves v ON v.unit_code = c.code JOIN stations s ON s.code = v.station_code "
                      "ORDER BY s.code",
                  {unit.Text(0, 0)}));
  std::vector<StationInfo> out;
  for (size_t i = 0; i < r.size(); ++i) {
    out.push_back({std::string(r.Text(i, 0)), std::string(r.Text(i, 1)), r.Int(i, 2), r.Int(i, 3)});
  }
  std::stable_partition(out.begin(), out.end(), [&](const StationInfo& s) { return s.code == held_station; });
  return out;
}

struct Bounds {
  int64_t earliest = 0;                  // a slot starts at or after
  int64_t before = INT64_MAX;            // and before (the window's end)
};

Result<Bounds> SlotBounds(Store& store, int64_t now, const SelfServiceOptions& options) {
  Bounds b;
  b.earliest = now + int64_t{options.min_hours_before} * 60;
  CARDEX_ASSIGN_OR_RETURN(std::optional<progress::CampaignWindow> window, progress::LoadCampaignWindow(store));
  if (window) {
    b.earliest = std::max(b.earliest, plan::LocalMinute(window->from, TimeOfDay::FromMinutes(0)));
    b.before = plan::LocalMinute(Date::FromDays(window->to.days() + 1), TimeOfDay::FromMinutes(0));
  }
  return b;
}

struct Busy {
  int64_t start, end;
};

// The station's appointments (but the member's) ending after `from`,
// sorted by start.
Result<std::vector<Busy>> BusySlots(Store& store, std::string_view station, std::string_view member_no, int64_t from) {
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows taken, store.Query("SELECT slot_start, slot_end FROM appointments WHERE station_code = ? AND "
                                 "mode = 'station' AND slot_end > ? AND member_no <> ?",
                                 {station, std::string_view(plan::FormatLocalMinute(from)), member_no}));
  std::vector<Busy> busy;
  busy.reserve(taken.size());
  for (size_t i = 0; i < taken.size(); ++i) {
    CARDEX_ASSIGN_OR_RETURN(int64_t s, plan::ParseLocalMinute(taken.Text(i, 0)));
    CARDEX_ASSIGN_OR_RETURN(int64_t e, plan::ParseLocalMinute(taken.Text(i, 1)));
    busy.push_back({s, e});
  }
  std::sort(busy.begin(), busy.end(), [](const Busy& a, const Busy& b) { return a.start < b.start; });
  return busy;
}

int64_t Overlapping(const std::vector<Busy>& busy, int64_t longest, int64_t t, int64_t length) {
  auto it = std::lower_bound(busy.begin(), busy.end(), t - longest,
                             [](const Busy& b, int64_t v) { return b.start < v; });
  int64_t n = 0;
  for (; it != busy.end() && it->start < t + length; ++it) n += it->end > t ? 1 : 0;
  return n;
}

struct ShiftSpan {
  int64_t open, close;
};

Result<std::vector<ShiftSpan>> Shifts(Store& store, std::string_view station, int64_t from, int64_t before) {
  // From the day before: a night shift runs past midnight.
  const std::string first_day = plan::FormatLocalMinute(from - 24 * 60).substr(0, 10);
  const std::string last_day =
      before == INT64_MAX ? std::string("9999-12-31") : plan::FormatLocalMinute(before).substr(0, 10);
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows r, store.Query("SELECT date, start_time, end_time FROM shifts WHERE station_code = ? AND "
                             "date >= ? AND date <= ? ORDER BY date, start_time",
                             {station, std::string_view(first_day), std::string_view(last_day)}));
  std::vector<ShiftSpan> out;
  for (size_t i = 0; i < r.size(); ++i) {
    CARDEX_ASSIGN_OR_RETURN(Date day, Date::Parse(r.Text(i, 0)));
    CARDEX_ASSIGN_OR_RETURN(TimeOfDay start, TimeOfDay::Parse(r.Text(i, 1)));
    CARDEX_ASSIGN_OR_RETURN(TimeOfDay end, TimeOfDay::Parse(r.Text(i, 2)));
    const int64_t open = plan::LocalMinute(day, start);
    out.push_back({open, open + ShiftMinutes(start, end)});
  }
  return out;
}

}  // namespace

Status MoveRefusal(std::string_view id, const SelfServiceOptions& options) {
  std::vector<std::string> args;
  if (id == "member.move.limit") args = {std::to_string(options.max_moves)};
  if (id == "member.move.too_late" || id == "member.move.slot_too_soon") {
    args = {std::to_string(options.min_hours_before)};
  }
  return Status::Coded(StatusCode::kFailedPrecondition, id, std::move(args));
}

std::string WhyMoveRefused(const MoveFacts& f, const SelfServiceOptions& options) {
  const int64_t notice = int64_t{options.min_hours_before} * 60;
  if (f.state != ExchangeState::kInvited) return "member.move.not_invited";
  if (f.mode != "station") return "member.move.home_visit";
  if (f.moves_done >= options.max_moves) return "member.move.limit";
  if (f.appointment_start - f.now < notice) return "member.move.too_late";
  if (f.new_start >= 0 && f.new_start - f.now < notice) return "member.move.slot_too_soon";
  return "";
}

Result<MoveFacts> LoadMoveFacts(Store& store, std::string_view member_no, int64_t now) {
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows r, store.Query("SELECT a.slot_start, a.mode, e.state, "
                             "(SELECT count(*) FROM member_moves mv WHERE mv.member_no = a.member_no) "
                             "FROM appointments a LEFT JOIN exchange e ON e.member_no = a.member_no "
                             "WHERE a.member_no = ?",
                             {member_no}));
  if (r.empty()) return Status::Coded(StatusCode::kNotFound, "member.move.no_appointment");
  MoveFacts f;
  CARDEX_ASSIGN_OR_RETURN(f.appointment_start, plan::ParseLocalMinute(r.Text(0, 0)));
  f.mode = r.Text(0, 1);
  if (r.IsNull(0, 2)) {
    f.state = StateBeforeFirstStep(f.mode);
  } else {
    auto state = ParseState(r.Text(0, 2));
    if (!state) return Status::Internal("exchange row holds an unknown state");
    f.state = *state;
  }
  f.moves_done = static_cast<int>(r.Int(0, 3));
  f.now = now;
  return f;
}

Result<std::vector<FreeSlot>> FreeSlots(Store& store, std::string_view member_no, int64_t now,
                                        const SelfServiceOptions& options) {
  CARDEX_ASSIGN_OR_RETURN(SqlRows held, store.Query("SELECT station_code, slot_start FROM appointments WHERE member_no = ?",
                                                    {member_no}));
  const std::string held_station = held.empty() ? "" : std::string(held.Text(0, 0));
  const std::string held_slot = held.empty() ? "" : std::string(held.Text(0, 1));
  CARDEX_ASSIGN_OR_RETURN(Bounds bounds, SlotBounds(store, now, options));
  CARDEX_ASSIGN_OR_RETURN(std::vector<StationInfo> stations, ServingStations(store, member_no, held_station));
  std::vector<FreeSlot> out;
  for (const StationInfo& st : stations) {
    if (st.length <= 0 || st.counters <= 0) continue;
    CARDEX_ASSIGN_OR_RETURN(std::vector<ShiftSpan> shifts, Shifts(store, st.code, bounds.earliest, bounds.before));
    CARDEX_ASSIGN_OR_RETURN(std::vector<Busy> busy, BusySlots(store, st.code, member_no, bounds.earliest));
    int64_t longest = 0;
    for (const Busy& b : busy) longest = std::max(longest, b.end - b.start);
    int taken = 0;
    for (const ShiftSpan& sh : shifts) {
      int64_t t = sh.open;
      if (t < bounds.earliest) t += (bounds.earliest - sh.open + st.length - 1) / st.length * st.length;
      for (; t + st.length <= sh.close && t < bounds.before && taken < options.slots_per_station; t += st.length) {
        const std::string start = plan::FormatLocalMinute(t);
        if (st.code == held_station && start == held_slot) continue;
        const int64_t used = Overlapping(busy, longest, t, st.length);
        if (used >= st.counters) continue;
        out.push_back({st.code, st.name, start, plan::FormatLocalMinute(t + st.length),
                       static_cast<int>(st.counters - used)});
        ++taken;
      }
    }
  }
  return out;
}

Result<StoredAppointment> MoveAppointment(Store& store, const MoveRequest& request,
                                          const SelfServiceOptions& options) {
  // Every move takes its turn: what it counts below stays true to its commit.
  CARDEX_RETURN_IF_ERROR(HoldWriters(store, {"appointments"}));
  CARDEX_ASSIGN_OR_RETURN(MoveFacts facts, LoadMoveFacts(store, request.member_no, request.now));
  auto new_start = plan::ParseLocalMinute(request.slot_start);
  if (!new_start.ok()) return Status::Coded(StatusCode::kInvalidArgument, "member.move.bad_slot");
  facts.new_start = *new_start;
  if (std::string why = WhyMoveRefused(facts, options); !why.empty()) return Refused(why, options);

  CARDEX_ASSIGN_OR_RETURN(
      SqlRows held, store.Query("SELECT station_code, slot_start, slot_end, invitation_code, plan_run, unit_code "
                                "FROM appointments WHERE member_no = ?",
                                {std::string_view(request.member_no)}));
  StoredAppointment before;
  before.member_no = request.member_no;
  before.station_code = held.Text(0, 0);
  before.slot_start = held.Text(0, 1);
  before.slot_end = held.Text(0, 2);
  before.invitation_code = held.Text(0, 3);
  before.plan_run = held.Int(0, 4);
  before.unit_code = held.Text(0, 5);

  CARDEX_ASSIGN_OR_RETURN(std::vector<StationInfo> stations,
                          ServingStations(store, request.member_no, before.station_code));
  auto st = std::find_if(stations.begin(), stations.end(),
                         [&](const StationInfo& s) { return s.code == request.station_code; });
  if (st == stations.end()) return Refused("member.move.station_not_serving");
  if (st->code == before.station_code && request.slot_start == before.slot_start) {
    return Status::Coded(StatusCode::kInvalidArgument, "member.move.bad_slot");
  }
  const int64_t t = *new_start, length = st->length;
  CARDEX_ASSIGN_OR_RETURN(Bounds bounds, SlotBounds(store, request.now, options));
  bool on_grid = false;
  if (length > 0 && t >= bounds.earliest && t < bounds.before) {
    CARDEX_ASSIGN_OR_RETURN(std::vector<ShiftSpan> shifts, Shifts(store, st->code, t, t + 1));
    for (const ShiftSpan& sh : shifts) on_grid |= t >= sh.open && t + length <= sh.close && (t - sh.open) % length == 0;
  }
  if (!on_grid) return Status::Coded(StatusCode::kInvalidArgument, "member.move.bad_slot");
  const std::string end = plan::FormatLocalMinute(t + length);
  // Local date-times of one fixed form compare as text in time order.
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows used, store.Query("SELECT count(*) FROM appointments WHERE station_code = ? AND mode = 'station' "
                                "AND slot_start < ? AND slot_end > ? AND member_no <> ?",
                                {std::string_view(st->code), std::string_view(end),
                                 std::string_view(request.slot_start), std::string_view(request.member_no)}));
  if (used.Int(0, 0) >= st->counters) return Refused("member.move.slot_taken");

  StoredAppointment after = before;
  after.station_code = st->code;
  after.slot_start = request.slot_start;
  after.slot_end = end;
  after.mode = "station";
  after.status = "invited";
  CARDEX_ASSIGN_OR_RETURN(plan::InvitationKey key, plan::LoadInvitationKey(store));
  for (int salt = 0;; ++salt) {
    if (salt > 50) return Status::Internal("no free invitation code for the move");
    after.invitation_code = plan::FormatInvitationCode(
        plan::InvitationValue(key, after.member_no, after.station_code, after.slot_start, after.mode, salt));
    CARDEX_ASSIGN_OR_RETURN(
        SqlRows clash, store.Query("SELECT 1 FROM appointments WHERE invitation_code = ? UNION ALL "
                                   "SELECT 1 FROM superseded_invitations WHERE invitation_code = ? AND member_no <> ?",
                                   {std::string_view(after.invitation_code), std::string_view(after.invitation_code),
                                    std::string_view(after.member_no)}));
    if (clash.empty()) break;
  }
  // A member moving back to a slot they held before gets that slot's code
  // again: it is no longer superseded.
  CARDEX_RETURN_IF_ERROR(store.Exec("DELETE FROM superseded_invitations WHERE invitation_code = ?",
                                    {std::string_view(after.invitation_code)}));
  CARDEX_RETURN_IF_ERROR(store.Exec(
      "INSERT INTO superseded_invitations (invitation_code, member_no, plan_run) VALUES (?, ?, ?) "
      "ON CONFLICT (invitation_code) DO NOTHING",
      {std::string_view(before.invitation_code), std::string_view(before.member_no), before.plan_run}));
  CARDEX_RETURN_IF_ERROR(store.UpsertAppointments({&after, 1}));
  CARDEX_RETURN_IF_ERROR(store.Exec(
      "INSERT INTO member_moves (member_no, seq, old_station, old_slot, new_station, new_slot, moved_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)",
      {std::string_view(request.member_no), int64_t{facts.moves_done + 1}, std::string_view(before.station_code),
       std::string_view(before.slot_start), std::string_view(after.station_code),
       std::string_view(after.slot_start), std::string_view(request.at)}));
  // What a notice of the move needs, and what the desk and the cell
  // secretary read: never the codes (credentials).
  AuditEntry audit{request.at, "member:" + request.member_no, "member.appointment.moved",
                   "member:" + request.member_no,
                   "station=" + before.station_code + " slot=" + before.slot_start,
                   "station=" + after.station_code + " slot=" + after.slot_start + " end=" + after.slot_end +
                       " move=" + std::to_string(facts.moves_done + 1)};
  CARDEX_RETURN_IF_ERROR(store.AppendAudit({&audit, 1}));
  return after;
}

}  // namespace cardex::selfservice
