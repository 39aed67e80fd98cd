#include "cardex/plan/reserve.h"

#include <algorithm>
#include <cmath>

#include "station_setup.h"

namespace cardex::plan {

Result<PlanInput> WithNoShowReserve(const PlanInput& input, double share) {
  if (!(share >= 0.0 && share <= 0.9)) {
    return Status::InvalidArgument("the no-show reserve must be a share between 0 and 0.9");
  }
  PlanInput out = input;
  if (share == 0.0) return out;
  CARDEX_ASSIGN_OR_RETURN(internal::Stations st, internal::SetUpStations(input));
  for (size_t s = 0; s < input.stations.size(); ++s) {
    const internal::Timeline& track = st.counter_track[s];
    const int step = track.step();
    for (const internal::Day& day : track.days()) {
      // Rounded up: a day of 8 positions and 11 % keeps one.
      int64_t left = static_cast<int64_t>(std::ceil(share * static_cast<double>(day.size()) - 1e-9));
      for (int32_t w = day.end_wave - 1; w >= day.first_wave && left > 0; --w) {
        const internal::Wave& wave = track.waves()[static_cast<size_t>(w)];
        const int64_t take = std::min<int64_t>(left, wave.free);
        for (int64_t k = 0; k < take; ++k) {
          out.fixed.push_back(FixedAppointment{input.stations[s].code, wave.start, wave.start + step,
                                               /*home_visit=*/false, /*reserve=*/true});
        }
        left -= take;
      }
    }
  }
  return out;
}

int64_t ReservedPositions(const PlanInput& input) {
  return std::count_if(input.fixed.begin(), input.fixed.end(), [](const FixedAppointment& f) { return f.reserve; });
}

}  // namespace cardex::plan
