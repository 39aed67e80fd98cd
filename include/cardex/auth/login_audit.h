// Logins and logouts in the hash-chained audit log.
//
// Entries: action "session.login" (a session was opened), "session.login_failed"
// (after: why, as a code: "bad_credentials", "locked", "throttled") or
// "session.logout"; subject "user:LOGIN" (the login as typed, cut to 64
// bytes, control characters replaced); actor the login for successes and
// "anonymous" for failures. No password, token, address or member data.
//
// Thread safety: takes the caller's Store (one per thread).
#ifndef CARDEX_AUTH_LOGIN_AUDIT_H_
#define CARDEX_AUTH_LOGIN_AUDIT_H_

#include <string_view>

#include "cardex/core/status.h"
#include "cardex/store/store.h"

namespace cardex {

Status AuditLogin(Store& store, std::string_view login, std::string_view failure = "");
Status AuditLogout(Store& store, std::string_view login);

}  // namespace cardex

#endif  // CARDEX_AUTH_LOGIN_AUDIT_H_
