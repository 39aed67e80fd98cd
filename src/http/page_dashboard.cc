// The dashboards: a unit's progress (figures from the roll-ups, the day-by-
// day curve against the straight line to the deadline, the forecast, the
// units below it at risk first) and a station's days. Every figure comes
// from progress_counts and progress_daily (progress/rollup.h, daily.h):
// nothing here reads members. Drill-down links are shown only where the
// visitor's role and scope allow the page they lead to. /dashboard, for
// accounts whose scope is everything, shows the root units the same way.
// With a standby configured the figures are read there and the page says
// as of when (OnStaleReads, at the end; docs/ha.md).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <optional>
#include <utility>

#include "cardex/core/vn_format.h"
#include "cardex/progress/daily.h"
#include "cardex/progress/forecast.h"
#include "cardex/progress/outlook.h"
#include "cardex/progress/plan_days.h"
#include "cardex/progress/rollup.h"
#include "cardex/store/lookups.h"
#include "cardex/core/unit_tree.h"
#include "cardex/core/vn_name.h"
#include "pages.h"
#include "vn_order.h"
#include "progress_chart.h"
#include "stale_reads.h"

namespace cardex::http {

namespace {

using progress::Figures;
using progress::Forecast;
using progress::Risk;
using progress::UnitOutlook;
using progress::DayText;

// Where a dashboard reads (OnStaleReads, at the end): a standby's
// connection or the primary's, and the line that says how fresh it is.
struct Reads {
  Store& db;
  std::string as_of;  // HTML; "" when no standby is configured
};

// "36,5" (the page adds " %").
std::string Percent(int64_t part, int64_t whole) {
  if (whole <= 0) return "0,0";
  return vn_format::Decimal(static_cast<double>(part) * 100.0 / static_cast<double>(whole), 1);
}

std::string Fixed1(double v) { return vn_format::Decimal(v, 1); }

// For data- attributes, which scripts and tests read.
std::string PlainFixed1(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
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
  const std::string_view label = progress::RiskLabel(risk, lang == Lang::kEn);
  return Render(R"(<span class="badge risk-{r}" data-risk="{r}">{label}</span>)",
                {{"r", progress::RiskName(risk)}, {"label", label}});
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
                  {{"k", key}, {"label", T(lang, label)}, {"n", vn_format::Integer(n)}, {"extra", extra}});
  };
  const int64_t official = f.Official();
  if (unit) item("official", {"Đảng viên phải đổi thẻ", "Members to exchange"}, official);
  item("received", {"Đã nhận hồ sơ", "Received"}, received,
       unit ? Render(R"( <span class="sub">{p} %</span>)", {{"p", Percent(received, official)}}) : "");
  item("handed_over", {"Đã trao thẻ", "Handed over"}, handed_over,
       unit ? Render(R"( <span class="sub">{p} %</span>)", {{"p", Percent(handed_over, official)}}) : "");
  if (unit) item("not_received", {"Chưa nhận hồ sơ", "Not yet received"}, std::max<int64_t>(official - received, 0));
  if (unit) {
    item("invited", {"Đã có lịch hẹn (được mời)", "Invited (with an appointment)"}, f.with_appointment,
         Render(R"( <span class="sub">{p} %</span>)", {{"p", Percent(f.with_appointment, official)}}));
    const int64_t open = f.CorrectionsOpen();
    item("corrections_open", {"Chỉnh sửa còn mở", "Corrections open"}, open,
         open == 0 ? std::string()
                   : Render(R"( <span class="sub" data-correction-age data-oldest="{o}" data-mean="{mean}">{t_o} {o} {t_d} · {t_m} {m} {t_d}</span>)",
                            {{"o", std::to_string(f.OldestCorrectionDays(today))},
                             {"mean", PlainFixed1(f.MeanCorrectionDays(today))},
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

std::string N(int64_t n) { return vn_format::Integer(n); }
std::string N1(double v) { return vn_format::Decimal(v, 1); }

// The rule behind the labels, as the page states it (forecast.h).
std::string RuleHtml(Lang lang) {
  return Render(R"(<details class="rule" data-rule><summary>{t}</summary><ul>{!items}</ul></details>)",
                {{"t", T(lang, {"Cách đánh giá tiến độ", "How the outlook is judged"})},
                 {"items", std::string(T(lang,
                  {"<li>Tỷ lệ đến đúng hẹn: trong số đảng viên đã qua ngày hẹn, bao nhiêu đã được nhận hồ sơ. Khi chưa có ngày nào qua, lấy theo kế hoạch (giả định 90 %); càng nhiều ngày qua, số liệu thực tế càng quyết định và khoảng ước lượng càng hẹp.</li>"
                   "<li>Dự báo: mỗi ngày tới nhận số đảng viên có lịch hẹn ngày đó nhân với tỷ lệ trên; người lỡ hẹn được nhận bù sau ngày hẹn cuối cùng.</li>"
                   "<li>Xã, phường, tỉnh: <b>Đúng tiến độ</b> khi dự kiến xong trước hạn chót kể cả ở đầu thấp của khoảng ước lượng; <b>Sát hạn</b> khi chỉ kịp ở mức trung bình; <b>Có nguy cơ trễ hạn</b> khi dự kiến xong sau hạn chót; <b>Chưa đến ngày hẹn</b> khi chưa ai được nhận và chưa qua ngày hẹn nào.</li>"
                   "<li>Chi bộ (đổi thẻ trong một, hai ngày) được đánh giá theo lịch hẹn của chính mình: <b>Hoàn thành</b>, <b>Đã có lịch hẹn</b> (mọi người còn lại đều có hẹn từ hôm nay), <b>Chậm so với lịch hẹn</b> (có người đã qua ngày hẹn mà chưa nhận hồ sơ: bao nhiêu, từ ngày nào) hoặc <b>Chưa có lịch hẹn</b>.</li>",
                   "<li>Kept share: of the members whose appointment day is over, how many were received. Before any day is over it comes from the plan (90 % assumed); as days pass the observed share decides and its interval narrows.</li>"
                   "<li>Forecast: each day ahead brings that day's appointments times the kept share; those who miss theirs are caught up after the last appointment day.</li>"
                   "<li>Communes, provinces: <b>On track</b> when the finish meets the deadline even at the interval's low end; <b>Tight</b> when only at the mean; <b>At risk</b> when the expected finish is after the deadline; <b>Not started</b> when nobody is received and no appointment day is over.</li>"
                   "<li>Cells (received in a day or two) are judged by their own appointments: <b>Done</b>, <b>Scheduled</b> (everyone remaining has an appointment from today), <b>Behind its appointments</b> (how many missed theirs, since when) or <b>Not scheduled</b>.</li>"}))}});
}

std::string ExplanationHtml(const progress::Outlook& e, Lang lang) {
  std::string out;
  if (!e.why.empty()) {
    out += Render(R"(<p class="why" data-why><b>{t}</b> {why}</p>)", {{"t", T(lang, {"Vì sao:", "Why:"})}, {"why", e.why}});
  }
  if (!e.remedy.empty()) {
    out += Render(R"(<p class="remedy" data-remedy><b>{t}</b> {r}</p>)",
                  {{"t", T(lang, {"Cần làm:", "What would put it back:"})}, {"r", e.remedy}});
  }
  return out;
}

std::string ForecastHtml(Lang lang, const Forecast& f, const std::string& behind_children = "") {
  const progress::Outlook e = progress::ExplainForecast(f, lang == Lang::kEn, behind_children);
  if (f.risk == Risk::kDone) {
    return Render(R"(<div class="forecast" data-forecast="done"><p>{!badge} {t} {d}</p>{!rule}</div>)",
                  {{"badge", RiskBadge(lang, f.risk)},
                   {"t", T(lang, {"Đã nhận đủ hồ sơ ngày", "Everyone received on"})},
                   {"d", DayText(f.finish)},
                   {"rule", RuleHtml(lang)}});
  }
  std::string interval;
  if (f.finish_early || f.finish_late) {
    interval = Render(R"( <span class="sub" data-interval>({from} – {to})</span>)",
                      {{"from", DayText(f.finish_early)},
                       {"to", f.finish_late ? DayText(f.finish_late) : std::string(T(lang, {"không xác định", "open"}))}});
  }
  std::string pace_rows;
  if (f.planned) {
    pace_rows = Render(R"(<div data-kept><dt>{t_kept}</dt><dd>{kept} <span class="sub">{lo}–{hi} · {n} {t_past}</span></dd></div>
<div><dt>{t_pace}</dt><dd>{pace} / {t_day}</dd></div>)",
                       {{"t_kept", T(lang, {"Tỷ lệ đến đúng hẹn (ước lượng)", "Appointments kept (estimate)"})},
                        {"kept", vn_format::Share(f.kept)},
                        {"lo", vn_format::Share(f.kept_low)},
                        {"hi", vn_format::Share(f.kept_high)},
                        {"n", N(f.appointed_past)},
                        {"t_past", T(lang, {"lịch hẹn đã qua", "appointments past"})},
                        {"t_pace", T(lang, {"Dự kiến nhận theo lịch hẹn", "Expected from the appointments"})},
                        {"pace", N1(f.pace)},
                        {"t_day", T(lang, {"ngày", "day"})}});
  } else {
    pace_rows = Render(R"(<div><dt>{t_pace}</dt><dd>{pace} / {t_day} <span class="sub">{lo}–{hi}</span></dd></div>)",
                       {{"t_pace", T(lang, {"Tốc độ gần đây", "Recent pace"})},
                        {"pace", N1(f.pace)},
                        {"lo", N1(f.pace_low)},
                        {"hi", N1(f.pace_high)},
                        {"t_day", T(lang, {"ngày", "day"})}});
  }
  return Render(R"(<div class="forecast" data-forecast="{risk}">
<p>{!badge}</p>
{!explain}
<dl class="figures">
<div><dt>{t_finish}</dt><dd data-finish="{finish_iso}">{finish}{!interval}</dd></div>
<div><dt>{t_deadline}</dt><dd>{deadline}</dd></div>
{!pace_rows}
<div><dt>{t_needed}</dt><dd>{needed} / {t_day}</dd></div>
</dl>
{!rule}
</div>)",
                {{"risk", progress::RiskName(f.risk)},
                 {"badge", RiskBadge(lang, f.risk)},
                 {"explain", ExplanationHtml(e, lang)},
                 {"t_finish", T(lang, {"Dự kiến nhận đủ hồ sơ", "Expected to have everyone by"})},
                 {"finish_iso", f.finish ? f.finish->ToString() : ""},
                 {"finish", f.finish ? DayText(f.finish) : std::string(T(lang, {"chưa xác định (chưa có tiến độ)", "unknown (no pace yet)"}))},
                 {"interval", interval},
                 {"t_deadline", T(lang, {"Hạn chót", "Deadline"})},
                 {"deadline", f.deadline ? DayText(f.deadline) : std::string(T(lang, {"chưa có kế hoạch", "no plan stored"}))},
                 {"pace_rows", pace_rows},
                 {"t_day", T(lang, {"ngày", "day"})},
                 {"t_needed", T(lang, {"Cần mỗi ngày để kịp hạn", "Needed per day for the deadline"})},
                 {"needed", N1(f.needed_per_day)},
                 {"rule", RuleHtml(lang)}});
}

std::string ChildTable(Lang lang, std::vector<UnitOutlook> rows) {
  // At risk first (the label's order), then by name in Vietnamese order.
  std::vector<std::pair<std::string, size_t>> order;
  for (size_t i = 0; i < rows.size(); ++i) order.emplace_back(vn_name::UnitSortKey(rows[i].name), i);
  std::stable_sort(order.begin(), order.end(), [&](const auto& a, const auto& b) {
    const Risk ra = rows[a.second].forecast.risk, rb = rows[b.second].forecast.risk;
    if (ra != rb) return ra < rb;
    return a.first < b.first;
  });
  std::string trs;
  for (const auto& [key, at] : order) {
    const UnitOutlook& r = rows[at];
    const int64_t official = r.figures.Official();
    const progress::Outlook e = progress::ExplainForecast(r.forecast, lang == Lang::kEn);
    trs += Render(R"(<tr data-child="{code}" data-risk="{risk}">
<td><a class="row-link" href="/dashboard/{code}">{name}</a><span class="sub">{kind} · {code}</span></td>
<td class="num">{official}</td><td class="num">{received}</td><td class="num">{pct} %</td><td class="num">{handed}</td>
<td>{finish}</td><td>{!badge}<span class="sub" data-why>{why}</span></td></tr>)",
                  {{"code", r.code},
                   {"risk", progress::RiskName(r.forecast.risk)},
                   {"name", r.name},
                   {"kind", KindLabel(lang, r.kind)},
                   {"official", vn_format::Integer(official)},
                   {"received", vn_format::Integer(r.figures.Received())},
                   {"pct", Percent(r.figures.Received(), official)},
                   {"handed", vn_format::Integer(r.figures.HandedOver())},
                   {"finish", DayText(r.forecast.finish)},
                   {"badge", RiskBadge(lang, r.forecast.risk)},
                   {"why", e.why}});
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
Result<std::string> StationList(Context& ctx, Store& db, Lang lang, const std::string& code, const std::string& parent) {
  CARDEX_ASSIGN_OR_RETURN(std::vector<Station> stations, StationsServingArea(db, code, parent));
  SortUnitsForPeople(stations, [](const Station& s) { return s.name; });
  std::string items;
  for (const Station& s : stations) {
    if (!Allowed(ctx.scopes, ctx.who(), Permission::kViewProgress, Target{"", s.code})) continue;
    CARDEX_ASSIGN_OR_RETURN(const std::vector<progress::DayCount> days, progress::StationDaily(db, s.code));
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

Response UnitDashboard(Context& ctx, const Reads& reads) {
  Store& db = reads.db;
  Lang lang = LangOf(ctx);
  const std::string& code = ctx.target.unit_code;
  auto unit = FindUnit(db, code);
  if (!unit.ok()) return FromStatus(unit.status());
  if (!*unit) return ErrorResponse(404, "not_found", "not_found.unit", {code});
  const std::string name = (*unit)->name, kind = (*unit)->kind, parent = (*unit)->parent_code;
  const Principal& who = ctx.who();

  auto figures = progress::UnitFigures(db, code);
  if (!figures.ok()) return FromStatus(figures.status());
  auto daily = progress::UnitDaily(db, code);
  if (!daily.ok()) return FromStatus(daily.status());
  auto window = progress::LoadCampaignWindow(db);
  if (!window.ok()) return FromStatus(window.status());
  const Date today = progress::CampaignToday();
  const std::vector<std::string> self{code};
  auto plan = progress::UnitsPlanDays(db, self);
  if (!plan.ok()) return FromStatus(plan.status());
  const Forecast forecast = progress::ForecastOfUnit(*figures, *daily, today, *window, (*plan)[code], kind == "cell");

  auto children = ChildUnits(db, code);
  if (!children.ok()) return FromStatus(children.status());
  auto child_rows = progress::UnitsOutlook(db, *children, today, *window);
  if (!child_rows.ok()) return FromStatus(child_rows.status());
  const std::vector<UnitOutlook>& rows = *child_rows;

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
  auto stations = StationList(ctx, db, lang, code, parent);
  if (!stations.ok()) return FromStatus(stations.status());

  ProgressChart chart{*daily, figures->Official(), today, *window, &forecast};
  std::string body = Render(
      R"(<section class="card" data-dashboard="{code}">
<p>{!links}</p>
<h1>{name} <span class="sub">{kind} · {code}</span></h1>
{!as_of}{!figures}
</section>
<section class="card"><h2>{t_curve}</h2>
<figure class="chart">{!chart}</figure>
{!forecast}
</section>
{!children}
{!stations})",
      {{"code", code},
       {"links", links},
       {"as_of", reads.as_of},
       {"name", name},
       {"kind", KindLabel(lang, kind)},
       {"figures", FiguresHtml(lang, *figures, true, today)},
       {"t_curve", T(lang, {"Tiến độ theo ngày và dự báo", "Day by day and the forecast"})},
       {"chart", ProgressChartSvg(lang, chart)},
       {"forecast", ForecastHtml(lang, forecast, progress::BehindUnits(rows))},
       {"children", rows.empty() ? std::string() : ChildTable(lang, rows)},
       {"stations", *stations}});
  return UserPage(ctx, name, std::move(body));
}

// The top view, for accounts whose scope is everything: the root units
// like a unit's children, and their sums as the figures, the curve and the
// forecast of the whole.
Response NationalDashboard(Context& ctx, const Reads& reads) {
  Store& db = reads.db;
  Lang lang = LangOf(ctx);
  auto window = progress::LoadCampaignWindow(db);
  if (!window.ok()) return FromStatus(window.status());
  const Date today = progress::CampaignToday();
  auto roots = ChildUnits(db, "");
  if (!roots.ok()) return FromStatus(roots.status());
  std::map<std::string, std::vector<progress::DayCount>, std::less<>> root_daily;
  auto child_rows = progress::UnitsOutlook(db, *roots, today, *window, &root_daily);
  if (!child_rows.ok()) return FromStatus(child_rows.status());
  const std::vector<UnitOutlook>& rows = *child_rows;

  // The roots' subtrees do not overlap: the whole is their sum.
  Figures total;
  for (const UnitOutlook& r : rows) {
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
  auto plan = progress::AllPlanDays(db);
  if (!plan.ok()) return FromStatus(plan.status());
  const Forecast forecast = progress::ForecastOfUnit(total, daily, today, *window, *plan, false);

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
{!as_of}{!figures}
</section>
<section class="card"><h2>{t_curve}</h2>
<figure class="chart">{!chart}</figure>
{!forecast}
</section>
{!children})",
      {{"links", links},
       {"as_of", reads.as_of},
       {"title", title},
       {"sub", T(lang, {"tổng các đơn vị cấp trên cùng", "the sum of the top units"})},
       {"figures", FiguresHtml(lang, total, true, today)},
       {"t_curve", T(lang, {"Tiến độ theo ngày và dự báo", "Day by day and the forecast"})},
       {"chart", ProgressChartSvg(lang, chart)},
       {"forecast", ForecastHtml(lang, forecast, progress::BehindUnits(rows))},
       {"children", rows.empty() ? std::string() : ChildTable(lang, rows)}});
  return UserPage(ctx, title, std::move(body));
}

Response StationDashboard(Context& ctx, const Reads& reads) {
  Store& db = reads.db;
  Lang lang = LangOf(ctx);
  const std::string& station = ctx.target.station_code;
  auto found = FindStation(db, station);
  if (!found.ok()) return FromStatus(found.status());
  if (!*found) return ErrorResponse(404, "not_found", "not_found.station", {station});
  const std::string station_name = (*found)->name;
  auto figures = progress::StationFigures(db, station);
  if (!figures.ok()) return FromStatus(figures.status());
  auto daily = progress::StationDaily(db, station);
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
{!as_of}{!figures}
</section>
<section class="card"><h2>{t_days}</h2>
<figure class="chart">{!chart}</figure>
<table class="progress"><thead><tr><th>{c_day}</th><th>{c_r}</th><th>{c_h}</th></tr></thead><tbody>{!rows}</tbody></table>
</section>)",
      {{"code", station},
       {"as_of", reads.as_of},
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

// "Số liệu đến 10:42:05" (Vietnam's time, UTC+7 all year), with the day
// when it is not today's; "" when no standby is configured (nothing is
// stale then: the page reads the primary, as it always did).
std::string AsOfHtml(Lang lang, const std::optional<std::chrono::system_clock::time_point>& as_of,
                     bool standby, bool configured) {
  if (!configured || !as_of) return std::string();
  const int64_t local = std::chrono::duration_cast<std::chrono::seconds>(as_of->time_since_epoch()).count() +
                        7 * 3600;
  const int64_t days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
  const int64_t secs = local - days * 86400;
  char hms[16];
  std::snprintf(hms, sizeof hms, "%02d:%02d:%02d", static_cast<int>(secs / 3600),
                static_cast<int>(secs / 60 % 60), static_cast<int>(secs % 60));
  const Date day = Date::FromDays(static_cast<int>(days));
  std::string text = Render(lang == Lang::kEn ? "Data as of {t}" : "Số liệu đến {t}", {{"t", hms}});
  if (day != progress::CampaignToday()) {
    text += Render(lang == Lang::kEn ? " on {d}" : " ngày {d}", {{"d", vn_format::DateText(day)}});
  }
  return Render(R"(<p class="as-of sub" data-as-of="{utc}" data-source="{src}">{text}</p>)",
                {{"utc", FormatUtc(*as_of)}, {"src", standby ? "standby" : "primary"}, {"text", text}});
}

// Runs a dashboard on the reads it may take a little stale
// (stale_reads.h). On a standby the roll-ups are read as replicated: a
// standby takes no writes, and the primary's folder keeps them current
// (its copy follows within replication lag). On the primary they are first
// brought up to date (EnsureCurrent), so that the page counts every step
// committed before it asked, as before. A standby that fails during the
// reads (an answer 5xx) is left for the primary, and the page read again.
HandlerFn OnStaleReads(Response (*page)(Context&, const Reads&)) {
  return [page](Context& ctx) {
    const Lang lang = LangOf(ctx);
    StaleReads* stale = ctx.stale_reads;
    const bool configured = stale != nullptr && stale->Configured();
    if (stale != nullptr && stale->OnStandby()) {
      Response r = page(ctx, Reads{stale->Source(), AsOfHtml(lang, stale->AsOf(), true, configured)});
      // A lost standby answers 503; a query cancelled by a conflict with
      // recovery (40001) answers 500: either way the primary can answer.
      if (r.status < 500) return r;
      stale->StandbyFailed();
    }
    Store& db = stale != nullptr ? stale->Source() : ctx.store;
    if (auto current = progress::EnsureCurrent(db); !current.ok()) return FromStatus(current.status());
    return page(ctx, Reads{db, AsOfHtml(lang, stale ? stale->AsOf() : std::nullopt, false, configured)});
  };
}

}  // namespace

void AddDashboardPages(AppRouter& router) {
  // TargetFrom::kNone: only an account whose scope is everything passes.
  router.Add("GET", "/dashboard",
             PageRoute("/dashboard", Permission::kViewProgress, TargetFrom::kNone,
                       OnStaleReads(NationalDashboard)));
  router.Add("GET", "/dashboard/{unit}",
             PageRoute("/dashboard/{unit}", Permission::kViewProgress, TargetFrom::kUnit,
                       OnStaleReads(UnitDashboard)));
  router.Add("GET", "/dashboard/stations/{station}",
             PageRoute("/dashboard/stations/{station}", Permission::kViewProgress, TargetFrom::kStation,
                       OnStaleReads(StationDashboard)));
}

}  // namespace cardex::http
