// Sessions: random cookie tokens, stored only as their SHA-256.
#include "cardex/auth/sessions.h"

#include <sodium.h>

#include "cardex/store/audit_chain.h"
#include "sodium_init.h"

namespace cardex {
namespace {

constexpr size_t kTokenBytes = 32;
constexpr size_t kTokenChars = 43;  // base64url of 32 bytes, no padding

bool WellFormed(std::string_view token) {
  if (token.size() != kTokenChars) return false;
  for (char c : token) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

Result<NewSession> CreateSession(Store& store, std::string_view login, Clock::time_point now,
                                 const AuthOptions& options) {
  CARDEX_RETURN_IF_ERROR(auth_internal::EnsureSodium());
  NewSession s;
  s.token = auth_internal::RandomToken(kTokenBytes);
  s.csrf_token = auth_internal::RandomToken(kTokenBytes);
  s.expires_at = FormatUtc(now + options.session_idle);
  const std::string hash = Sha256Hex(s.token);
  const std::string created = FormatUtc(now);
  CARDEX_RETURN_IF_ERROR(store.Exec(
      "INSERT INTO sessions (token_hash, login, csrf_token, created_at, expires_at) "
      "VALUES (?, ?, ?, ?, ?)",
      {std::string_view(hash), login, std::string_view(s.csrf_token), std::string_view(created),
       std::string_view(s.expires_at)}));
  return s;
}

Result<SessionInfo> LookupSession(Store& store, std::string_view token, Clock::time_point now,
                                  const AuthOptions& options) {
  if (!WellFormed(token)) return Status::Unauthenticated("no such session");
  const std::string hash = Sha256Hex(token);
  // The account's working groups come in the same round trip (a row per
  // group and unit; GroupGrantsFromRows), as every request needs them.
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows rows,
      store.Query("SELECT s.csrf_token, s.expires_at, u.login, u.display_name, u.role, u.scope, "
                  "u.disabled, gm.group_code, gu.unit_code FROM sessions s "
                  "JOIN users u ON u.login = s.login "
                  "LEFT JOIN group_members gm ON gm.login = u.login "
                  "LEFT JOIN group_units gu ON gu.group_code = gm.group_code "
                  "WHERE s.token_hash = ? ORDER BY gm.group_code, gu.unit_code",
                  {std::string_view(hash)}));
  if (rows.empty()) return Status::Unauthenticated("no such session");
  const std::string now_text = FormatUtc(now);
  SessionInfo info;
  info.expires_at = rows.Text(0, 1);
  if (info.expires_at <= now_text || rows.Int(0, 6) != 0) {
    CARDEX_RETURN_IF_ERROR(EndSession(store, token));
    return Status::Unauthenticated(rows.Int(0, 6) != 0 ? "no such session" : "session expired");
  }
  std::optional<Role> role = ParseRole(rows.Text(0, 4));
  if (!role) return Status::Internal("an account has an unknown role");
  info.csrf_token = rows.Text(0, 0);
  info.principal.login = rows.Text(0, 2);
  info.principal.display_name = rows.Text(0, 3);
  info.principal.role = *role;
  info.principal.scope = rows.Text(0, 5);
  GroupGrantsFromRows(rows, 7, &info.principal);
  // Slide the idle window, at most once a minute per session.
  if (FormatUtc(now + options.session_idle - std::chrono::minutes(1)) > info.expires_at) {
    info.expires_at = FormatUtc(now + options.session_idle);
    CARDEX_RETURN_IF_ERROR(store.Exec("UPDATE sessions SET expires_at = ? WHERE token_hash = ?",
                                      {std::string_view(info.expires_at), std::string_view(hash)}));
  }
  return info;
}

Status EndSession(Store& store, std::string_view token) {
  const std::string hash = Sha256Hex(token);
  return store.Exec("DELETE FROM sessions WHERE token_hash = ?", {std::string_view(hash)});
}

Result<int64_t> EndUserSessions(Store& store, std::string_view login) {
  CARDEX_ASSIGN_OR_RETURN(SqlRows rows, store.Query("DELETE FROM sessions WHERE login = ?", {login}));
  return rows.affected();
}

Result<int64_t> PurgeExpiredSessions(Store& store, Clock::time_point now) {
  const std::string now_text = FormatUtc(now);
  CARDEX_ASSIGN_OR_RETURN(SqlRows rows, store.Query("DELETE FROM sessions WHERE expires_at <= ?",
                                                    {std::string_view(now_text)}));
  return rows.affected();
}

bool CsrfMatches(const SessionInfo& session, std::string_view presented) {
  if (session.csrf_token.empty() || presented.size() != session.csrf_token.size()) return false;
  return sodium_memcmp(session.csrf_token.data(), presented.data(), presented.size()) == 0;
}

}  // namespace cardex
