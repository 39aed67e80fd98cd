// A unit's page, for the accounts that work on units rather than at a
// desk (province coordinators, commune officers, cell secretaries,
// inspectors): its sub-units, its members' progress through the exchange,
// a cell's members, and for a commune the card batches (produce, deliver).
#include <map>

#include "cardex/cards/cards.h"
#include "cardex/core/citizen_id.h"
#include "cardex/core/vn_format.h"
#include "cardex/groups/groups.h"
#include "cardex/intake/desk.h"
#include "cardex/progress/rollup.h"
#include "cardex/selfservice/member_view.h"
#include "cardex/store/lookups.h"
#include "cardex/core/unit_tree.h"
#include "notices_section.h"
#include "pages.h"
#include "vn_order.h"

namespace cardex::http {

namespace {

std::string_view KindLabel(Lang lang, std::string_view kind) {
  return UnitKindLabel(kind, lang == Lang::kEn);
}

std::string ChildList(Lang lang, std::vector<Unit> units) {
  std::string items;
  SortUnitsForPeople(units, [](const Unit& u) { return u.name; });
  for (const Unit& u : units) {
    items += Render(R"(<li><a class="btn" href="/units/{code}">{name} <span class="sub">{kind} · {code}</span></a></li>)",
                    {{"code", u.code}, {"name", u.name}, {"kind", KindLabel(lang, u.kind)}});
  }
  return items;
}

Response RootUnits(Context& ctx) {
  Lang lang = LangOf(ctx);
  auto rows = ChildUnits(ctx.store, "");
  if (!rows.ok()) return FromStatus(rows.status());
  std::string dashboard;
  if (Allowed(ctx.scopes, ctx.who(), Permission::kViewProgress, Target{})) {
    dashboard = Render(R"(<p><a class="btn btn-primary" data-dashboard-link href="/dashboard">{t}</a></p>)",
                       {{"t", T(lang, {"Bảng theo dõi tiến độ toàn quốc", "National progress dashboard"})}});
  }
  std::string body = Render(R"(<section class="card"><h1>{t}</h1>{!dashboard}<ul class="picker">{!items}</ul>
<p><a class="btn" href="/desk">{desk}</a></p></section>)",
                            {{"t", T(lang, {"Đơn vị", "Units"})},
                             {"dashboard", dashboard},
                             {"items", ChildList(lang, *rows)},
                             {"desk", T(lang, {"Các điểm tiếp nhận", "Reception stations"})}});
  return UserPage(ctx, T(lang, {"Đơn vị", "Units"}), std::move(body));
}

// The unit's subtree by exchange state, from the roll-ups (no member is
// read): the members no step has touched yet (listed or invited) are the
// ones to exchange less every state counter.
std::string CountsSection(Lang lang, const progress::Figures& figures) {
  std::map<std::string, int64_t> by_state;
  int64_t touched = 0;
  for (const auto& [metric, n] : figures.by_state) {
    by_state[metric.substr(0, metric.find('/'))] += n;
    touched += n;
  }
  std::string items;
  if (figures.to_exchange > touched) {
    items += Render(R"(<li data-state-count="not_started"><span class="badge">{label}</span> <b>{n}</b></li>)",
                    {{"label", T(lang, {"Chưa đến tiếp nhận", "Not received yet"})},
                     {"n", std::to_string(figures.to_exchange - touched)}});
  }
  for (const auto& [st, n] : by_state) {
    if (n == 0) continue;
    items += Render(R"(<li data-state-count="{st}">{!badge} <b>{n}</b></li>)",
                    {{"st", st}, {"badge", StateBadge(lang, st)}, {"n", std::to_string(n)}});
  }
  // Members whose card was revoked and who wait for a replacement: the
  // reissue step leaves its reason on the submitted state.
  int64_t reissues = 0;
  for (const char* reason : {"lost", "stolen", "damaged", "misprinted", "data_corrected"}) {
    reissues += figures.Count(std::string("submitted/") + reason);
  }
  if (reissues > 0) {
    items += Render(R"(<li data-state-count="reissue"><span class="badge">{label}</span> <b>{n}</b></li>)",
                    {{"label", T(lang, {"Chờ in lại thẻ (thẻ đã thu hồi)",
                                        "Awaiting a replacement card (card revoked)"})},
                     {"n", std::to_string(reissues)}});
  }
  return items;
}

// A commune's card batches: produce the submitted records' cards, mark a
// batch delivered (each button where the account may).
Result<std::string> CardsSection(Context& ctx, Lang lang, const std::string& code, int64_t submitted) {
  auto allowed = [&](Permission p) { return Allowed(ctx.scopes, ctx.who(), p, ctx.target); };
  std::string produce;
  if (allowed(Permission::kProduceCards)) {
    produce = Render(R"(<form class="action" data-url="/api/communes/{code}/card-batches" data-method="POST">
<button class="btn btn-big btn-primary" type="submit"{!disabled}>{t} ({n})</button>
</form>)",
                     {{"code", code},
                      {"disabled", submitted == 0 ? " disabled" : ""},
                      {"t", T(lang, {"In thẻ cho các hồ sơ đã gửi", "Produce cards for the submitted records"})},
                      {"n", std::to_string(submitted)}});
  }
  CARDEX_ASSIGN_OR_RETURN(const std::vector<cards::BatchSummary> batches,
                          cards::CommuneBatches(ctx.store, code, 20));
  std::string rows;
  for (const cards::BatchSummary& b : batches) {
    const bool delivered = !b.delivered_at.empty();
    std::string action;
    if (!delivered && allowed(Permission::kDeliverCards)) {
      action = Render(R"(<form class="action" data-url="/api/card-batches/{id}/deliver" data-method="POST"><button class="btn btn-primary" type="submit">{t}</button></form>)",
                      {{"id", b.batch_id}, {"t", T(lang, {"Đã giao thẻ về xã", "Delivered to the commune"})}});
    } else if (delivered) {
      action = Render("{t} {at}", {{"t", T(lang, {"Đã giao", "Delivered"})}, {"at", b.delivered_at}});
    }
    rows += Render(R"(<tr data-batch="{id}"><td class="mono">{id}</td><td>{at}</td><td>{n}</td><td>{!action}</td></tr>)",
                   {{"id", b.batch_id}, {"at", b.created_at}, {"n", std::to_string(b.cards)}, {"action", action}});
  }
  return Render(R"(<section class="card"><h2>{t}</h2>{!produce}
<table><thead><tr><th>{c_id}</th><th>{c_at}</th><th>{c_n}</th><th></th></tr></thead><tbody>{!rows}</tbody></table>
<p class="msg" role="alert" hidden></p></section>)",
                {{"t", T(lang, {"Thẻ mới", "New cards"})},
                 {"produce", produce},
                 {"c_id", T(lang, {"Lô", "Batch"})},
                 {"c_at", T(lang, {"Tạo lúc", "Created"})},
                 {"c_n", T(lang, {"Số thẻ", "Cards"})},
                 {"rows", rows}});
}

