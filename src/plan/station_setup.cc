#include "station_setup.h"

#include <algorithm>
#include <tuple>

namespace cardex::plan::internal {

int HomeVisitMinutes(const StationInput& station) {
  return station.home_visit_minutes > 0 ? station.home_visit_minutes : station.minutes_per_member;
}

Result<Stations> SetUpStations(const PlanInput& in) {
  if (in.to < in.from) {
    return Status::InvalidArgument("plan window: --from " + in.from.ToString() + " is after --to " +
                                   in.to.ToString());
  }
  Stations st;
  const size_t n = in.stations.size();
  for (size_t s = 0; s < n; ++s) {
    const StationInput& station = in.stations[s];
    const std::string where = "station " + station.code + ": ";
    if (station.counters <= 0) return Status::InvalidArgument(where + "counters must be positive");
    if (station.minutes_per_member <= 0) {
      return Status::InvalidArgument(where + "minutes_per_member must be positive");
    }
    if (station.home_visit_teams < 0 || station.home_visit_minutes < 0) {
      return Status::InvalidArgument(where + "home-visit teams and minutes must not be negative");
    }
    if (!st.index.emplace(station.code, static_cast<int32_t>(s)).second) {
      return Status::InvalidArgument(where + "the code appears twice");
    }
  }

  const int64_t window_start = static_cast<int64_t>(in.from.days()) * 1440;
  const int64_t window_end = (static_cast<int64_t>(in.to.days()) + 1) * 1440;
  st.shifts.resize(n);
  for (size_t i = 0; i < in.shifts.size(); ++i) {
    const ShiftInput& shift = in.shifts[i];
    auto it = st.index.find(shift.station_code);
    if (it == st.index.end()) {
      return Status::InvalidArgument("shift " + std::to_string(i + 1) + ": unknown station " + shift.station_code);
    }
    if (shift.date < in.from || in.to < shift.date) continue;
    const int64_t start = LocalMinute(shift.date, shift.start);
    OpenInterval open;
    open.start = std::max(start, window_start);
    open.end = std::min(start + ShiftMinutes(shift.start, shift.end), window_end);
    open.date = shift.date.days();
    if (open.start < open.end) st.shifts[it->second].push_back(open);
  }

  std::vector<std::vector<std::pair<int64_t, int64_t>>> fixed_counter(n), fixed_mobile(n);
  for (size_t i = 0; i < in.fixed.size(); ++i) {
    const FixedAppointment& f = in.fixed[i];
    auto it = st.index.find(f.station_code);
    if (it == st.index.end()) {
      return Status::InvalidArgument("fixed appointment " + std::to_string(i + 1) + ": unknown station " +
                                     f.station_code);
    }
    (f.home_visit ? fixed_mobile : fixed_counter)[it->second].emplace_back(f.start, f.end);
  }

  st.counter_track.reserve(n);
  st.mobile_track.reserve(n);
  for (size_t s = 0; s < n; ++s) {
    auto& shifts = st.shifts[s];
    std::sort(shifts.begin(), shifts.end(), [](const OpenInterval& a, const OpenInterval& b) {
      return std::tie(a.start, a.end, a.date) < std::tie(b.start, b.end, b.date);
    });
    const StationInput& station = in.stations[s];
    st.counter_track.emplace_back(shifts, station.minutes_per_member, station.counters,
                                  std::move(fixed_counter[s]));
    st.mobile_track.emplace_back(shifts, HomeVisitMinutes(station), station.home_visit_teams,
                                 std::move(fixed_mobile[s]));
  }
  return st;
}

}  // namespace cardex::plan::internal
