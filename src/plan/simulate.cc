#include "cardex/plan/simulate.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <limits>
#include <numbers>
#include <queue>
#include <tuple>
#include <unordered_map>

#include "cardex/io/csv.h"

namespace cardex::plan {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// SplitMix64: small, fast, and the same everywhere.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  // In (0, 1): never 0, so logarithms stay finite.
  double Uniform() { return (static_cast<double>(Next() >> 11) + 0.5) * 0x1.0p-53; }

 private:
  uint64_t state_;
};

uint64_t Mix(uint64_t a, uint64_t b) {
  Rng r(a ^ (b * 0xD1B54A32D192ED03ULL));
  return r.Next();
}

struct Interval {
  int64_t start = 0, end = 0;
  int date = 0;
};

// One member expected at a station on a day.
struct Expected {
  int32_t station = 0;
  int date = 0;
  int64_t slot = 0;      // local minute the slot starts
  int32_t service = 0;   // mean service minutes
  int64_t order = 0;     // ties: input order
};

struct Visit {
  double arrival = 0, slot = 0, service = 0;
};

// Box-Muller from two uniforms in (0, 1).
double Normal(double u1, double u2) {
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

Status CheckOptions(const SimulationOptions& o) {
  auto in_unit = [](double x) { return x >= 0.0 && x <= 1.0; };
  if (!in_unit(o.no_show_rate)) return Status::InvalidArgument("simulation: no-show rate must be in [0, 1]");
  if (!in_unit(o.late_share)) return Status::InvalidArgument("simulation: late share must be in [0, 1]");
  for (double x : {o.punctual_sd_minutes, o.late_mean_minutes, o.service_cv, o.closing_grace_minutes}) {
    if (!(x >= 0) || !std::isfinite(x)) {
      return Status::InvalidArgument(
          "simulation: lateness spread, late mean, service variation and closing grace must be finite and not "
          "negative");
    }
  }
  if (!std::isfinite(o.punctual_mean_minutes)) {
    return Status::InvalidArgument("simulation: the punctual mean must be finite");
  }
  return Status::Ok();
}

// The earliest minute >= t at which a counter may start serving a member who
// arrived at `arrival`: any open minute, or any minute after a shift the
// member arrived during or within `grace` after (finishing that shift's
// queue), or any minute after the day's last shift.
double ServiceStart(const std::vector<Interval>& open, double grace, double t, double arrival) {
  double prev_end = -kInf;
  for (const Interval& iv : open) {
    if (t < static_cast<double>(iv.start)) return arrival < prev_end + grace ? t : static_cast<double>(iv.start);
    if (t < static_cast<double>(iv.end)) return t;
    prev_end = static_cast<double>(iv.end);
  }
  return t;
}

double NearestRank(std::vector<double>& sorted_waits, double q) {
  if (sorted_waits.empty()) return 0;
  size_t rank = static_cast<size_t>(std::ceil(q * static_cast<double>(sorted_waits.size())));
  return sorted_waits[std::clamp<size_t>(rank, 1, sorted_waits.size()) - 1];
}

// Simulates the members [begin, end) of `expected` (one station-day, in slot
// order); appends each served member's wait to `all_waits`.
StationDaySimulation SimulateDay(const SimulationOptions& o, const StationInput& station,
                                 const std::vector<Interval>& open, const Expected* begin,
                                 const Expected* end, std::vector<float>* all_waits) {
  StationDaySimulation day;
  day.station = begin->station;
  day.day = Date::FromDays(begin->date);
  day.scheduled = end - begin;
  Rng rng(Mix(Mix(o.seed, static_cast<uint64_t>(begin->station)), static_cast<uint64_t>(begin->date)));
  const double sigma2 = std::log1p(o.service_cv * o.service_cv);
  const double sigma = std::sqrt(sigma2);

  std::vector<Visit> visits;
  visits.reserve(static_cast<size_t>(day.scheduled));
  for (const Expected* e = begin; e != end; ++e) {
    // A fixed number of draws per member: changing one rate does not shift
    // the draws of the members after (common random numbers across runs).
    double u[7];
    for (double& x : u) x = rng.Uniform();
    if (u[0] < o.no_show_rate) {
      ++day.no_shows;
      continue;
    }
    const double lateness = u[1] < o.late_share ? -o.late_mean_minutes * std::log(u[2])
                                                : o.punctual_mean_minutes + o.punctual_sd_minutes * Normal(u[3], u[4]);
    double service = e->service;
    if (sigma > 0) service = e->service * std::exp(sigma * Normal(u[5], u[6]) - sigma2 / 2);
    const double slot = static_cast<double>(e->slot);
    visits.push_back({slot + lateness, slot, service});
  }
  day.served = static_cast<int64_t>(visits.size());
  std::stable_sort(visits.begin(), visits.end(), [](const Visit& a, const Visit& b) {
    return std::tie(a.arrival, a.slot) < std::tie(b.arrival, b.slot);
  });

  std::priority_queue<double, std::vector<double>, std::greater<>> free_at;
  for (int c = 0; c < std::max(1, station.counters); ++c) free_at.push(-kInf);
  std::vector<double> waits;
  waits.reserve(visits.size());
  std::vector<std::pair<double, int>> queue_events;  // (time, +1 arrival / -1 service start)
  queue_events.reserve(2 * visits.size());
  double sum = 0, last_end = -kInf;
  for (const Visit& v : visits) {
    const double start = ServiceStart(open, o.closing_grace_minutes, std::max(free_at.top(), v.arrival), v.arrival);
    free_at.pop();
    free_at.push(start + v.service);
    last_end = std::max(last_end, start + v.service);
    const double wait = std::max(0.0, start - std::max(v.arrival, v.slot));
    waits.push_back(wait);
    sum += wait;
    all_waits->push_back(static_cast<float>(wait));
    queue_events.emplace_back(v.arrival, +1);
    queue_events.emplace_back(start, -1);
  }
  std::sort(queue_events.begin(), queue_events.end());  // at equal times, starts (-1) first
  int64_t in_queue = 0;
  for (const auto& [t, delta] : queue_events) {
    in_queue += delta;
    day.max_queue = std::max(day.max_queue, in_queue);
  }
  std::sort(waits.begin(), waits.end());
  if (!waits.empty()) {
    day.mean_wait = sum / static_cast<double>(waits.size());
    day.p95_wait = NearestRank(waits, 0.95);
    day.max_wait = waits.back();
  }
  if (!open.empty() && last_end > static_cast<double>(open.back().end)) {
    day.overtime = last_end - static_cast<double>(open.back().end);
  }
  return day;
}

// The date of the shift of `shifts` (sorted by start) that holds minute t;
// the calendar date when none does.
int DateOf(const std::vector<Interval>& shifts, int64_t t) {
  auto it = std::upper_bound(shifts.begin(), shifts.end(), t,
                             [](int64_t x, const Interval& iv) { return x < iv.start; });
  while (it != shifts.begin()) {
    --it;
    if (t < it->end) return it->date;
  }
  return static_cast<int>(t >= 0 ? t / 1440 : (t - 1439) / 1440);
}

}  // namespace