// A cell's members with their state (citizen ids masked), in the order of
// a Vietnamese list: given name, then the rest.
Result<std::string> MembersSection(Context& ctx, Lang lang, const std::string& code) {
  CARDEX_ASSIGN_OR_RETURN(std::vector<intake::CellMember> members, intake::CellMembers(ctx.store, code));
  SortPeopleForPeople(members, [](const intake::CellMember& m) { return m.full_name; });
  std::string trs;
  for (const intake::CellMember& m : members) {
    trs += Render(R"(<tr data-member="{no}"><td><a class="row-link" href="/desk/member/{no}">{name}</a><span class="sub">{no}</span></td><td class="mono">{id}</td><td>{!badge}</td></tr>)",
                  {{"no", m.member_no},
                   {"name", m.full_name},
                   {"id", MaskCitizenId(m.citizen_id)},
                   {"badge", StateBadge(lang, StateName(m.state))}});
  }
  return Render(R"(<section class="card"><h2>{t}</h2><table class="day"><thead><tr><th>{c_name}</th><th>{c_id}</th><th>{c_state}</th></tr></thead><tbody>{!rows}</tbody></table></section>)",
                {{"t", T(lang, {"Đảng viên", "Members"})},
                 {"c_name", T(lang, {"Họ tên / số thẻ", "Name / member no."})},
                 {"c_id", T(lang, {"CCCD", "Citizen id"})},
                 {"c_state", T(lang, {"Trạng thái", "State"})},
                 {"rows", trs}});
}

