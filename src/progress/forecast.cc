#include "cardex/progress/forecast.h"

#include <algorithm>
#include <cmath>

namespace cardex::progress {
namespace {

// The day `days` whole days of work from today on, today being the first.
Date FinishAt(Date today, int64_t remaining, double pace) {
  const double days = std::ceil(static_cast<double>(remaining) / pace);
  // Far beyond any campaign: keep the date representable.
  const int capped = static_cast<int>(std::min(days, 100000.0));
  return Date::FromDays(today.days() + std::max(capped, 1) - 1);
}

}  // namespace

std::string_view RiskName(Risk risk) {
  switch (risk) {
    case Risk::kAtRisk: return "at_risk";
    case Risk::kTight: return "tight";
    case Risk::kNotStarted: return "not_started";
    case Risk::kOnTrack: return "on_track";
    case Risk::kUnknown: return "unknown";
    case Risk::kDone: return "done";
  }
  return "unknown";
}

Forecast MakeForecast(const ForecastInput& in) {
  Forecast f;
  f.remaining = std::max<int64_t>(in.official - in.received, 0);
  if (in.window) f.deadline = in.window->to;

  // The samples: whole days before today, from the campaign's start on.
  int start = in.today.days() - std::max(in.recent_days, 1);
  int first_day = in.today.days();
  if (in.window) {
    first_day = in.window->from.days();
  } else if (!in.daily.empty()) {
    first_day = in.daily.front().day.days();
  }
  start = std::max(start, first_day);
  std::vector<double> samples;
  for (int d = start; d < in.today.days(); ++d) samples.push_back(0);
  int64_t today_count = 0;
  for (const DayCount& c : in.daily) {
    const int d = c.day.days();
    if (d >= start && d < in.today.days()) samples[static_cast<size_t>(d - start)] += static_cast<double>(c.received);
    if (d == in.today.days()) today_count = c.received;
  }
  if (samples.empty()) samples.push_back(static_cast<double>(today_count));
  f.samples = static_cast<int>(samples.size());
  double sum = 0;
  for (double s : samples) sum += s;
  f.pace = sum / static_cast<double>(samples.size());
  double spread = 0;
  if (samples.size() > 1) {
    double sq = 0;
    for (double s : samples) sq += (s - f.pace) * (s - f.pace);
    spread = std::sqrt(sq / static_cast<double>(samples.size() - 1));
  }
  f.pace_low = std::max(f.pace - spread, 0.0);
  f.pace_high = f.pace + spread;

  if (f.deadline) {
    f.days_left = std::max(f.deadline->days() - in.today.days() + 1, 0);
    if (f.days_left > 0) f.needed_per_day = static_cast<double>(f.remaining) / f.days_left;
  }

  if (f.remaining == 0) {
    f.risk = Risk::kDone;
    Date last = in.today;
    for (const DayCount& c : in.daily) {
      if (c.received > 0) last = c.day;
    }
    f.finish = f.finish_early = f.finish_late = last;
    if (f.deadline) f.slack_days = f.deadline->days() - last.days();
    return f;
  }
  if (f.pace > 0) f.finish = FinishAt(in.today, f.remaining, f.pace);
  if (f.pace_high > 0) f.finish_early = FinishAt(in.today, f.remaining, f.pace_high);
  if (f.pace_low > 0) f.finish_late = FinishAt(in.today, f.remaining, f.pace_low);
  if (!f.deadline) {
    f.risk = Risk::kUnknown;
    return f;
  }
  if (f.finish) f.slack_days = f.deadline->days() - f.finish->days();
  if (in.received == 0 && f.days_left > 0) {
    f.risk = Risk::kNotStarted;
  } else if (!f.finish || *f.finish > *f.deadline) {
    f.risk = Risk::kAtRisk;
  } else if (!f.finish_late || *f.finish_late > *f.deadline) {
    f.risk = Risk::kTight;
  } else {
    f.risk = Risk::kOnTrack;
  }
  return f;
}

std::vector<CumulativePoint> Cumulative(std::span<const DayCount> daily, Date from, Date to) {
  std::vector<CumulativePoint> out;
  int64_t received = 0, handed_over = 0;
  size_t i = 0;
  for (int d = from.days(); d <= to.days(); ++d) {
    for (; i < daily.size() && daily[i].day.days() <= d; ++i) {
      received += daily[i].received;
      handed_over += daily[i].handed_over;
    }
    out.push_back({Date::FromDays(d), received, handed_over});
  }
  return out;
}

double StraightLine(const CampaignWindow& window, int64_t official, Date day) {
  const int span = window.to.days() - window.from.days() + 1;
  const int done = day.days() - window.from.days() + 1;
  if (done <= 0) return 0;
  if (done >= span) return static_cast<double>(official);
  return static_cast<double>(official) * done / span;
}

}  // namespace cardex::progress