SimulationOptions ExactOptions() {
  SimulationOptions o;
  o.no_show_rate = 0;
  o.punctual_mean_minutes = 0;
  o.punctual_sd_minutes = 0;
  o.late_share = 0;
  o.service_cv = 0;
  return o;
}

Result<SimulationResult> Simulate(const PlanInput& input, const PlanOutput& output,
                                  const SimulationOptions& options) {
  CARDEX_RETURN_IF_ERROR(CheckOptions(options));
  const size_t n = input.stations.size();
  std::unordered_map<std::string, int32_t> index;
  for (size_t s = 0; s < n; ++s) index.emplace(input.stations[s].code, static_cast<int32_t>(s));

  const int64_t window_start = static_cast<int64_t>(input.from.days()) * 1440;
  const int64_t window_end = (static_cast<int64_t>(input.to.days()) + 1) * 1440;
  std::vector<std::vector<Interval>> shifts(n);
  for (const ShiftInput& shift : input.shifts) {
    auto it = index.find(shift.station_code);
    if (it == index.end() || shift.date < input.from || input.to < shift.date) continue;
    const int64_t start = LocalMinute(shift.date, shift.start);
    Interval iv{std::max(start, window_start),
                std::min(start + ShiftMinutes(shift.start, shift.end), window_end), shift.date.days()};
    if (iv.start < iv.end) shifts[it->second].push_back(iv);
  }
  for (auto& list : shifts) {
    std::sort(list.begin(), list.end(), [](const Interval& a, const Interval& b) {
      return std::tie(a.start, a.end, a.date) < std::tie(b.start, b.end, b.date);
    });
  }

  std::vector<Expected> expected;
  expected.reserve(output.appointments.size() + input.fixed.size());
  int64_t order = 0;
  for (const Appointment& a : output.appointments) {
    ++order;
    if (a.mode != Mode::kStation) continue;
    if (a.station < 0 || static_cast<size_t>(a.station) >= n || a.cell < 0 ||
        static_cast<size_t>(a.cell) >= input.cells.size() || a.member < 0 ||
        static_cast<size_t>(a.member) >= input.cells[a.cell].members.size()) {
      return Status::InvalidArgument("simulation: appointment " + std::to_string(order) +
                                     " names a station or member the input does not have");
    }
    expected.push_back({a.station, DateOf(shifts[a.station], a.start), a.start,
                        input.stations[a.station].minutes_per_member, order});
  }
  for (const FixedAppointment& f : input.fixed) {
    ++order;
    auto it = index.find(f.station_code);
    if (it == index.end()) {
      return Status::InvalidArgument("simulation: a fixed appointment names unknown station " + f.station_code);
    }
    // Home visits have no queue; appointments before the window have passed;
    // no member is expected at a reserve.
    if (f.home_visit || f.reserve || f.start < window_start || f.start >= window_end) continue;
    expected.push_back({it->second, DateOf(shifts[it->second], f.start), f.start,
                        static_cast<int32_t>(std::max<int64_t>(0, f.end - f.start)), order});
  }
  std::sort(expected.begin(), expected.end(), [](const Expected& a, const Expected& b) {
    return std::tie(a.station, a.date, a.slot, a.order) < std::tie(b.station, b.date, b.slot, b.order);
  });

  SimulationResult result;
  std::vector<float> all_waits;
  all_waits.reserve(expected.size());
  std::vector<Interval> open;
  for (size_t i = 0; i < expected.size();) {
    size_t j = i;
    while (j < expected.size() && expected[j].station == expected[i].station &&
           expected[j].date == expected[i].date) {
      ++j;
    }
    // The day's shifts, merged: overlapping shifts are one opening.
    open.clear();
    for (const Interval& iv : shifts[expected[i].station]) {
      if (iv.date != expected[i].date) continue;
      if (!open.empty() && iv.start <= open.back().end) {
        open.back().end = std::max(open.back().end, iv.end);
      } else {
        open.push_back(iv);
      }
    }
    result.station_days.push_back(SimulateDay(options, input.stations[expected[i].station], open,
                                               expected.data() + i, expected.data() + j, &all_waits));
    i = j;
  }

  double sum = 0, p95_sum = 0;
  int64_t within = 0;
  for (size_t k = 0; k < result.station_days.size(); ++k) {
    const StationDaySimulation& d = result.station_days[k];
    result.scheduled += d.scheduled;
    result.served += d.served;
    result.no_shows += d.no_shows;
    sum += d.mean_wait * static_cast<double>(d.served);
    p95_sum += d.p95_wait;
    if (d.p95_wait < options.target_p95_minutes) ++within;
    if (result.worst_station_day < 0 || d.p95_wait > result.worst_p95_wait) {
      result.worst_p95_wait = d.p95_wait;
      result.worst_station_day = static_cast<int64_t>(k);
    }
  }
  if (result.served > 0) result.mean_wait = sum / static_cast<double>(result.served);
  if (!result.station_days.empty()) {
    const double days = static_cast<double>(result.station_days.size());
    result.mean_station_day_p95 = p95_sum / days;
    result.within_target_share = static_cast<double>(within) / days;
  }
  if (!all_waits.empty()) {
    const size_t rank = static_cast<size_t>(std::ceil(0.95 * static_cast<double>(all_waits.size())));
    auto nth = all_waits.begin() + static_cast<std::ptrdiff_t>(std::clamp<size_t>(rank, 1, all_waits.size()) - 1);
    std::nth_element(all_waits.begin(), nth, all_waits.end());
    result.p95_wait = *nth;
  }
  return result;
}

Status WriteSimulationCsv(const PlanInput& input, const SimulationResult& result, const std::string& path) {
  CARDEX_ASSIGN_OR_RETURN(std::unique_ptr<CsvWriter> out, CsvWriter::OpenFile(path));
  CARDEX_RETURN_IF_ERROR(out->WriteRow({"station_code", "date", "scheduled", "served", "no_shows", "mean_wait",
                                        "p95_wait", "max_wait", "max_queue", "overtime"}));
  auto minutes = [](double x) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", x);
    return std::string(buf);
  };
  for (const StationDaySimulation& d : result.station_days) {
    const std::string date = d.day.ToString();
    const std::string scheduled = std::to_string(d.scheduled), served = std::to_string(d.served),
                      no_shows = std::to_string(d.no_shows), queue = std::to_string(d.max_queue);
    const std::string mean = minutes(d.mean_wait), p95 = minutes(d.p95_wait), max = minutes(d.max_wait),
                      overtime = minutes(d.overtime);
    CARDEX_RETURN_IF_ERROR(out->WriteRow({input.stations[d.station].code, date, scheduled, served, no_shows,
                                          mean, p95, max, queue, overtime}));
  }
  return out->Close();
}

}  // namespace cardex::plan
