// The dashboards: a unit's progress (figures from the roll-ups, the day-by-
// day curve against the straight line to the deadline, the forecast, the
// units below it at risk first) and a station's days. Every figure comes
// from progress_counts and progress_daily (progress/rollup.h, daily.h):
// nothing here reads members. Drill-down links are shown only where the
// visitor's role and scope allow the page they lead to. /dashboard, for
// accounts whose scope is everything, shows the root units the same way.
#include <algorithm>
#include <cstdio>
#include <map>
#include <utility>

#include "cardex/progress/daily.h"
#include "cardex/progress/forecast.h"
#include "cardex/progress/rollup.h"
#include "cardex/store/lookups.h"
#include "cardex/core/unit_tree.h"
#include "pages.h"
#include "progress_chart.h"

namespace cardex::http {

namespace {

using progress::Figures;
using progress::Forecast;
using progress::Risk;

std::string Percent(int64_t part, int64_t whole) {
  if (whole <= 0) return "0.0";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", static_cast<double>(part) * 100.0 / static_cast<double>(whole));
  return buf;
}

std::string Fixed1(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string DayText(const std::optional<Date>& d) {
  if (!d) return "—";
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d/%02d/%04d", d->day(), d->month(), d->year());
  return buf;
}

std::string_view KindLabel(Lang lang, std::string_view kind) {
  return UnitKindLabel(kind, lang == Lang::kEn);
}

std::string_view ReasonLabel(Lang lang, std::string_view reason) {
  if (reason == "absent") return T(lang, {"vắng mặt", "absent"});
  if (reason == "busy") return T(lang, {"bận", "busy"});
  if (reason == "ill") return T(lang, {"ốm", "ill"});
  if (reason == "wrong_data") return T(lang, {"sai thông tin", "wrong data"});
  if (reason == "deceased") return T(lang, {"đã từ trần", "deceased"});
  if (reason == "transferred") return T(lang, {"chuyển sinh hoạt", "transferred"});
  return reason;
}

std::string RiskBadge(Lang lang, Risk risk) {
  static const struct {
    Risk risk;
    Tr label;
  } kLabels[] = {{Risk::kAtRisk, {"Có nguy cơ trễ hạn", "At risk"}},
                 {Risk::kTight, {"Sát hạn", "Tight"}},
                 {Risk::kNotStarted, {"Chưa bắt đầu", "Not started"}},
                 {Risk::kOnTrack, {"Đúng tiến độ", "On track"}},
                 {Risk::kUnknown, {"Chưa có hạn", "No deadline"}},
                 {Risk::kDone, {"Hoàn thành", "Done"}}};
  std::string_view label;
  for (const auto& l : kLabels) {
    if (l.risk == risk) label = T(lang, l.label);
  }
  return Render(R"(<span class="badge risk-{r}" data-risk="{r}">{label}</span>)",
                {{"r", progress::RiskName(risk)}, {"label", label}});
}

Forecast ForecastOf(const Figures& f, std::span<const progress::DayCount> daily, Date today,
                    const std::optional<progress::CampaignWindow>& window) {
  progress::ForecastInput in;
  in.daily = daily;
  in.official = f.Official();
  in.received = f.Received();
  in.today = today;
  in.window = window;
  return progress::MakeForecast(in);
}

// A station's received and handed over: the sums of its days (its roll-up
// counts only the members whose LAST step happened there, and card
// production and hand-over usually happen elsewhere).
std::pair<int64_t, int64_t> Totals(std::span<const progress::DayCount> daily) {
  std::pair<int64_t, int64_t> t{0, 0};
  for (const progress::DayCount& d : daily) {
    t.first += d.received;
    t.second += d.handed_over;
  }
  return t;
}

// The figures as a definition list, exceptions by reason below. A unit's
// received and handed over come from its roll-up, a station's from its days;
// a unit also shows who is invited and the corrections open with their age
// on `today` (a station counts neither).
std::string FiguresHtml(Lang lang, const Figures& f, bool unit, Date today,
                        std::pair<int64_t, int64_t> station_totals = {}) {
  const int64_t received = unit ? f.Received() : station_totals.first;
  const int64_t handed_over = unit ? f.HandedOver() : station_totals.second;
  std::string out = R"(<dl class="figures">)";
  auto item = [&](std::string_view key, Tr label, int64_t n, std::string extra = "") {
    out += Render(R"(<div data-figure="{k}"><dt>{label}</dt><dd>{n}{!extra}</dd></div>)",
                  {{"k", key}, {"label", T(lang, label)}, {"n", std::to_string(n)}, {"extra", extra}});
  };
  const int64_t official = f.Official();
  if (unit) item("official", {"Đảng viên phải đổi thẻ", "Members to exchange"}, official);
  item("received", {"Đã nhận hồ sơ", "Received"}, received,
       unit ? Render(R"( <span class="sub">{p}%</span>)", {{"p", Percent(received, official)}}) : "");
  item("handed_over", {"Đã trao thẻ", "Handed over"}, handed_over,
       unit ? Render(R"( <span class="sub">{p}%</span>)", {{"p", Percent(handed_over, official)}}) : "");
  if (unit) item("not_received", {"Chưa nhận hồ sơ", "Not yet received"}, std::max<int64_t>(official - received, 0));
  if (unit) {
    item("invited", {"Đã có lịch hẹn (được mời)", "Invited (with an appointment)"}, f.with_appointment,
         Render(R"( <span class="sub">{p}%</span>)", {{"p", Percent(f.with_appointment, official)}}));
    const int64_t open = f.CorrectionsOpen();
    item("corrections_open", {"Chỉnh sửa còn mở", "Corrections open"}, open,
         open == 0 ? std::string()
                   : Render(R"( <span class="sub" data-correction-age data-oldest="{o}" data-mean="{m}">{t_o} {o} {t_d} · {t_m} {m} {t_d}</span>)",
                            {{"o", std::to_string(f.OldestCorrectionDays(today))},
                             {"m", Fixed1(f.MeanCorrectionDays(today))},
                             {"t_o", T(lang, {"lâu nhất", "oldest"})},
                             {"t_m", T(lang, {"trung bình", "mean"})},
                             {"t_d", T(lang, {"ngày", "days"})}}));
  }
  out += "</dl>";
  std::string reasons;
  for (const auto& [metric, n] : f.by_state) {
    const size_t slash = metric.find('/');
    if (slash == std::string::npos || n == 0) continue;
    const std::string_view m(metric);
    reasons += Render(R"(<li data-exception="{metric}">{state} — {reason}: <b>{n}</b></li>)",
                      {{"metric", metric},
                       {"state", StateLabel(lang, m.substr(0, slash))},
                       {"reason", ReasonLabel(lang, m.substr(slash + 1))},
                       {"n", std::to_string(n)}});
  }
  if (!reasons.empty()) {
    out += Render(R"(<h3>{t}</h3><ul class="counts-list">{!items}</ul>)",
                  {{"t", T(lang, {"Ngoại lệ theo lý do", "Exceptions by reason"})}, {"items", reasons}});
  }
  return out;
}

std::string ForecastHtml(Lang lang, const Forecast& f) {
  if (f.risk == Risk::kDone) {
    return Render(R"(<p class="forecast" data-forecast="done">{!badge} {t} {d}</p>)",
                  {{"badge", RiskBadge(lang, f.risk)},
                   {"t", T(lang, {"Đã nhận đủ hồ sơ ngày", "Everyone received on"})},
                   {"d", DayText(f.finish)}});
  }
  std::string interval;
  if (f.finish_early || f.finish_late) {
    interval = Render(R"( <span class="sub" data-interval>({from} – {to})</span>)",
                      {{"from", DayText(f.finish_early)},
                       {"to", f.finish_late ? DayText(f.finish_late) : std::string(T(lang, {"không xác định", "open"}))}});
  }
  return Render(R"(<div class="forecast" data-forecast="{risk}">
<p>{!badge}</p>
<dl class="figures">
<div><dt>{t_finish}</dt><dd data-finish="{finish_iso}">{finish}{!interval}</dd></div>
<div><dt>{t_deadline}</dt><dd>{deadline}</dd></div>
<div><dt>{t_pace}</dt><dd>{pace} <span class="sub">± {spread} / {t_day}</span></dd></div>
<div><dt>{t_needed}</dt><dd>{needed} / {t_day}</dd></div>
</dl>
<p class="sub">{t_method}</p>
</div>)",
                {{"risk", progress::RiskName(f.risk)},
                 {"badge", RiskBadge(lang, f.risk)},
                 {"t_finish", T(lang, {"Dự kiến nhận đủ hồ sơ", "Expected to have everyone by"})},
                 {"finish_iso", f.finish ? f.finish->ToString() : ""},
                 {"finish", f.finish ? DayText(f.finish) : std::string(T(lang, {"chưa xác định (chưa có tiến độ)", "unknown (no pace yet)"}))},
                 {"interval", interval},
                 {"t_deadline", T(lang, {"Hạn chót", "Deadline"})},
                 {"deadline", f.deadline ? DayText(f.deadline) : std::string(T(lang, {"chưa có kế hoạch", "no plan stored"}))},
                 {"t_pace", T(lang, {"Tốc độ gần đây", "Recent pace"})},
                 {"pace", Fixed1(f.pace)},
                 {"spread", Fixed1(f.pace_high - f.pace)},
                 {"t_day", T(lang, {"ngày", "day"})},
                 {"t_needed", T(lang, {"Cần mỗi ngày để kịp hạn", "Needed per day for the deadline"})},
                 {"needed", Fixed1(f.needed_per_day)},
                 {"t_method", T(lang, {"Dự báo theo số hồ sơ nhận được mỗi ngày trong 7 ngày gần nhất; khoảng dự báo theo độ dao động giữa các ngày.",
                                       "Forecast from the members received each day over the last 7 days; the interval from their day-to-day spread."})}});
}

struct ChildRow {
  std::string code, name, kind;
  Figures figures;
  Forecast forecast;
};

std::string ChildTable(Lang lang, std::vector<ChildRow>& rows) {
  // At risk first, then the least advanced.
  std::stable_sort(rows.begin(), rows.end(), [](const ChildRow& a, const ChildRow& b) {
    if (a.forecast.risk != b.forecast.risk) return a.forecast.risk < b.forecast.risk;
    const double pa = a.figures.Official() > 0 ? double(a.figures.Received()) / double(a.figures.Official()) : 1;
    const double pb = b.figures.Official() > 0 ? double(b.figures.Received()) / double(b.figures.Official()) : 1;
    return pa < pb;
  });
  std::string trs;
  for (const ChildRow& r : rows) {
    const int64_t official = r.figures.Official();
    trs += Render(R"(<tr data-child="{code}" data-risk="{risk}">
<td><a class="row-link" href="/dashboard/{code}">{name}</a><span class="sub">{kind} · {code}</span></td>
<td class="num">{official}</td><td class="num">{received}</td><td class="num">{pct}%</td><td class="num">{handed}</td>
<td>{finish}</td><td>{!badge}</td></tr>)",
                  {{"code", r.code},
                   {"risk", progress::RiskName(r.forecast.risk)},
                   {"name", r.name},
                   {"kind", KindLabel(lang, r.kind)},
                   {"official", std::to_string(official)},
                   {"received", std::to_string(r.figures.Received())},
                   {"pct", Percent(r.figures.Received(), official)},
                   {"handed", std::to_string(r.figures.HandedOver())},
                   {"finish", DayText(r.forecast.finish)},
                   {"badge", RiskBadge(lang, r.forecast.risk)}});
  }
  return Render(R"(<section class="card"><h2>{t}</h2><table class="progress"><thead><tr>
<th>{c_unit}</th><th>{c_official}</th><th>{c_received}</th><th>%</th><th>{c_handed}</th><th>{c_finish}</th><th>{c_risk}</th>
</tr></thead><tbody>{!rows}</tbody></table></section>)",
                {{"t", T(lang, {"Đơn vị trực thuộc (nguy cơ trễ hạn trước)", "Units below (at risk first)"})},
                 {"c_unit", T(lang, {"Đơn vị", "Unit"})},
                 {"c_official", T(lang, {"Phải đổi", "To exchange"})},
                 {"c_received", T(lang, {"Đã nhận", "Received"})},
                 {"c_handed", T(lang, {"Đã trao thẻ", "Handed over"})},
                 {"c_finish", T(lang, {"Dự kiến xong", "Expected finish"})},
                 {"c_risk", T(lang, {"Đánh giá", "Outlook"})},
                 {"rows", trs}});
}

