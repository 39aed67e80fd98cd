// ReplanInput (appointments.h): which stored appointments a re-plan keeps,
// which members it must move and why, and which cells it places.
#include <algorithm>
#include <map>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "cardex/plan/appointments.h"
#include "station_setup.h"

namespace cardex::plan {

const char* MoveReasonName(MoveReason reason) {
  switch (reason) {
    case MoveReason::kStationGone: return "station_gone";
    case MoveReason::kShiftChanged: return "shift_changed";
    case MoveReason::kFewerCounters: return "fewer_counters";
    case MoveReason::kModeChanged: return "mode_changed";
    case MoveReason::kWithTheCell: return "with_the_cell";
    case MoveReason::kCatchUp: return "catch_up";
  }
  return "";
}

namespace {

// The slots each station offers now: for both tracks, the start of every
// wave (Timeline), and how many members a wave holds.
struct SlotGrid {
  struct Track {
    std::unordered_set<int64_t> starts;
    int64_t length = 0;
    int parallel = 0;
  };
  std::vector<Track> counter, mobile;
};

SlotGrid GridOf(const PlanInput& window, const internal::Stations& st) {
  SlotGrid grid;
  for (size_t s = 0; s < window.stations.size(); ++s) {
    auto track = [](const internal::Timeline& t, int parallel) {
      SlotGrid::Track out;
      for (const internal::Wave& w : t.waves()) out.starts.insert(w.start);
      out.length = t.step();
      out.parallel = parallel;
      return out;
    };
    grid.counter.push_back(track(st.counter_track[s], window.stations[s].counters));
    grid.mobile.push_back(track(st.mobile_track[s], window.stations[s].home_visit_teams));
  }
  return grid;
}

struct Parsed {
  const StoredAppointment* row = nullptr;
  int32_t station = -1;  // -1: gone
  bool home = false;
  int64_t start = 0, end = 0;
};

}  // namespace

Result<Replan> ReplanInput(const PlanInput& full, std::span<const StoredAppointment> stored, Date day) {
  if (full.to < day) {
    return Status::InvalidArgument("the re-plan day " + day.ToString() + " comes after the window's last day " +
                                   full.to.ToString());
  }
  Replan out;
  out.input.stations = full.stations;
  out.input.shifts = full.shifts;
  out.input.from = full.from < day ? day : full.from;
  out.input.to = full.to;
  // The slots the stations offer from DAY on, with no appointment held.
  CARDEX_ASSIGN_OR_RETURN(internal::Stations st, internal::SetUpStations(out.input));
  const SlotGrid grid = GridOf(out.input, st);

  // Slots are "YYYY-MM-DDTHH:MM": byte order is time order, and a slot
  // starts before DAY exactly when it sorts before "YYYY-MM-DD" of DAY.
  const std::string first_day = day.ToString();
  std::unordered_map<std::string_view, std::vector<size_t>> rows_of_unit;
  std::unordered_set<std::string_view> settled;
  for (size_t i = 0; i < stored.size(); ++i) {
    const StoredAppointment& a = stored[i];
    rows_of_unit[a.unit_code].push_back(i);
    if (a.slot_start < first_day || a.status != "invited") settled.insert(a.unit_code);
  }
  std::unordered_map<std::string_view, int32_t> station_index;
  for (size_t s = 0; s < full.stations.size(); ++s) station_index.emplace(full.stations[s].code, static_cast<int32_t>(s));

  // Counters (teams) each stored slot holds: the settled cells' first,
  // then the valid cells' in slot order while they fit.
  std::map<std::tuple<int32_t, bool, int64_t>, int> held;
  auto parse = [&](const StoredAppointment& a) -> Result<Parsed> {
    Parsed p;
    p.row = &a;
    p.home = a.mode == "home_visit";
    CARDEX_ASSIGN_OR_RETURN(p.start, ParseLocalMinute(a.slot_start));
    CARDEX_ASSIGN_OR_RETURN(p.end, ParseLocalMinute(a.slot_end));
    if (auto it = station_index.find(a.station_code); it != station_index.end()) p.station = it->second;
    return p;
  };
  std::vector<size_t> kept_rows;  // indices into `stored`
  auto keep = [&](const Parsed& p) {
    kept_rows.push_back(static_cast<size_t>(p.row - stored.data()));
    if (p.station < 0) return;  // a station closed since: it holds nothing
    out.input.fixed.push_back(FixedAppointment{p.row->station_code, p.start, p.end, p.home});
  };

  struct Candidate {
    const CellInput* cell;
    std::vector<Parsed> rows;  // the cell's stored appointments
    std::vector<int> reason;   // per row: -1 valid, else a MoveReason
    int64_t first = 0;
  };
  std::vector<Candidate> candidates;
  std::unordered_set<std::string_view> kept_units;
  std::vector<const CellInput*> placed_cells;  // cells with no stored appointment
  std::unordered_set<std::string_view> moving_units;
  for (const CellInput& cell : full.cells) {
    auto rows = rows_of_unit.find(cell.unit_code);
    if (rows == rows_of_unit.end()) continue;
    std::unordered_map<std::string_view, bool> home_of;
    for (const MemberInput& m : cell.members) home_of.emplace(m.member_no, m.home_visit);
    const bool is_settled = settled.count(cell.unit_code) > 0;
    Candidate c{&cell, {}, {}, INT64_MAX};
    for (size_t i : rows->second) {
      const StoredAppointment& a = stored[i];
      CARDEX_ASSIGN_OR_RETURN(Parsed p, parse(a));
      auto member = home_of.find(a.member_no);
      if (member == home_of.end()) {
        // No longer to be received: a settled cell keeps the row as it is.
        if (is_settled) {
          keep(p);
        } else {
          ++out.dropped;
        }
        continue;
      }
      if (is_settled) {
        keep(p);
        continue;
      }
      int reason = -1;
      if (p.station < 0 || std::find(full.stations[static_cast<size_t>(p.station)].serves.begin(),
                                     full.stations[static_cast<size_t>(p.station)].serves.end(),
                                     cell.commune_code) == full.stations[static_cast<size_t>(p.station)].serves.end()) {
        reason = static_cast<int>(MoveReason::kStationGone);
      } else if (p.home != member->second) {
        reason = static_cast<int>(MoveReason::kModeChanged);
      } else {
        const SlotGrid::Track& t = (p.home ? grid.mobile : grid.counter)[static_cast<size_t>(p.station)];
        if (t.parallel == 0 || !t.starts.count(p.start) || p.end - p.start != t.length) {
          reason = static_cast<int>(MoveReason::kShiftChanged);
        }
      }
      c.first = std::min(c.first, p.start);
      c.rows.push_back(p);
      c.reason.push_back(reason);
    }
    if (is_settled) {
      kept_units.insert(cell.unit_code);
      ++out.kept_cells;
      ++out.settled_cells;
    } else if (!c.rows.empty()) {
      candidates.push_back(std::move(c));
    }
  }
  // Settled appointments hold their counters first (unmatched stored rows
  // of units no longer in `full` are kept too: they were someone's visit).
  std::unordered_set<std::string_view> full_units;
  for (const CellInput& c : full.cells) full_units.insert(c.unit_code);
  for (const auto& [unit, rows] : rows_of_unit) {
    if (full_units.count(unit)) continue;
    for (size_t i : rows) {
      CARDEX_ASSIGN_OR_RETURN(Parsed p, parse(stored[i]));
      keep(p);
    }
  }
  for (const FixedAppointment& f : out.input.fixed) {
    auto it = station_index.find(f.station_code);
    if (it != station_index.end()) ++held[{it->second, f.home_visit, f.start}];
  }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& a, const Candidate& b) { return a.first < b.first; });
  for (Candidate& c : candidates) {
    bool valid = std::all_of(c.reason.begin(), c.reason.end(), [](int r) { return r < 0; });
    if (valid) {
      std::map<std::tuple<int32_t, bool, int64_t>, int> need;
      for (const Parsed& p : c.rows) ++need[{p.station, p.home, p.start}];
      for (const auto& [slot, n] : need) {
        const auto& [s, home, start] = slot;
        const int cap = (home ? grid.mobile : grid.counter)[static_cast<size_t>(s)].parallel;
        if (held[slot] + n > cap) valid = false;
      }
      if (!valid) {
        for (int& r : c.reason) r = static_cast<int>(MoveReason::kFewerCounters);
      } else {
        for (const auto& [slot, n] : need) held[slot] += n;
        for (const Parsed& p : c.rows) keep(p);
        kept_units.insert(c.cell->unit_code);
        ++out.kept_cells;
        continue;
      }
    }
    moving_units.insert(c.cell->unit_code);
  }
  // The moves, by cell in full's order.
  std::unordered_map<std::string_view, const Candidate*> candidate_of;
  for (const Candidate& c : candidates) candidate_of.emplace(c.cell->unit_code, &c);
  std::sort(kept_rows.begin(), kept_rows.end());
  out.kept.reserve(kept_rows.size());
  for (size_t i : kept_rows) out.kept.push_back(stored[i]);
  std::unordered_set<std::string_view> with_appointment;
  for (const StoredAppointment& a : out.kept) with_appointment.insert(a.member_no);
  for (const CellInput& cell : full.cells) {
    if (kept_units.count(cell.unit_code)) {
      for (const MemberInput& m : cell.members) out.waiting += with_appointment.count(m.member_no) ? 0 : 1;
      continue;
    }
    out.input.cells.push_back(cell);
    if (!moving_units.count(cell.unit_code)) continue;
    const Candidate& c = *candidate_of.at(cell.unit_code);
    std::vector<size_t> order(c.rows.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::unordered_map<std::string_view, size_t> position;
    for (size_t i = 0; i < cell.members.size(); ++i) position.emplace(cell.members[i].member_no, i);
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      return position.at(c.rows[a].row->member_no) < position.at(c.rows[b].row->member_no);
    });
    for (size_t i : order) {
      out.moves.push_back(Move{*c.rows[i].row, c.reason[i] < 0 ? MoveReason::kWithTheCell
                                                               : static_cast<MoveReason>(c.reason[i])});
    }
  }
  return out;
}

}  // namespace cardex::plan
