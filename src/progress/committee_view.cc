#include "cardex/progress/committee_view.h"

#include <algorithm>
#include <map>
#include <utility>

#include "cardex/core/unit_tree.h"
#include "cardex/core/vn_name.h"
#include "cardex/progress/plan_days.h"
#include "cardex/progress/rollup.h"
#include "cardex/store/lookups.h"

namespace cardex::progress {
namespace {

// Days of several subtrees that do not overlap, summed by day.
template <typename Day, typename Add>
std::vector<Day> SumByDay(const std::map<std::string, std::vector<Day>, std::less<>>& by_unit, Add add) {
  std::map<Date, Day> by_day;
  for (const auto& [code, days] : by_unit) {
    for (const Day& d : days) {
      Day& sum = by_day[d.day];
      sum.day = d.day;
      add(sum, d);
    }
  }
  std::vector<Day> out;
  out.reserve(by_day.size());
  for (auto& [day, d] : by_day) out.push_back(d);
  return out;
}

}  // namespace

bool NeedsAction(Risk risk) {
  return risk == Risk::kAtRisk || risk == Risk::kBehind || risk == Risk::kTight || risk == Risk::kUnscheduled;
}

Result<CommitteeView> LoadCommitteeView(Store& store, std::string_view unit_code, Date today) {
  CARDEX_RETURN_IF_ERROR(EnsureCurrent(store).status());
  CARDEX_ASSIGN_OR_RETURN(const UnitTree tree, LoadUnitTree(store));
  std::vector<size_t> roots;
  if (unit_code.empty()) {
    roots = tree.Roots();
  } else {
    const size_t at = tree.Find(unit_code);
    if (at == UnitTree::kNone) return Status::NotFound("no unit " + std::string(unit_code));
    roots = {at};
  }
  CommitteeView view;
  view.today = today;
  CARDEX_ASSIGN_OR_RETURN(view.window, LoadCampaignWindow(store));

  std::vector<Unit> root_units, below;
  for (size_t r : roots) {
    root_units.push_back(tree.units()[r]);
    for (size_t child : tree.Children(r)) {
      below.push_back(tree.units()[child]);
      for (size_t grandchild : tree.Children(child)) below.push_back(tree.units()[grandchild]);
    }
  }
  for (const Unit& u : root_units) {
    if (!view.title.empty()) view.title += ", ";
    view.title += u.name.empty() ? u.code : u.name;
  }

  // The whole: the roots' subtrees do not overlap, so it is their sum.
  std::map<std::string, std::vector<DayCount>, std::less<>> root_daily;
  CARDEX_ASSIGN_OR_RETURN(const std::vector<UnitOutlook> root_rows,
                          UnitsOutlook(store, root_units, today, view.window, &root_daily));
  std::vector<std::string> root_codes;
  for (const Unit& u : root_units) root_codes.push_back(u.code);
  CARDEX_ASSIGN_OR_RETURN(const auto root_plans, UnitsPlanDays(store, root_codes));
  Figures total;
  for (const UnitOutlook& r : root_rows) {
    total.to_exchange += r.figures.to_exchange;
    total.with_appointment += r.figures.with_appointment;
    for (const auto& [m, n] : r.figures.by_state) total.by_state[m] += n;
  }
  view.official = total.Official();
  view.received = total.Received();
  view.handed_over = total.HandedOver();
  view.daily = SumByDay(root_daily, [](DayCount& sum, const DayCount& d) {
    sum.received += d.received;
    sum.handed_over += d.handed_over;
  });
  view.plan = SumByDay(root_plans, [](PlanDay& sum, const PlanDay& d) {
    sum.appointments += d.appointments;
    sum.received += d.received;
  });
  view.forecast = ForecastOfUnit(total, view.daily, today, view.window, view.plan, false);

  CARDEX_ASSIGN_OR_RETURN(std::vector<UnitOutlook> rows, UnitsOutlook(store, below, today, view.window));
  view.outlook = ExplainForecast(view.forecast, false, BehindUnits(rows));
  std::vector<std::pair<std::string, UnitOutlook>> acting;
  for (UnitOutlook& r : rows) {
    if (NeedsAction(r.forecast.risk)) acting.emplace_back(vn_name::UnitSortKey(r.name), std::move(r));
  }
  std::stable_sort(acting.begin(), acting.end(), [](const auto& a, const auto& b) {
    const Forecast &fa = a.second.forecast, &fb = b.second.forecast;
    if (fa.risk != fb.risk) return fa.risk < fb.risk;
    if (fa.behind != fb.behind) return fa.behind > fb.behind;
    return a.first < b.first;
  });
  for (auto& [key, row] : acting) {
    if (view.needing_action.size() < CommitteeView::kMostListed) {
      view.needing_action.push_back(std::move(row));
    } else {
      ++view.more_needing_action;
    }
  }
  return view;
}

}  // namespace cardex::progress
