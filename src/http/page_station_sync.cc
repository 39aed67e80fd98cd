// What the operators see of the station sync (issue 20, docs/station.md):
// on the central's dashboards, each station's last sync, outbox depth and
// the steps held or in conflict with what to do; on a station's own copy,
// /station/sync: the copy's last sync and its steps not accepted.
#include "cardex/core/vn_format.h"
#include "cardex/station/overview.h"
#include "cardex/station/sync.h"
#include "html.h"
#include "pages.h"
#include "route.h"

namespace cardex::http {

namespace {

std::string OutcomeLabel(Lang lang, std::string_view outcome) {
  if (outcome == "conflict") return std::string(T(lang, {"Xung đột", "Conflict"}));
  if (outcome == "held") return std::string(T(lang, {"Bị giữ lại", "Held"}));
  if (outcome == "pending") return std::string(T(lang, {"Chờ gửi", "Waiting"}));
  return std::string(T(lang, {"Đã ghi nhận", "Accepted"}));
}

std::string When(std::string_view utc) { return utc.empty() ? "–" : std::string(utc.substr(0, 16)); }

// The issues, newest last, at most `limit`.
std::string IssueRows(Lang lang, const std::vector<station::SyncIssue>& issues, size_t limit) {
  std::string trs;
  size_t from = issues.size() > limit ? issues.size() - limit : 0;
  for (size_t i = from; i < issues.size(); ++i) {
    const auto& s = issues[i];
    const bool vi = lang != Lang::kEn;
    trs += Render(R"(<tr data-sync-issue="{outcome}"><td>{station}</td><td>{member}</td><td>{step}</td><td>{actor}</td><td>{at}</td><td>{label}</td><td>{why}<br><span class="sub">{todo}</span></td></tr>)",
                  {{"outcome", s.outcome}, {"station", s.station_code}, {"member", s.member_no},
                   {"step", Term(lang, "step", s.step)}, {"actor", s.actor}, {"at", When(s.at)},
                   {"label", OutcomeLabel(lang, s.outcome)},
                   {"why", station::DescribeReason(s.reason, vi)},
                   {"todo", station::WhatToDo(s.outcome, vi)}});
  }
  return trs;
}

}  // namespace

Result<std::string> StationSyncSection(Lang lang, Store& db, std::string_view only_station) {
  CARDEX_ASSIGN_OR_RETURN(std::vector<station::StationSyncRow> rows, station::ListStationSyncs(db));
  std::string trs;
  for (const auto& r : rows) {
    if (!only_station.empty() && r.station_code != only_station) continue;
    if (!r.revoked_at.empty()) continue;
    trs += Render(R"(<tr data-station-sync="{station}"><td>{station}</td><td>{join}</td><td>{push}</td><td>{pull}</td><td>{depth}</td><td>{conflicts}</td><td>{held}</td></tr>)",
                  {{"station", r.station_code}, {"join", r.join_id}, {"push", When(r.last_push_at)},
                   {"pull", When(r.last_pull_at)}, {"depth", vn_format::Integer(r.outbox_depth)},
                   {"conflicts", vn_format::Integer(r.conflicts)}, {"held", vn_format::Integer(r.held)}});
  }
  if (trs.empty()) return std::string();
  CARDEX_ASSIGN_OR_RETURN(std::vector<station::SyncIssue> issues, station::ListSyncIssues(db, only_station));
  std::string issue_table;
  if (!issues.empty()) {
    issue_table = Render(R"(<h3>{t}</h3><table class="progress"><thead><tr><th>{c_st}</th><th>{c_m}</th><th>{c_step}</th><th>{c_by}</th><th>{c_at}</th><th>{c_o}</th><th>{c_why}</th></tr></thead><tbody>{!rows}</tbody></table>)",
                         {{"t", T(lang, {"Bước chưa được ghi nhận ở trung tâm", "Steps not applied centrally"})},
                          {"c_st", T(lang, {"Điểm", "Station"})},
                          {"c_m", T(lang, {"Đảng viên", "Member"})},
                          {"c_step", T(lang, {"Bước", "Step"})},
                          {"c_by", T(lang, {"Cán bộ", "Officer"})},
                          {"c_at", T(lang, {"Thời điểm (UTC)", "When (UTC)"})},
                          {"c_o", T(lang, {"Kết quả", "Outcome"})},
                          {"c_why", T(lang, {"Lý do và cách xử lý", "Why, and what to do"})},
                          {"rows", IssueRows(lang, issues, 50)}});
  }
  return Render(R"(<section class="card" data-station-syncs=""><h2>{t}</h2><table class="progress"><thead><tr><th>{c_st}</th><th>{c_join}</th><th>{c_push}</th><th>{c_pull}</th><th>{c_depth}</th><th>{c_conf}</th><th>{c_held}</th></tr></thead><tbody>{!rows}</tbody></table>{!issues}</section>)",
                {{"t", T(lang, {"Đồng bộ của điểm tiếp nhận làm việc ngoại tuyến", "Stations working offline: sync"})},
                 {"c_st", T(lang, {"Điểm tiếp nhận", "Station"})},
                 {"c_join", T(lang, {"Máy", "Machine"})},
                 {"c_push", T(lang, {"Gửi gần nhất (UTC)", "Last push (UTC)"})},
                 {"c_pull", T(lang, {"Nhận gần nhất (UTC)", "Last pull (UTC)"})},
                 {"c_depth", T(lang, {"Bước chờ gửi", "Steps waiting"})},
                 {"c_conf", T(lang, {"Xung đột", "Conflicts"})},
                 {"c_held", T(lang, {"Bị giữ lại", "Held"})},
                 {"rows", trs},
                 {"issues", issue_table}});
}

namespace {

// /station/sync on a station's copy.
Response CopySyncPage(Context& ctx) {
  Lang lang = LangOf(ctx);
  auto self = station::LoadSelf(ctx.store);
  if (!self.ok()) {
    return HtmlError(ctx.request, 404, Msg(lang, "station.not_a_copy"));
  }
  auto counts = station::CountOutbox(ctx.store);
  if (!counts.ok()) return FromStatus(counts.status());
  auto issues = station::ListOutboxIssues(ctx.store);
  if (!issues.ok()) return FromStatus(issues.status());
  const bool vi = lang != Lang::kEn;
  std::string trs;
  for (const auto& e : *issues) {
    trs += Render(R"(<tr data-outbox="{outcome}"><td>#{seq}</td><td><a href="/desk/member/{member}">{member}</a></td><td>{step}</td><td>{actor}</td><td>{at}</td><td>{label}</td><td>{why}<br><span class="sub">{todo}</span></td></tr>)",
                  {{"outcome", e.outcome}, {"seq", std::to_string(e.seq)}, {"member", e.member_no},
                   {"step", Term(lang, "step", e.step)}, {"actor", e.actor}, {"at", When(e.at)},
                   {"label", OutcomeLabel(lang, e.outcome)},
                   {"why", station::DescribeReason(e.outcome_reason, vi)},
                   {"todo", station::WhatToDo(e.outcome, vi)}});
  }
  std::string body = Render(
      R"(<section class="card" data-copy-sync="{station}"><h1>{t} <span class="sub">{station}</span></h1>
<dl class="figures"><dt>{t_push}</dt><dd>{push}</dd><dt>{t_pull}</dt><dd>{pull}</dd>
<dt>{t_pending}</dt><dd data-pending="{n_pending}">{pending}</dd><dt>{t_acc}</dt><dd>{acc}</dd>
<dt>{t_conf}</dt><dd>{conf}</dd><dt>{t_held}</dt><dd>{held}</dd></dl>
<table class="progress"><thead><tr><th>#</th><th>{c_m}</th><th>{c_step}</th><th>{c_by}</th><th>{c_at}</th><th>{c_o}</th><th>{c_why}</th></tr></thead><tbody>{!rows}</tbody></table>
</section>)",
      {{"t", T(lang, {"Đồng bộ với trung tâm", "Sync with the central"})},
       {"station", self->station_code},
       {"t_push", T(lang, {"Gửi gần nhất (UTC)", "Last push (UTC)"})},
       {"push", When(self->last_push_at)},
       {"t_pull", T(lang, {"Nhận gần nhất (UTC)", "Last pull (UTC)"})},
       {"pull", When(self->last_pull_at)},
       {"t_pending", T(lang, {"Bước chờ gửi", "Steps waiting"})},
       {"n_pending", std::to_string(counts->pending)},
       {"pending", vn_format::Integer(counts->pending)},
       {"t_acc", T(lang, {"Đã ghi nhận", "Accepted"})},
       {"acc", vn_format::Integer(counts->accepted)},
       {"t_conf", T(lang, {"Xung đột", "Conflicts"})},
       {"conf", vn_format::Integer(counts->conflicts)},
       {"t_held", T(lang, {"Bị giữ lại", "Held"})},
       {"held", vn_format::Integer(counts->held)},
       {"c_m", T(lang, {"Đảng viên", "Member"})},
       {"c_step", T(lang, {"Bước", "Step"})},
       {"c_by", T(lang, {"Cán bộ", "Officer"})},
       {"c_at", T(lang, {"Thời điểm (UTC)", "When (UTC)"})},
       {"c_o", T(lang, {"Kết quả", "Outcome"})},
       {"c_why", T(lang, {"Lý do và cách xử lý", "Why, and what to do"})},
       {"rows", trs}});
  return UserPage(ctx, std::string(T(lang, {"Đồng bộ", "Sync"})), std::move(body));
}

}  // namespace

void AddStationSyncPages(AppRouter& router) {
  router.Add("GET", "/station/sync",
             PageRoute("/station/sync", Permission::kDeskCheckIn, TargetFrom::kQueryStation, CopySyncPage));
}

}  // namespace cardex::http
