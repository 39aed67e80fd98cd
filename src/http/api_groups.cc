// Working groups over HTTP: define groups, assign units and members, record
// inspections, close follow-ups, and read them. The capability is
// cardex/groups/groups.h; who may do what is auth's (Authorize and its
// group rule), declared per route below and checked by the pipeline.
#include <boost/json.hpp>

#include "cardex/auth/accounts.h"
#include "cardex/core/limits.h"
#include "cardex/groups/groups.h"
#include "paging.h"
#include "json_body.h"
#include "route.h"

namespace cardex::http {

namespace {

std::string Now() { return FormatUtc(Clock::now()); }

boost::json::array Strings(const std::vector<std::string>& items) {
  boost::json::array out;
  for (const std::string& s : items) out.emplace_back(s);
  return out;
}

boost::json::object GroupJson(const groups::Group& g) {
  return {{"code", g.code},           {"name", g.name},
          {"leader", g.leader},       {"unit", g.unit_code},
          {"units", Strings(g.units)}, {"members", Strings(g.members)}};
}

boost::json::object FollowUpJson(const groups::FollowUp& f) {
  return {{"id", f.id},          {"inspection_id", f.inspection_id}, {"group", f.group_code},
          {"unit", f.unit_code}, {"text", f.text},                   {"owner", f.owner},
          {"due", f.due_on},     {"status", f.status},               {"closed_by", f.closed_by},
          {"closed_at", f.closed_at}};
}

boost::json::object InspectionJson(const groups::Inspection& in) {
  boost::json::array follow_ups;
  for (const groups::FollowUp& f : in.follow_ups) follow_ups.emplace_back(FollowUpJson(f));
  return {{"id", in.id},
          {"group", in.group_code},
          {"unit", in.unit_code},
          {"date", in.inspected_on},
          {"findings", in.findings},
          {"recorded_by", in.recorded_by},
          {"recorded_at", in.recorded_at},
          {"follow_ups", std::move(follow_ups)}};
}

Response ListAll(Context& ctx) {
  auto all = groups::ListGroups(ctx.store);
  if (!all.ok()) return FromStatus(all.status());
  boost::json::array out;
  for (const groups::Group& g : *all) {
    if (Allowed(ctx.scopes, ctx.who(), Permission::kViewProgress, Target{g.unit_code, "", g.code})) {
      out.emplace_back(GroupJson(g));
    }
  }
  return Json(200, boost::json::serialize(boost::json::object{{"groups", std::move(out)}}));
}

Response Define(Context& ctx) {
  auto body = JsonBody::Parse(ctx.request.body, {"code", "name", "leader"});
  if (!body.ok()) return FromStatus(body.status());
  auto code = body->String("code");
  auto name = body->String("name");
  auto leader = body->OptionalString("leader");
  for (const Status& s : {code.status(), name.status(), leader.status()}) {
    if (!s.ok()) return FromStatus(s);
  }
  groups::Group g{*code, *name, *leader, ctx.Param("unit"), {}, {}};
  if (Status s = groups::DefineGroup(ctx.store, g, ctx.who().login, Now()); !s.ok()) {
    return FromStatus(s);
  }
  auto stored = groups::GetGroup(ctx.store, g.code);
  if (!stored.ok()) return FromStatus(stored.status());
  return Json(201, boost::json::serialize(GroupJson(*stored)));
}

Response Get(Context& ctx) {
  auto g = groups::GetGroup(ctx.store, ctx.target.group_code);
  if (!g.ok()) return FromStatus(g.status());
  auto window = PageWindow(ctx.request, limits::kInspectionsPerPage);
  if (!window.ok()) return FromStatus(window.status());
  auto inspections = groups::GroupInspections(ctx.store, g->code, *window);
  if (!inspections.ok()) return FromStatus(inspections.status());
  boost::json::object o = GroupJson(*g);
  boost::json::array list;
  for (const groups::Inspection& in : inspections->rows) list.emplace_back(InspectionJson(in));
  o["inspections"] = std::move(list);
  o["inspections_total"] = inspections->total;
  o["inspections_offset"] = inspections->offset;
  return Json(200, boost::json::serialize(o));
}

// POST {unit} or {login}: one unit assigned / one member added.
Response AddOne(Context& ctx, bool unit) {
  auto body = JsonBody::Parse(ctx.request.body, {unit ? "unit" : "login"});
  if (!body.ok()) return FromStatus(body.status());
  auto value = body->String(unit ? "unit" : "login");
  if (!value.ok()) return FromStatus(value.status());
  const std::string& group = ctx.target.group_code;
  Status s = unit ? groups::AssignUnit(ctx.store, group, *value, ctx.who().login, Now())
                  : groups::AddMember(ctx.store, group, *value, ctx.who().login, Now());
  if (!s.ok()) return FromStatus(s);
  auto g = groups::GetGroup(ctx.store, group);
  if (!g.ok()) return FromStatus(g.status());
  return Json(200, boost::json::serialize(GroupJson(*g)));
}

Response Record(Context& ctx) {
  auto body = JsonBody::Parse(ctx.request.body, {"unit", "date", "findings", "follow_ups"});
  if (!body.ok()) return FromStatus(body.status());
  groups::Inspection in;
  in.group_code = ctx.target.group_code;
  auto unit = body->String("unit");
  auto date = body->String("date");
  auto findings = body->String("findings");
  auto follow_ups = body->OptionalObjects("follow_ups", limits::kFollowUpsPerInspection);
  for (const Status& s : {unit.status(), date.status(), findings.status(), follow_ups.status()}) {
    if (!s.ok()) return FromStatus(s);
  }
  in.unit_code = *unit;
  in.inspected_on = *date;
  in.findings = *findings;
  for (const boost::json::value& v : *follow_ups) {
    auto item = JsonBody::Parse(boost::json::serialize(v), {"text", "owner", "due"});
    if (!item.ok()) return FromStatus(item.status());
    groups::FollowUp f;
    auto text = item->String("text");
    auto owner = item->String("owner");
    auto due = item->String("due");
    for (const Status& s : {text.status(), owner.status(), due.status()}) {
      if (!s.ok()) return FromStatus(s);  // its catalogue id names the field
    }
    f.text = *text;
    f.owner = *owner;
    f.due_on = *due;
    in.follow_ups.push_back(std::move(f));
  }
  auto recorded = groups::RecordInspection(ctx.store, in, ctx.who().login, Now());
  if (!recorded.ok()) return FromStatus(recorded.status());
  return Json(201, boost::json::serialize(InspectionJson(*recorded)));
}

Response Close(Context& ctx) {
  auto body = JsonBody::Parse(ctx.request.body, {});
  if (!body.ok()) return FromStatus(body.status());
  const int64_t id = std::stoll(ctx.Param("follow_up_id"));  // digits: checked by the pipeline
  if (Status s = groups::CloseFollowUp(ctx.store, id, ctx.who().login, Now()); !s.ok()) {
    return FromStatus(s);
  }
  auto f = groups::GetFollowUp(ctx.store, id);
  if (!f.ok()) return FromStatus(f.status());
  return Json(200, boost::json::serialize(FollowUpJson(*f)));
}

Response MyFollowUps(Context& ctx) {
  auto window = PageWindow(ctx.request, limits::kFollowUpsPerPage);
  if (!window.ok()) return FromStatus(window.status());
  auto mine = groups::OpenFollowUpsOf(ctx.store, ctx.who().login, *window);
  if (!mine.ok()) return FromStatus(mine.status());
  boost::json::array out;
  for (const groups::FollowUp& f : mine->rows) out.emplace_back(FollowUpJson(f));
  return Json(200, boost::json::serialize(boost::json::object{
                       {"follow_ups", std::move(out)}, {"total", mine->total}, {"offset", mine->offset}}));
}

Route Change(std::string name, Permission p, TargetFrom t, HandlerFn fn) {
  return Route{.name = std::move(name), .permission = p, .target = t, .csrf = true,
               .idempotent = true, .handle = std::move(fn)};
}
Route Read(std::string name, std::optional<Permission> p, TargetFrom t, HandlerFn fn) {
  return Route{.name = std::move(name), .permission = p, .target = t, .handle = std::move(fn)};
}

}  // namespace

void AddGroupRoutes(AppRouter& router) {
  router.Add("GET", "/api/groups",
             Read("/api/groups", Permission::kViewProgress, TargetFrom::kAnyScope, ListAll));
  router.Add("POST", "/api/units/{unit}/groups",
             Change("/api/units/{unit}/groups", Permission::kManageWorkingGroups, TargetFrom::kUnit,
                    Define));
  router.Add("GET", "/api/groups/{group}",
             Read("/api/groups/{group}", Permission::kViewProgress, TargetFrom::kGroup, Get));
  router.Add("POST", "/api/groups/{group}/units",
             Change("/api/groups/{group}/units", Permission::kManageWorkingGroups,
                    TargetFrom::kGroup, [](Context& ctx) { return AddOne(ctx, true); }));
  router.Add("POST", "/api/groups/{group}/members",
             Change("/api/groups/{group}/members", Permission::kManageWorkingGroups,
                    TargetFrom::kGroup, [](Context& ctx) { return AddOne(ctx, false); }));
  router.Add("POST", "/api/groups/{group}/inspections",
             Change("/api/groups/{group}/inspections", Permission::kRecordInspection,
                    TargetFrom::kGroup, Record));
  router.Add("POST", "/api/follow-ups/{follow_up_id}/close",
             Change("/api/follow-ups/{follow_up_id}/close", Permission::kRecordInspection,
                    TargetFrom::kFollowUp, Close));
  router.Add("GET", "/api/me/follow-ups",
             Read("/api/me/follow-ups", std::nullopt, TargetFrom::kNone, MyFollowUps));
}

}  // namespace cardex::http