// The stations that serve the unit's area: the unit itself (a commune),
// the communes below it (a province), or its commune (a cell).
Result<std::string> StationList(Context& ctx, Lang lang, const std::string& code, const std::string& parent) {
  CARDEX_ASSIGN_OR_RETURN(const std::vector<Station> stations, StationsServingArea(ctx.store, code, parent));
  std::string items;
  for (const Station& s : stations) {
    if (!Allowed(ctx.scopes, ctx.who(), Permission::kViewProgress, Target{"", s.code})) continue;
    CARDEX_ASSIGN_OR_RETURN(const std::vector<progress::DayCount> days, progress::StationDaily(ctx.store, s.code));
    const auto [received, handed_over] = Totals(days);
    items += Render(R"(<li data-station="{code}"><a class="btn" href="/dashboard/stations/{code}">{name} <span class="sub">{t_r} {r} · {t_h} {h}</span></a></li>)",
                    {{"code", s.code},
                     {"name", s.name},
                     {"t_r", T(lang, {"đã nhận", "received"})},
                     {"r", std::to_string(received)},
                     {"t_h", T(lang, {"đã trao", "handed over"})},
                     {"h", std::to_string(handed_over)}});
  }
  if (items.empty()) return std::string();
  return Render(R"(<section class="card"><h2>{t}</h2><ul class="picker">{!items}</ul></section>)",
                {{"t", T(lang, {"Điểm tiếp nhận", "Reception stations"})}, {"items", items}});
}

