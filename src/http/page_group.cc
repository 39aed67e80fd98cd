// Working groups' pages: the groups an account may see, and a group's page
// with its units (links to their unit pages), its inspections and their
// follow-ups, the signed-in user's open follow-ups, and the forms to record
// an inspection and close a follow-up (which call the JSON API through
// desk.js, with the CSRF token and an Idempotency-Key, like every button).
#include <map>

#include "cardex/core/limits.h"
#include "cardex/core/vn_format.h"
#include "cardex/groups/groups.h"
#include "cardex/store/lookups.h"
#include "pages.h"
#include "paging.h"

namespace cardex::http {

namespace {

// The follow-ups table; a close button where `who` may close it.
std::string FollowUpRows(Context& ctx, Lang lang, const std::vector<groups::FollowUp>& list) {
  std::map<std::string, std::string> unit_of;  // group -> its unit
  std::string rows;
  for (const groups::FollowUp& f : list) {
    auto it = unit_of.find(f.group_code);
    if (it == unit_of.end()) {
      auto g = groups::GetGroup(ctx.store, f.group_code);
      it = unit_of.emplace(f.group_code, g.ok() ? g->unit_code : std::string()).first;
    }
    std::string action;
    if (f.status == "open" && Allowed(ctx.scopes, ctx.who(), Permission::kRecordInspection,
                                      Target{it->second, "", f.group_code})) {
      action = Render(R"(<form class="action" data-url="/api/follow-ups/{id}/close" data-method="POST"><button class="btn btn-primary" type="submit">{t}</button></form>)",
                      {{"id", std::to_string(f.id)}, {"t", T(lang, {"Đã xong", "Done"})}});
    } else if (f.status == "done") {
      action = Render("{t} {by} {at}", {{"t", T(lang, {"Xong:", "Done:"})}, {"by", f.closed_by}, {"at", f.closed_at}});
    }
    rows += Render(R"(<tr data-follow-up="{id}"><td>{text}</td><td><a href="/units/{unit}">{unit}</a></td><td>{owner}</td><td>{due}</td><td>{!action}</td></tr>)",
                   {{"id", std::to_string(f.id)}, {"text", f.text}, {"unit", f.unit_code},
                    {"owner", f.owner}, {"due", f.due_on}, {"action", action}});
  }
  return rows;
}

std::string FollowUpTable(Context& ctx, Lang lang, const std::vector<groups::FollowUp>& list) {
  if (list.empty()) return Render("<p>{t}</p>", {{"t", T(lang, {"Không có.", "None."})}});
  return Render(R"(<table><thead><tr><th>{c_text}</th><th>{c_unit}</th><th>{c_owner}</th><th>{c_due}</th><th></th></tr></thead><tbody>{!rows}</tbody></table>)",
                {{"c_text", T(lang, {"Việc cần làm", "To do"})},
                 {"c_unit", T(lang, {"Đơn vị", "Unit"})},
                 {"c_owner", T(lang, {"Người phụ trách", "Owner"})},
                 {"c_due", T(lang, {"Hạn", "Due"})},
                 {"rows", FollowUpRows(ctx, lang, list)}});
}

Result<std::string> MyFollowUps(Context& ctx, Lang lang) {
  CARDEX_ASSIGN_OR_RETURN(auto mine, groups::OpenFollowUpsOf(ctx.store, ctx.who().login,
                                                            RowWindow::Page(0, limits::kFollowUpsPerPage)));
  // The earliest due come first; the rest wait until these are closed.
  std::string more;
  if (mine.after() > 0) {
    const std::string n = vn_format::Integer(static_cast<int64_t>(mine.after()));
    more = Render(R"(<p class="sub" data-more="{n}">{t}</p>)",
                  {{"n", std::to_string(mine.after())},
                   {"t", lang == Lang::kEn ? "and " + n + " more with later due dates."
                                           : "và " + n + " việc khác có hạn muộn hơn."}});
  }
  return Render(R"(<section class="card" data-my-follow-ups><h2>{t}</h2>{!table}{!more}<p class="msg" role="alert" hidden></p></section>)",
                {{"t", T(lang, {"Việc của tôi đang mở", "My open follow-ups"})},
                 {"table", FollowUpTable(ctx, lang, mine.rows)},
                 {"more", more}});
}

Response GroupList(Context& ctx) {
  Lang lang = LangOf(ctx);
  auto all = groups::ListGroups(ctx.store);
  if (!all.ok()) return FromStatus(all.status());
  std::string items;
  for (const groups::Group& g : *all) {
    if (!Allowed(ctx.scopes, ctx.who(), Permission::kViewProgress, Target{g.unit_code, "", g.code})) continue;
    items += Render(R"(<li><a class="btn" href="/groups/{code}">{name} <span class="sub">{code} · {unit}</span></a></li>)",
                    {{"code", g.code}, {"name", g.name}, {"unit", g.unit_code}});
  }
  auto mine = MyFollowUps(ctx, lang);
  if (!mine.ok()) return FromStatus(mine.status());
  std::string body = Render(R"(<section class="card"><h1>{t}</h1><ul class="picker">{!items}</ul></section>{!mine})",
                            {{"t", T(lang, {"Tổ công tác kiểm tra", "Working groups"})},
                             {"items", items.empty() ? Render("<li>{t}</li>", {{"t", T(lang, {"Không có tổ nào.", "No group."})}}) : items},
                             {"mine", *mine}});
  return UserPage(ctx, T(lang, {"Tổ công tác", "Working groups"}), std::move(body));
}

Response GroupPage(Context& ctx) {
  Lang lang = LangOf(ctx);
  auto g = groups::GetGroup(ctx.store, ctx.target.group_code);
  if (!g.ok()) return FromStatus(g.status());
  auto window = PageWindow(ctx.request, limits::kInspectionsPerPage);
  if (!window.ok()) return FromStatus(window.status());
  auto inspections = groups::GroupInspections(ctx.store, g->code, *window);
  if (!inspections.ok()) return FromStatus(inspections.status());

  std::string units;
  for (const std::string& u : g->units) {
    auto unit = FindUnit(ctx.store, u);
    if (!unit.ok()) return FromStatus(unit.status());
    units += Render(R"(<li><a class="btn" href="/units/{code}">{name} <span class="sub">{code}</span></a></li>)",
                    {{"code", u}, {"name", *unit ? (*unit)->name : u}});
  }
  std::string members;
  for (const std::string& m : g->members) members += Render("<li>{m}</li>", {{"m", m}});

  std::string list;
  for (const groups::Inspection& in : inspections->rows) {
    list += Render(R"(<article class="inspection" data-inspection="{id}"><h3>{date} · <a href="/units/{unit}">{unit}</a> <span class="sub">{by}</span></h3><p>{findings}</p>{!follow_ups}</article>)",
                   {{"id", std::to_string(in.id)}, {"date", in.inspected_on}, {"unit", in.unit_code},
                    {"by", in.recorded_by}, {"findings", in.findings},
                    {"follow_ups", in.follow_ups.empty() ? std::string() : FollowUpTable(ctx, lang, in.follow_ups)}});
  }
  if (list.empty() && inspections->total == 0) {
    list = Render("<p>{t}</p>", {{"t", T(lang, {"Chưa có lần kiểm tra nào.", "No inspection yet."})}});
  }
  list += PagerHtml(ctx.request, lang, *inspections, limits::kInspectionsPerPage);

  std::string form;
  if (Allowed(ctx.scopes, ctx.who(), Permission::kRecordInspection, ctx.target) && !g->units.empty()) {
    std::string options;
    for (const std::string& u : g->units) options += Render(R"(<option value="{u}">{u}</option>)", {{"u", u}});
    form = Render(R"(<section class="card"><h2>{t}</h2>
<form class="action" data-kind="inspection" data-url="/api/groups/{code}/inspections" data-method="POST">
<label>{l_unit} <select name="unit" required>{!options}</select></label>
<label>{l_date} <input type="date" name="date" required></label>
<label>{l_findings} <textarea name="findings" required></textarea></label>
<fieldset><legend>{l_follow}</legend>
<label>{l_text} <input name="follow_up_text"></label>
<label>{l_owner} <input name="follow_up_owner" value="{me}"></label>
<label>{l_due} <input type="date" name="follow_up_due"></label>
</fieldset>
<button class="btn btn-big btn-primary" type="submit">{l_save}</button>
</form><p class="msg" role="alert" hidden></p></section>)",
                  {{"t", T(lang, {"Ghi nhận một lần kiểm tra", "Record an inspection"})},
                   {"code", g->code},
                   {"options", options},
                   {"l_unit", T(lang, {"Đơn vị được kiểm tra", "Unit inspected"})},
                   {"l_date", T(lang, {"Ngày", "Date"})},
                   {"l_findings", T(lang, {"Kết quả kiểm tra", "Findings"})},
                   {"l_follow", T(lang, {"Việc cần làm tiếp (không bắt buộc)", "Follow-up (optional)"})},
                   {"l_text", T(lang, {"Nội dung", "What"})},
                   {"l_owner", T(lang, {"Tài khoản phụ trách", "Owner (login)"})},
                   {"me", ctx.who().login},
                   {"l_due", T(lang, {"Hạn", "Due"})},
                   {"l_save", T(lang, {"Lưu", "Save"})}});
  }
  auto mine = MyFollowUps(ctx, lang);
  if (!mine.ok()) return FromStatus(mine.status());

