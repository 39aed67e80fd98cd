// The forecast's backtest (issue 17): replay a simulated campaign day by
// day and compare, for every unit, the finish forecast on each morning with
// the day the unit actually finished, and its label (late or not) with what
// happened. Two forecasts side by side, the same days: the plan-aware rule
// of progress/forecast.h (with the plan's days) and the pace rule (the same
// function without them: the pace of the last 7 days, which the dashboard
// used before).
//
//   forecast_backtest [--members N] [--seed S] [--window-days D] [--db FILE]
//
// The campaign: gen's lam-dong preset, imported and planned over the window
// as `cardex demo` does (every member to exchange gets an appointment).
// What happens, deterministic per member (a hash of the member and seed):
//   - on the appointment day a member comes with probability 92 %, or 70 %
//     in a "hard" cell (one cell in six: harvest, distance, an ill leader);
//   - one who misses books a catch-up 1-3 days later at once with
//     probability 70 % (the appointment moves: the plan the forecast reads
//     changes), and otherwise comes back by themselves 3-6 days later
//     (their appointment stays in the past: they are behind);
//   - a catch-up is missed again with the same probability, and so on.
// A unit finishes on the day its last member is received; it is late when
// that is after the window's last day (the deadline).
//
// Each morning t (nothing of day t received yet) every commune and cell is
// forecast from what was known then. Reported per campaign day: units not
// yet finished, the mean absolute error of the expected finish in days,
// the share within one day, and the share labelled correctly (at_risk
// exactly for those that finish late; a cell "behind" counts as a warning
// only when it also forecasts a late finish).
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <unistd.h>
#include <unordered_map>
#include <vector>

#include "cardex/gen/generator.h"
#include "cardex/ingest/import.h"
#include "cardex/plan/appointments.h"
#include "cardex/plan/plan_io.h"
#include "cardex/plan/schedule.h"
#include "cardex/progress/forecast.h"
#include "cardex/store/store.h"

namespace {

using cardex::Date;
using cardex::progress::DayCount;
using cardex::progress::Forecast;
using cardex::progress::ForecastInput;
using cardex::progress::PlanDay;
using cardex::progress::Risk;

uint64_t Mix(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb3fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}
uint64_t Hash(std::string_view s, uint64_t seed) {
  uint64_t h = 1469598103934665603ULL ^ seed;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
  return Mix(h);
}
double Uniform(uint64_t h) { return static_cast<double>(h >> 11) / 9007199254740992.0; }

void Die(const cardex::Status& s, const char* what) {
  if (s.ok()) return;
  std::fprintf(stderr, "forecast_backtest: %s: %s\n", what, s.message().c_str());
  std::exit(1);
}

struct Member {
  std::string cell;
  int first_day = 0;      // the plan's appointment (days since 1970)
  // What happened: the day received, and the appointment as the plan read
  // it on each morning (an interval list: from day, appointment day).
  int received_day = 0;
  std::vector<std::pair<int, int>> appointment_from;  // (known from, day)
};

int AppointmentOn(const Member& m, int morning) {
  int day = m.first_day;
  for (const auto& [from, d] : m.appointment_from) {
    if (from <= morning) day = d;
  }
  return day;
}

struct Unit {
  std::string code, kind, parent;
  std::vector<size_t> members;
  int finish = 0;
};

struct Tally {
  int units = 0, within_one = 0, labelled_right = 0, late = 0, flagged = 0;
  double abs_error = 0;
};

bool ForecastsLate(const Forecast& f) {
  if (f.risk == Risk::kAtRisk) return true;
  return f.risk == Risk::kBehind && f.finish && f.deadline && *f.finish > *f.deadline;
}

}  // namespace

