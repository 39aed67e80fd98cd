#include "gen/plan.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>
#include <string_view>
#include <utility>

#include "cardex/core/citizen_id.h"
#include "cardex/core/vn_name.h"
#include "gen/hash.h"
#include "gen/registry.h"

namespace cardex::gen {
namespace {

// Splits `total` into sizes of at least `min_each`, the rest shared in
// proportion to `weights`; the sizes add up to `total` exactly.
std::vector<int64_t> SplitSizes(int64_t total, const std::vector<double>& weights,
                                int64_t min_each) {
  const int parts = static_cast<int>(weights.size());
  std::vector<int64_t> sizes(parts, min_each);
  const int64_t rest = total - min_each * parts;
  const double sum = std::accumulate(weights.begin(), weights.end(), 0.0);
  std::vector<std::pair<double, int>> remainders;
  int64_t given = 0;
  for (int i = 0; i < parts; ++i) {
    const double exact = static_cast<double>(rest) * weights[i] / sum;
    const auto whole = static_cast<int64_t>(std::floor(exact));
    sizes[i] += whole;
    given += whole;
    remainders.push_back({exact - static_cast<double>(whole), i});
  }
  std::stable_sort(remainders.begin(), remainders.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (int r = 0; given < rest; ++r, ++given) sizes[remainders[r % parts].second] += 1;
  return sizes;
}

std::vector<double> RandomWeights(int parts, double low, double high, Draw& draw) {
  std::vector<double> weights(parts);
  for (double& w : weights) w = low + (high - low) * draw.Unit();
  return weights;
}

uint64_t Gcd(uint64_t a, uint64_t b) { return b == 0 ? a : Gcd(b, a % b); }

// A multiplier coprime to n, so that x -> (x * m + c) mod n is a bijection.
uint64_t CoprimeMultiplier(uint64_t n, Draw& draw) {
  if (n <= 2) return 1;
  for (;;) {
    const uint64_t m = 1 + draw.Below(n - 1);
    if (Gcd(m, n) == 1) return m;
  }
}

void AddCells(Plan* plan, int commune_index, int cells, int64_t min_size, Draw& draw) {
  PlanCommune& c = plan->communes[commune_index];
  c.first_cell = static_cast<int>(plan->cells.size());
  c.cells = cells;
  const std::vector<int64_t> sizes = SplitSizes(c.members, RandomWeights(cells, 0.3, 1.7, draw),
                                                std::min<int64_t>(min_size, c.members / cells));
  const bool ward = c.level == "phường";
  const std::string institutions[] = {
      "Chi bộ Công an " + c.level,
      "Chi bộ Quân sự " + c.level,
      "Chi bộ Trạm Y tế",
      "Chi bộ Trường THCS " + c.place,
      "Chi bộ Trường Tiểu học " + c.place,
      "Chi bộ Cơ quan Ủy ban nhân dân " + c.level,
  };
  const int institutional = std::min(6, cells / 6);
  const int residential = cells - institutional;
  const int width = cells < 100 ? 2 : 3;
  int64_t first = c.first_member;
  for (int i = 0; i < cells; ++i) {
    PlanCell cell;
    std::string number = std::to_string(i + 1);
    number.insert(0, static_cast<size_t>(std::max(0, width - static_cast<int>(number.size()))),
                  '0');
    cell.code = c.code + ".C" + number;
    cell.name = i < residential
                    ? (ward ? "Chi bộ khu phố " : "Chi bộ thôn ") + std::to_string(i + 1)
                    : institutions[i - residential];
    cell.commune = commune_index;
    cell.first_member = first;
    cell.members = sizes[i];
    first += sizes[i];
    plan->cells.push_back(std::move(cell));
  }
}

void FinishCommune(PlanCommune* c, int64_t probationary, Draw& draw) {
  c->probationary = probationary >= 0 ? probationary : c->members * 3 / 100;
  c->status_multiplier = CoprimeMultiplier(static_cast<uint64_t>(c->members), draw);
  c->status_offset = draw.Below(static_cast<uint64_t>(c->members));
}

std::string UnitName(const std::string& level, const std::string& place) {
  return "Đảng bộ " + level + " " + place;
}

Status PlanLamDong(int64_t members, uint64_t seed, Plan* plan) {
  const auto& all = LamDongCommunes();
  int64_t fixed = 0;
  for (int i = 0; i < kLamDongNamedCommunes; ++i) fixed += all[i].members;
  if (members < 8000) {
    return Status::InvalidArgument(
        "the lam-dong preset needs at least 8000 members (its named "
        "communes alone hold " +
        std::to_string(fixed) + ")");
  }
  plan->provinces.push_back({"LD", "Đảng bộ tỉnh Lâm Đồng"});
  const int others = static_cast<int>(std::min<int64_t>(
      static_cast<int64_t>(all.size()) - kLamDongNamedCommunes, (members - fixed) / 150));
  Draw draw(StreamSeed(seed, Stream::kUnits), 0);
  // Random sizes, wards larger, adding up to the rest exactly.
  std::vector<double> weights = RandomWeights(others, 0.5, 1.5, draw);
  for (int i = 0; i < others; ++i) {
    if (std::string_view(all[kLamDongNamedCommunes + i].level) == "phường") weights[i] *= 1.6;
  }
  const std::vector<int64_t> sizes = SplitSizes(members - fixed, weights, 60);
  int64_t first = 0;
  for (int i = 0; i < kLamDongNamedCommunes + others; ++i) {
    const auto& nc = all[i];
    PlanCommune c;
    c.place = nc.place;
    c.level = nc.level;
    c.short_code = CodeFromPlace(c.place);
    c.code = "LD." + c.short_code;
    c.name = UnitName(c.level, c.place);
    c.members = i < kLamDongNamedCommunes ? nc.members : sizes[i - kLamDongNamedCommunes];
    c.first_member = first;
    first += c.members;
    Draw d(StreamSeed(seed, Stream::kUnits), 1 + static_cast<uint64_t>(i));
    FinishCommune(&c, nc.probationary, d);
    plan->communes.push_back(std::move(c));
    const int64_t n = plan->communes.back().members;
    const int cells =
        nc.cells > 0 ? nc.cells : static_cast<int>(std::max<int64_t>(1, (n + 9) / 18));
    AddCells(plan, static_cast<int>(plan->communes.size() - 1), cells, 5, d);
  }
  return Status::Ok();
}

const char* const kPlacePrefixes[] = {
    "Tân",  "An",   "Bình",  "Phú",   "Hòa", "Long",  "Mỹ",   "Phước", "Thạnh", "Vĩnh",
    "Hưng", "Đông", "Tây",   "Nam",   "Bắc", "Thuận", "Hiệp", "Quảng", "Đức",   "Xuân",
    "Hải",  "Sơn",  "Trung", "Thành", "Kim", "Ngọc",  "Hồng", "Yên",   "Tiên",  "Cẩm"};
const char* const kPlaceSuffixes[] = {
    "Phú",   "An",   "Bình",  "Hòa", "Lợi", "Thành", "Hưng", "Thịnh", "Lộc",   "Phước",
    "Thuận", "Long", "Lâm",   "Sơn", "Hải", "Trung", "Tiến", "Mỹ",    "Khánh", "Xuân",
    "Định",  "Hiệp", "Nghĩa", "Tân", "Lạc", "Quang", "Đông", "Vinh",  "Thủy",  "Hà"};

std::string ProvinceUnitCode(std::string_view name, int code, std::set<std::string>* used) {
  std::string initials;
  bool at_start = true;
  for (char ch : vn_name::StripDiacritics(name)) {
    const bool letter = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z');
    if (letter && at_start) initials.push_back(static_cast<char>(ch >= 'a' ? ch - 'a' + 'A' : ch));
    at_start = !letter;
  }
  if (!used->insert(initials).second) {
    initials += std::to_string(code);
    used->insert(initials);
  }
  return initials;
}

Status PlanGeneric(const GenOptions& o, int64_t members, Plan* plan) {
  if (o.members_per_commune < 20) {
    return Status::InvalidArgument("members per commune must be at least 20");
  }
  const int64_t communes =
      std::max<int64_t>(1, std::llround(static_cast<double>(members) / o.members_per_commune));
  // Communes per province by largest remainder of population weights.
  const std::vector<ProvinceWeight> weights = NationalProvinceWeights();
  double wsum = 0;
  for (const auto& w : weights) wsum += w.weight;
  std::vector<int64_t> per_province(weights.size());
  std::vector<std::pair<double, size_t>> remainders;
  int64_t given = 0;
  for (size_t p = 0; p < weights.size(); ++p) {
    const double exact = static_cast<double>(communes) * weights[p].weight / wsum;
    per_province[p] = static_cast<int64_t>(std::floor(exact));
    given += per_province[p];
    remainders.push_back({exact - std::floor(exact), p});
  }
  std::stable_sort(remainders.begin(), remainders.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (size_t r = 0; given < communes; ++r, ++given) per_province[remainders[r].second] += 1;

  Draw draw(StreamSeed(o.seed, Stream::kUnits), 0);
  const std::vector<int64_t> sizes =
      SplitSizes(members, RandomWeights(static_cast<int>(communes), 0.6, 1.4, draw),
                 std::min<int64_t>(20, members / communes));
  std::set<std::string> used_codes;
  int64_t first = 0;
  size_t next_size = 0;
  for (size_t p = 0; p < weights.size(); ++p) {
    if (per_province[p] == 0) continue;
    const std::string_view pname = ProvinceName(weights[p].code).value_or("?");
    const bool city = weights[p].code == 1 || weights[p].code == 31 || weights[p].code == 48 ||
                      weights[p].code == 79 || weights[p].code == 92 || weights[p].code == 46;
    PlanProvince province;
    province.code = ProvinceUnitCode(pname, weights[p].code, &used_codes);
    province.name = std::string("Đảng bộ ") + (city ? "thành phố " : "tỉnh ") + std::string(pname);
    plan->provinces.push_back(province);
    std::set<std::string> used_places;
    for (int64_t k = 0; k < per_province[p]; ++k) {
      const uint64_t index = plan->communes.size();
      Draw d(StreamSeed(o.seed, Stream::kUnits), 1 + index);
      PlanCommune c;
      for (int attempt = 0;; ++attempt) {
        c.place = std::string(kPlacePrefixes[d.Below(std::size(kPlacePrefixes))]) + " " +
                  kPlaceSuffixes[d.Below(std::size(kPlaceSuffixes))];
        if (attempt > 40) c.place.append(" ").append(std::to_string(attempt));
        const std::string code = CodeFromPlace(c.place);
        if (c.place.substr(0, c.place.find(' ')) != c.place.substr(c.place.find(' ') + 1) &&
            used_places.insert(code).second) {
          break;
        }
      }
      c.level = d.Chance(0.25) ? "phường" : "xã";
      c.short_code = CodeFromPlace(c.place);
      c.code = province.code + "." + c.short_code;
      c.name = UnitName(c.level, c.place);
      c.province = static_cast<int>(plan->provinces.size() - 1);
      c.members = sizes[next_size++];
      c.first_member = first;
      first += c.members;
      FinishCommune(&c, -1, d);
      plan->communes.push_back(std::move(c));
      const int64_t n = plan->communes.back().members;
      const int cells = static_cast<int>(std::max<int64_t>(1, std::llround(n / 100.0)));
      AddCells(plan, static_cast<int>(index), cells, 20, d);
    }
  }
  return Status::Ok();
}

void SizeStation(PlanStation* s, const Plan& plan, int window_days) {
  int64_t load = 0;
  for (int c : s->communes) load += plan.communes[c].members;
  // Fit the station's members in about 60 % of the window.
  const double days = std::max(1.0, 0.6 * window_days);
  auto counters_for = [&](int minutes_per_day) {
    return static_cast<int>(
        std::ceil(static_cast<double>(load) * s->minutes_per_member / (days * minutes_per_day)));
  };
  s->night = load >= 2500 || counters_for(kDayShiftMinutes) > 8;
  s->counters =
      std::clamp(counters_for(kDayShiftMinutes + (s->night ? kNightShiftMinutes : 0)), 2, 8);
}

std::string StationName(const PlanCommune& c) { return "Công an " + c.level + " " + c.place; }

void PlanStations(const GenOptions& o, int window_days, Plan* plan) {
  const bool lam_dong = o.preset == Preset::kLamDong;
  std::vector<bool> served(plan->communes.size(), false);
  auto index_of = [&](std::string_view short_code) {
    for (size_t i = 0; i < plan->communes.size(); ++i) {
      if (plan->communes[i].short_code == short_code) return static_cast<int>(i);
    }
    return -1;
  };
  for (size_t i = 0; i < plan->communes.size(); ++i) {
    const PlanCommune& c = plan->communes[i];
    if (lam_dong &&
        (c.short_code == "TUYPHONG" || c.short_code == "VINHHAO" || c.short_code == "HAMTHANH")) {
      continue;  // served by Liên Hương and Hàm Thuận Nam below
    }
    if (served[i]) continue;
    Draw d(StreamSeed(o.seed, Stream::kStations), i);
    PlanStation s;
    s.code = lam_dong ? "CA." + c.short_code : "CA." + c.code;
    s.name = StationName(c);
    s.minutes_per_member = 6 + static_cast<int>(d.Below(5));
    s.communes.push_back(static_cast<int>(i));
    served[i] = true;
    if (lam_dong) {
      // The report: Liên Hương police served Liên Hương, Tuy Phong and Vĩnh
      // Hảo; Hàm Thuận Nam police served Hàm Thạnh.
      std::vector<std::string_view> extra;
      if (c.short_code == "LIENHUONG") extra = {"TUYPHONG", "VINHHAO"};
      if (c.short_code == "HAMTHUANNAM") extra = {"HAMTHANH"};
      for (std::string_view code : extra) {
        const int j = index_of(code);
        if (j >= 0) {
          s.communes.push_back(j);
          served[j] = true;
        }
      }
    } else if (i + 1 < plan->communes.size() && !served[i + 1] &&
               plan->communes[i + 1].province == c.province && d.Chance(0.1)) {
      s.communes.push_back(static_cast<int>(i + 1));
      served[i + 1] = true;
    }
    SizeStation(&s, *plan, window_days);
    if (lam_dong && c.short_code == "HAMLIEM") {
      // More than 700 members in one day (9 August): 8 counters, 6 minutes.
      s.counters = 8;
      s.minutes_per_member = 6;
    }
    if (lam_dong && c.short_code == "HAMTHUANNAM") {
      // 324 of Hàm Thạnh's members in one day besides its own work.
      s.counters = std::max(s.counters, 4);
      s.minutes_per_member = 8;
    }
    plan->stations.push_back(std::move(s));
  }
}

}  // namespace

std::string CodeFromPlace(const std::string& place) {
  std::string code;
  for (char ch : vn_name::StripDiacritics(place)) {
    if (ch >= 'a' && ch <= 'z')
      code.push_back(static_cast<char>(ch - 'a' + 'A'));
    else if ((ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9'))
      code.push_back(ch);
  }
  return code;
}

int Plan::CellOf(int64_t k) const {
  const auto it = std::upper_bound(cells.begin(), cells.end(), k,
                                   [](int64_t v, const PlanCell& c) { return v < c.first_member; });
  return static_cast<int>(it - cells.begin()) - 1;
}

Result<Plan> MakePlan(const GenOptions& options, int64_t members, int window_days) {
  Plan plan;
  plan.members = members;
  if (options.preset == Preset::kLamDong) {
    CARDEX_RETURN_IF_ERROR(PlanLamDong(members, options.seed, &plan));
  } else {
    CARDEX_RETURN_IF_ERROR(PlanGeneric(options, members, &plan));
  }
  PlanStations(options, window_days, &plan);
  return plan;
}

}  // namespace cardex::gen