// The rows of the units `units`: their figures and forecasts, two queries
// for all of them.
Result<std::vector<ChildRow>> ChildRows(Context& ctx, const std::vector<Unit>& units, Date today,
                                        const std::optional<progress::CampaignWindow>& window,
                                        std::map<std::string, std::vector<progress::DayCount>, std::less<>>* daily_out =
                                            nullptr) {
  std::vector<std::string> codes;
  for (const Unit& u : units) codes.push_back(u.code);
  CARDEX_ASSIGN_OR_RETURN(auto figures, progress::UnitsFigures(ctx.store, codes));
  CARDEX_ASSIGN_OR_RETURN(auto daily, progress::UnitsDaily(ctx.store, codes));
  std::vector<ChildRow> rows;
  for (size_t i = 0; i < units.size(); ++i) {
    ChildRow r{codes[i], units[i].name, units[i].kind, figures[codes[i]], {}};
    r.forecast = ForecastOf(r.figures, daily[codes[i]], today, window);
    rows.push_back(std::move(r));
  }
  if (daily_out != nullptr) *daily_out = std::move(daily);
  return rows;
}

Response UnitDashboard(Context& ctx) {
  Lang lang = LangOf(ctx);
  const std::string& code = ctx.target.unit_code;
  auto unit = FindUnit(ctx.store, code);
  if (!unit.ok()) return FromStatus(unit.status());
  if (!*unit) return ErrorResponse(404, "not_found", "no unit " + code);
  const std::string name = (*unit)->name, kind = (*unit)->kind, parent = (*unit)->parent_code;
  const Principal& who = ctx.who();

  if (auto current = progress::EnsureCurrent(ctx.store); !current.ok()) return FromStatus(current.status());
  auto figures = progress::UnitFigures(ctx.store, code);
  if (!figures.ok()) return FromStatus(figures.status());
  auto daily = progress::UnitDaily(ctx.store, code);
  if (!daily.ok()) return FromStatus(daily.status());
  auto window = progress::LoadCampaignWindow(ctx.store);
  if (!window.ok()) return FromStatus(window.status());
  const Date today = progress::CampaignToday();
  const Forecast forecast = ForecastOf(*figures, *daily, today, *window);

  auto children = ChildUnits(ctx.store, code);
  if (!children.ok()) return FromStatus(children.status());
  auto child_rows = ChildRows(ctx, *children, today, *window);
  if (!child_rows.ok()) return FromStatus(child_rows.status());
  std::vector<ChildRow>& rows = *child_rows;

  std::string links;
  if (!parent.empty() && Allowed(ctx.scopes, who, Permission::kViewProgress, Target{parent, ""})) {
    links += Render(R"(<a class="btn" data-up href="/dashboard/{p}">‹ {p}</a> )", {{"p", parent}});
  } else if (parent.empty() && Allowed(ctx.scopes, who, Permission::kViewProgress, Target{})) {
    links += Render(R"(<a class="btn" data-up href="/dashboard">‹ {t}</a> )",
                    {{"t", T(lang, {"Toàn quốc", "National"})}});
  }
  if (Allowed(ctx.scopes, who, Permission::kViewMembers, Target{code, ""})) {
    links += Render(R"(<a class="btn" href="/units/{c}">{t}</a>)",
                    {{"c", code}, {"t", T(lang, {"Danh sách và thao tác", "Lists and actions"})}});
  }
  auto stations = StationList(ctx, lang, code, parent);
  if (!stations.ok()) return FromStatus(stations.status());

  ProgressChart chart{*daily, figures->Official(), today, *window, &forecast};
  std::string body = Render(
      R"(<section class="card" data-dashboard="{code}">
<p>{!links}</p>
<h1>{name} <span class="sub">{kind} · {code}</span></h1>
{!figures}
</section>
<section class="card"><h2>{t_curve}</h2>
<figure class="chart">{!chart}</figure>
{!forecast}
</section>
{!children}
{!stations})",
      {{"code", code},
       {"links", links},
       {"name", name},
       {"kind", KindLabel(lang, kind)},
       {"figures", FiguresHtml(lang, *figures, true, today)},
       {"t_curve", T(lang, {"Tiến độ theo ngày và dự báo", "Day by day and the forecast"})},
       {"chart", ProgressChartSvg(lang, chart)},
       {"forecast", ForecastHtml(lang, forecast)},
       {"children", rows.empty() ? std::string() : ChildTable(lang, rows)},
       {"stations", *stations}});
  return UserPage(ctx, name, std::move(body));
}

