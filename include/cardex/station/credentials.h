// A station's sync credential (issue 20, docs/station.md): issued by the
// central for one station, shown once, kept by the station's copy. It
// authenticates that station's pulls and pushes and nothing else (no
// session, no page, no other station's data), and the central revokes it.
//
// A credential is "JOIN_ID.SECRET": the join id names the row, the secret
// (32 random bytes, hex) is stored only as its SHA-256, as sessions are, so a
// copy of the central database cannot sync as a station. Snapshots are
// authenticated with HMAC-SHA256 keyed by that hash (SnapshotMac), which the
// station computes from its secret.
//
// Thread safety: functions take the caller's Store (one per thread).
#ifndef CARDEX_STATION_CREDENTIALS_H_
#define CARDEX_STATION_CREDENTIALS_H_

#include <string>
#include <string_view>

#include "cardex/core/status.h"
#include "cardex/store/store.h"

namespace cardex::station {

struct IssuedCredential {
  std::string join_id, station_code;
  std::string token;  // "JOIN_ID.SECRET": shown once, never stored centrally
};

// Issues a credential for `station_code` (a stored station), with its audit
// entry, in a transaction of its own. kNotFound for an unknown station.
Result<IssuedCredential> IssueCredential(Store& store, std::string_view station_code,
                                         std::string_view actor, std::string_view now);

// Revokes every credential of the station (its copies can no longer pull or
// push; what they pushed stays). Returns how many were live. Audited.
Result<int64_t> RevokeStation(Store& store, std::string_view station_code, std::string_view actor,
                              std::string_view now);

// Who is syncing: the join and its station.
struct SyncPeer {
  std::string join_id, station_code, mac_key;  // mac_key: SHA-256 hex of the secret
};

// kUnauthenticated for a malformed, unknown or wrong token;
// kPermissionDenied for a revoked one.
Result<SyncPeer> Authenticate(Store& store, std::string_view token);

// HMAC-SHA256 (hex) of `body` under `mac_key` (SyncPeer::mac_key).
std::string SnapshotMac(std::string_view mac_key, std::string_view body);

// The mac key a station derives from its token ("" when malformed).
std::string MacKeyOfToken(std::string_view token);

}  // namespace cardex::station

#endif  // CARDEX_STATION_CREDENTIALS_H_