int main(int argc, char** argv) {
  int64_t members = 20000;
  uint64_t seed = 2025;
  int window_days = 10;
  std::string db;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--members") members = std::atoll(argv[i + 1]);
    else if (a == "--seed") seed = std::strtoull(argv[i + 1], nullptr, 10);
    else if (a == "--window-days") window_days = std::atoi(argv[i + 1]);
    else if (a == "--db") db = argv[i + 1];
  }
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("cardex-backtest-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  if (db.empty()) db = (dir / "campaign.db").string();
  const Date from = *Date::Parse("2025-08-05");
  const Date to = Date::FromDays(from.days() + window_days - 1);

  cardex::gen::GenOptions g;
  g.preset = cardex::gen::Preset::kLamDong;
  g.members = members;
  g.seed = seed;
  g.from = from.ToString();
  g.to = to.ToString();
  Die(cardex::gen::Generate(g, dir.string()), "gen");
  auto store_or = cardex::OpenStore(db);
  Die(store_or.status(), "open");
  cardex::Store& store = **store_or;
  Die(store.Migrate(), "migrate");
  const std::pair<cardex::RecordKind, const char*> files[] = {{cardex::RecordKind::kUnits, "units.csv"},
                                                              {cardex::RecordKind::kStations, "stations.csv"},
                                                              {cardex::RecordKind::kShifts, "shifts.csv"},
                                                              {cardex::RecordKind::kMembers, "members.csv"}};
  for (const auto& [kind, name] : files) {
    auto r = cardex::ImportFile(store, kind, (dir / name).string());
    Die(r.status(), name);
    if (!r->ok()) Die(cardex::Status::Internal(r->errors[0]), name);
  }
  auto input = cardex::plan::LoadPlanInput(store, from, to);
  Die(input.status(), "plan input");
  auto output = cardex::plan::Plan(*input);
  Die(output.status(), "plan");
  auto key = cardex::plan::LoadInvitationKey(store);
  Die(key.status(), "invitation key");
  const auto rows = cardex::plan::ToStoredAppointments(*input, *output, *key, 1);

  // The tree.
  auto units_rows = store.Query("SELECT code, kind, parent_code FROM units");
  Die(units_rows.status(), "units");
  std::map<std::string, Unit> units;
  for (size_t i = 0; i < units_rows->size(); ++i) {
    Unit u{std::string(units_rows->Text(i, 0)), std::string(units_rows->Text(i, 1)),
           std::string(units_rows->Text(i, 2)), {}, 0};
    units[u.code] = u;
  }

  // The simulated campaign.
  std::vector<Member> people;
  int last_day = 0;
  for (const auto& a : rows) {
    Member m;
    m.cell = a.unit_code;
    m.first_day = Date::Parse(a.slot_start.substr(0, 10))->days();
    const bool hard = Uniform(Hash(a.unit_code, seed ^ 0x4a4a)) < 1.0 / 6;
    const double come = hard ? 0.70 : 0.92;
    int day = m.first_day;
    for (int attempt = 0;; ++attempt) {
      const uint64_t h = Hash(a.member_no + "#" + std::to_string(attempt), seed);
      if (Uniform(h) < come || attempt > 20) break;
      const uint64_t h2 = Mix(h);
      if (Uniform(h2) < 0.70) {
        const int next = day + 1 + static_cast<int>(Mix(h2) % 3);
        m.appointment_from.push_back({day + 1, next});  // booked at the desk, known next morning
        day = next;
      } else {
        day += 3 + static_cast<int>(Mix(h2) % 4);  // comes back by themselves
      }
    }
    m.received_day = day;
    last_day = std::max(last_day, day);
    people.push_back(std::move(m));
    for (std::string code = a.unit_code; !code.empty(); code = units[code].parent) {
      units[code].members.push_back(people.size() - 1);
    }
  }
  for (auto& [code, u] : units) {
    for (size_t i : u.members) u.finish = std::max(u.finish, people[i].received_day);
  }

  const cardex::progress::CampaignWindow window{from, to};
  std::printf("forecast backtest: lam-dong, %lld members, seed %llu, window %s – %s (%d days), last receipt %s\n",
              static_cast<long long>(people.size()), static_cast<unsigned long long>(seed),
              from.ToString().c_str(), to.ToString().c_str(), window_days,
              Date::FromDays(last_day).ToString().c_str());
  int late_communes = 0, communes = 0, late_cells = 0, cells = 0;
  for (const auto& [code, u] : units) {
    if (u.members.empty()) continue;
    if (u.kind == "commune") ++communes, late_communes += u.finish > to.days();
    if (u.kind == "cell") ++cells, late_cells += u.finish > to.days();
  }
  std::printf("communes %d (%d finish after the deadline), cells %d (%d after it)\n\n", communes, late_communes,
              cells, late_cells);

  for (const char* kind : {"commune", "cell"}) {
    std::printf("%ss not finished on the morning of the day: forecast finish vs actual\n", kind);
    std::printf("| day | date       | units | plan: mean abs error (days) | plan: within 1 day | plan: labelled right | pace: mean abs error | pace: within 1 day | pace: labelled right |\n");
    std::printf("|----:|------------|------:|----:|----:|----:|----:|----:|----:|\n");
    for (int t = from.days(); t <= to.days(); ++t) {
      Tally plan_t, pace_t;
      for (const auto& [code, u] : units) {
        if (u.kind != kind || u.members.empty() || u.finish < t) continue;
        std::map<int, PlanDay> by_day;
        std::map<int, int64_t> received_by_day;
        int64_t received = 0;
        for (size_t i : u.members) {
          const Member& m = people[i];
          const int a = AppointmentOn(m, t);
          PlanDay& p = by_day[a];
          p.day = Date::FromDays(a);
          ++p.appointments;
          if (m.received_day < t) {
            ++p.received;
            ++received;
            ++received_by_day[m.received_day];
          }
        }
        std::vector<PlanDay> plan;
        for (auto& [d, p] : by_day) plan.push_back(p);
        std::vector<DayCount> daily;
        for (auto& [d, n] : received_by_day) daily.push_back({Date::FromDays(d), n, 0});
        ForecastInput in;
        in.daily = daily;
        in.official = static_cast<int64_t>(u.members.size());
        in.received = received;
        in.today = Date::FromDays(t);
        in.window = window;
        in.cell = u.kind == "cell";
        const bool late = u.finish > to.days();
        auto score = [&](const Forecast& f, Tally& tally) {
          ++tally.units;
          tally.late += late;
          const int predicted = f.finish ? f.finish->days() : t + 60;
          const int err = std::abs(predicted - u.finish);
          tally.abs_error += err;
          tally.within_one += err <= 1;
          const bool flagged = ForecastsLate(f);
          tally.flagged += flagged;
          tally.labelled_right += flagged == late;
        };
        score(cardex::progress::MakeForecast(in), pace_t);
        in.plan = plan;
        score(cardex::progress::MakeForecast(in), plan_t);
      }
      if (plan_t.units == 0) continue;
      auto pct = [](int a, int b) { return b > 0 ? 100.0 * a / b : 0.0; };
      std::printf("| %3d | %s | %5d | %5.2f | %5.1f %% | %5.1f %% | %5.2f | %5.1f %% | %5.1f %% |\n",
                  t - from.days() + 1, Date::FromDays(t).ToString().c_str(), plan_t.units,
                  plan_t.abs_error / plan_t.units, pct(plan_t.within_one, plan_t.units),
                  pct(plan_t.labelled_right, plan_t.units), pace_t.abs_error / pace_t.units,
                  pct(pace_t.within_one, pace_t.units), pct(pace_t.labelled_right, pace_t.units));
    }
    std::printf("\n");
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
  return 0;
}
