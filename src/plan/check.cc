#include "cardex/plan/check.h"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "station_setup.h"

namespace cardex::plan {
namespace {

using internal::OpenInterval;

class Violations {
 public:
  explicit Violations(size_t limit) : limit_(limit) {}
  bool full() const { return list_.size() >= limit_; }
  void Add(std::string message) {
    if (!full()) list_.push_back(std::move(message));
  }
  std::vector<std::string> Take() { return std::move(list_); }

 private:
  size_t limit_;
  std::vector<std::string> list_;
};

std::string Who(const PlanInput& in, const Appointment& a) {
  return "cell " + in.cells[a.cell].unit_code + " member #" + std::to_string(a.member + 1);
}

// Dates (days since 1970) of the shifts of `shifts` that contain [start, end).
std::vector<int> ContainingDates(const std::vector<OpenInterval>& shifts, int64_t start, int64_t end) {
  std::vector<int> dates;
  for (const OpenInterval& s : shifts) {
    if (s.start > start) break;  // sorted by start
    if (end <= s.end) dates.push_back(s.date);
  }
  return dates;
}

// Slots a day offers: `parallel` x the slots its shifts hold one after the
// other (overlapping shifts do not add counters).
int64_t DaySlots(const std::vector<OpenInterval>& shifts, int date, int step, int parallel) {
  int64_t slots = 0, busy_until = INT64_MIN;
  for (const OpenInterval& s : shifts) {
    const int64_t from = std::max(s.start, busy_until);
    if (from + step > s.end) continue;
    const int64_t n = (s.end - from) / step;
    if (s.date == date) slots += n;
    busy_until = from + n * step;
  }
  return slots * parallel;
}

// How many rows of one mode a station holds at each minute of the window.
class Occupancy {
 public:
  Occupancy(int64_t window_start, int64_t window_end)
      : start_(window_start), count_(static_cast<size_t>(window_end - window_start) + 1, 0) {}
  void Reset() { std::fill(count_.begin(), count_.end(), 0); }
  void Add(int64_t from, int64_t to) {  // clipped; the window rule is checked apart
    from = std::clamp<int64_t>(from - start_, 0, static_cast<int64_t>(count_.size()) - 1);
    to = std::clamp<int64_t>(to - start_, 0, static_cast<int64_t>(count_.size()) - 1);
    if (from >= to) return;
    ++count_[from];
    --count_[to];
  }
  void Accumulate() {
    for (size_t i = 1; i < count_.size(); ++i) count_[i] += count_[i - 1];
  }
  int at(int64_t minute) const { return count_[static_cast<size_t>(minute - start_)]; }
  int64_t start() const { return start_; }
  size_t size() const { return count_.size() - 1; }

