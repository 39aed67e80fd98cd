#include "cardex/plan/schedule.h"

#include <algorithm>
#include <cstdio>
#include <tuple>
#include <unordered_map>

#include "packing.h"
#include "station_setup.h"
#include "timeline.h"

namespace cardex::plan {

using internal::Placement;
using internal::Timeline;

int64_t LocalMinute(Date date, TimeOfDay time) {
  return static_cast<int64_t>(date.days()) * 1440 + time.minutes();
}

std::string FormatLocalMinute(int64_t minute) {
  int64_t day = minute / 1440, rest = minute % 1440;
  if (rest < 0) {
    rest += 1440;
    --day;
  }
  char hhmm[8];
  std::snprintf(hhmm, sizeof hhmm, "%02d:%02d", static_cast<int>(rest / 60), static_cast<int>(rest % 60));
  return Date::FromDays(static_cast<int>(day)).ToString() + "T" + hhmm;
}

const char* ModeName(Mode mode) { return mode == Mode::kStation ? "station" : "home_visit"; }

namespace {

struct CellWork {
  int64_t station = 0, home = 0;  // members by mode
};

// Cells to stations. Cells of a commune with one serving station go there;
// the others, largest first, to the serving station whose last slot would
// then end earliest (LPT), so the whole campaign ends as early as possible.
std::vector<int32_t> AssignCells(const PlanInput& in, const internal::Stations& st,
                                 const std::vector<CellWork>& work) {
  std::unordered_map<std::string, std::vector<int32_t>> serving;
  for (size_t s = 0; s < in.stations.size(); ++s) {
    for (const std::string& commune : in.stations[s].serves) {
      auto& list = serving[commune];
      if (list.empty() || list.back() != static_cast<int32_t>(s)) list.push_back(static_cast<int32_t>(s));
    }
  }
  const size_t n_cells = in.cells.size();
  std::vector<int32_t> station_of(n_cells, -1);
  std::vector<int64_t> load(in.stations.size(), 0), home_load(in.stations.size(), 0);
  std::vector<int32_t> shared;
  std::vector<const std::vector<int32_t>*> candidates(n_cells, nullptr);
  for (size_t c = 0; c < n_cells; ++c) {
    auto it = serving.find(in.cells[c].commune_code);
    if (it == serving.end()) continue;
    candidates[c] = &it->second;
    if (it->second.size() == 1) {
      const int32_t s = it->second[0];
      station_of[c] = s;
      load[s] += work[c].station;
      home_load[s] += work[c].home;
    } else {
      shared.push_back(static_cast<int32_t>(c));
    }
  }
  std::stable_sort(shared.begin(), shared.end(), [&](int32_t a, int32_t b) {
    return std::tie(work[b].station, work[b].home) < std::tie(work[a].station, work[a].home);
  });
  // (over capacity?, minute the last slot ends or overflow minutes)
  auto projected = [](const Timeline& t, int64_t used, int64_t n, int parallel) {
    const int64_t last = used + n - 1;
    if (last < t.positions()) return std::pair<int, int64_t>(0, t.SlotEnd(last));
    return std::pair<int, int64_t>(1, (last - t.positions() + 1) * t.step() / std::max(parallel, 1));
  };
  for (int32_t c : shared) {
    int32_t best = -1;
    std::pair<int, int64_t> best_key;
    for (int32_t s : *candidates[c]) {
      const auto key = work[c].station > 0
                           ? projected(st.counter_track[s], load[s], work[c].station, in.stations[s].counters)
                           : projected(st.mobile_track[s], home_load[s], work[c].home,
                                       in.stations[s].home_visit_teams);
      if (best == -1 || key < best_key) {
        best = s;
        best_key = key;
      }
    }
    station_of[c] = best;
    load[best] += work[c].station;
    home_load[best] += work[c].home;
  }
  return station_of;
}

// Appends one row per member of `mode` in `cell`, taking positions of
// `placement` in order; returns how many were placed and raises *finish.
int64_t Emit(const PlanInput& in, int32_t cell, int32_t station, Mode mode, const Timeline& t,
             const Placement& placement, std::vector<Appointment>* out, std::vector<MemberRef>* left,
             int64_t* finish) {
  const auto& members = in.cells[cell].members;
  size_t seg = 0;
  int64_t pos = placement.segments.empty() ? 0 : placement.segments[0].pos;
  int64_t in_seg = 0;
  int32_t wave = placement.segments.empty() ? 0 : t.WaveOf(pos);
  int64_t placed = 0;
  for (size_t m = 0; m < members.size(); ++m) {
    if ((members[m].home_visit ? Mode::kHomeVisit : Mode::kStation) != mode) continue;
    if (seg == placement.segments.size()) {
      left->push_back({cell, static_cast<int32_t>(m)});
      continue;
    }
    while (t.FirstPosOf(wave + 1) <= pos) ++wave;
    Appointment a;
    a.cell = cell;
    a.member = static_cast<int32_t>(m);
    a.station = station;
    a.mode = mode;
    a.start = t.waves()[wave].start;
    a.end = a.start + t.step();
    *finish = std::max(*finish, a.end);
    out->push_back(a);
    ++placed;
    ++pos;
    if (++in_seg == placement.segments[seg].count && ++seg < placement.segments.size()) {
      pos = placement.segments[seg].pos;
      in_seg = 0;
      wave = t.WaveOf(pos);
    }
  }
  return placed;
}

}  // namespace

Result<PlanOutput> Plan(const PlanInput& in) {
  CARDEX_ASSIGN_OR_RETURN(internal::Stations st, internal::SetUpStations(in));
  const size_t n_cells = in.cells.size(), n_stations = in.stations.size();

  std::vector<CellWork> work(n_cells);
  for (size_t c = 0; c < n_cells; ++c) {
    for (const MemberInput& m : in.cells[c].members) ++(m.home_visit ? work[c].home : work[c].station);
  }
  const std::vector<int32_t> station_of = AssignCells(in, st, work);

  // Counter track, station by station; cells in input order.
  std::vector<std::vector<int32_t>> cells_of(n_stations);
  for (size_t c = 0; c < n_cells; ++c) {
    if (station_of[c] >= 0) cells_of[station_of[c]].push_back(static_cast<int32_t>(c));
  }
  std::vector<Placement> counter_place(n_cells), mobile_place(n_cells);
  for (size_t s = 0; s < n_stations; ++s) {
    std::vector<int64_t> sizes;
    for (int32_t c : cells_of[s]) sizes.push_back(work[c].station);
    std::vector<Placement> placed =
        internal::PackStationDays(st.counter_track[s], sizes, in.split_cells_when_needed);
    for (size_t k = 0; k < placed.size(); ++k) counter_place[cells_of[s][k]] = std::move(placed[k]);

    // Mobile track: home-visit groups in the order their cells come to the
    // station, each no earlier than its cell's day.
    const Timeline& counters = st.counter_track[s];
    std::vector<std::pair<int64_t, int32_t>> order;  // (first position, cell)
    for (int32_t c : cells_of[s]) {
      if (work[c].home == 0) continue;
      const auto& segs = counter_place[c].segments;
      order.emplace_back(segs.empty() ? INT64_MAX : segs[0].pos, c);
    }
    std::sort(order.begin(), order.end());
    std::vector<int64_t> group_sizes;
    std::vector<int> not_before;
    for (const auto& [pos, c] : order) {
      group_sizes.push_back(work[c].home);
      not_before.push_back(pos == INT64_MAX ? 0 : counters.days()[counters.waves()[counters.WaveOf(pos)].day].date);
    }
    std::vector<Placement> visits =
        internal::PackFirstFit(st.mobile_track[s], group_sizes, not_before, in.split_cells_when_needed);
    for (size_t k = 0; k < visits.size(); ++k) mobile_place[order[k].second] = std::move(visits[k]);
  }

  PlanOutput out;
  PlanReport& report = out.report;
  report.stations.resize(n_stations);
  int64_t total_members = 0;
  for (size_t c = 0; c < n_cells; ++c) total_members += static_cast<int64_t>(in.cells[c].members.size());
  out.appointments.reserve(static_cast<size_t>(total_members));
  std::vector<int64_t> placed_at(n_stations, 0), finish(n_stations, -1), ignored_finish(n_stations, -1);
  for (size_t c = 0; c < n_cells; ++c) {
    const int32_t cell = static_cast<int32_t>(c), s = station_of[c];
    if (s < 0) {
      for (size_t m = 0; m < in.cells[c].members.size(); ++m) out.unscheduled.push_back({cell, static_cast<int32_t>(m)});
      report.unserved += static_cast<int64_t>(in.cells[c].members.size());
      continue;
    }
    StationReport& sr = report.stations[s];
    sr.members += work[c].station;
    sr.home_visits += work[c].home;
    const size_t before = out.unscheduled.size();
    const int64_t at_counters = Emit(in, cell, s, Mode::kStation, st.counter_track[s], counter_place[c],
                                     &out.appointments, &out.unscheduled, &finish[s]);
    const int64_t visited = Emit(in, cell, s, Mode::kHomeVisit, st.mobile_track[s], mobile_place[c],
                                 &out.appointments, &out.unscheduled, &ignored_finish[s]);
    // Both passes walk the cell's members in order; keep rows in member order.
    auto first = out.appointments.end() - (at_counters + visited);
    std::stable_sort(first, out.appointments.end(),
                     [](const Appointment& a, const Appointment& b) { return a.member < b.member; });
    std::sort(out.unscheduled.begin() + static_cast<std::ptrdiff_t>(before), out.unscheduled.end(),
              [](const MemberRef& a, const MemberRef& b) { return a.member < b.member; });
    placed_at[s] += at_counters;
    sr.members_left += (work[c].station - at_counters) + (work[c].home - visited);
    sr.extra_counter_minutes += (work[c].station - at_counters) * in.stations[s].minutes_per_member +
                                (work[c].home - visited) * st.mobile_track[s].step();
  }

  for (size_t s = 0; s < n_stations; ++s) {
    StationReport& sr = report.stations[s];
    const Timeline& t = st.counter_track[s];
    sr.work_minutes = sr.members * in.stations[s].minutes_per_member;
    sr.open_counter_minutes = t.OpenMinutes() * in.stations[s].counters;
    sr.free_slots = t.positions();
    sr.finish = finish[s];
    if (placed_at[s] > 0) {
      sr.earliest_finish = t.SlotEnd(placed_at[s] - 1);
      const int64_t best = t.OpenMinutesBefore(sr.earliest_finish), actual = t.OpenMinutesBefore(sr.finish);
      sr.efficiency = actual > 0 ? std::min(1.0, static_cast<double>(best) / static_cast<double>(actual)) : 1.0;
      report.worst_efficiency = std::min(report.worst_efficiency, sr.efficiency);
    }
    report.campaign_finish = std::max(report.campaign_finish, sr.finish);
  }
  report.members = total_members;
  report.left = static_cast<int64_t>(out.unscheduled.size());
  report.scheduled = total_members - report.left;
  return out;
}

}  // namespace cardex::plan
