// A station that keeps working when the line drops (issue 20,
// docs/station.md). The station runs the same binary on its own SQLite copy:
// it pulls a snapshot of its coming days from the central, takes desk steps
// locally (ApplyStep records each in the outbox: ledger/outbox.h), and pushes
// the outbox in order when the central is reachable; the central applies each
// step once, through the same ApplyStep, and answers accepted, held or
// conflict. Nothing here copies a rule of the exchange: both sides call the
// ledger and intake.
//
// Station side: Join, Pull, Push, Sync over a `Central` (the HTTP client,
// http/sync_client.h, or a test's direct calls). Central side: ServePull,
// ServePush, ServePhoto, behind the routes of http/api_sync.cc.
//
// Thread safety: functions take the caller's Store (one per thread); one
// sync at a time per station copy (a second waits on SQLite's write lock).
#ifndef CARDEX_STATION_SYNC_H_
#define CARDEX_STATION_SYNC_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "cardex/core/status.h"
#include "cardex/station/credentials.h"
#include "cardex/store/store.h"

namespace cardex::station {

// The central as a station reaches it. Post sends `body` to `path` with
// the station's credential and returns the body of a 2xx answer;
// kUnavailable when the central cannot be reached (the line is down), and
// the central's refusal otherwise (kUnauthenticated, kPermissionDenied, ...).
class Central {
 public:
  virtual ~Central() = default;
  virtual Result<std::string> Post(std::string_view path, std::string_view content_type,
                                   std::string_view body) = 0;
};

// What a pull asks for: the local days from `from` ("YYYY-MM-DD"), `days`
// of them.
struct PullWindow {
  std::string from;
  int days = 2;
};

struct PullReport {
  std::string station_code;
  int64_t members = 0;      // in the snapshot
  int64_t kept_local = 0;   // members kept as the station has them (unpushed steps)
  int64_t users = 0;
  int64_t purged = 0;       // members the copy no longer holds
};

struct PushReport {
  int64_t sent = 0, accepted = 0, held = 0, conflicts = 0, photos = 0;
  int64_t acked_seq = 0;
};

// Makes `store` (a fresh or existing SQLite file) the copy of a station:
// records the central's address and the credential, then pulls. Once
// joined, every step taken on it goes to the outbox. kFailedPrecondition
// when the store is already the copy of another join.
Result<PullReport> Join(Store& store, Central& central, std::string_view central_url,
                        std::string_view token, const PullWindow& window, std::string_view now);

// Replaces the copy by the central's snapshot, keeping the members with steps
// not yet pushed as the station has them; purges what falls out of scope.
Result<PullReport> Pull(Store& store, Central& central, const PullWindow& window,
                        std::string_view now);

// Pushes the outbox in order (photos first, by content hash, when the central
// lacks them) and records each step's outcome. Safe to repeat or cut anywhere.
Result<PushReport> Push(Store& store, Central& central, std::string_view now);

// The copy's own record: its station, central, credential and high-water
// mark. kFailedPrecondition when the store is not a station's copy.
struct StationSelf {
  std::string station_code, join_id, central_url, token, joined_at;
  std::string window_from, window_to, last_pull_at, last_push_at;
  int64_t acked_seq = 0;
};
Result<StationSelf> LoadSelf(Store& store);

// --- Central side -----------------------------------------------------

// The answer to a pull: "MAC\n" followed by the snapshot's JSON, the MAC
// (SnapshotMac) over the JSON. `body` is {"from": "YYYY-MM-DD", "days": N}.
// `card_public_key_hex` is the key card payloads are checked with.
Result<std::string> ServePull(Store& store, const SyncPeer& peer, std::string_view body,
                              std::string_view card_public_key_hex, std::string_view now);

// The answer to a push (JSON): each step's outcome and the high-water
// mark; or, applying nothing, `need_photos`: the content hashes of the
// batch's photos the central lacks, which the station sends first.
Result<std::string> ServePush(Store& store, const SyncPeer& peer, std::string_view body,
                              std::string_view now);

// Keeps a photo under its content hash; kInvalidArgument when the bytes do
// not hash to `sha256` or are not a photo. Idempotent.
Status ServePhoto(Store& store, const SyncPeer& peer, std::string_view sha256,
                  std::string_view bytes, std::string_view now);

// ServePhoto for each frame of `body`: "SHA256 LENGTH\n" then the bytes,
// repeated (a push's missing photos in a few requests).
Status ServePhotos(Store& store, const SyncPeer& peer, std::string_view body, std::string_view now);

}  // namespace cardex::station

#endif  // CARDEX_STATION_SYNC_H_
