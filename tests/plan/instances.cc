#include "tests/plan/instances.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace cardex::plan::testing {
namespace {

// splitmix64: the standard library's distributions differ between
// implementations, so the tests draw their own numbers.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  int Uniform(int lo, int hi) { return lo + static_cast<int>(Next() % static_cast<uint64_t>(hi - lo + 1)); }
  bool Chance(int percent) { return Uniform(1, 100) <= percent; }

 private:
  uint64_t state_;
};

Date Day(int offset) { return Date::FromDays(Date::Parse("2025-08-05")->days() + offset); }
TimeOfDay At(int minutes) { return TimeOfDay::FromMinutes(((minutes % 1440) + 1440) % 1440); }

void AddShift(PlanInput* in, const std::string& station, int day, int start, int end) {
  in->shifts.push_back({station, Day(day), At(start), At(end)});
}

std::vector<MemberInput> Members(const std::string& cell, int n, int home_percent, Rng* rng) {
  std::vector<MemberInput> members(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    members[i].member_no = cell + "#" + std::to_string(i + 1);
    members[i].home_visit = home_percent > 0 && rng->Chance(home_percent);
  }
  return members;
}

}  // namespace

PlanInput RandomInstance(uint64_t seed) {
  Rng rng(seed * 7919 + 17);
  PlanInput in;
  const int days = rng.Uniform(1, 5);
  in.from = Day(0);
  in.to = Day(days - 1);
  const int communes = rng.Uniform(1, 6);
  const int stations = rng.Uniform(1, 5);
  static const int kMinutes[] = {5, 6, 7, 8, 10, 12, 15};
  for (int s = 0; s < stations; ++s) {
    StationInput st;
    st.code = "S" + std::to_string(s + 1);
    st.counters = rng.Uniform(1, 4);
    st.minutes_per_member = kMinutes[rng.Uniform(0, 6)];
    st.home_visit_teams = rng.Chance(15) ? 0 : rng.Uniform(1, 2);
    st.home_visit_minutes = rng.Chance(50) ? 0 : rng.Uniform(15, 40);
    const int serves = rng.Uniform(1, std::min(3, communes));
    for (int k = 0; k < serves; ++k) {
      const std::string commune = "P.C" + std::to_string(rng.Uniform(1, communes));
      if (std::find(st.serves.begin(), st.serves.end(), commune) == st.serves.end()) st.serves.push_back(commune);
    }
    in.stations.push_back(st);

    if (rng.Chance(20)) AddShift(&in, st.code, -1, 22 * 60, 2 * 60);  // before the window
    for (int d = 0; d < days; ++d) {
      if (rng.Chance(10)) continue;  // closed that day
      const int pattern = rng.Uniform(0, 4);
      if (pattern == 0) {  // office hours with odd edges
        AddShift(&in, st.code, d, 7 * 60 + rng.Uniform(0, 45), 11 * 60 + rng.Uniform(0, 59));
        AddShift(&in, st.code, d, 13 * 60 + rng.Uniform(0, 30), 17 * 60 + rng.Uniform(0, 30));
      } else if (pattern == 1) {  // plus the evening and a night past midnight
        AddShift(&in, st.code, d, 7 * 60 + 30, 11 * 60 + 30);
        AddShift(&in, st.code, d, 18 * 60, 21 * 60);
        AddShift(&in, st.code, d, 22 * 60, rng.Uniform(0, 3) * 60 + 30);
      } else if (pattern == 2) {  // overlapping shifts
        AddShift(&in, st.code, d, 8 * 60, 12 * 60);
        AddShift(&in, st.code, d, 10 * 60 + rng.Uniform(0, 90), 15 * 60);
      } else if (pattern == 3) {  // a short one
        AddShift(&in, st.code, d, 9 * 60, 9 * 60 + rng.Uniform(20, 120));
      } else {  // round the clock
        AddShift(&in, st.code, d, 6 * 60, 6 * 60);
      }
    }
  }
  const int load = rng.Uniform(1, 4);  // 4: often too much for the window
  for (int q = 1; q <= communes; ++q) {
    const int cells = rng.Uniform(1, 3 + 2 * load);
    for (int c = 1; c <= cells; ++c) {
      CellInput cell;
      cell.commune_code = "P.C" + std::to_string(q);
      cell.unit_code = cell.commune_code + ".B" + std::to_string(c);
      const int size = rng.Chance(8) ? rng.Uniform(60, 400) : rng.Uniform(1, 15 * load);
      cell.members = Members(cell.unit_code, size, rng.Chance(30) ? 10 : 0, &rng);
      in.cells.push_back(std::move(cell));
    }
  }
  return in;
}

PlanInput NationalInstance(double scale) {
  Rng rng(2025);
  PlanInput in;
  const int days = 10;
  in.from = Day(0);
  in.to = Day(days - 1);
  const int stations = std::max(1, static_cast<int>(std::lround(3300 * scale)));
  const int cells = std::max(stations, static_cast<int>(std::lround(55000 * scale)));
  // Members of each station's own commune, drawn first to size counters.
  std::vector<std::vector<int>> cell_sizes(static_cast<size_t>(stations));
  for (int c = 0; c < cells; ++c) {
    // ~102 members a cell on average: 5.6 million over 55,000 cells.
    const int size = rng.Chance(5) ? rng.Uniform(200, 500) : rng.Uniform(20, 170);
    cell_sizes[static_cast<size_t>(c % stations)].push_back(size);
  }
  for (int s = 0; s < stations; ++s) {
    StationInput st;
    st.code = "CA." + std::to_string(s + 1);
    st.minutes_per_member = rng.Uniform(6, 10);
    st.serves.push_back("X." + std::to_string(s + 1));
    // One station in ten also serves its neighbour's commune.
    if (stations > 1 && s % 10 == 3) st.serves.push_back("X." + std::to_string((s + 1) % stations + 1));
    const bool night = rng.Chance(20);
    const int open_minutes = days * (240 + 210 + 180 + (night ? 180 : 0));
    int64_t members = 0;
    for (int size : cell_sizes[static_cast<size_t>(s)]) members += size;
    st.counters = std::max<int>(
        1, static_cast<int>(std::ceil(members * st.minutes_per_member / (0.75 * open_minutes))));
    in.stations.push_back(st);
    for (int d = 0; d < days; ++d) {
      AddShift(&in, st.code, d, 7 * 60 + 30, 11 * 60 + 30);
      AddShift(&in, st.code, d, 13 * 60 + 30, 17 * 60);
      AddShift(&in, st.code, d, 18 * 60, 21 * 60);
      if (night) AddShift(&in, st.code, d, 22 * 60, 1 * 60);
    }
  }
  for (int s = 0; s < stations; ++s) {
    int n = 0;
    for (int size : cell_sizes[static_cast<size_t>(s)]) {
      CellInput cell;
      cell.commune_code = "X." + std::to_string(s + 1);
      cell.unit_code = cell.commune_code + ".C" + std::to_string(++n);
      cell.members = Members(cell.unit_code, size, 2, &rng);
      in.cells.push_back(std::move(cell));
    }
  }
  return in;
}

}  // namespace cardex::plan::testing