  std::string body = Render(
      R"(<section class="card" data-group="{code}"><a class="btn" href="/groups">‹ {back}</a>
<h1>{name} <span class="sub">{code}</span></h1>
<p>{l_leader}: {leader} · {l_unit}: <a href="/units/{unit}">{unit}</a></p>
<h2>{l_units}</h2><ul class="picker">{!units}</ul>
<h2>{l_members}</h2><ul>{!members}</ul></section>
{!mine}
{!form}
<section class="card"><h2>{l_inspections}</h2>{!list}<p class="msg" role="alert" hidden></p></section>)",
      {{"code", g->code},
       {"back", T(lang, {"Các tổ công tác", "Working groups"})},
       {"name", g->name},
       {"l_leader", T(lang, {"Tổ trưởng", "Leader"})},
       {"leader", g->leader},
       {"l_unit", T(lang, {"Địa bàn", "Area"})},
       {"unit", g->unit_code},
       {"l_units", T(lang, {"Đơn vị phụ trách", "Units assigned"})},
       {"units", units},
       {"l_members", T(lang, {"Thành viên", "Members"})},
       {"members", members},
       {"mine", *mine},
       {"form", form},
       {"l_inspections", T(lang, {"Các lần kiểm tra", "Inspections"})},
       {"list", list}});
  return UserPage(ctx, g->name, std::move(body));
}

}  // namespace

void AddGroupPages(AppRouter& router) {
  router.Add("GET", "/groups",
             PageRoute("/groups", Permission::kViewProgress, TargetFrom::kAnyScope, GroupList));
  router.Add("GET", "/groups/{group}",
             PageRoute("/groups/{group}", Permission::kViewProgress, TargetFrom::kGroup, GroupPage));
}

}  // namespace cardex::http