// What the cell's members did on their own page (issue 21): pages locked
// after wrong birth dates (with the unlock button where the account may
// book for the member), moves, and "I cannot come" requests. "" when none.
Result<std::string> SelfServiceSection(Context& ctx, Lang lang, const std::string& code) {
  CARDEX_ASSIGN_OR_RETURN(std::vector<selfservice::CellSelfService> rows, selfservice::CellSelfServiceList(ctx.store, code));
  if (rows.empty()) return std::string();
  SortPeopleForPeople(rows, [](const selfservice::CellSelfService& m) { return m.full_name; });
  const bool may_unlock = Allowed(ctx.scopes, ctx.who(), Permission::kBookCatchUp, ctx.target);
  std::string trs;
  for (const selfservice::CellSelfService& m : rows) {
    std::string what;
    if (m.locked) {
      what += Render(R"(<p data-locked>{t}</p>)",
                     {{"t", T(lang, {"Trang tra cứu bị khóa (nhập sai ngày sinh nhiều lần)",
                                     "Member's page locked (too many wrong birth dates)"})}});
      if (may_unlock) {
        what += Render(R"(<form class="action" data-url="/api/members/{no}/member-page/unlock" data-method="POST"><button class="btn btn-primary" type="submit" data-unlock="{no}">{t}</button></form>)",
                       {{"no", m.member_no}, {"t", T(lang, {"Mở khóa", "Unlock"})}});
      }
    }
    if (m.moves > 0) {
      what += Render(R"(<p data-moves="{n}">{t}</p>)",
                     {{"n", std::to_string(m.moves)},
                      {"t", Render(T(lang, {"Đã tự đổi lịch hẹn {n} lần (lần cuối {at})", "Moved the appointment {n} times (last {at})"}),
                                   {{"n", std::to_string(m.moves)}, {"at", vn_format::LocalDateTime(m.last_move_at)}})}});
    }
    if (!m.request_kind.empty()) {
      Tr kind = m.request_kind == "transfer"
                    ? Tr{"Báo đang ở nơi khác, đề nghị chuyển sinh hoạt", "Lives elsewhere: asks for a transfer"}
                    : m.request_reason == "elderly"
                          ? Tr{"Tuổi cao, đề nghị tổ lưu động đến nhà", "Elderly: asks for a home visit"}
                          : Tr{"Đang ốm, đề nghị tổ lưu động đến nhà", "Ill: asks for a home visit"};
      what += Render(R"(<p data-request="{k}">{t}{!note}</p>)",
                     {{"k", m.request_kind},
                      {"t", T(lang, kind)},
                      {"note", m.request_note.empty() ? std::string()
                                                      : Render(R"(: <q>{n}</q>)", {{"n", m.request_note}})}});
    }
    trs += Render(R"(<tr data-self-service="{no}"><td><a class="row-link" href="/desk/member/{no}">{name}</a><span class="sub">{no}</span></td><td>{!what}</td></tr>)",
                  {{"no", m.member_no}, {"name", m.full_name}, {"what", what}});
  }
  return Render(R"(<section class="card" data-cell-self-service><h2>{t}</h2><table class="day"><tbody>{!rows}</tbody></table><p class="msg" role="alert" hidden></p></section>)",
                {{"t", T(lang, {"Đảng viên tự tra cứu, đổi lịch, báo vắng", "Members' own page: locks, moves, requests"})},
                 {"rows", trs}});
}

// The working groups this unit is assigned to, where the account may see
// them ("" when none).
Result<std::string> GroupsSection(Context& ctx, Lang lang, const std::string& code) {
  CARDEX_ASSIGN_OR_RETURN(const std::vector<groups::Group> unit_groups, groups::GroupsOfUnit(ctx.store, code));
  std::string items;
  for (const groups::Group& g : unit_groups) {
    if (!Allowed(ctx.scopes, ctx.who(), Permission::kViewProgress, Target{g.unit_code, "", g.code})) continue;
    items += Render(R"(<li><a class="btn" href="/groups/{code}">{name} <span class="sub">{code}</span></a></li>)",
                    {{"code", g.code}, {"name", g.name}});
  }
  if (items.empty()) return std::string();
  return Render(R"(<section class="card" data-unit-groups><h2>{t}</h2><ul class="picker">{!items}</ul></section>)",
                {{"t", T(lang, {"Tổ công tác kiểm tra", "Working groups"})}, {"items", items}});
}

