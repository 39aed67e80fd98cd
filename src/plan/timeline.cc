#include "timeline.h"

#include <algorithm>

namespace cardex::plan::internal {

Timeline::Timeline(const std::vector<OpenInterval>& shifts, int step, int parallel,
                   std::vector<std::pair<int64_t, int64_t>> fixed)
    : step_(step) {
  std::vector<int64_t> fixed_starts, fixed_ends;
  fixed_starts.reserve(fixed.size());
  fixed_ends.reserve(fixed.size());
  for (const auto& [s, e] : fixed) {
    fixed_starts.push_back(s);
    fixed_ends.push_back(e);
  }
  std::sort(fixed_starts.begin(), fixed_starts.end());
  std::sort(fixed_ends.begin(), fixed_ends.end());

  prefix_.push_back(0);
  // Overlapping shifts must not count the same counters twice: a shift's
  // waves start no earlier than the end of the waves before it.
  int64_t waves_end = INT64_MIN;
  for (const OpenInterval& shift : shifts) {
    for (int64_t t = std::max(shift.start, waves_end); t + step <= shift.end; t += step) {
      if (days_.empty() || days_.back().date != shift.date) {
        if (!days_.empty()) {
          days_.back().end_wave = static_cast<int32_t>(waves_.size());
          days_.back().end_pos = prefix_.back();
        }
        Day day;
        day.date = shift.date;
        day.first_wave = static_cast<int32_t>(waves_.size());
        day.first_pos = prefix_.back();
        days_.push_back(day);
      }
      // Fixed appointments overlapping [t, t + step): a conservative count of
      // the counters they hold (exact when they are aligned to the waves).
      const int64_t overlapping =
          (std::lower_bound(fixed_starts.begin(), fixed_starts.end(), t + step) - fixed_starts.begin()) -
          (std::upper_bound(fixed_ends.begin(), fixed_ends.end(), t) - fixed_ends.begin());
      Wave wave;
      wave.start = t;
      wave.free = static_cast<int32_t>(std::max<int64_t>(0, parallel - overlapping));
      wave.day = static_cast<int32_t>(days_.size() - 1);
      waves_.push_back(wave);
      prefix_.push_back(prefix_.back() + wave.free);
      waves_end = t + step;
    }
  }
  if (!days_.empty()) {
    days_.back().end_wave = static_cast<int32_t>(waves_.size());
    days_.back().end_pos = prefix_.back();
  }

  for (const OpenInterval& shift : shifts) {
    if (shift.end <= shift.start) continue;
    if (!open_.empty() && shift.start <= open_.back().second) {
      open_.back().second = std::max(open_.back().second, shift.end);
    } else {
      open_.emplace_back(shift.start, shift.end);
    }
  }
  open_prefix_.push_back(0);
  for (const auto& [s, e] : open_) open_prefix_.push_back(open_prefix_.back() + (e - s));
}

int32_t Timeline::WaveOf(int64_t p) const {
  // The last wave whose first position is <= p, skipping waves with no free
  // position (upper_bound lands after equal prefixes).
  auto it = std::upper_bound(prefix_.begin(), prefix_.end(), p);
  return static_cast<int32_t>(it - prefix_.begin()) - 1;
}

int64_t Timeline::OpenMinutesBefore(int64_t t) const {
  // open_ is sorted and disjoint: find the intervals starting before t.
  auto it = std::upper_bound(open_.begin(), open_.end(), t,
                             [](int64_t v, const std::pair<int64_t, int64_t>& iv) { return v < iv.first; });
  const size_t i = static_cast<size_t>(it - open_.begin());
  if (i == 0) return 0;
  const auto& [s, e] = open_[i - 1];
  return open_prefix_[i - 1] + (std::min(t, e) - s);
}

}  // namespace cardex::plan::internal
