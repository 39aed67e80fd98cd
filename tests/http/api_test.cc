// The JSON API against a live server on a loopback port, on both engines.
#include <gtest/gtest.h>

#include "tests/support/test_images.h"

#include <boost/json.hpp>

#include <chrono>
#include <thread>

#include "cardex/intake/photo.h"
#include "cardex/progress/rollup.h"
#include "tests/http/server_fixture.h"

namespace cardex::testing {
namespace {

std::string Png(uint32_t w, uint32_t h) { return PngHeader(w, h); }

std::map<std::string, std::string> Change(const std::string& csrf, const std::string& key) {
  return {{"X-CSRF-Token", csrf}, {"Idempotency-Key", key}, {"Content-Type", "application/json"}};
}

std::string ErrorCode(const HttpReply& r) {
  auto v = boost::json::parse(r.body);
  return std::string(v.at("error").at("code").as_string());
}

using ApiTest = ServerTest;

TEST_P(ApiTest, HealthAndMetricsAndUnknownRoutes) {
  HttpClient c(server_->port());
  HttpReply h = c.Send("GET", "/healthz");
  EXPECT_EQ(h.status, 200);
  EXPECT_EQ(h.body, "ok\n");
  EXPECT_EQ(c.Send("GET", "/nope").status, 404);
  HttpReply wrong = c.Send("DELETE", "/healthz");
  EXPECT_EQ(wrong.status, 405);
  EXPECT_EQ(wrong.headers["allow"], "GET");
  EXPECT_EQ(ErrorCode(wrong), "method_not_allowed");
  HttpReply m = c.Send("GET", "/metrics");
  EXPECT_EQ(m.status, 200);
  EXPECT_NE(m.body.find("cardex_http_requests_total{route=\"/healthz\",method=\"GET\",code=\"2xx\"} 1"),
            std::string::npos)
      << m.body;
}

// The server keeps the roll-ups current by itself: a desk's steps reach
// the counters with no page read in between (its folder thread, every
// 200 ms), and /metrics counts what it folded.
TEST_P(ApiTest, TheServerFoldsDeskStepsIntoTheRollups) {
  ASSERT_TRUE(progress::Rebuild(*store_).ok());  // a campaign's first report did this
  std::string csrf;
  auto c = LogIn("desk", &csrf);
  ASSERT_EQ(c->Send("POST", "/api/members/M1/check-in", "{}", Change(csrf, "k-fold-1")).status, 200);
  ASSERT_EQ(c->Send("POST", "/api/members/M2/check-in", "{}", Change(csrf, "k-fold-2")).status, 200);
  // Waits for the folder (no speed is asserted: up to a minute).
  int64_t checked_in = 0;
  for (int i = 0; i < 600 && checked_in < 2; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    auto p = progress::UnitFigures(*store_, "P");  // no EnsureCurrent: the server's folds only
    ASSERT_TRUE(p.ok()) << p.status().message();
    checked_in = p->Count("checked_in");
  }
  EXPECT_EQ(checked_in, 2);
  HttpReply metrics = c->Send("GET", "/metrics");
  EXPECT_NE(metrics.body.find("cardex_rollup_folded_events_total 2\n"), std::string::npos) << metrics.body;
  EXPECT_NE(metrics.body.find("cardex_rollup_fold_errors_total 0\n"), std::string::npos);
}

TEST_P(ApiTest, LoginAndSessions) {
  HttpClient c(server_->port());
  HttpReply anon = c.Send("GET", "/api/me");
  EXPECT_EQ(anon.status, 401);
  EXPECT_EQ(ErrorCode(anon), "unauthenticated");
  const std::map<std::string, std::string> json = {{"Content-Type", "application/json"}};
  HttpReply bad = c.Send("POST", "/api/session", R"({"login":"desk","password":"wrong password!"})", json);
  EXPECT_EQ(bad.status, 401);
  EXPECT_TRUE(c.cookie.empty());
  // Login CSRF: a body another site's form or fetch can send without a
  // preflight is refused, even with the right password.
  for (const char* type : {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data", ""}) {
    std::map<std::string, std::string> h;
    if (*type) h["Content-Type"] = type;
    HttpReply plain = c.Send("POST", "/api/session", R"({"login":"desk","password":"correct horse battery"})", h);
    EXPECT_EQ(plain.status, 415) << type;
    EXPECT_TRUE(c.cookie.empty()) << type;
  }
  HttpReply ok = c.Send("POST", "/api/session", R"({"login":"desk","password":"correct horse battery"})",
                        {{"Content-Type", "application/json; charset=utf-8"}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_NE(ok.headers["set-cookie"].find("HttpOnly"), std::string::npos);
  EXPECT_NE(ok.headers["set-cookie"].find("SameSite=Strict"), std::string::npos);
  HttpReply me = c.Send("GET", "/api/me");
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(boost::json::parse(me.body).at("role").as_string(), "station_officer");
  std::string csrf(boost::json::parse(me.body).at("csrf_token").as_string());
  EXPECT_EQ(c.Send("DELETE", "/api/session").status, 403);  // no CSRF token
  EXPECT_EQ(c.Send("DELETE", "/api/session", "", {{"X-CSRF-Token", csrf}}).status, 200);
  EXPECT_EQ(c.Send("GET", "/api/me").status, 401);
}

TEST_P(ApiTest, WholeDeskJourneyWithIdempotentRetries) {
  std::string csrf;
  auto c = LogIn("desk", &csrf);
  HttpReply day = c->Send("GET", "/api/stations/S/days/2025-08-05");
  ASSERT_EQ(day.status, 200) << day.body;
  auto list = boost::json::parse(day.body).at("appointments").as_array();
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list[0].at("citizen_id").as_string(), "079******001");  // masked in lists

  HttpReply found = c->Send("POST", "/api/desk/lookup", R"({"invitation_code":")" + codes_[0] + "\"}",
                            {{"X-CSRF-Token", csrf}});
  ASSERT_EQ(found.status, 200) << found.body;
  EXPECT_EQ(boost::json::parse(found.body).at("members").at(0).at("member_no").as_string(), "M1");

  HttpReply view = c->Send("GET", "/api/members/M1");
  ASSERT_EQ(view.status, 200);
  auto v = boost::json::parse(view.body);
  EXPECT_EQ(v.at("recorded").at("citizen_id").as_string(), "079080000001");  // the desk needs it
  EXPECT_EQ(v.at("state").as_string(), "invited");

  // Check-in: needs the CSRF token and an idempotency key.
  EXPECT_EQ(c->Send("POST", "/api/members/M1/check-in", "{}", {{"Idempotency-Key", "k-checkin-1"}}).status,
            403);
  HttpReply nokey = c->Send("POST", "/api/members/M1/check-in", "{}", {{"X-CSRF-Token", csrf}});
  EXPECT_EQ(nokey.status, 400);
  EXPECT_EQ(ErrorCode(nokey), "idempotency_key_required");
  HttpReply in = c->Send("POST", "/api/members/M1/check-in", "{}", Change(csrf, "k-checkin-1"));
  ASSERT_EQ(in.status, 200) << in.body;
  EXPECT_EQ(boost::json::parse(in.body).at("state").as_string(), "checked_in");
  // A retried request (same key) gets the same answer and changes nothing.
  HttpReply retry = c->Send("POST", "/api/members/M1/check-in", "{}", Change(csrf, "k-checkin-1"));
  EXPECT_EQ(retry.status, 200);
  EXPECT_EQ(retry.body, in.body);
  EXPECT_EQ(retry.headers["idempotent-replayed"], "true");
  // The same key for another request is refused; a new key for the same step conflicts.
  EXPECT_EQ(c->Send("POST", "/api/members/M2/check-in", "{}", Change(csrf, "k-checkin-1")).status, 422);
  HttpReply twice = c->Send("POST", "/api/members/M1/check-in", "{}", Change(csrf, "k-checkin-2"));
  EXPECT_EQ(twice.status, 409);
  EXPECT_EQ(ErrorCode(twice), "conflict");

  auto photo_headers = Change(csrf, "k-photo-1");
  photo_headers["Content-Type"] = "image/png";
  HttpReply gif = c->Send("PUT", "/api/members/M1/photo", "GIF89a", photo_headers);
  EXPECT_EQ(gif.status, 400);
  HttpReply photo = c->Send("PUT", "/api/members/M1/photo", Png(400, 500), photo_headers);
  ASSERT_EQ(photo.status, 200) << photo.body;
  EXPECT_EQ(c->Send("GET", "/api/members/M1/photo").body, Png(400, 500));
  // A retried upload replays; the photo keeps the SHA-256 its request was bound to.
  HttpReply photo_again = c->Send("PUT", "/api/members/M1/photo", Png(400, 500), photo_headers);
  EXPECT_EQ(photo_again.headers["idempotent-replayed"], "true");
  auto digest = store_->Query("SELECT sha256 FROM photos WHERE member_no = 'M1'");
  ASSERT_TRUE(digest.ok() && !digest->empty());
  EXPECT_EQ(digest->Text(0, 0), intake::PhotoSha256(Png(400, 500)));
  ASSERT_EQ(c->Send("POST", "/api/members/M1/confirm", R"({"version":2})", Change(csrf, "k-confirm-1")).status,
            200);
  HttpReply submit = c->Send("POST", "/api/members/M1/submit", "{}", Change(csrf, "k-submit-1"));
  ASSERT_EQ(submit.status, 200) << submit.body;
  EXPECT_EQ(boost::json::parse(submit.body).at("state").as_string(), "submitted");

  HttpReply metrics = c->Send("GET", "/metrics");
  EXPECT_NE(metrics.body.find("cardex_intakes_total{station=\"S\"} 1"), std::string::npos);

  // An exception and a catch-up booking for another member.
  HttpReply absent = c->Send("POST", "/api/members/M2/exception", R"({"reason":"busy","note":"work"})",
                             Change(csrf, "k-absent-2"));
  ASSERT_EQ(absent.status, 200) << absent.body;
  EXPECT_EQ(boost::json::parse(absent.body).at("state").as_string(), "rescheduled");
  HttpReply book = c->Send("POST", "/api/members/M2/booking", R"({"not_before":"2025-08-06T08:00"})",
                           Change(csrf, "k-book-2"));
  ASSERT_EQ(book.status, 200) << book.body;
  EXPECT_EQ(boost::json::parse(book.body).at("slot_start").as_string(), "2025-08-06T08:00");

  // A key recorded before the request hash bound the body's digest (the
  // body itself hashed in) still replays after an upgrade.
  const std::string ill = R"({"reason":"ill"})";
  std::string canon = "POST";
  canon += '\0';
  canon += "/api/members/M3/exception";
  canon += '\0';
  canon += ill;
  canon += '\0';
  ASSERT_TRUE(store_
                  ->Exec("INSERT INTO idempotency_keys (idem_key, actor, request_hash, status_code, "
                         "response, created_at) VALUES ('k-legacy-3', 'desk', ?, 200, "
                         "'{\"legacy\":true}', '2025-08-05T00:00:00Z')",
                         {std::string_view(intake::PhotoSha256(canon))})
                  .ok());
  HttpReply legacy = c->Send("POST", "/api/members/M3/exception", ill, Change(csrf, "k-legacy-3"));
  EXPECT_EQ(legacy.status, 200) << legacy.body;
  EXPECT_EQ(legacy.body, R"({"legacy":true})");
  EXPECT_EQ(legacy.headers["idempotent-replayed"], "true");
  EXPECT_EQ(c->Send("POST", "/api/members/M3/exception", R"({"reason":"busy"})",
                    Change(csrf, "k-legacy-3"))
                .status,
            422);
}

TEST_P(ApiTest, BadInputGetsA4xxWithTheErrorObject) {
  std::string csrf;
  auto c = LogIn("desk", &csrf);
  struct Case {
    std::string body;
    std::string why;
  } cases[] = {{"{", "malformed"},
               {"[1,2]", "not an object"},
               {R"({"version":"two"})", "wrong type"},
               {R"({"surprise":1})", "unknown field"},
               {std::string("{\"note\":\"\xC3\x28\"}"), "invalid UTF-8"},
               {R"({"version":1.5})", "not an integer"},
               {std::string(300 * 1024, ' '), "too large"}};
  int i = 0;
  for (const Case& k : cases) {
    HttpReply r = c->Send("POST", "/api/members/M3/check-in", k.body,
                          Change(csrf, "k-bad-" + std::to_string(i++)));
    EXPECT_GE(r.status, 400) << k.why;
    EXPECT_LT(r.status, 500) << k.why;
    if (r.status != 0 && !r.body.empty()) {
      EXPECT_FALSE(ErrorCode(r).empty()) << k.why;
    }
  }
  // Unknown looks like out of scope (docs/security.md, "403 and 404").
  EXPECT_EQ(c->Send("GET", "/api/members/NOBODY").status, 403);
  EXPECT_EQ(c->Send("GET", "/api/stations/S/days/2025-02-30").status, 400);
  EXPECT_EQ(c->Send("GET", "/api/members/%00").status, 400);
  HttpReply garbage = c->SendRaw("NOT HTTP AT ALL\r\n\r\n");
  EXPECT_EQ(garbage.status, 400);
  // The member is untouched by all of it.
  EXPECT_EQ(boost::json::parse(c->Send("GET", "/api/members/M3").body).at("state").as_string(),
            "invited");
}

TEST_P(ApiTest, ScopesAndRolesAreEnforced) {
  std::string csrf;
  auto inspector = LogIn("inspector", &csrf);
  EXPECT_EQ(inspector->Send("GET", "/api/members/M1").status, 200);  // read-only over P
  auto view = boost::json::parse(inspector->Send("GET", "/api/members/M1").body);
  EXPECT_EQ(view.at("recorded").at("citizen_id").as_string(), "079******001");
  HttpReply write = inspector->Send("POST", "/api/members/M1/check-in", "{}", Change(csrf, "k-insp-1"));
  EXPECT_EQ(write.status, 403);
  EXPECT_EQ(ErrorCode(write), "forbidden");
  auto cell2 = LogIn("cell2", &csrf);
  EXPECT_EQ(cell2->Send("GET", "/api/members/M1").status, 403);  // another cell
  EXPECT_EQ(cell2->Send("GET", "/api/stations/S/days/2025-08-05").status, 403);
}

TEST_P(ApiTest, CardsProducedDeliveredAndHandedOverAtTheDesk) {
  std::string desk_csrf, prov_csrf;
  auto desk = LogIn("desk", &desk_csrf);
  int k = 0;
  for (const char* step : {"check-in", "confirm", "submit"}) {
    if (std::string(step) == "confirm") {
      auto h = Change(desk_csrf, "k-card-photo");
      h["Content-Type"] = "image/png";
      ASSERT_EQ(desk->Send("PUT", "/api/members/M1/photo", Png(400, 500), h).status, 200);
    }
    HttpReply r = desk->Send("POST", std::string("/api/members/M1/") + step, "{}",
                             Change(desk_csrf, "k-card-" + std::to_string(k++)));
    ASSERT_EQ(r.status, 200) << step << " " << r.body;
  }
  // The desk may not produce cards; the province coordinator may.
  EXPECT_EQ(desk->Send("POST", "/api/communes/P.C/card-batches", "{}", Change(desk_csrf, "k-prod-0")).status,
            403);
  auto prov = LogIn("prov", &prov_csrf);
  HttpReply produced = prov->Send("POST", "/api/communes/P.C/card-batches",
                                  R"({"issue_date":"2025-08-06"})", Change(prov_csrf, "k-prod-1"));
  ASSERT_EQ(produced.status, 200) << produced.body;
  auto batch = boost::json::parse(produced.body);
  EXPECT_EQ(batch.at("count").as_int64(), 1);
  std::string batch_id(batch.at("batch_id").as_string());
  HttpReply card = desk->Send("GET", "/api/members/M1/card");
  ASSERT_EQ(card.status, 200) << card.body;
  auto c = boost::json::parse(card.body);
  std::string card_no(c.at("card_no").as_string());
  EXPECT_EQ(c.at("state").as_string(), "produced");
  EXPECT_EQ(c.at("payload").as_string().subview().substr(0, 5), "CDX1.");
  // Not delivered yet: the hand-over is refused.
  std::string hand = R"({"card_no":")" + card_no + R"("})";
  EXPECT_EQ(desk->Send("POST", "/api/members/M1/hand-over", hand, Change(desk_csrf, "k-hand-0")).status,
            409);
  HttpReply delivered = prov->Send("POST", "/api/card-batches/" + batch_id + "/deliver", "{}",
                                   Change(prov_csrf, "k-deliver-1"));
  ASSERT_EQ(delivered.status, 200) << delivered.body;
  EXPECT_EQ(prov->Send("POST", "/api/card-batches/NOPE/deliver", "{}", Change(prov_csrf, "k-deliver-2")).status,
            404);
  HttpReply handed = desk->Send("POST", "/api/members/M1/hand-over", hand, Change(desk_csrf, "k-hand-1"));
  ASSERT_EQ(handed.status, 200) << handed.body;
  EXPECT_EQ(boost::json::parse(desk->Send("GET", "/api/members/M1").body).at("state").as_string(),
            "handed_over");
  HttpReply key = HttpClient(server_->port()).Send("GET", "/api/cards/public-key");
  ASSERT_EQ(key.status, 200);
  EXPECT_EQ(boost::json::parse(key.body).at("public_key").as_string().size(), 64u);

  // Lost: the desk may not revoke; the coordinator revokes and the member
  // is back in the queue. The same key replays; a new key is refused (409).
  std::string lost = R"({"card_no":")" + card_no + R"(","reason":"lost","note":"at the market"})";
  EXPECT_EQ(desk->Send("POST", "/api/members/M1/card/revoke", lost, Change(desk_csrf, "k-revoke-0")).status, 403);
  EXPECT_EQ(prov->Send("POST", "/api/members/M1/card/revoke",
                       R"({"card_no":")" + card_no + R"(","reason":"gone"})", Change(prov_csrf, "k-revoke-1"))
                .status,
            400);
  EXPECT_EQ(prov->Send("POST", "/api/members/M2/card/revoke", lost, Change(prov_csrf, "k-revoke-2")).status, 409);
  HttpReply revoked = prov->Send("POST", "/api/members/M1/card/revoke", lost, Change(prov_csrf, "k-revoke-3"));
  ASSERT_EQ(revoked.status, 200) << revoked.body;
  auto rv = boost::json::parse(revoked.body);
  EXPECT_TRUE(rv.at("reissued").as_bool());
  EXPECT_EQ(rv.at("member_state").as_string(), "submitted");
  HttpReply replay = prov->Send("POST", "/api/members/M1/card/revoke", lost, Change(prov_csrf, "k-revoke-3"));
  EXPECT_EQ(replay.status, 200);
  EXPECT_EQ(replay.body, revoked.body);
  EXPECT_EQ(prov->Send("POST", "/api/members/M1/card/revoke", lost, Change(prov_csrf, "k-revoke-4")).status, 409);
  EXPECT_EQ(store_->Query("SELECT COUNT(*) FROM exchange_events WHERE member_no = 'M1' AND from_state = 'handed_over' AND to_state = 'submitted'")
                ->Int(0, 0),
            1);
  // The desk page names the revoked card; the next batch makes the new one.
  HttpReply page = desk->Send("GET", "/desk/member/M1");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("data-card-reissue"), std::string::npos);
  EXPECT_NE(page.body.find(card_no), std::string::npos);
  HttpReply unit = prov->Send("GET", "/units/P.C.1");
  ASSERT_EQ(unit.status, 200);
  EXPECT_NE(unit.body.find(R"(data-state-count="reissue")"), std::string::npos);
  HttpReply again = prov->Send("POST", "/api/communes/P.C/card-batches", "{}", Change(prov_csrf, "k-prod-2"));
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(boost::json::parse(again.body).at("count").as_int64(), 1);
  auto newest = boost::json::parse(desk->Send("GET", "/api/members/M1/card").body);
  EXPECT_NE(newest.at("card_no").as_string(), card_no);
  EXPECT_EQ(newest.at("state").as_string(), "produced");
}

INSTANTIATE_TEST_SUITE_P(Http, ApiTest, kBothBackends, BackendName);

}  // namespace
}  // namespace cardex::testing
