// Sessions: what a login cookie stands for.
//
// The cookie value is 32 random bytes (randombytes_buf) in base64url
// without padding (43 characters). Only its SHA-256 is stored
// (sessions.token_hash), so a copy of the database cannot be replayed as a
// session. Each session has its own CSRF token (also 32 random bytes,
// base64url) that state-changing requests must echo (CsrfMatches).
//
// A session ends after `AuthOptions::session_idle` without use: each
// LookupSession that finds it more than a minute into its idle window
// pushes expires_at forward (so an active session writes at most about once
// a minute). Disabling a user or changing the password ends all the
// user's sessions.
//
// Thread safety: functions over the Store passed in (one per thread).
#ifndef CARDEX_AUTH_SESSIONS_H_
#define CARDEX_AUTH_SESSIONS_H_

#include <string>
#include <string_view>

#include "cardex/auth/accounts.h"
#include "cardex/auth/authorize.h"
#include "cardex/core/status.h"
#include "cardex/store/store.h"

namespace cardex {

struct NewSession {
  std::string token;       // the cookie value; shown once, never stored
  std::string csrf_token;
  std::string expires_at;  // UTC "YYYY-MM-DDTHH:MM:SSZ"
};

struct SessionInfo {
  Principal principal;
  std::string csrf_token;
  std::string expires_at;
};

// Opens a session for `login` (which VerifyLogin has just accepted).
Result<NewSession> CreateSession(Store& store, std::string_view login, Clock::time_point now,
                                 const AuthOptions& options = {});

// The session `token` names. kUnauthenticated when it is unknown, expired
// (the row is deleted), malformed, or its user is disabled.
Result<SessionInfo> LookupSession(Store& store, std::string_view token, Clock::time_point now,
                                  const AuthOptions& options = {});

// Ends the session (logout). Ok when it did not exist.
Status EndSession(Store& store, std::string_view token);

// Ends every session of `login`; returns how many there were.
Result<int64_t> EndUserSessions(Store& store, std::string_view login);

// Deletes sessions that expired before `now`; returns how many.
Result<int64_t> PurgeExpiredSessions(Store& store, Clock::time_point now);

// Constant-time comparison of the presented CSRF token with the session's.
bool CsrfMatches(const SessionInfo& session, std::string_view presented);

}  // namespace cardex

#endif  // CARDEX_AUTH_SESSIONS_H_
