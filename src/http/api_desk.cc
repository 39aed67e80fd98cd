// The station desk's API: a station's day, finding a member, the
// verification view, and the steps of the exchange (check-in, photo,
// confirmation, submission, exceptions, catch-up booking).
//
// Every route's permission and target are declared in AddDeskRoutes and
// checked by the pipeline (app.cc) before the handler runs; a handler that
// returns several members filters them through Allowed() (the same rule).
#include <boost/json.hpp>

#include "cardex/core/citizen_id.h"
#include "cardex/core/dates.h"
#include "cardex/intake/booking.h"
#include "cardex/intake/desk.h"
#include "cardex/intake/exchange.h"
#include "cardex/intake/lookup.h"
#include "cardex/intake/photo.h"
#include "cardex/intake/settle.h"
#include "cardex/io/qr_decode.h"
#include "json_body.h"
#include "metrics.h"
#include "route.h"

namespace cardex::http {

namespace {

// Where a step happens: a station officer's own station; others may name one.
std::string StationOf(const Context& ctx, const std::string& named) {
  return ctx.who().role == Role::kStationOfficer ? ctx.who().scope : named;
}

Response Day(Context& ctx) {
  const std::string& date = ctx.Param("date");
  if (!Date::Parse(date).ok()) return ErrorResponse(400, "bad_request", "body.date");
  auto day = intake::StationDay(ctx.store, ctx.Param("station"), date);
  if (!day.ok()) return FromStatus(day.status());
  boost::json::array list;
  for (const auto& e : *day) {
    boost::json::object o;
    o["member_no"] = e.member_no;
    o["full_name"] = e.full_name;
    o["unit_code"] = e.unit_code;
    o["slot_start"] = e.slot_start;
    o["slot_end"] = e.slot_end;
    o["mode"] = e.mode;
    o["state"] = e.state;
    o["citizen_id"] = MaskCitizenId(e.citizen_id);
    list.push_back(std::move(o));
  }
  boost::json::object out;
  out["station"] = ctx.Param("station");
  out["date"] = date;
  out["appointments"] = std::move(list);
  return Json(200, boost::json::serialize(out));
}

// Finding a member: by invitation code, member number, citizen id
// (recorded, standardised or the registry's) or name with birth year, in
// the caller's scope, ranked. It only reads: check-in is its own step.
Response Lookup(Context& ctx) {
  auto body = JsonBody::Parse(ctx.request.body, {"query", "invitation_code", "citizen_id"});
  if (!body.ok()) return FromStatus(body.status());
  auto query = body->OptionalString("query");
  auto code = body->OptionalString("invitation_code");
  auto id = body->OptionalString("citizen_id");
  for (const Status& s : {query.status(), code.status(), id.status()}) {
    if (!s.ok()) return FromStatus(s);
  }
  // The older fields are one more way to say the query.
  std::string q = !query->empty() ? *query : !code->empty() ? *code : *id;
  std::vector<std::string> roots;
  if (ctx.who().role == Role::kStationOfficer) {
    roots = ctx.scopes.Serves(ctx.who().scope);
  } else {
    roots.push_back(ctx.who().scope);
  }
  auto hits = intake::FindMembers(ctx.store, q, roots);
  if (!hits.ok()) return FromStatus(hits.status());
  const Lang lang = ApiLang(ctx.request);
  boost::json::array list;
  for (const intake::LookupHit& h : *hits) {
    Target t{h.unit_code, ""};
    if (!Allowed(ctx.scopes, ctx.who(), Permission::kDeskCheckIn, t)) continue;
    bool unmasked = Allowed(ctx.scopes, ctx.who(), Permission::kViewMemberDetailUnmaskedIds, t);
    boost::json::object o;
    o["member_no"] = h.member_no;
    o["full_name"] = h.full_name;
    o["birth_year"] = h.birth_date.substr(0, 4);
    o["unit_code"] = h.unit_code;
    o["unit_name"] = h.unit_name;
    o["citizen_id"] = unmasked ? h.citizen_id : MaskCitizenId(h.citizen_id);
    o["state"] = h.state;
    o["state_label"] = Term(lang, "state", h.state);
    o["matched_by"] = h.matched_by;
    list.push_back(std::move(o));
  }
  if (list.empty()) return ErrorResponse(404, "not_found", "lookup.none");
  boost::json::object out;
  out["members"] = std::move(list);
  return Json(200, boost::json::serialize(out));
}

// A camera frame from a browser without BarcodeDetector: 8-bit grey
// pixels (?w=&h=), decoded here with libzbar. Reads only.
Response Scan(Context& ctx) {
  int w = 0, h = 0;
  try {
    w = std::stoi(ctx.request.query.at("w"));
    h = std::stoi(ctx.request.query.at("h"));
  } catch (...) {
    return ErrorResponse(400, "bad_request", "qr.bad_image");
  }
  auto text = DecodeQrGrey(ctx.request.body, w, h);
  if (!text.ok()) return FromStatus(text.status());
  boost::json::object o{{"text", *text}};
  return Json(200, boost::json::serialize(o));
}

Response Member(Context& ctx) {
  auto v = intake::Verify(ctx.store, ctx.Param("member_no"));
  if (!v.ok()) return FromStatus(v.status());
  bool unmasked = Allowed(ctx.scopes, ctx.who(), Permission::kViewMemberDetailUnmaskedIds,
                          ctx.target);
  auto id = [&](const std::string& s) { return unmasked ? s : MaskCitizenId(s); };
  boost::json::object recorded{{"citizen_id", id(v->citizen_id)},
                               {"full_name", v->full_name},
                               {"birth_date", v->birth_date},
                               {"gender", v->gender}};
  boost::json::object o;
  o["member_no"] = v->member_no;
  o["unit_code"] = v->unit_code;
  o["unit_name"] = v->unit_name;
  o["status"] = v->status;
  o["recorded"] = std::move(recorded);
  if (!v->std_source.empty()) {
    o["standardised"] = boost::json::object{{"citizen_id", id(v->std_citizen_id)},
                                            {"full_name", v->std_full_name},
                                            {"birth_date", v->std_birth_date},
                                            {"gender", v->std_gender},
                                            {"source", v->std_source}};
  }
  o["registry"] = boost::json::object{{"full_name", v->registry_full_name},
                                      {"birth_date", v->registry_birth_date},
                                      {"gender", v->registry_gender},
                                      {"deceased_on", v->registry_deceased_on}};
  o["verdict"] = v->verdict;
  o["fields"] = v->fields;
  o["suggested_citizen_id"] = id(v->suggested_citizen_id);
  o["advice"] = boost::json::object{{"vi", v->advice_vi}, {"en", v->advice_en}};
  if (!v->slot_start.empty()) {
    o["appointment"] = boost::json::object{{"station", v->station_code},
                                           {"slot_start", v->slot_start},
                                           {"slot_end", v->slot_end},
                                           {"mode", v->mode}};
  }
  o["state"] = StateName(v->state);
  o["version"] = v->version;
  o["has_photo"] = v->has_photo;
  o["open_corrections"] = v->open_corrections;
  o["ids_masked"] = !unmasked;
  // What the card will carry (the read-back), or why no card may be made yet.
  auto card = intake::MemberCardValues(ctx.store, v->member_no);
  if (!card.ok()) return FromStatus(card.status());
  boost::json::object c{{"clean", card->clean()}};
  if (card->clean()) {
    c["citizen_id"] = id(card->values.citizen_id);
    c["full_name"] = card->values.full_name;
    c["birth_date"] = card->values.birth_date;
    c["gender"] = card->values.gender;
  } else {
    c["reason_id"] = card->unclean_id;
    c["reason"] = Msg(ApiLang(ctx.request), card->unclean_id, card->unclean_args);
  }
  o["card"] = std::move(c);
  return Json(200, boost::json::serialize(o));
}

// "The registry is right": the registry's values become the member's
// standardised record, and the answer is what the card will carry, to read
// back to the member before they confirm.
Response Settle(Context& ctx) {
  auto body = JsonBody::Parse(ctx.request.body, {"version"});
  if (!body.ok()) return FromStatus(body.status());
  auto version = body->OptionalInt("version", -1);
  if (!version.ok()) return FromStatus(version.status());
  intake::SettleRequest r{ctx.Param("member_no"), ctx.who().login, UtcNowText(), *version};
  auto card = intake::SettleWithRegistry(ctx.store, r);
  if (!card.ok()) return FromStatus(card.status());
  bool unmasked = Allowed(ctx.scopes, ctx.who(), Permission::kViewMemberDetailUnmaskedIds,
                          ctx.target);
  boost::json::object c{{"clean", card->clean()},
                        {"citizen_id", unmasked ? card->values.citizen_id
                                                : MaskCitizenId(card->values.citizen_id)},
                        {"full_name", card->values.full_name},
                        {"birth_date", card->values.birth_date},
                        {"gender", card->values.gender}};
  boost::json::object o{{"member_no", r.member_no}, {"card", std::move(c)}};
  return Json(200, boost::json::serialize(o));
}

// The common shape of a step request and answer.
Response Step(Context& ctx, ExchangeStep step, bool takes_reason) {
  auto body = takes_reason ? JsonBody::Parse(ctx.request.body, {"version", "note", "station", "reason"})
                           : JsonBody::Parse(ctx.request.body, {"version", "note", "station"});
  if (!body.ok()) return FromStatus(body.status());
  auto version = body->OptionalInt("version", -1);
  auto note = body->OptionalString("note");
  auto station = body->OptionalString("station");
  auto reason = body->OptionalString("reason");
  for (const Status& s : {version.status(), note.status(), station.status(), reason.status()}) {
    if (!s.ok()) return FromStatus(s);
  }
  intake::StepRequest r;
  r.member_no = ctx.Param("member_no");
  r.step = step;
  if (takes_reason) {
    // One endpoint for every exception; the reason picks the step.
    if (*reason == "absent" || *reason == "busy") {
      r.step = ExchangeStep::kMarkAbsent;
    } else if (*reason == "ill") {
      r.step = ExchangeStep::kMarkIll;
    } else if (*reason == "wrong_data") {
      r.step = ExchangeStep::kMarkWrongData;
    } else if (*reason == "deceased" || *reason == "transferred") {
      r.step = ExchangeStep::kClose;
    } else {
      return ErrorResponse(400, "bad_request", "exchange.reason_required");
    }
    r.reason = *reason;
  }
  r.note = *note;
  r.station_code = StationOf(ctx, *station);
  if (ctx.who().role != Role::kStationOfficer && !r.station_code.empty()) {
    // A station named in the body must exist and serve the member; a
    // station officer's own was checked by Authorize.
    if (Status s = intake::CheckStationServes(ctx.store, r.station_code, r.member_no); !s.ok()) {
      return FromStatus(s);
    }
  }
  r.actor = ctx.who().login;
  r.at = UtcNowText();
  r.expect_version = *version;
  // No card with data the registry contradicts: confirm and submit wait
  // until the difference is settled (or the member goes to correction).
  if (Status clean = intake::RequireCleanFor(ctx.store, r.member_no, r.step); !clean.ok()) {
    return FromStatus(clean);
  }
  auto out = intake::ApplyStep(ctx.store, r);
  if (!out.ok()) return FromStatus(out.status());
  if (out->to == ExchangeState::kSubmitted) ctx.metrics.Intake(r.station_code);
  boost::json::object o{{"member_no", r.member_no},
                        {"from", StateName(out->from)},
                        {"state", StateName(out->to)},
                        {"version", out->version}};
  return Json(200, boost::json::serialize(o));
}

Response PutPhoto(Context& ctx) {
  std::string_view type = ctx.request.Header("content-type");
  if (type != "image/jpeg" && type != "image/png") {
    return ErrorResponse(415, "unsupported_media_type", "photo.type");
  }
  auto info = intake::InspectPhoto(ctx.request.body);
  if (!info.ok()) return FromStatus(info.status());
  if (info->content_type != type) {
    return ErrorResponse(415, "unsupported_media_type", "photo.content_differs",
                         {info->content_type, std::string(type)});
  }
  int64_t version = -1;
  if (auto it = ctx.request.query.find("version"); it != ctx.request.query.end()) {
    try {
      version = std::stoll(it->second);
    } catch (...) {
      return ErrorResponse(400, "bad_request", "body.version");
    }
  }
  intake::StepRequest r;
  r.member_no = ctx.Param("member_no");
  r.step = ExchangeStep::kCapture;
  r.station_code = StationOf(ctx, "");
  r.actor = ctx.who().login;
  r.at = UtcNowText();
  r.expect_version = version;
  // The photo goes in before the step: the step takes the row locks every
  // desk's step needs (roll-up counters, the audit chain's head), held on
  // PostgreSQL until the commit, so nothing slow should come after it. A
  // refused step rolls the photo back with it (Idempotent's transaction).
  Status stored = ctx.body_sha256.empty()
                      ? intake::StorePhoto(ctx.store, r.member_no, ctx.request.body, *info, r.actor, r.at)
                      : intake::StorePhoto(ctx.store, r.member_no, ctx.request.body, *info, r.actor,
                                           r.at, ctx.body_sha256);
  if (!stored.ok()) return FromStatus(stored);
  auto out = intake::ApplyStep(ctx.store, r);
  if (!out.ok()) return FromStatus(out.status());
  boost::json::object o{{"member_no", r.member_no},
                        {"from", StateName(out->from)},
                        {"state", StateName(out->to)},
                        {"version", out->version},
                        {"width", info->width},
                        {"height", info->height}};
  return Json(200, boost::json::serialize(o));
}

Response GetPhoto(Context& ctx) {
  auto photo = intake::GetPhoto(ctx.store, ctx.Param("member_no"));
  if (!photo.ok()) return FromStatus(photo.status());
  Response r;
  r.content_type = std::move(photo->content_type);
  r.body = std::move(photo->bytes);
  return r;
}

Response Book(Context& ctx) {
  auto body = JsonBody::Parse(ctx.request.body, {"station", "not_before"});
  if (!body.ok()) return FromStatus(body.status());
  auto station = body->OptionalString("station");
  auto not_before = body->String("not_before");
  if (!station.ok()) return FromStatus(station.status());
  if (!not_before.ok()) return FromStatus(not_before.status());
  intake::BookingRequest b{ctx.Param("member_no"), StationOf(ctx, *station), *not_before,
                           ctx.who().login, UtcNowText()};
  auto appt = intake::BookCatchUp(ctx.store, b);
  if (!appt.ok()) return FromStatus(appt.status());
  boost::json::object o{{"member_no", appt->member_no},     {"station", appt->station_code},
                        {"slot_start", appt->slot_start},   {"slot_end", appt->slot_end},
                        {"invitation_code", appt->invitation_code}, {"state", "invited"}};
  return Json(200, boost::json::serialize(o));
}

Route Read(std::string name, Permission p, TargetFrom t, HandlerFn fn) {
  return Route{.name = std::move(name), .permission = p, .target = t, .handle = std::move(fn)};
}
Route Change(std::string name, Permission p, HandlerFn fn) {
  return Route{.name = std::move(name), .permission = p, .target = TargetFrom::kMember,
               .csrf = true, .idempotent = true, .handle = std::move(fn)};
}

}  // namespace

void AddDeskRoutes(AppRouter& router) {
  router.Add("GET", "/api/stations/{station}/days/{date}",
             Read("/api/stations/{station}/days/{date}", Permission::kDeskCheckIn,
                  TargetFrom::kStation, Day));
  router.Add("POST", "/api/desk/lookup",
             Route{.name = "/api/desk/lookup", .permission = Permission::kDeskCheckIn,
                   .target = TargetFrom::kAnyScope, .csrf = true, .handle = Lookup});
  router.Add("POST", "/api/desk/scan",
             Route{.name = "/api/desk/scan", .permission = Permission::kDeskCheckIn,
                   .target = TargetFrom::kAnyScope, .csrf = true, .handle = Scan});
  router.Add("GET", "/api/members/{member_no}",
             Read("/api/members/{member_no}", Permission::kViewMembers, TargetFrom::kMember, Member));
  router.Add("GET", "/api/members/{member_no}/photo",
             Read("/api/members/{member_no}/photo", Permission::kViewMembers, TargetFrom::kMember,
                  GetPhoto));
  router.Add("PUT", "/api/members/{member_no}/photo",
             Change("/api/members/{member_no}/photo", Permission::kDeskCapture, PutPhoto));
  router.Add("POST", "/api/members/{member_no}/check-in",
             Change("/api/members/{member_no}/check-in", Permission::kDeskCheckIn,
                    [](Context& c) { return Step(c, ExchangeStep::kCheckIn, false); }));
  router.Add("POST", "/api/members/{member_no}/confirm",
             Change("/api/members/{member_no}/confirm", Permission::kDeskConfirm,
                    [](Context& c) { return Step(c, ExchangeStep::kConfirm, false); }));
  router.Add("POST", "/api/members/{member_no}/settle",
             Change("/api/members/{member_no}/settle", Permission::kDeskConfirm, Settle));
  router.Add("POST", "/api/members/{member_no}/submit",
             Change("/api/members/{member_no}/submit", Permission::kDeskSubmit,
                    [](Context& c) { return Step(c, ExchangeStep::kSubmit, false); }));
  router.Add("POST", "/api/members/{member_no}/exception",
             Change("/api/members/{member_no}/exception", Permission::kDeskException,
                    [](Context& c) { return Step(c, ExchangeStep::kMarkAbsent, true); }));
  router.Add("POST", "/api/members/{member_no}/booking",
             Change("/api/members/{member_no}/booking", Permission::kBookCatchUp, Book));
}

}  // namespace cardex::http
