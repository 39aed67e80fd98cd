// WithShortfall, DescribeShortfall (shortfall.h) and the search for the
// least change (shortfall_search.h).
#include <algorithm>
#include <set>

#include "cardex/plan/schedule.h"
#include "cardex/plan/shortfall.h"
#include "shortfall_search.h"

namespace cardex::plan {
namespace {

int64_t ShiftEnd(const ShiftInput& s) { return LocalMinute(s.date, s.start) + ShiftMinutes(s.start, s.end); }

// The shift of `code` dated `date` that ends last (-1: none).
int LastShiftOf(const PlanInput& in, const std::string& code, Date date) {
  int best = -1;
  for (size_t i = 0; i < in.shifts.size(); ++i) {
    const ShiftInput& s = in.shifts[i];
    if (s.station_code != code || s.date != date) continue;
    if (best < 0 || ShiftEnd(s) > ShiftEnd(in.shifts[static_cast<size_t>(best)])) best = static_cast<int>(i);
  }
  return best;
}

// False when the shift would last a whole day or more: no longer shift
// can be written as start and end times.
bool Lengthen(ShiftInput* s, int64_t minutes) {
  const int64_t length = ShiftMinutes(s->start, s->end) + minutes;
  if (length >= 1440) return false;
  s->end = TimeOfDay::FromMinutes(static_cast<int>((s->start.minutes() + length) % 1440));
  return true;
}

// The days (in the window) on which the station has a shift.
std::vector<Date> ShiftDays(const PlanInput& in, const std::string& code) {
  std::set<int> days;
  for (const ShiftInput& s : in.shifts) {
    if (s.station_code == code && !(s.date < in.from) && !(in.to < s.date)) days.insert(s.date.days());
  }
  std::vector<Date> out;
  for (int d : days) out.push_back(Date::FromDays(d));
  return out;
}

}  // namespace

PlanInput WithShortfall(const PlanInput& input, size_t station, const Shortfall& f) {
  PlanInput out = input;
  const std::string& code = input.stations[station].code;
  switch (f.kind) {
    case ShortfallKind::kLongerShift:
      if (int i = LastShiftOf(out, code, f.date); i >= 0) Lengthen(&out.shifts[static_cast<size_t>(i)], f.extra_minutes);
      break;
    case ShortfallKind::kLongerShifts:
      for (Date d : ShiftDays(out, code)) {
        if (int i = LastShiftOf(out, code, d); i >= 0) Lengthen(&out.shifts[static_cast<size_t>(i)], f.extra_minutes);
      }
      break;
    case ShortfallKind::kMoreCounter:
      ++out.stations[station].counters;
      break;
    case ShortfallKind::kNone:
    case ShortfallKind::kUnknown:
      break;
  }
  return out;
}

std::string DescribeShortfall(const PlanInput& input, size_t station, const Shortfall& f) {
  const std::string minutes = std::to_string(f.extra_minutes) + " minutes longer";
  switch (f.kind) {
    case ShortfallKind::kLongerShift: {
      const int i = LastShiftOf(input, input.stations[station].code, f.date);
      if (i < 0) return "the shift of " + f.date.ToString() + " " + minutes;
      const int64_t end = ShiftEnd(input.shifts[static_cast<size_t>(i)]) + f.extra_minutes;
      return "the shift of " + f.date.ToString() + " until " + FormatLocalMinute(end).substr(11) + " (" + minutes +
             ")";
    }
    case ShortfallKind::kLongerShifts: return "every day's last shift " + minutes;
    case ShortfallKind::kMoreCounter: return "one more counter";
    case ShortfallKind::kUnknown: return "more shifts (no longer shift or extra counter is enough)";
    case ShortfallKind::kNone: break;
  }
  return "";
}

namespace internal {

Shortfall LeastShortfall(const PlanInput& in, size_t station, const std::vector<int32_t>& cells, int64_t left) {
  const StationInput& st = in.stations[station];
  // The station alone, with its cells' station members and its fixed
  // counter appointments: what a change of this station can decide.
  PlanInput sub;
  sub.from = in.from;
  sub.to = in.to;
  sub.split_cells_when_needed = in.split_cells_when_needed;
  sub.stations.push_back(st);
  sub.stations[0].home_visit_teams = 0;
  for (const ShiftInput& s : in.shifts) {
    if (s.station_code == st.code) sub.shifts.push_back(s);
  }
  for (const FixedAppointment& f : in.fixed) {
    if (f.station_code == st.code && !f.home_visit) sub.fixed.push_back(f);
  }
  int64_t members = 0;
  for (int32_t c : cells) {
    CellInput cell{in.cells[static_cast<size_t>(c)].unit_code, in.cells[static_cast<size_t>(c)].commune_code, {}};
    for (const MemberInput& m : in.cells[static_cast<size_t>(c)].members) {
      if (!m.home_visit) cell.members.push_back(m);
    }
    members += static_cast<int64_t>(cell.members.size());
    if (!cell.members.empty()) sub.cells.push_back(std::move(cell));
  }
  const int64_t step = st.minutes_per_member, counters = st.counters;
  Shortfall best;
  best.kind = ShortfallKind::kUnknown;
  best.counter_minutes = left * step;
  bool found = false;
  auto places_everyone = [&](const Shortfall& f) {
    auto out = PlanOnly(WithShortfall(sub, 0, f));
    return out.ok() && out->report.left == 0;
  };
  auto take = [&](const Shortfall& f) {
    if (!found || f.counter_minutes < best.counter_minutes) best = f;
    found = true;
  };
  auto base = PlanOnly(sub);
  if (!base.ok() || base->report.left == 0) return best;  // the station alone would place them: not known
  const int64_t positions = base->report.stations[0].free_slots;
  const int64_t deficit = std::max<int64_t>(0, members - positions);
  const std::vector<Date> days = ShiftDays(sub, st.code);

  // The least k in [lo, hi] for which make(k) places everyone: the first
  // few one by one (the answer is usually near the bound), then by halves.
  auto least = [&](int64_t lo, int64_t hi, auto make) -> int64_t {
    int64_t k = lo;
    for (; k <= hi && k < lo + 4; ++k) {
      if (places_everyone(make(k))) return k;
    }
    if (k > hi || !places_everyone(make(hi))) return -1;
    int64_t bad = k - 1, good = hi;
    while (good - bad > 1) {
      const int64_t mid = bad + (good - bad) / 2;
      (places_everyone(make(mid)) ? good : bad) = mid;
    }
    return good;
  };

  // One day's last shift longer by k slots: at least the deficit's slots,
  // at most enough for that day to hold every member.
  const int64_t lo = std::max<int64_t>(1, (deficit + counters - 1) / counters);
  for (auto it = days.rbegin(); it != days.rend(); ++it) {
    const Date day = *it;
    if (found && best.counter_minutes <= lo * step * counters) break;  // no day can do better
    const int64_t hi_all = (members + counters - 1) / counters;
    int64_t hi = found ? std::min(hi_all, best.counter_minutes / (step * counters) - 1) : hi_all;
    if (hi < lo) continue;
    auto make = [&](int64_t k) {
      return Shortfall{ShortfallKind::kLongerShift, day, k * step, k * step * counters};
    };
    if (int64_t k = least(lo, hi, make); k > 0) take(make(k));
  }
  // Every day longer by k slots, where that costs less than the best.
  if (days.size() > 1) {
    const int64_t n = static_cast<int64_t>(days.size());
    const int64_t lo_all = std::max<int64_t>(1, (deficit + counters * n - 1) / (counters * n));
    int64_t hi = (members + counters - 1) / counters;
    if (found) hi = std::min(hi, (best.counter_minutes - 1) / (step * counters * n));
    auto make = [&](int64_t k) {
      return Shortfall{ShortfallKind::kLongerShifts, Date::FromDays(0), k * step, k * step * counters * n};
    };
    if (hi >= lo_all) {
      if (int64_t k = least(lo_all, hi, make); k > 0) take(make(k));
    }
  }
  // One more counter: its cost is one position per wave of the window.
  int64_t waves = 0;
  {
    PlanInput one = sub;
    one.stations[0].counters = 1;
    one.fixed.clear();
    one.cells.clear();
    if (auto out = PlanOnly(one); out.ok()) waves = out->report.stations[0].free_slots;
  }
  const Shortfall counter{ShortfallKind::kMoreCounter, Date::FromDays(0), 0, waves * step};
  if ((!found || counter.counter_minutes < best.counter_minutes) && places_everyone(counter)) take(counter);
  return best;
}

}  // namespace internal
}  // namespace cardex::plan
