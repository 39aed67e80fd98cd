// What the committee reads first in the progress report (the PDF's first
// page, report.h): the day curve of the report's subtree against its
// targets and the forecast, its label with why and what to do, and the
// units below that need action, worst first.
//
// The curve and forecast are those of the dashboard (forecast.h, the same
// rule and the same words, outlook.h); several roots (the national report)
// are summed as the national dashboard sums them.
//
// Thread safety: reads the caller's Store (one per thread).
#ifndef CARDEX_PROGRESS_COMMITTEE_VIEW_H_
#define CARDEX_PROGRESS_COMMITTEE_VIEW_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cardex/core/dates.h"
#include "cardex/core/status.h"
#include "cardex/progress/daily.h"
#include "cardex/progress/forecast.h"
#include "cardex/progress/outlook.h"
#include "cardex/store/store.h"

namespace cardex::progress {

struct CommitteeView {
  std::string title;  // the roots' names, "Lâm Đồng" or "A, B"
  Date today;
  std::optional<CampaignWindow> window;  // the deadline is window->to
  int64_t official = 0, received = 0, handed_over = 0;
  std::vector<DayCount> daily;  // the roots' days, summed, ascending
  std::vector<PlanDay> plan;    // the roots' appointment days, summed, ascending
  Forecast forecast;            // of the whole
  Outlook outlook;              // its why and what to do
  // The units one and two levels below the roots whose label asks for
  // action (at risk, behind, tight, not scheduled), worst label first, then
  // the most behind, then in Vietnamese order; at most `kMostListed`, and
  // how many more there are.
  static constexpr size_t kMostListed = 6;
  std::vector<UnitOutlook> needing_action;
  int64_t more_needing_action = 0;
};

// kNotFound for an unknown unit; "" is every root. Brings the roll-ups up
// to date first (EnsureCurrent), as ProgressRows does.
Result<CommitteeView> LoadCommitteeView(Store& store, std::string_view unit_code, Date today);

// True for the labels that ask the committee to act.
bool NeedsAction(Risk risk);

}  // namespace cardex::progress

#endif  // CARDEX_PROGRESS_COMMITTEE_VIEW_H_
