#include "cardex/progress/outlook.h"

#include <algorithm>
#include <cstdio>
#include <initializer_list>
#include <utility>

#include "cardex/core/vn_format.h"
#include "cardex/progress/plan_days.h"

namespace cardex::progress {
namespace {

// "{name}" placeholders filled with plain text (the texts are not HTML).
std::string Fill(std::string_view tmpl, std::initializer_list<std::pair<std::string_view, std::string>> vars) {
  std::string out;
  out.reserve(tmpl.size() + 32);
  for (size_t i = 0; i < tmpl.size();) {
    if (tmpl[i] == '{') {
      const size_t close = tmpl.find('}', i);
      if (close != std::string_view::npos) {
        const std::string_view key = tmpl.substr(i + 1, close - i - 1);
        const auto var = std::find_if(vars.begin(), vars.end(), [&](const auto& v) { return v.first == key; });
        if (var != vars.end()) {
          out += var->second;
          i = close + 1;
          continue;
        }
      }
    }
    out += tmpl[i++];
  }
  return out;
}

std::string N(int64_t n) { return vn_format::Integer(n); }
std::string N1(double v) { return vn_format::Decimal(v, 1); }

}  // namespace

std::string DayText(const std::optional<Date>& day) {
  return day ? vn_format::DateText(*day) : std::string("—");
}

std::string_view RiskLabel(Risk risk, bool en) {
  switch (risk) {
    case Risk::kAtRisk: return en ? "At risk" : "Có nguy cơ trễ hạn";
    case Risk::kBehind: return en ? "Behind its appointments" : "Chậm so với lịch hẹn";
    case Risk::kTight: return en ? "Tight" : "Sát hạn";
    case Risk::kUnscheduled: return en ? "Not scheduled" : "Chưa có lịch hẹn";
    case Risk::kNotStarted: return en ? "Not started" : "Chưa đến ngày hẹn";
    case Risk::kScheduled: return en ? "Scheduled" : "Đã có lịch hẹn";
    case Risk::kOnTrack: return en ? "On track" : "Đúng tiến độ";
    case Risk::kUnknown: return en ? "No deadline" : "Chưa có hạn";
    case Risk::kDone: return en ? "Done" : "Hoàn thành";
  }
  return "";
}

Outlook ExplainForecast(const Forecast& f, bool en, std::string_view behind_units) {
  Outlook e;
  const std::string never(en ? "never" : "không xác định");
  auto kept = [&] {
    return Fill(en ? "{k} of the {n} members whose appointment day is over came; the forecast counts on {est} "
                     "keeping theirs ({lo}–{hi})"
                   : "{k}/{n} đảng viên đã qua ngày hẹn đã đến; dự báo tính tỷ lệ đến đúng hẹn {est} "
                     "(khoảng {lo}–{hi})",
                {{"k", N(f.kept_past)},
                 {"n", N(f.appointed_past)},
                 {"est", vn_format::Share(f.kept)},
                 {"lo", vn_format::Share(f.kept_low)},
                 {"hi", vn_format::Share(f.kept_high)}});
  };
  auto behind = [&] {
    if (f.behind == 0) return std::string();
    return Fill(en ? " {n} missed their appointment (since {d})." : " {n} đảng viên lỡ hẹn (từ ngày {d}).",
                {{"n", N(f.behind)}, {"d", DayText(f.behind_since)}});
  };
  auto unscheduled = [&] {
    if (f.unscheduled == 0) return std::string();
    return Fill(en ? " {n} have no appointment." : " {n} đảng viên chưa có lịch hẹn.", {{"n", N(f.unscheduled)}});
  };
  auto remedy_catch_up = [&] {
    std::string r;
    if (f.behind > 0) {
      const std::string units =
          behind_units.empty() ? std::string() : (en ? " (units: " : " (đơn vị: ") + std::string(behind_units) + ")";
      r += Fill(en ? "Book a catch-up day for the {n} who missed theirs{c}. " : "Hẹn lại cho {n} đảng viên lỡ hẹn{c}. ",
                {{"n", N(f.behind)}, {"c", units}});
    }
    if (f.unscheduled > 0) {
      r += Fill(en ? "Give the {n} without one an appointment. " : "Xếp lịch hẹn cho {n} đảng viên chưa có lịch. ",
                {{"n", N(f.unscheduled)}});
    }
    return r;
  };
  switch (f.risk) {
    case Risk::kDone:
      e.why = Fill(en ? "Everyone received by {d}." : "Đã nhận đủ hồ sơ ngày {d}.", {{"d", DayText(f.finish)}});
      break;
    case Risk::kAtRisk:
      if (f.planned) {
        e.why = Fill(en ? "{kept}. At that rate the last members come on {d}, {late} day(s) after the deadline."
                        : "{kept}. Với tỷ lệ đó, dự kiến nhận đủ hồ sơ ngày {d}, chậm {late} ngày so với hạn.",
                     {{"kept", kept()},
                      {"d", f.finish ? DayText(f.finish) : never},
                      {"late", f.slack_days ? N(-*f.slack_days) : std::string("?")}}) +
                behind() + unscheduled();
      } else {
        e.why = Fill(en ? "At the recent pace ({p} a day) the work ends on {d}, after the deadline."
                        : "Với tốc độ gần đây ({p}/ngày), dự kiến xong ngày {d}, sau hạn chót.",
                     {{"p", N1(f.pace)}, {"d", f.finish ? DayText(f.finish) : never}});
      }
      e.remedy = remedy_catch_up() +
                 (f.days_left > 0 ? Fill(en ? "To finish by {dl}: {n} members a day from today."
                                            : "Để kịp hạn {dl}: nhận {n} hồ sơ mỗi ngày từ hôm nay.",
                                         {{"dl", DayText(f.deadline)}, {"n", N1(f.needed_per_day)}})
                                  : std::string(en ? "The deadline has passed." : "Đã quá hạn chót."));
      break;
    case Risk::kTight:
      e.why = f.planned
                  ? Fill(en ? "{kept}. If only {lo} keep theirs from now on, the work ends on {d}, after the deadline."
                            : "{kept}. Nếu từ nay chỉ {lo} đến đúng hẹn, việc nhận hồ sơ kéo dài đến {d}, quá hạn.",
                         {{"kept", kept()}, {"lo", vn_format::Share(f.kept_low)}, {"d", DayText(f.finish_late)}}) +
                        behind()
                  : std::string(en ? "At the low end of the recent pace the work ends after the deadline."
                                   : "Nếu tốc độ giảm về mức thấp của khoảng dự báo, việc nhận hồ sơ sẽ quá hạn.");
      e.remedy = remedy_catch_up() +
                 Fill(en ? "Keep to {n} a day until {dl}." : "Giữ mức {n} hồ sơ mỗi ngày đến {dl}.",
                      {{"n", N1(f.needed_per_day)}, {"dl", DayText(f.deadline)}});
      break;
    case Risk::kOnTrack:
      e.why = Fill(en ? "Expected to have everyone by {d}, {s} day(s) before the deadline."
                      : "Dự kiến nhận đủ hồ sơ ngày {d}, trước hạn {s} ngày.",
                   {{"d", DayText(f.finish)}, {"s", f.slack_days ? N(*f.slack_days) : std::string("0")}}) +
              behind();
      e.remedy = remedy_catch_up();
      break;
    case Risk::kBehind:
      e.why = Fill(en ? "{n} member(s) did not come on their appointment day ({d}) and are not received."
                      : "{n} đảng viên không đến theo lịch hẹn (từ ngày {d}), chưa nhận hồ sơ.",
                   {{"n", N(f.behind)}, {"d", DayText(f.behind_since)}}) +
              unscheduled();
      e.remedy = remedy_catch_up();
      break;
    case Risk::kUnscheduled:
      e.why = Fill(en ? "{n} member(s) remaining have no appointment." : "{n} đảng viên còn lại chưa có lịch hẹn.",
                   {{"n", N(f.unscheduled)}});
      e.remedy = std::string(en ? "Give them an appointment (replan or a catch-up booking)."
                                : "Xếp lịch hẹn cho họ (lập lại kế hoạch hoặc đặt lịch bù).");
      break;
    case Risk::kScheduled:
    case Risk::kNotStarted:
      e.why = Fill(en ? "Appointment day: {d} ({n} member(s))." : "Ngày hẹn: {d} ({n} đảng viên).",
                   {{"d", DayText(f.next_appointment)}, {"n", N(f.booked_ahead)}});
      break;
    case Risk::kUnknown:
      e.why = std::string(en ? "No plan stored a deadline." : "Chưa có kế hoạch nên chưa có hạn chót.");
      break;
  }
  return e;
}

Forecast ForecastOfUnit(const Figures& figures, std::span<const DayCount> daily, Date today,
                        const std::optional<CampaignWindow>& window, std::span<const PlanDay> plan, bool cell) {
  ForecastInput in;
  in.daily = daily;
  in.plan = plan;
  in.cell = cell;
  in.official = figures.Official();
  in.received = figures.Received();
  in.today = today;
  in.window = window;
  return MakeForecast(in);
}

Result<std::vector<UnitOutlook>> UnitsOutlook(Store& store, std::span<const Unit> units, Date today,
                                              const std::optional<CampaignWindow>& window,
                                              std::map<std::string, std::vector<DayCount>, std::less<>>* daily_out) {
  std::vector<std::string> codes;
  codes.reserve(units.size());
  for (const Unit& u : units) codes.push_back(u.code);
  CARDEX_ASSIGN_OR_RETURN(auto figures, UnitsFigures(store, codes));
  CARDEX_ASSIGN_OR_RETURN(auto daily, UnitsDaily(store, codes));
  CARDEX_ASSIGN_OR_RETURN(auto plans, UnitsPlanDays(store, codes));
  std::vector<UnitOutlook> rows;
  rows.reserve(units.size());
  for (size_t i = 0; i < units.size(); ++i) {
    UnitOutlook r{codes[i], units[i].name, units[i].kind, figures[codes[i]], {}};
    r.forecast = ForecastOfUnit(r.figures, daily[codes[i]], today, window, plans[codes[i]], r.kind == "cell");
    rows.push_back(std::move(r));
  }
  if (daily_out != nullptr) *daily_out = std::move(daily);
  return rows;
}

std::string BehindUnits(std::span<const UnitOutlook> rows, size_t most) {
  std::vector<const UnitOutlook*> behind;
  for (const UnitOutlook& r : rows) {
    if (r.forecast.behind > 0) behind.push_back(&r);
  }
  std::stable_sort(behind.begin(), behind.end(),
                   [](const UnitOutlook* a, const UnitOutlook* b) { return a->forecast.behind > b->forecast.behind; });
  std::string out;
  for (size_t i = 0; i < behind.size() && i < most; ++i) {
    if (!out.empty()) out += ", ";
    out += behind[i]->name + " (" + vn_format::Integer(behind[i]->forecast.behind) + ")";
  }
  return out;
}

}  // namespace cardex::progress