// The top view, for accounts whose scope is everything: the root units
// like a unit's children, and their sums as the figures, the curve and the
// forecast of the whole.
Response NationalDashboard(Context& ctx) {
  Lang lang = LangOf(ctx);
  if (auto current = progress::EnsureCurrent(ctx.store); !current.ok()) return FromStatus(current.status());
  auto window = progress::LoadCampaignWindow(ctx.store);
  if (!window.ok()) return FromStatus(window.status());
  const Date today = progress::CampaignToday();
  auto roots = ChildUnits(ctx.store, "");
  if (!roots.ok()) return FromStatus(roots.status());
  std::map<std::string, std::vector<progress::DayCount>, std::less<>> root_daily;
  auto child_rows = ChildRows(ctx, *roots, today, *window, &root_daily);
  if (!child_rows.ok()) return FromStatus(child_rows.status());
  std::vector<ChildRow>& rows = *child_rows;

  // The roots' subtrees do not overlap: the whole is their sum.
  Figures total;
  for (const ChildRow& r : rows) {
    total.to_exchange += r.figures.to_exchange;
    total.with_appointment += r.figures.with_appointment;
    for (const auto& [m, n] : r.figures.by_state) total.by_state[m] += n;
    for (const auto& [d, n] : r.figures.corrections_by_day) total.corrections_by_day[d] += n;
  }
  std::map<Date, progress::DayCount> by_day;
  for (const auto& [code, days] : root_daily) {
    for (const progress::DayCount& d : days) {
      progress::DayCount& sum = by_day[d.day];
      sum.day = d.day;
      sum.received += d.received;
      sum.handed_over += d.handed_over;
    }
  }
  std::vector<progress::DayCount> daily;
  for (const auto& [day, d] : by_day) daily.push_back(d);
  const Forecast forecast = ForecastOf(total, daily, today, *window);

  std::string links;
  if (Allowed(ctx.scopes, ctx.who(), Permission::kViewMembers, Target{})) {
    links = Render(R"(<a class="btn" href="/units">{t}</a>)", {{"t", T(lang, {"Danh sách và thao tác", "Lists and actions"})}});
  }
  ProgressChart chart{daily, total.Official(), today, *window, &forecast};
  const std::string title(T(lang, {"Toàn quốc", "National"}));
  std::string body = Render(
      R"(<section class="card" data-dashboard="">
<p>{!links}</p>
<h1>{title} <span class="sub">{sub}</span></h1>
{!figures}
</section>
<section class="card"><h2>{t_curve}</h2>
<figure class="chart">{!chart}</figure>
{!forecast}
</section>
{!children})",
      {{"links", links},
       {"title", title},
       {"sub", T(lang, {"tổng các đơn vị cấp trên cùng", "the sum of the top units"})},
       {"figures", FiguresHtml(lang, total, true, today)},
       {"t_curve", T(lang, {"Tiến độ theo ngày và dự báo", "Day by day and the forecast"})},
       {"chart", ProgressChartSvg(lang, chart)},
       {"forecast", ForecastHtml(lang, forecast)},
       {"children", rows.empty() ? std::string() : ChildTable(lang, rows)}});
  return UserPage(ctx, title, std::move(body));
}

