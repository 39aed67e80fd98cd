// The campaign with its catch-up, with and without the no-show reserve
// (issue 16): gen's lam-dong preset imported and planned over the window
// three ways, each run through SimulateCampaign (plan/campaign.h) at the
// same no-show rate and seeds:
//   - the plan as before: every slot may be filled until the deadline;
//   - what an officer would do by hand: the same plan with the window's
//     last `--margin` days cut off (catch-ups then use them);
//   - the reserve (plan/reserve.h): the expected no-show share of every
//     station-day's slots kept free at the day's end.
// Each with and without the home visit for a member who missed twice.
// Reported per way: the plan's last slot, the day the campaign reaches
// 100 % (or how many members are not received by the deadline), the days
// to spare, misses and catch-ups, and the wait (mean, p95) over every visit.
//
//   campaign_reserve [--members N] [--rate R] [--seeds K] [--window-days D] [--margin M]
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <unistd.h>

#include "cardex/gen/generator.h"
#include "cardex/ingest/import.h"
#include "cardex/plan/campaign.h"
#include "cardex/plan/plan_io.h"
#include "cardex/plan/reserve.h"
#include "cardex/plan/schedule.h"
#include "cardex/store/store.h"

namespace {

using cardex::Date;

void Die(const cardex::Status& s, const char* what) {
  if (s.ok()) return;
  std::fprintf(stderr, "campaign_reserve: %s: %s\n", what, s.message().c_str());
  std::exit(1);
}

}  // namespace

int main(int argc, char** argv) {
  int64_t members = 100000;
  double rate = 0.11;
  int seeds = 3;
  int window_days = 10;
  int margin = 2;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--members") members = std::atoll(argv[i + 1]);
    else if (a == "--rate") rate = std::atof(argv[i + 1]);
    else if (a == "--seeds") seeds = std::atoi(argv[i + 1]);
    else if (a == "--window-days") window_days = std::atoi(argv[i + 1]);
    else if (a == "--margin") margin = std::atoi(argv[i + 1]);
  }
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("cardex-campaign-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const Date from = *Date::Parse("2025-08-05");
  const Date to = Date::FromDays(from.days() + window_days - 1);

  cardex::gen::GenOptions g;
  g.preset = cardex::gen::Preset::kLamDong;
  g.members = members;
  g.from = from.ToString();
  g.to = to.ToString();
  Die(cardex::gen::Generate(g, dir.string()), "gen");
  auto store_or = cardex::OpenStore((dir / "campaign.db").string());
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
  auto full = cardex::plan::LoadPlanInput(store, from, to);
  Die(full.status(), "plan input");
  fs::remove_all(dir);

  struct Way {
    const char* name;
    cardex::plan::PlanInput input;
  };
  cardex::plan::PlanInput cut = *full;
  cut.to = Date::FromDays(to.days() - margin);
  auto reserved = cardex::plan::WithNoShowReserve(*full, rate);
  Die(reserved.status(), "reserve");
  Way ways[] = {{"every slot until the deadline", *full},
                {"last days kept by hand", cut},
                {"reserve at each day's end", *reserved}};

  std::printf("campaign with catch-up: lam-dong, %lld members, window %s – %s (%d days), %.0f %% no-shows, "
              "seeds 1..%d\n\n",
              static_cast<long long>(members), from.ToString().c_str(), to.ToString().c_str(), window_days,
              100 * rate, seeds);
  std::printf("| plan | planned | last slot | home visit after | seed | 99 %% on | 100 %% on | days to spare | not received | misses | "
              "catch-ups (home) | wait mean (min) | wait p95 (min) |\n");
  std::printf("|---|---:|---|---|---:|---|---|---:|---:|---:|---:|---:|---:|\n");
  for (Way& way : ways) {
    auto output = cardex::plan::Plan(way.input);
    Die(output.status(), "plan");
    // The campaign runs in the whole window whatever the plan kept back.
    cardex::plan::PlanInput campaign = way.input;
    campaign.to = to;
    for (int home_after : {0, 2})
    for (int seed = 1; seed <= seeds; ++seed) {
      cardex::plan::SimulationOptions o;
      o.no_show_rate = rate;
      o.seed = static_cast<uint64_t>(seed);
      o.home_visit_after_misses = home_after;
      auto c = cardex::plan::SimulateCampaign(campaign, *output, o);
      Die(c.status(), "campaign");
      std::printf("| %s | %lld of %lld | %s | %s | %d | %s | %s | %lld | %lld | %lld | %lld (%lld) | %.1f | %.1f |\n", way.name,
                  static_cast<long long>(output->report.scheduled), static_cast<long long>(output->report.members),
                  cardex::plan::FormatLocalMinute(output->report.campaign_finish).c_str(),
                  home_after == 0 ? "never" : "2 misses", seed,
                  c->day_99.days() > 0 ? c->day_99.ToString().c_str() : "never", c->complete ? c->last_day.ToString().c_str() : "never", static_cast<long long>(c->days_to_spare),
                  static_cast<long long>(c->not_received), static_cast<long long>(c->misses),
                  static_cast<long long>(c->catch_ups), static_cast<long long>(c->home_catch_ups), c->waits.mean_wait, c->waits.p95_wait);
    }
  }
  return 0;
}