 private:
  int64_t start_;
  std::vector<int> count_;
};

}  // namespace

std::vector<std::string> CheckSchedule(const PlanInput& in, const PlanOutput& out, const CheckOptions& options) {
  Violations v(options.max_violations);
  Result<internal::Stations> setup = internal::SetUpStations(in);
  if (!setup.ok()) return {"input: " + setup.status().message()};
  const internal::Stations& st = *setup;
  const size_t n_cells = in.cells.size(), n_stations = in.stations.size();
  const int64_t window_start = static_cast<int64_t>(in.from.days()) * 1440;
  const int64_t window_end = (static_cast<int64_t>(in.to.days()) + 1) * 1440;

  // Once each, scheduled or listed, and the counts.
  std::vector<int64_t> offset(n_cells + 1, 0);
  for (size_t c = 0; c < n_cells; ++c) offset[c + 1] = offset[c] + static_cast<int64_t>(in.cells[c].members.size());
  std::vector<uint8_t> seen(static_cast<size_t>(offset[n_cells]), 0);
  std::vector<int32_t> station_of_cell(n_cells, -1);
  std::unordered_map<std::string, std::vector<int32_t>> serving;
  for (size_t s = 0; s < n_stations; ++s) {
    for (const std::string& commune : in.stations[s].serves) serving[commune].push_back(static_cast<int32_t>(s));
  }
  std::vector<std::vector<size_t>> rows_of(n_stations * 2);  // [2s] counters, [2s+1] home visits
  for (size_t i = 0; i < out.appointments.size() && !v.full(); ++i) {
    const Appointment& a = out.appointments[i];
    if (a.cell < 0 || static_cast<size_t>(a.cell) >= n_cells || a.member < 0 ||
        static_cast<size_t>(a.member) >= in.cells[a.cell].members.size() || a.station < 0 ||
        static_cast<size_t>(a.station) >= n_stations) {
      v.Add("row " + std::to_string(i + 1) + ": refers to no member or station of the input");
      continue;
    }
    const std::string who = Who(in, a);
    uint8_t& mark = seen[static_cast<size_t>(offset[a.cell] + a.member)];
    if (mark != 0) v.Add(who + ": has more than one row");
    mark = 1;
    const StationInput& station = in.stations[a.station];
    const bool home = in.cells[a.cell].members[a.member].home_visit;
    if ((a.mode == Mode::kHomeVisit) != home) v.Add(who + ": mode does not match the home_visit flag");
    const auto& serves = serving[in.cells[a.cell].commune_code];
    if (std::find(serves.begin(), serves.end(), a.station) == serves.end()) {
      v.Add(who + ": station " + station.code + " does not serve commune " + in.cells[a.cell].commune_code);
    }
    int32_t& cell_station = station_of_cell[a.cell];
    if (cell_station == -1) cell_station = a.station;
    if (cell_station != a.station) v.Add("cell " + in.cells[a.cell].unit_code + ": received by more than one station");
    const int step = a.mode == Mode::kStation ? station.minutes_per_member : internal::HomeVisitMinutes(station);
    if (a.end - a.start != step) v.Add(who + ": slot does not last " + std::to_string(step) + " minutes");
    if (a.start < window_start || a.end > window_end) v.Add(who + ": slot outside the window");
    if (ContainingDates(st.shifts[a.station], a.start, a.end).empty()) {
      v.Add(who + ": slot " + FormatLocalMinute(a.start) + " is not inside a shift of station " + station.code);
    }
    rows_of[2 * a.station + (a.mode == Mode::kHomeVisit ? 1 : 0)].push_back(i);
  }
  for (const MemberRef& m : out.unscheduled) {
    if (m.cell < 0 || static_cast<size_t>(m.cell) >= n_cells || m.member < 0 ||
        static_cast<size_t>(m.member) >= in.cells[m.cell].members.size()) {
      v.Add("unscheduled list: refers to no member of the input");
      continue;
    }
    uint8_t& mark = seen[static_cast<size_t>(offset[m.cell] + m.member)];
    if (mark != 0) v.Add("cell " + in.cells[m.cell].unit_code + " member #" + std::to_string(m.member + 1) +
                         ": both scheduled and unscheduled, or listed twice");
    mark = 1;
  }
  if (std::count(seen.begin(), seen.end(), 0) != 0) v.Add("some members are neither scheduled nor listed as left");
  if (out.report.members != offset[n_cells] ||
      out.report.scheduled != static_cast<int64_t>(out.appointments.size()) ||
      out.report.left != static_cast<int64_t>(out.unscheduled.size())) {
    v.Add("report: member counts disagree with the rows");
  }

  // Capacity, minute by minute, and the cell rules, station by station.
  std::vector<std::vector<std::pair<int64_t, int64_t>>> fixed(n_stations * 2);
  for (const FixedAppointment& f : in.fixed) {
    fixed[2 * st.index.at(f.station_code) + (f.home_visit ? 1 : 0)].emplace_back(f.start, f.end);
  }
  Occupancy busy(window_start, window_end);
  for (size_t track = 0; track < n_stations * 2 && !v.full(); ++track) {
    const size_t s = track / 2;
    const bool home = track % 2 == 1;
    const StationInput& station = in.stations[s];
    const int parallel = home ? station.home_visit_teams : station.counters;
    const int step = home ? internal::HomeVisitMinutes(station) : station.minutes_per_member;
    std::vector<size_t>& rows = rows_of[track];
    if (rows.empty()) continue;
    busy.Reset();
    for (size_t i : rows) busy.Add(out.appointments[i].start, out.appointments[i].end);
    for (const auto& [from, to] : fixed[track]) busy.Add(from, to);
    busy.Accumulate();
    for (size_t m = 0; m < busy.size(); ++m) {
      if (busy.at(busy.start() + static_cast<int64_t>(m)) > parallel) {
        v.Add("station " + station.code + ": more " + (home ? "home visits than teams" : "members than counters") +
              " at " + FormatLocalMinute(busy.start() + static_cast<int64_t>(m)));
        break;
      }
    }
    if (!options.cells_together) continue;

    std::sort(rows.begin(), rows.end(), [&](size_t x, size_t y) {
      const Appointment &a = out.appointments[x], &b = out.appointments[y];
      return std::tie(a.cell, a.start, a.member) < std::tie(b.cell, b.start, b.member);
    });
    std::vector<int64_t> starts;  // every row of the track, for "no other cell inside"
    for (size_t i : rows) starts.push_back(out.appointments[i].start);
    std::sort(starts.begin(), starts.end());
    const auto& shifts = st.shifts[s];
    for (size_t lo = 0, hi; lo < rows.size() && !v.full(); lo = hi) {
      const int32_t cell = out.appointments[rows[lo]].cell;
      for (hi = lo; hi < rows.size() && out.appointments[rows[hi]].cell == cell; ++hi) {
      }
      const std::string name = "cell " + in.cells[cell].unit_code;
      const int64_t first = out.appointments[rows[lo]].start, last = out.appointments[rows[hi - 1]].start;
      // One day: some date whose shifts hold every slot of the cell.
      std::vector<int> dates = ContainingDates(shifts, first, first + step);
      std::vector<int> common = dates;
      for (size_t k = lo + 1; k < hi && !common.empty(); ++k) {
        const Appointment& a = out.appointments[rows[k]];
        const std::vector<int> here = ContainingDates(shifts, a.start, a.end);
        std::erase_if(common, [&](int d) { return std::find(here.begin(), here.end(), d) == here.end(); });
      }
      if (common.empty() && !dates.empty()) {
        int64_t day_slots = 0;
        for (int d : dates) day_slots = std::max(day_slots, DaySlots(shifts, d, step, parallel));
        if (static_cast<int64_t>(hi - lo) <= day_slots) {
          v.Add(name + ": " + (home ? "home visits" : "members") + " spread over several days though they fit in one");
        }
      }
      if (home) continue;  // a mobile team's round need not be one block
      // One block: no other cell's slot starts inside it...
      const int64_t inside_all = last <= first ? 0
                                               : std::lower_bound(starts.begin(), starts.end(), last) -
                                                     std::upper_bound(starts.begin(), starts.end(), first);
      int64_t inside_own = 0;
      for (size_t k = lo; k < hi; ++k) {
        const int64_t t = out.appointments[rows[k]].start;
        inside_own += (t > first && t < last) ? 1 : 0;
      }
      if (inside_all != inside_own) v.Add(name + ": another cell's slot starts inside its block");
      // ...and no stretch inside it could have held one more of its members.
      for (size_t k = lo + 1; k < hi; ++k) {
        const int64_t gap_from = out.appointments[rows[k - 1]].start + step, gap_to = out.appointments[rows[k]].start;
        if (gap_to <= gap_from) continue;
        bool skipped = false;
        for (const OpenInterval& shift : shifts) {
          int64_t run = 0;
          for (int64_t t = std::max(gap_from, shift.start); t < std::min(gap_to, shift.end) && !skipped; ++t) {
            run = busy.at(t) < parallel ? run + 1 : 0;
            skipped = run >= step;
          }
        }
        if (skipped) {
          v.Add(name + ": its block skips a free slot at " + FormatLocalMinute(gap_from));
          break;
        }
      }
    }
  }
  return v.Take();
}

}  // namespace cardex::plan
