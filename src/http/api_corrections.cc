// The corrections work list over HTTP: read a unit's list and backlog, and
// act on one member or on every fixable difference of a unit. The
// capability is cardex/reconcile (work_list.h, resolve.h), the same
// functions `cardex resolve` calls, run in the pipeline's transaction so
// that each action commits with its Idempotency-Key and audit entry.
#include <boost/json.hpp>

#include "cardex/core/citizen_id.h"
#include "cardex/core/verdict.h"
#include "cardex/reconcile/resolve.h"
#include "cardex/reconcile/work_list.h"
#include "corrections_query.h"
#include "json_body.h"
#include "paging.h"
#include "route.h"

namespace cardex::http {

namespace {

boost::json::object Values(std::string_view id, std::string_view name, std::string_view birth,
                           std::string_view gender) {
  return {{"citizen_id", id}, {"full_name", name}, {"birth_date", birth}, {"gender", gender}};
}

boost::json::object ItemJson(const Context& ctx, const reconcile::WorkItem& w) {
  // Ids are shown in full only to the roles that hold them unmasked
  // (docs/security.md); the suggestion is a citizen's id too.
  const bool full = Allowed(ctx.scopes, ctx.who(), Permission::kViewMemberDetailUnmaskedIds,
                            Target{w.unit_code, "", ""});
  auto id = [&](const std::string& v) { return full || v.empty() ? v : MaskCitizenId(v); };
  const bool registry_row = !w.registry_full_name.empty();
  boost::json::object o{
      {"member_no", w.member_no},
      {"unit", w.unit_code},
      {"unit_name", w.unit_name},
      {"verdict", w.verdict},
      {"fields", FieldsText(w.fields)},
      {"difference_open", w.difference_open},
      {"found_at", w.found_at},
      {"age_days", w.age_days},
      {"recorded", Values(id(w.citizen_id), w.full_name, w.birth_date, w.gender)},
      {"registry", registry_row ? boost::json::value(Values(id(w.citizen_id), w.registry_full_name,
                                                             w.registry_birth_date, w.registry_gender))
                                : boost::json::value(nullptr)},
      {"suggestion", w.suggested_citizen_id.empty()
                         ? boost::json::value(nullptr)
                         : boost::json::value(Values(id(w.suggested_citizen_id), w.suggested_full_name,
                                                     w.suggested_birth_date, w.suggested_gender))},
      {"correction", w.correction_open()
                         ? boost::json::value(boost::json::object{{"note", w.correction_note},
                                                                  {"opened_by", w.correction_opened_by},
                                                                  {"opened_at", w.correction_opened_at}})
                         : boost::json::value(nullptr)}};
  return o;
}

boost::json::object BacklogJson(const reconcile::UnitBacklog& b) {
  return {{"unit", b.unit_code},       {"name", b.unit_name},        {"kind", b.kind},
          {"open", b.open},            {"fixable", b.fixable},       {"corrections", b.corrections},
          {"oldest_days", b.oldest_days}, {"mean_days", b.mean_days}};
}

Response List(Context& ctx) {
  auto query = ParseWorkListQuery(ctx);
  if (!query.ok()) return FromStatus(query.status());
  auto list = reconcile::LoadWorkList(ctx.store, query->unit, query->filter);
  if (!list.ok()) return FromStatus(list.status());
  const size_t from = std::min(query->window.offset, list->items.size());
  const size_t to = std::min(list->items.size(), from + query->window.limit);
  boost::json::array items, units;
  for (size_t i = from; i < to; ++i) items.emplace_back(ItemJson(ctx, list->items[i]));
  for (const reconcile::UnitBacklog& b : list->units) units.emplace_back(BacklogJson(b));
  return Json(200, boost::json::serialize(boost::json::object{
                       {"unit", query->unit},
                       {"total", list->items.size()},
                       {"offset", from},
                       {"items", std::move(items)},
                       {"backlog", BacklogJson(list->total)},
                       {"units", std::move(units)}}));
}

Response Done(const std::string& member_no, std::string_view action) {
  return Json(200, boost::json::serialize(
                       boost::json::object{{"member_no", member_no}, {"action", action}}));
}

Response ApplyRegistry(Context& ctx) {
  auto body = JsonBody::Parse(ctx.request.body, {});
  if (!body.ok()) return FromStatus(body.status());
  const std::string& no = ctx.Param("member_no");
  Status s = reconcile::ApplyRegistryValuesInTransaction(ctx.store, no, ctx.who().login);
  return s.ok() ? Done(no, "apply_registry") : FromStatus(s);
}

Response AcceptSuggestion(Context& ctx) {
  auto body = JsonBody::Parse(ctx.request.body, {});
  if (!body.ok()) return FromStatus(body.status());
  const std::string& no = ctx.Param("member_no");
  Status s = reconcile::AcceptSuggestionInTransaction(ctx.store, no, ctx.who().login);
  return s.ok() ? Done(no, "accept_suggestion") : FromStatus(s);
}

Response SendToCorrection(Context& ctx) {
  auto body = JsonBody::Parse(ctx.request.body, {"note"});
  if (!body.ok()) return FromStatus(body.status());
  auto note = body->String("note");
  if (!note.ok()) return FromStatus(note.status());
  if (note->find_first_not_of(" \t\r\n") == std::string::npos) {
    return ErrorResponse(400, "bad_request", "corrections.note_required");
  }
  const std::string& no = ctx.Param("member_no");
  Status s = reconcile::SendToCorrectionInTransaction(ctx.store, no, *note, ctx.who().login);
  return s.ok() ? Done(no, "send_to_correction") : FromStatus(s);
}

Response CloseCorrection(Context& ctx) {
  auto body = JsonBody::Parse(ctx.request.body, {"evidence"});
  if (!body.ok()) return FromStatus(body.status());
  auto evidence = body->String("evidence");
  if (!evidence.ok()) return FromStatus(evidence.status());
  if (evidence->find_first_not_of(" \t\r\n") == std::string::npos) {
    return ErrorResponse(400, "bad_request", "corrections.evidence_required");
  }
  const std::string& no = ctx.Param("member_no");
  auto closed = reconcile::CloseCorrectionInTransaction(ctx.store, no, *evidence, ctx.who().login);
  if (!closed.ok()) return FromStatus(closed.status());
  if (*closed == 0) {
    return ErrorResponse(409, "conflict", "corrections.none_open", {no});
  }
  return Done(no, "close_correction");
}

Response ApplyAllFixable(Context& ctx) {
  auto body = JsonBody::Parse(ctx.request.body, {});
  if (!body.ok()) return FromStatus(body.status());
  auto count = reconcile::ApplyAllFixableInTransaction(ctx.store, ctx.target.unit_code, ctx.who().login);
  if (!count.ok()) return FromStatus(count.status());
  return Json(200, boost::json::serialize(boost::json::object{
                       {"unit", ctx.target.unit_code},
                       {"applied", count->applied},
                       {"skipped_changed", count->skipped_changed}}));
}

Route Change(std::string name, TargetFrom t, HandlerFn fn) {
  return Route{.name = std::move(name), .permission = Permission::kCorrectRecords, .target = t,
               .csrf = true, .idempotent = true, .handle = std::move(fn)};
}

}  // namespace

void AddCorrectionRoutes(AppRouter& router) {
  router.Add("GET", "/api/corrections",
             Route{.name = "/api/corrections", .permission = Permission::kViewMembers,
                   .target = TargetFrom::kQueryUnit, .handle = List});
  router.Add("POST", "/api/members/{member_no}/apply-registry",
             Change("/api/members/{member_no}/apply-registry", TargetFrom::kMember, ApplyRegistry));
  router.Add("POST", "/api/members/{member_no}/accept-suggestion",
             Change("/api/members/{member_no}/accept-suggestion", TargetFrom::kMember, AcceptSuggestion));
  router.Add("POST", "/api/members/{member_no}/corrections",
             Change("/api/members/{member_no}/corrections", TargetFrom::kMember, SendToCorrection));
  router.Add("POST", "/api/members/{member_no}/corrections/close",
             Change("/api/members/{member_no}/corrections/close", TargetFrom::kMember, CloseCorrection));
  router.Add("POST", "/api/units/{unit}/apply-fixable",
             Change("/api/units/{unit}/apply-fixable", TargetFrom::kUnit, ApplyAllFixable));
}

}  // namespace cardex::http
