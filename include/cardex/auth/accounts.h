// Accounts: users, passwords, and login with lock-out and throttling.
//
// Passwords are hashed with Argon2id (libsodium crypto_pwhash_str, the
// INTERACTIVE limits: docs/security.md gives the measured cost and why not
// MODERATE). The hash string carries its own parameters, so raising them
// later rehashes each account at its next successful login.
//
// Every change to an account (create, password, disable, lock-out) is
// appended to the audit trail with the acting login as actor. Times are
// passed in (`now`) so tests and the server agree on one clock; they are
// stored as UTC "YYYY-MM-DDTHH:MM:SSZ".
//
// Thread safety: the functions take the Store they use (one per thread).
// LoginThrottle is internally locked: one object is shared by all server
// threads.
#ifndef CARDEX_AUTH_ACCOUNTS_H_
#define CARDEX_AUTH_ACCOUNTS_H_

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "cardex/auth/authorize.h"
#include "cardex/auth/roles.h"
#include "cardex/core/status.h"
#include "cardex/store/store.h"

namespace cardex {

using Clock = std::chrono::system_clock;

// Settings of the auth layer (docs/settings.md, "Accounts and sessions").
struct AuthOptions {
  size_t min_password_length = 10;  // in code points
  int max_failed_logins = 5;        // consecutive failures before a lock-out
  std::chrono::seconds lockout{15 * 60};
  std::chrono::seconds session_idle{8 * 3600};  // a session unused this long ends
  // A browser that logged in successfully stays a known device this long
  // and is not refused by a lock-out (cardex/auth/known_device.h).
  std::chrono::seconds known_device_for{30 * 24 * 3600};
};

struct NewUser {
  std::string login;         // 1-64 of [a-z0-9._-], starting with a letter or digit
  std::string display_name;  // free text; may be ""
  Role role = Role::kInspector;
  // administrator: must be "". station_officer: a stored station code.
  // province_coordinator, inspector: a stored unit code or "" (national).
  // commune_officer, cell_secretary: a stored unit code.
  std::string scope;
};

struct UserInfo {
  std::string login, display_name;
  Role role = Role::kInspector;
  std::string scope;
  bool disabled = false;
  int failed_logins = 0;
  std::string locked_until;  // "" when not locked
  std::string created_at, password_changed_at;
};

// kInvalidArgument (naming the rule) when the password is too short, or
// is the login itself.
Status CheckPasswordPolicy(std::string_view login, std::string_view password,
                           const AuthOptions& options = {});

// Creates the account. kAlreadyExists when the login is taken;
// kInvalidArgument for a bad login, role/scope mismatch, an unknown scope
// code, or a password the policy refuses.
Status CreateUser(Store& store, const NewUser& user, std::string_view password,
                  std::string_view actor, Clock::time_point now, const AuthOptions& options = {});

// Replaces the password, clears a lock-out and ends the user's sessions.
// kNotFound for an unknown login.
Status SetPassword(Store& store, std::string_view login, std::string_view password,
                   std::string_view actor, Clock::time_point now,
                   const AuthOptions& options = {});

// Disables the account (it can no longer log in) and ends its sessions.
// Idempotent. kNotFound for an unknown login.
Status DisableUser(Store& store, std::string_view login, std::string_view actor,
                   Clock::time_point now);

// Every account, by login. Never returns password hashes.
Result<std::vector<UserInfo>> ListUsers(Store& store);

// Per-client-address throttle for login attempts: a token bucket per
// address, `burst` attempts at once, then one every `refill`. Memory is
// bounded: when more than `max_clients` addresses are tracked, the ones
// whose buckets have refilled are forgotten (and, if that is not enough,
// the table is cleared: an attacker with that many addresses is not slowed
// by it anyway, the account lock-out still holds).
struct LoginThrottleOptions {
  int burst = 20;
  std::chrono::milliseconds refill{3000};
  size_t max_clients = 100000;
};

class LoginThrottle {
 public:
  explicit LoginThrottle(LoginThrottleOptions options = {}) : options_(options) {}
  // Takes one token for `client`; false (and nothing taken) when the
  // bucket is empty. `retry_after`, when given, receives the wait for the
  // next token (for an HTTP Retry-After header).
  bool TryAcquire(std::string_view client, std::chrono::steady_clock::time_point now,
                  std::chrono::seconds* retry_after = nullptr);

 private:
  struct Bucket {
    double tokens;
    std::chrono::steady_clock::time_point updated;
  };
  void Prune(std::chrono::steady_clock::time_point now);

  LoginThrottleOptions options_;
  std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;
};

// Checks a login attempt. In this order:
//   - `throttle` (when not null) refuses the client: kResourceExhausted
//     (HTTP 429), no password is checked;
//   - the account is locked and the caller is not a `known_device` (a
//     browser that logged in to this account before: known_device.h):
//     kPermissionDenied "account locked until ...";
//   - wrong login, wrong password or a disabled account: kUnauthenticated
//     with the same message ("wrong login or password") in every case, and
//     about the same time: an unknown login is checked against a dummy hash;
//   - else the Principal. A success resets the failure count; the
//     max_failed_logins-th consecutive failure locks the account for
//     `lockout` (and is audited).
Result<Principal> VerifyLogin(Store& store, std::string_view login, std::string_view password,
                              std::string_view client_ip, Clock::time_point now,
                              LoginThrottle* throttle = nullptr,
                              const AuthOptions& options = {}, bool known_device = false);

// UTC "YYYY-MM-DDTHH:MM:SSZ", the form account and session times are stored in.
std::string FormatUtc(Clock::time_point t);

}  // namespace cardex

#endif  // CARDEX_AUTH_ACCOUNTS_H_