Response UnitPage(Context& ctx) {
  Lang lang = LangOf(ctx);
  const std::string& code = ctx.target.unit_code;
  auto unit = FindUnit(ctx.store, code);
  if (!unit.ok()) return FromStatus(unit.status());
  if (!*unit) return ErrorResponse(404, "not_found", "not_found.unit", {code});
  const std::string name = (*unit)->name, kind = (*unit)->kind, parent = (*unit)->parent_code;
  const Principal& who = ctx.who();
  auto allowed = [&](Permission p) { return Allowed(ctx.scopes, who, p, ctx.target); };

  std::string up;
  if (!parent.empty() && Allowed(ctx.scopes, who, Permission::kViewMembers, Target{parent, ""})) {
    up = Render(R"(<a class="btn" href="/units/{p}">‹ {p}</a>)", {{"p", parent}});
  }
  auto children = ChildUnits(ctx.store, code);
  if (!children.ok()) return FromStatus(children.status());
  if (auto current = progress::EnsureCurrent(ctx.store); !current.ok()) return FromStatus(current.status());
  auto figures = progress::UnitFigures(ctx.store, code);
  if (!figures.ok()) return FromStatus(figures.status());
  std::string dashboard;
  if (allowed(Permission::kViewProgress)) {
    dashboard = Render(R"(<p><a class="btn btn-primary" data-dashboard-link href="/dashboard/{code}">{t}</a></p>)",
                       {{"code", code}, {"t", T(lang, {"Bảng theo dõi tiến độ", "Progress dashboard"})}});
  }
  if (allowed(Permission::kCorrectRecords)) {  // the work list (page_corrections.cc)
    dashboard += Render(R"(<p><a class="btn" data-corrections-link href="/corrections?unit={code}">{t}</a></p>)",
                        {{"code", code}, {"t", T(lang, {"Chuẩn hóa dữ liệu đảng viên", "Member data corrections"})}});
    dashboard += Render(R"(<p><a class="btn" data-upload-link href="/members/upload?unit={code}">{t}</a></p>)",
                        {{"code", code}, {"t", T(lang, {"Tải lên danh sách đảng viên", "Upload a member list"})}});
  }
  Result<std::string> cards = std::string();
  if (kind == "commune" && (allowed(Permission::kProduceCards) || allowed(Permission::kDeliverCards))) {
    cards = CardsSection(ctx, lang, code, figures->InState(ExchangeState::kSubmitted));
  }
  if (!cards.ok()) return FromStatus(cards.status());
  Result<std::string> members = kind == "cell" ? MembersSection(ctx, lang, code) : std::string();
  if (!members.ok()) return FromStatus(members.status());
  Result<std::string> self_service = kind == "cell" ? SelfServiceSection(ctx, lang, code) : std::string();
  if (!self_service.ok()) return FromStatus(self_service.status());
  // Who the notices have not reached (notices_section.h), above the list.
  Result<std::string> unreached = kind == "cell" ? NoticesSection(lang, ctx.store, code) : std::string();
  if (!unreached.ok()) return FromStatus(unreached.status());
  auto unit_groups = GroupsSection(ctx, lang, code);
  if (!unit_groups.ok()) return FromStatus(unit_groups.status());

  std::string body = Render(
      R"(<section class="card" data-unit="{code}">
{!up}
<h1>{name} <span class="sub">{kind} · {code}</span></h1>
<ul class="counts-list">{!counts}</ul>
{!dashboard}
</section>
{!cards}
{!children}
{!members})",
      {{"code", code},
       {"up", up},
       {"name", name},
       {"kind", KindLabel(lang, kind)},
       {"counts", CountsSection(lang, *figures)},
       {"dashboard", dashboard},
       {"cards", *cards},
       {"children", children->empty()
                        ? std::string()
                        : Render(R"(<section class="card"><h2>{t}</h2><ul class="picker">{!items}</ul></section>)",
                                 {{"t", T(lang, {"Đơn vị trực thuộc", "Units below"})},
                                  {"items", ChildList(lang, *children)}})},
       {"members", *unreached + *self_service + *members + *unit_groups}});
  return UserPage(ctx, name, std::move(body));
}

}  // namespace

void AddUnitPages(AppRouter& router) {
  router.Add("GET", "/units", PageRoute("/units", Permission::kViewMembers, TargetFrom::kNone, RootUnits));
  router.Add("GET", "/units/{unit}",
             PageRoute("/units/{unit}", Permission::kViewMembers, TargetFrom::kUnit, UnitPage));
}

}  // namespace cardex::http
