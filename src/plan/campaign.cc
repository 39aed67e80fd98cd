#include "cardex/plan/campaign.h"

#include <algorithm>
#include <functional>
#include <numeric>
#include <queue>
#include <tuple>

#include "station_setup.h"

namespace cardex::plan {
namespace {

uint64_t Mix(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb3fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

// In [0, 1): whether attempt `attempt` of visitor `who` is missed.
double Draw(uint64_t seed, uint64_t who, int attempt) {
  const uint64_t h = Mix(Mix(seed ^ 0x6361746368ULL) ^ Mix(who + 1) ^ (static_cast<uint64_t>(attempt) << 48));
  return static_cast<double>(h >> 11) * 0x1.0p-53;
}

// One visit due: a member of the plan (cell, member), or a fixed
// appointment (fixed >= 0), at a counter wave of a station.
struct Visit {
  int date = 0;
  int64_t start = 0;
  int32_t station = 0, wave = 0;
  int32_t cell = -1, member = -1;
  int64_t fixed = -1;
  int attempt = 0;
  int64_t order = 0;
  bool operator>(const Visit& o) const {
    return std::tie(date, start, order) > std::tie(o.date, o.start, o.order);
  }
};

// A station's counter waves with their free positions, and the earliest
// wave with one left from any wave on (a union-find over full waves).
class FreeWaves {
 public:
  explicit FreeWaves(const internal::Timeline& track) : track_(&track) {
    for (const internal::Wave& w : track.waves()) free_.push_back(w.free);
    next_.resize(free_.size() + 1);
    std::iota(next_.begin(), next_.end(), 0);
  }
  // The wave whose slot starts at `start`, or -1.
  int32_t WaveAt(int64_t start) const {
    const auto& waves = track_->waves();
    auto it = std::lower_bound(waves.begin(), waves.end(), start,
                               [](const internal::Wave& w, int64_t t) { return w.start < t; });
    return it != waves.end() && it->start == start ? static_cast<int32_t>(it - waves.begin()) : -1;
  }
  void Take(int32_t w) {
    if (free_[static_cast<size_t>(w)] > 0) --free_[static_cast<size_t>(w)];
  }
  int Date(int32_t w) const { return track_->days()[static_cast<size_t>(track_->waves()[static_cast<size_t>(w)].day)].date; }
  int64_t Start(int32_t w) const { return track_->waves()[static_cast<size_t>(w)].start; }
  // The earliest wave of a day after `date` with a free position, or -1.
  int32_t FirstFreeAfter(int date) {
    const auto& days = track_->days();
    auto it = std::upper_bound(days.begin(), days.end(), date,
                               [](int d, const internal::Day& day) { return d < day.date; });
    if (it == days.end()) return -1;
    const int32_t w = Find(it->first_wave);
    return static_cast<size_t>(w) < free_.size() ? w : -1;
  }

 private:
  // The first wave from w on with a free position (free_.size() when none):
  // links jump over full waves and are shortened on the way back.
  int32_t Find(int32_t w) {
    const auto n = static_cast<int32_t>(free_.size());
    auto up = [&](int32_t x) { return next_[static_cast<size_t>(x)] > x ? next_[static_cast<size_t>(x)] : x + 1; };
    int32_t root = w;
    while (root < n && free_[static_cast<size_t>(root)] == 0) root = up(root);
    while (w < root) {
      const int32_t after = up(w);
      next_[static_cast<size_t>(w)] = root;
      w = after;
    }
    return root;
  }

  const internal::Timeline* track_;
  std::vector<int32_t> free_;
  std::vector<int32_t> next_;
};

}  // namespace

Result<CampaignResult> SimulateCampaign(const PlanInput& input, const PlanOutput& output,
                                        const SimulationOptions& options) {
  if (!(options.no_show_rate >= 0.0 && options.no_show_rate <= 1.0)) {
    return Status::InvalidArgument("simulation: no-show rate must be in [0, 1]");
  }
  // The reserve is free for the catch-up.
  PlanInput open = input;
  std::erase_if(open.fixed, [](const FixedAppointment& f) { return f.reserve; });
  open.split_cells_when_needed = false;
  CARDEX_ASSIGN_OR_RETURN(internal::Stations st, internal::SetUpStations(open));
  std::vector<FreeWaves> tracks, mobile;
  tracks.reserve(st.counter_track.size());
  mobile.reserve(st.mobile_track.size());
  for (const internal::Timeline& t : st.counter_track) tracks.emplace_back(t);
  for (const internal::Timeline& t : st.mobile_track) mobile.emplace_back(t);

  CampaignResult result;
  std::priority_queue<Visit, std::vector<Visit>, std::greater<>> due;
  int64_t order = 0;
  std::vector<int> home_days;
  auto add_home_visit = [&](int64_t start) {
    ++result.members;
    ++result.received;
    const int date = static_cast<int>(start >= 0 ? start / 1440 : (start - 1439) / 1440);
    result.last_day = std::max(result.last_day, Date::FromDays(date));
    home_days.push_back(date);
  };
  for (const Appointment& a : output.appointments) {
    if (a.station < 0 || static_cast<size_t>(a.station) >= tracks.size()) {
      return Status::InvalidArgument("campaign: an appointment names a station the input does not have");
    }
    if (a.mode == Mode::kHomeVisit) {
      FreeWaves& team = mobile[static_cast<size_t>(a.station)];
      if (const int32_t w = team.WaveAt(a.start); w >= 0) team.Take(w);
      add_home_visit(a.start);
      continue;
    }
    FreeWaves& track = tracks[static_cast<size_t>(a.station)];
    const int32_t w = track.WaveAt(a.start);
    if (w < 0) return Status::InvalidArgument("campaign: an appointment is not at a slot of its station");
    track.Take(w);
    ++result.members;
    due.push(Visit{track.Date(w), a.start, a.station, w, a.cell, a.member, -1, 0, order++});
  }
  for (size_t i = 0; i < open.fixed.size(); ++i) {
    const FixedAppointment& f = open.fixed[i];
    auto it = st.index.find(f.station_code);
    if (it == st.index.end()) return Status::InvalidArgument("campaign: unknown station " + f.station_code);
    if (f.home_visit) {
      FreeWaves& team = mobile[static_cast<size_t>(it->second)];
      if (const int32_t w = team.WaveAt(f.start); w >= 0) team.Take(w);
      add_home_visit(f.start);
      continue;
    }
    FreeWaves& track = tracks[static_cast<size_t>(it->second)];
    const int32_t w = track.WaveAt(f.start);
    if (w < 0) continue;  // before the window, or not on this plan's grid: not this campaign's
    ++result.members;
    due.push(Visit{track.Date(w), f.start, it->second, w, -1, -1, static_cast<int64_t>(i), 0, order++});
  }

  std::vector<int> received_on;  // the day of each member received
  received_on.reserve(static_cast<size_t>(result.members));
  PlanInput made = open;  // the visits made, for the waits
  made.fixed.clear();
  PlanOutput made_output;
  while (!due.empty()) {
    Visit v = due.top();
    due.pop();
    const uint64_t who = v.fixed >= 0 ? (1ULL << 62) + static_cast<uint64_t>(v.fixed)
                                      : (static_cast<uint64_t>(v.cell) << 32) + static_cast<uint64_t>(v.member);
    const StationInput& station = open.stations[static_cast<size_t>(v.station)];
    if (Draw(options.seed, who, v.attempt) >= options.no_show_rate) {
      ++result.received;
      result.last_day = std::max(result.last_day, Date::FromDays(v.date));
      received_on.push_back(v.date);
      if (v.fixed >= 0) {
        FixedAppointment f = open.fixed[static_cast<size_t>(v.fixed)];
        f.start = v.start;
        f.end = v.start + station.minutes_per_member;
        made.fixed.push_back(f);
      } else {
        made_output.appointments.push_back(
            Appointment{v.cell, v.member, v.station, Mode::kStation, v.start, v.start + station.minutes_per_member});
      }
      continue;
    }
    ++result.misses;
    if (options.home_visit_after_misses > 0 && v.attempt + 1 >= options.home_visit_after_misses) {
      FreeWaves& team = mobile[static_cast<size_t>(v.station)];
      if (const int32_t w = team.FirstFreeAfter(v.date); w >= 0) {
        team.Take(w);
        ++result.catch_ups;
        ++result.home_catch_ups;
        ++result.received;
        result.last_day = std::max(result.last_day, Date::FromDays(team.Date(w)));
        home_days.push_back(team.Date(w));
        continue;
      }
    }
    FreeWaves& track = tracks[static_cast<size_t>(v.station)];
    const int32_t w = track.FirstFreeAfter(v.date);
    if (w < 0) continue;  // not received in the window
    track.Take(w);
    ++result.catch_ups;
    v.wave = w;
    v.date = track.Date(w);
    v.start = track.Start(w);
    ++v.attempt;
    v.order = order++;
    due.push(v);
  }
  result.members += static_cast<int64_t>(output.unscheduled.size());
  result.not_received = result.members - result.received;
  result.complete = result.not_received == 0 && result.received > 0;
  result.days_to_spare = result.complete ? input.to.days() - result.last_day.days() : -1;
  received_on.insert(received_on.end(), home_days.begin(), home_days.end());
  const auto needed = static_cast<size_t>((result.members * 99 + 99) / 100);  // 99 %, rounded up
  if (needed > 0 && received_on.size() >= needed) {
    std::nth_element(received_on.begin(), received_on.begin() + static_cast<std::ptrdiff_t>(needed - 1),
                     received_on.end());
    result.day_99 = Date::FromDays(received_on[needed - 1]);
  }

  SimulationOptions attended = options;
  attended.no_show_rate = 0;
  CARDEX_ASSIGN_OR_RETURN(result.waits, Simulate(made, made_output, attended));
  return result;
}

}  // namespace cardex::plan
