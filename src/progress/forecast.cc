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

// The Beta prior of the kept share: mean 0.9, worth 20 appointments.
constexpr double kPriorKept = 18, kPriorMissed = 2;
constexpr double kZ80 = 1.2816;

// The first day the expected total reaches `official` (to half a member) when each day's
// appointments still to come are kept at `share` and the rest is caught up
// after the plan's last day at `share` of its mean day; nullopt when that
// never happens (share 0).
std::optional<Date> ProjectFinish(const ForecastInput& in, double share, double mean_day, Date catch_up_from) {
  const double need = static_cast<double>(in.official - in.received);
  double expected = 0;
  for (const PlanDay& p : in.plan) {
    if (p.day < in.today) continue;
    expected += share * static_cast<double>(std::max<int64_t>(p.appointments - p.received, 0));
    // Counted in whole members: the day the rounded total gets there.
    if (expected >= need - 0.5) return p.day;
  }
  const double pace = share * mean_day;
  if (pace <= 0) return std::nullopt;
  return FinishAt(catch_up_from, std::llround(need - expected), pace);
}

void PlanForecast(const ForecastInput& in, Forecast& f) {
  f.planned = true;
  int64_t appointed = 0;
  int appointment_days = 0;
  for (const PlanDay& p : in.plan) {
    appointed += p.appointments;
    if (p.appointments > 0) ++appointment_days;
    const int64_t open = std::max<int64_t>(p.appointments - p.received, 0);
    if (p.day < in.today) {
      f.appointed_past += p.appointments;
      f.kept_past += p.received;
      f.behind += open;
      if (open > 0 && !f.behind_since) f.behind_since = p.day;
    } else {
      f.booked_ahead += open;
      if (open > 0 && !f.next_appointment) f.next_appointment = p.day;
    }
    if (p.appointments > 0) f.last_appointment = p.day;
  }
  f.unscheduled = std::max<int64_t>(f.remaining - f.behind - f.booked_ahead, 0);

  const double a = kPriorKept + static_cast<double>(f.kept_past);
  const double b = kPriorMissed + static_cast<double>(std::max<int64_t>(f.appointed_past - f.kept_past, 0));
  f.kept = a / (a + b);
  const double spread = std::sqrt(f.kept * (1 - f.kept) / (a + b + 1));
  f.kept_low = std::clamp(f.kept - kZ80 * spread, 0.0, 1.0);
  f.kept_high = std::clamp(f.kept + kZ80 * spread, 0.0, 1.0);

  // The pace shown: what the plan expects a day from today to its last day.
  int plan_days_left = 0;
  double expected_ahead = 0;
  if (f.last_appointment && *f.last_appointment >= in.today) {
    plan_days_left = f.last_appointment->days() - in.today.days() + 1;
    expected_ahead = f.kept * static_cast<double>(f.booked_ahead);
  }
  f.samples = plan_days_left;
  f.pace = plan_days_left > 0 ? expected_ahead / plan_days_left : 0;
  f.pace_low = plan_days_left > 0 ? f.kept_low * static_cast<double>(f.booked_ahead) / plan_days_left : 0;
  f.pace_high = plan_days_left > 0 ? f.kept_high * static_cast<double>(f.booked_ahead) / plan_days_left : 0;

  if (f.remaining == 0) return;
  const double mean_day = appointment_days > 0 ? static_cast<double>(appointed) / appointment_days : 0;
  Date catch_up_from = Date::FromDays(in.today.days() + 1);
  if (f.last_appointment && *f.last_appointment >= in.today) {
    catch_up_from = Date::FromDays(f.last_appointment->days() + 1);
  }
  f.finish = ProjectFinish(in, f.kept, mean_day, catch_up_from);
  f.finish_early = ProjectFinish(in, f.kept_high, mean_day, catch_up_from);
  f.finish_late = ProjectFinish(in, f.kept_low, mean_day, catch_up_from);
}

Date LastReceivedDay(const ForecastInput& in) {
  Date last = in.today;
  for (const DayCount& c : in.daily) {
    if (c.received > 0) last = c.day;
  }
  return last;
}

Forecast PlanForecastAndLabel(const ForecastInput& in, Forecast f) {
  PlanForecast(in, f);
  if (f.remaining == 0) {
    f.risk = Risk::kDone;
    const Date last = LastReceivedDay(in);
    f.finish = f.finish_early = f.finish_late = last;
    if (f.deadline) f.slack_days = f.deadline->days() - last.days();
    return f;
  }
  if (f.finish && f.deadline) f.slack_days = f.deadline->days() - f.finish->days();
  if (in.cell) {
    if (f.behind > 0) {
      f.risk = Risk::kBehind;
    } else if (f.unscheduled > 0) {
      f.risk = Risk::kUnscheduled;
    } else {
      f.risk = Risk::kScheduled;
    }
    return f;
  }
  if (!f.deadline) {
    f.risk = Risk::kUnknown;
  } else if (in.received == 0 && f.appointed_past == 0) {
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

}  // namespace

std::string_view RiskName(Risk risk) {
  switch (risk) {
    case Risk::kAtRisk: return "at_risk";
    case Risk::kBehind: return "behind";
    case Risk::kUnscheduled: return "unscheduled";
    case Risk::kScheduled: return "scheduled";
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
  if (f.deadline) {
    f.days_left = std::max(f.deadline->days() - in.today.days() + 1, 0);
    if (f.days_left > 0) f.needed_per_day = static_cast<double>(f.remaining) / f.days_left;
  }
  if (!in.plan.empty()) return PlanForecastAndLabel(in, std::move(f));

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
    // The standard error of the mean: the pace's uncertainty, which shrinks
    // as days pass (the day-to-day spread itself does not).
    spread = std::sqrt(sq / static_cast<double>(samples.size() - 1)) / std::sqrt(static_cast<double>(samples.size()));
  }
  f.pace_low = std::max(f.pace - spread, 0.0);
  f.pace_high = f.pace + spread;

  if (f.remaining == 0) {
    f.risk = Risk::kDone;
    const Date last = LastReceivedDay(in);
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
  if (in.cell) {
    // Members left in a cell without one appointment while a plan is
    // stored: nobody there has a day to come on.
    f.unscheduled = f.remaining;
    f.risk = Risk::kUnscheduled;
    return f;
  }
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