Response StationDashboard(Context& ctx) {
  Lang lang = LangOf(ctx);
  const std::string& station = ctx.target.station_code;
  auto found = FindStation(ctx.store, station);
  if (!found.ok()) return FromStatus(found.status());
  if (!*found) return ErrorResponse(404, "not_found", "no station " + station);
  const std::string station_name = (*found)->name;
  if (auto current = progress::EnsureCurrent(ctx.store); !current.ok()) return FromStatus(current.status());
  auto figures = progress::StationFigures(ctx.store, station);
  if (!figures.ok()) return FromStatus(figures.status());
  auto daily = progress::StationDaily(ctx.store, station);
  if (!daily.ok()) return FromStatus(daily.status());
  // The desk's own list of the day, where the role may open it.
  const bool desk = Allowed(ctx.scopes, ctx.who(), Permission::kDeskCheckIn, Target{"", station});
  std::string trs;
  for (auto it = daily->rbegin(); it != daily->rend(); ++it) {
    const std::string day = it->day.ToString();
    trs += Render(R"(<tr data-day="{day}"><td>{!link}</td><td class="num">{r}</td><td class="num">{h}</td></tr>)",
                  {{"day", day},
                   {"link", desk ? Render(R"(<a class="row-link" href="/desk?station={s}&amp;date={day}">{d}</a>)",
                                          {{"s", station}, {"day", day}, {"d", DayText(it->day)}})
                                 : Esc(DayText(it->day))},
                   {"r", std::to_string(it->received)},
                   {"h", std::to_string(it->handed_over)}});
  }
  std::string body = Render(
      R"(<section class="card" data-station-dashboard="{code}">
<h1>{name} <span class="sub">{code}</span></h1>
{!figures}
</section>
<section class="card"><h2>{t_days}</h2>
<figure class="chart">{!chart}</figure>
<table class="progress"><thead><tr><th>{c_day}</th><th>{c_r}</th><th>{c_h}</th></tr></thead><tbody>{!rows}</tbody></table>
</section>)",
      {{"code", station},
       {"name", station_name},
       {"figures", FiguresHtml(lang, *figures, false, progress::CampaignToday(), Totals(*daily))},
       {"t_days", T(lang, {"Theo ngày", "Day by day"})},
       {"chart", DailyBarsSvg(lang, *daily)},
       {"c_day", T(lang, {"Ngày", "Day"})},
       {"c_r", T(lang, {"Nhận hồ sơ", "Received"})},
       {"c_h", T(lang, {"Trao thẻ", "Handed over"})},
       {"rows", trs}});
  return UserPage(ctx, station_name, std::move(body));
}

}  // namespace

void AddDashboardPages(AppRouter& router) {
  // TargetFrom::kNone: only an account whose scope is everything passes.
  router.Add("GET", "/dashboard",
             PageRoute("/dashboard", Permission::kViewProgress, TargetFrom::kNone, NationalDashboard));
  router.Add("GET", "/dashboard/{unit}",
             PageRoute("/dashboard/{unit}", Permission::kViewProgress, TargetFrom::kUnit, UnitDashboard));
  router.Add("GET", "/dashboard/stations/{station}",
             PageRoute("/dashboard/stations/{station}", Permission::kViewProgress, TargetFrom::kStation,
                       StationDashboard));
}

}  // namespace cardex::http
