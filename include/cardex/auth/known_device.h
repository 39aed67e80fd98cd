// Known devices: a browser that has logged in to an account keeps working
// while that account is locked out (docs/security.md, "Lock-out as a
// weapon"). Anyone may fail five times with a desk's login and lock it for
// everyone else; the desk's own browser, which holds a device token from
// its last successful login, still logs in (with the right password: the
// token replaces nothing but the lock). Guessing from anywhere else stays
// stopped by the lock and the per-address throttle.
//
// A token is "<issued unix seconds>.<hex HMAC-SHA256>" over
// "cardex-device-v1\n<login>\n<issued>" under a per-database secret
// (settings key auth.device_secret, 32 random bytes made on first use). It
// names no one, is bound to one login and expires after max_age. It is kept
// in an HttpOnly cookie per login (DeviceCookieName).
//
// Thread safety: the functions use the Store passed in.
#ifndef CARDEX_AUTH_KNOWN_DEVICE_H_
#define CARDEX_AUTH_KNOWN_DEVICE_H_

#include <chrono>
#include <string>
#include <string_view>

#include "cardex/auth/accounts.h"
#include "cardex/core/status.h"
#include "cardex/store/store.h"

namespace cardex {

// A fresh token for `login` as of `now` (creates the secret on first use).
Result<std::string> IssueDeviceToken(Store& store, std::string_view login, Clock::time_point now);

// True when `token` was issued for `login`, by this database, less than
// `max_age` before `now` (and not in the future). Anything malformed is
// simply false.
Result<bool> IsKnownDevice(Store& store, std::string_view login, std::string_view token,
                           Clock::time_point now, std::chrono::seconds max_age);

// "cardex_device_" and the first 16 hex digits of SHA-256(login): one cookie
// per account, so a desk computer shared by two officers keeps both.
std::string DeviceCookieName(std::string_view login);

}  // namespace cardex

#endif  // CARDEX_AUTH_KNOWN_DEVICE_H_
