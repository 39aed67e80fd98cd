// The station sync's routes (issue 20, docs/station.md): a station's copy
// pulls its snapshot, pushes its outbox and sends photos by content hash
// (framed, several a request: station::ServePhotos).
// No session and no CSRF: the caller is a station, authenticated by its
// sync credential ("Authorization: Bearer JOIN_ID.SECRET"), which opens
// these three routes and nothing else. The work is station's (sync.h);
// each pushed step commits on its own with its outcome, so these handlers
// run outside the pipeline's idempotency transaction.
#include <boost/json.hpp>

#include "cardex/core/dates.h"
#include "cardex/station/overview.h"
#include "cardex/station/sync.h"
#include "route.h"

namespace cardex::http {

namespace {

Result<station::SyncPeer> Peer(Context& ctx) {
  std::string_view auth = ctx.request.Header("authorization");
  constexpr std::string_view kBearer = "Bearer ";
  if (!auth.starts_with(kBearer)) {
    return Status::Unauthenticated("a station sends its credential as Authorization: Bearer");
  }
  return station::Authenticate(ctx.store, auth.substr(kBearer.size()));
}

Response Pull(Context& ctx) {
  auto peer = Peer(ctx);
  if (!peer.ok()) return FromStatus(peer.status());
  auto key = ctx.signing_key();
  std::string public_key = key.ok() ? cards::PublicKeyHex(key->public_key()) : "";
  auto snapshot = station::ServePull(ctx.store, *peer, ctx.request.body, public_key, UtcNowText());
  if (!snapshot.ok()) return FromStatus(snapshot.status());
  Response r;
  r.content_type = "application/vnd.cardex.snapshot";
  r.body = std::move(*snapshot);
  return r;
}

Response Push(Context& ctx) {
  auto peer = Peer(ctx);
  if (!peer.ok()) return FromStatus(peer.status());
  auto answer = station::ServePush(ctx.store, *peer, ctx.request.body, UtcNowText());
  if (!answer.ok()) return FromStatus(answer.status());
  return Json(200, std::move(*answer));
}

Response Photo(Context& ctx) {
  auto peer = Peer(ctx);
  if (!peer.ok()) return FromStatus(peer.status());
  Status s = station::ServePhotos(ctx.store, *peer, ctx.request.body, UtcNowText());
  if (!s.ok()) return FromStatus(s);
  return Json(200, "{\"stored\":true}");
}

}  // namespace

std::string StationSyncExposition(Store& store) {
  auto rows = station::ListStationSyncs(store);
  if (!rows.ok()) return "";
  std::string out =
      "# HELP cardex_station_outbox_depth Steps a station still held at its last push.\n"
      "# TYPE cardex_station_outbox_depth gauge\n";
  std::string conflicts =
      "# HELP cardex_station_sync_issues Steps a station pushed that were not applied.\n"
      "# TYPE cardex_station_sync_issues gauge\n";
  std::string last =
      "# HELP cardex_station_last_push_age_seconds Seconds since a station's last push.\n"
      "# TYPE cardex_station_last_push_age_seconds gauge\n";
  std::string now = UtcNowText();
  auto seconds = [](std::string_view t) -> int64_t {
    // "YYYY-MM-DDTHH:MM:SSZ" to seconds since 1970.
    if (t.size() < 19) return -1;
    auto d = Date::Parse(t.substr(0, 10));
    if (!d.ok()) return -1;
    auto num = [&](size_t at) { return (t[at] - '0') * 10 + (t[at + 1] - '0'); };
    return int64_t{d->days()} * 86400 + num(11) * 3600 + num(14) * 60 + num(17);
  };
  for (const auto& r : *rows) {
    if (!r.revoked_at.empty()) continue;
    std::string label = "{station=\"" + r.station_code + "\",join=\"" + r.join_id + "\"}";
    out += "cardex_station_outbox_depth" + label + " " + std::to_string(r.outbox_depth) + "\n";
    std::string l2 = "{station=\"" + r.station_code + "\",join=\"" + r.join_id;
    conflicts += "cardex_station_sync_issues" + l2 + "\",outcome=\"conflict\"} " +
                 std::to_string(r.conflicts) + "\n";
    conflicts += "cardex_station_sync_issues" + l2 + "\",outcome=\"held\"} " +
                 std::to_string(r.held) + "\n";
    if (!r.last_push_at.empty()) {
      last += "cardex_station_last_push_age_seconds" + label + " " +
              std::to_string(std::max<int64_t>(0, seconds(now) - seconds(r.last_push_at))) + "\n";
    }
  }
  return out + conflicts + last;
}

void AddSyncRoutes(AppRouter& router) {
  router.Add("POST", "/api/sync/pull",
             Route{.name = "/api/sync/pull", .needs_session = false, .handle = Pull});
  router.Add("POST", "/api/sync/push",
             Route{.name = "/api/sync/push", .needs_session = false, .handle = Push});
  router.Add("POST", "/api/sync/photos",
             Route{.name = "/api/sync/photos", .needs_session = false, .handle = Photo});
}

}  // namespace cardex::http
