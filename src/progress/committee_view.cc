#include "cardex/progress/committee_view.h"

#include <algorithm>
#include <map>
#include <utility>

#include "cardex/core/unit_tree.h"
#include "cardex/core/vn_name.h"
#include "cardex/progress/rollup.h"
#include "cardex/store/lookups.h"

namespace cardex::progress {
namespace {

// The appointment days of subtrees that do not overlap, summed by day.
std::vector<PlanDay> SumPlanDays(std::span<const UnitOutlook> rows) {
  std::map<Date, PlanDay> by_day;
  for (const UnitOutlook& row : rows) {
    for (const PlanDay& d : row.plan) {
      PlanDay& sum = by_day[d.day];
      sum.day = d.day;
      sum.appointments += d.appointments;
      sum.received += d.received;
    }
  }
  std::vector<PlanDay> out;
  for (const auto& [day, d] : by_day) out.push_back(d);
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
  const UnitsSum whole = SumOfUnits(root_rows, root_daily);
  const Figures& total = whole.figures;
  view.official = total.Official();
  view.received = total.Received();
  view.handed_over = total.HandedOver();
  view.daily = whole.daily;
  view.plan = SumPlanDays(root_rows);
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
