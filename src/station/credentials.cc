#include "cardex/station/credentials.h"

#include <sodium.h>

#include "cardex/store/atomically.h"
#include "cardex/store/audit_chain.h"
#include "cardex/store/lookups.h"

namespace cardex::station {

namespace {

std::string Hex(const unsigned char* bytes, size_t n) {
  std::string out(n * 2, '0');
  sodium_bin2hex(out.data(), out.size() + 1, bytes, n);
  return out;
}

std::string RandomHex(size_t n) {
  std::string raw(n, '\0');
  randombytes_buf(raw.data(), n);
  return Hex(reinterpret_cast<const unsigned char*>(raw.data()), n);
}

bool IsHex(std::string_view s) {
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return !s.empty();
}

}  // namespace

Result<IssuedCredential> IssueCredential(Store& store, std::string_view station_code,
                                         std::string_view actor, std::string_view now) {
  if (sodium_init() < 0) return Status::Internal("libsodium failed to start");
  CARDEX_ASSIGN_OR_RETURN(std::optional<Station> station, FindStation(store, station_code));
  if (!station) return Status::NotFound("no station " + std::string(station_code));
  IssuedCredential out;
  out.join_id = RandomHex(8);
  out.station_code = std::string(station_code);
  std::string secret = RandomHex(32);
  out.token = out.join_id + "." + secret;
  Status issued = Atomically(store, [&]() -> Status {
    CARDEX_RETURN_IF_ERROR(store.Exec(
        "INSERT INTO sync_credentials (join_id, station_code, secret_hash, created_at, created_by) "
        "VALUES (?, ?, ?, ?, ?)",
        {out.join_id, station_code, Sha256Hex(secret), now, actor}));
    AuditEntry audit{"", std::string(actor), "station.credential", std::string(station_code), "",
                     "join " + out.join_id};
    return store.AppendAudit({&audit, 1});
  });
  if (!issued.ok()) return issued;
  return out;
}

Result<int64_t> RevokeStation(Store& store, std::string_view station_code, std::string_view actor,
                              std::string_view now) {
  return Atomically(store, [&]() -> Result<int64_t> {
    CARDEX_ASSIGN_OR_RETURN(
        SqlRows rows, store.Query("UPDATE sync_credentials SET revoked_at = ? "
                                  "WHERE station_code = ? AND revoked_at = ''",
                                  {now, station_code}));
    AuditEntry audit{"", std::string(actor), "station.revoke", std::string(station_code), "",
                     std::to_string(rows.affected()) + " credential(s)"};
    CARDEX_RETURN_IF_ERROR(store.AppendAudit({&audit, 1}));
    return rows.affected();
  });
}

Result<SyncPeer> Authenticate(Store& store, std::string_view token) {
  size_t dot = token.find('.');
  if (dot == std::string_view::npos || !IsHex(token.substr(0, dot)) || !IsHex(token.substr(dot + 1))) {
    return Status::Unauthenticated("a station credential is JOIN_ID.SECRET");
  }
  std::string_view join_id = token.substr(0, dot);
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows rows, store.Query("SELECT station_code, secret_hash, revoked_at FROM sync_credentials "
                                "WHERE join_id = ?",
                                {join_id}));
  std::string hash = Sha256Hex(token.substr(dot + 1));
  if (rows.empty() || rows.Text(0, 1).size() != hash.size() ||
      sodium_memcmp(rows.Text(0, 1).data(), hash.data(), hash.size()) != 0) {
    return Status::Unauthenticated("unknown station credential");
  }
  if (!rows.Text(0, 2).empty()) {
    return Status::PermissionDenied("the credential of station " + std::string(rows.Text(0, 0)) +
                                    " was revoked at " + std::string(rows.Text(0, 2)));
  }
  return SyncPeer{std::string(join_id), std::string(rows.Text(0, 0)), hash};
}

std::string SnapshotMac(std::string_view mac_key, std::string_view body) {
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, reinterpret_cast<const unsigned char*>(mac_key.data()),
                              mac_key.size());
  crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(body.data()),
                                body.size());
  crypto_auth_hmacsha256_final(&st, mac);
  return Hex(mac, sizeof mac);
}

std::string MacKeyOfToken(std::string_view token) {
  size_t dot = token.find('.');
  if (dot == std::string_view::npos) return "";
  return Sha256Hex(token.substr(dot + 1));
}

}  // namespace cardex::station
