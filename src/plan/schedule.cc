#include "cardex/plan/schedule.h"

#include <algorithm>
#include <cstdio>
#include <tuple>
#include <unordered_map>

#include "assignment.h"
#include "bounds.h"
#include "packing.h"
#include "shortfall_search.h"
#include "station_setup.h"
#include "timeline.h"

namespace cardex::plan {

using internal::CellWork;
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

namespace internal {

Result<PlanOutput> PlanOnly(const PlanInput& in) { return PlanImpl(in, false); }

Result<PlanOutput> PlanImpl(const PlanInput& in, bool with_shortfall) {
  CARDEX_ASSIGN_OR_RETURN(internal::Stations st, internal::SetUpStations(in));
  const size_t n_cells = in.cells.size(), n_stations = in.stations.size();

  std::vector<CellWork> work(n_cells);
  for (size_t c = 0; c < n_cells; ++c) {
    for (const MemberInput& m : in.cells[c].members) ++(m.home_visit ? work[c].home : work[c].station);
  }
  std::vector<int32_t> station_of;
  std::vector<internal::StationPacking> packs = internal::AssignAndPack(in, st, work, &station_of);

  std::vector<Placement> counter_place(n_cells), mobile_place(n_cells);
  for (size_t s = 0; s < n_stations; ++s) {
    const std::vector<int32_t>& cells = packs[s].cells;
    for (size_t k = 0; k < cells.size(); ++k) counter_place[cells[k]] = std::move(packs[s].placements[k]);

    // Mobile track: home-visit groups in the order their cells come to the
    // station, each no earlier than its cell's day.
    const Timeline& counters = st.counter_track[s];
    std::vector<std::pair<int64_t, int32_t>> order;  // (first position, cell)
    for (int32_t c : cells) {
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
    sr.counter_members_left += work[c].station - at_counters;
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
      sr.work_bound_finish = internal::WorkBoundFinish(t, placed_at[s]);
      sr.cell_bound_finish = sr.work_bound_finish;
      if (!in.split_cells_when_needed) {
        std::vector<int64_t> placed;
        for (int32_t c : packs[s].cells) placed.push_back(counter_place[c].placed());
        sr.cell_bound_finish = internal::CellBoundFinish(t, placed);
        // The exact search may have proven more: no packing ends earlier.
        if (packs[s].proven_last_pos >= 0) {
          sr.cell_bound_finish = std::max(sr.cell_bound_finish, t.SlotEnd(packs[s].proven_last_pos));
        }
      }
      const int64_t actual = t.OpenMinutesBefore(sr.finish);
      auto efficiency = [&](int64_t bound) {
        if (actual <= 0) return 1.0;
        return std::min(1.0, static_cast<double>(t.OpenMinutesBefore(bound)) / static_cast<double>(actual));
      };
      sr.efficiency_vs_work_bound = efficiency(sr.work_bound_finish);
      sr.efficiency_vs_cell_bound = efficiency(sr.cell_bound_finish);
      report.worst_efficiency_vs_work_bound =
          std::min(report.worst_efficiency_vs_work_bound, sr.efficiency_vs_work_bound);
      report.worst_efficiency_vs_cell_bound =
          std::min(report.worst_efficiency_vs_cell_bound, sr.efficiency_vs_cell_bound);
    }
    report.campaign_finish = std::max(report.campaign_finish, sr.finish);
    if (with_shortfall && sr.counter_members_left > 0) {
      sr.shortfall = internal::LeastShortfall(in, s, packs[s].cells, sr.counter_members_left);
      sr.extra_counter_minutes +=
          sr.shortfall.counter_minutes - sr.counter_members_left * in.stations[s].minutes_per_member;
    }
  }
  report.members = total_members;
  report.left = static_cast<int64_t>(out.unscheduled.size());
  report.scheduled = total_members - report.left;
  return out;
}

}  // namespace internal

Result<PlanOutput> Plan(const PlanInput& in) { return internal::PlanImpl(in, true); }

}  // namespace cardex::plan
