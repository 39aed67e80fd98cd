// Cards over HTTP: production batches per commune, delivery, hand-over at
// the desk, a member's card, and the public key anyone verifies payloads
// with. The capability is cardex/cards/cards.h; permissions and targets are
// declared below and checked by the pipeline.
#include <boost/json.hpp>

#include "cardex/core/dates.h"
#include "cardex/cards/cards.h"
#include "cardex/cards/signing_key.h"
#include "cardex/ledger/exchange.h"
#include "json_body.h"
#include "route.h"

namespace cardex::http {

namespace {

std::string Today() { return UtcNowText().substr(0, 10); }

Response Produce(Context& ctx) {
  auto body = JsonBody::Parse(ctx.request.body, {"issue_date"});
  if (!body.ok()) return FromStatus(body.status());
  auto issue = body->OptionalString("issue_date");
  if (!issue.ok()) return FromStatus(issue.status());
  auto key = ctx.signing_key();
  if (!key.ok()) return FromStatus(key.status());
  cards::ProduceRequest r{ctx.Param("unit"), ctx.who().login, UtcNowText(),
                          issue->empty() ? Today() : *issue};
  auto batch = cards::ProduceBatch(ctx.store, r, *key);
  if (!batch.ok()) return FromStatus(batch.status());
  // Submitted members held back (not cleanly standardised), with the
  // reason in the language asked for: the unit settles them first.
  const Lang lang = ApiLang(ctx.request);
  boost::json::array skipped;
  for (const cards::SkippedMember& m : batch->skipped) {
    skipped.push_back(boost::json::object{{"member_no", m.member_no},
                                          {"reason_id", m.reason_id},
                                          {"reason", Msg(lang, m.reason_id, m.reason_args)}});
  }
  boost::json::object o{{"batch_id", batch->batch_id}, {"count", batch->cards},
                        {"skipped", std::move(skipped)}};
  return Json(200, boost::json::serialize(o));
}

Response Deliver(Context& ctx) {
  auto body = JsonBody::Parse(ctx.request.body, {});
  if (!body.ok()) return FromStatus(body.status());
  auto n = cards::DeliverBatch(ctx.store, ctx.Param("batch_id"), ctx.who().login, UtcNowText());
  if (!n.ok()) return FromStatus(n.status());
  boost::json::object o{{"batch_id", ctx.Param("batch_id")}, {"delivered", *n}};
  return Json(200, boost::json::serialize(o));
}

Response HandOver(Context& ctx) {
  auto body = JsonBody::Parse(ctx.request.body, {"card_no"});
  if (!body.ok()) return FromStatus(body.status());
  auto card_no = body->String("card_no");
  if (!card_no.ok()) return FromStatus(card_no.status());
  cards::HandOverRequest r{ctx.Param("member_no"), *card_no, ctx.who().login, UtcNowText(),
                           ctx.who().role == Role::kStationOfficer ? ctx.who().scope : ""};
  if (Status s = cards::HandOver(ctx.store, r); !s.ok()) return FromStatus(s);
  boost::json::object o{{"member_no", r.member_no}, {"card_no", r.card_no}, {"state", "handed_over"}};
  return Json(200, boost::json::serialize(o));
}

// The member's card is revoked (lost, stolen, misprinted, data corrected)
// and, when that leaves them without a valid card, reissued: back to
// submitted for the next batch. The card must be the member's, so the
// route's member target is what the pipeline checked.
Response RevokeCard(Context& ctx) {
  auto body = JsonBody::Parse(ctx.request.body, {"card_no", "reason", "note"});
  if (!body.ok()) return FromStatus(body.status());
  auto card_no = body->String("card_no");
  if (!card_no.ok()) return FromStatus(card_no.status());
  auto reason = body->String("reason");
  if (!reason.ok()) return FromStatus(reason.status());
  auto note = body->OptionalString("note");
  if (!note.ok()) return FromStatus(note.status());
  auto card = cards::GetCard(ctx.store, *card_no);
  if (!card.ok()) return FromStatus(card.status());
  if (card->member_no != ctx.Param("member_no")) {
    return ErrorResponse(409, "failed_precondition", "card.not_members", {*card_no});
  }
  auto r = cards::Revoke(ctx.store, {*card_no, *reason, *note, ctx.who().login, UtcNowText()});
  if (!r.ok()) return FromStatus(r.status());
  auto ex = ledger::GetExchange(ctx.store, r->member_no);
  if (!ex.ok()) return FromStatus(ex.status());
  boost::json::object o{{"card_no", *card_no},
                        {"state", "revoked"},
                        {"reissued", r->reissued},
                        {"member_state", std::string(StateName(ex->state))}};
  return Json(200, boost::json::serialize(o));
}

Response MemberCard(Context& ctx) {
  auto list = cards::MemberCards(ctx.store, ctx.Param("member_no"));
  if (!list.ok()) return FromStatus(list.status());
  if (list->empty()) return ErrorResponse(404, "not_found", "not_found.card");
  const cards::StoredCard& c = list->front();
  boost::json::object o{{"card_no", c.card_no},   {"state", c.state},
                        {"batch_id", c.batch_id}, {"issued_on", c.issued_on},
                        {"handed_over_at", c.handed_over_at}};
  // The chip payload carries the full citizen id (docs/cards.md): only a
  // role that sees unmasked ids on this member gets it; the others learn
  // that it exists, never its bytes (docs/security.md, "Masked ids").
  if (Allowed(ctx.scopes, ctx.who(), Permission::kViewMemberDetailUnmaskedIds, ctx.target)) {
    o["payload"] = c.payload;
  } else {
    o["payload"] = nullptr;
    o["payload_withheld"] = true;
  }
  return Json(200, boost::json::serialize(o));
}

Response PublicKey(Context& ctx) {
  auto key = ctx.signing_key();
  if (!key.ok()) return FromStatus(key.status());
  boost::json::object o{{"algorithm", "Ed25519"},
                        {"public_key", cards::PublicKeyHex(key->public_key())},
                        {"key_id", key->key_id()}};
  return Json(200, boost::json::serialize(o));
}

Route Change(std::string name, Permission p, TargetFrom t, HandlerFn fn) {
  return Route{.name = std::move(name), .permission = p, .target = t, .csrf = true,
               .idempotent = true, .handle = std::move(fn)};
}

}  // namespace

void AddCardRoutes(AppRouter& router) {
  router.Add("POST", "/api/communes/{unit}/card-batches",
             Change("/api/communes/{unit}/card-batches", Permission::kProduceCards, TargetFrom::kUnit,
                    Produce));
  router.Add("POST", "/api/card-batches/{batch_id}/deliver",
             Change("/api/card-batches/{batch_id}/deliver", Permission::kDeliverCards,
                    TargetFrom::kBatch, Deliver));
  router.Add("POST", "/api/members/{member_no}/hand-over",
             Change("/api/members/{member_no}/hand-over", Permission::kHandOver, TargetFrom::kMember,
                    HandOver));
  router.Add("POST", "/api/members/{member_no}/card/revoke",
             Change("/api/members/{member_no}/card/revoke", Permission::kProduceCards,
                    TargetFrom::kMember, RevokeCard));
  router.Add("GET", "/api/members/{member_no}/card",
             Route{.name = "/api/members/{member_no}/card", .permission = Permission::kViewMembers,
                   .target = TargetFrom::kMember, .handle = MemberCard});
  router.Add("GET", "/api/cards/public-key",
             Route{.name = "/api/cards/public-key", .needs_session = false, .handle = PublicKey});
}

}  // namespace cardex::http
