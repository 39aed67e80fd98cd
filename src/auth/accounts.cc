// Accounts: creation, passwords, disabling, and login (see accounts.h).
#include "cardex/auth/accounts.h"

#include <sodium.h>

#include <cstdio>
#include <ctime>

#include "cardex/auth/sessions.h"
#include "sodium_init.h"

namespace cardex {
namespace {

using auth_internal::EnsureSodium;

constexpr const char* kBadCredentials = "wrong login or password";

Status CheckLogin(std::string_view login) {
  if (login.empty() || login.size() > 64) {
    return Status::InvalidArgument("login: must be 1 to 64 characters");
  }
  for (size_t i = 0; i < login.size(); ++i) {
    char c = login[i];
    bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!alnum && (i == 0 || (c != '.' && c != '_' && c != '-'))) {
      return Status::InvalidArgument(
          "login: expected lowercase letters, digits, '.', '_' or '-', starting with a letter "
          "or digit");
    }
  }
  return Status::Ok();
}

Result<bool> Exists(Store& store, std::string_view sql, std::string_view code) {
  CARDEX_ASSIGN_OR_RETURN(SqlRows rows, store.Query(sql, {code}));
  return !rows.empty();
}

Status CheckScope(Store& store, Role role, std::string_view scope) {
  const std::string role_name(RoleName(role));
  if (role == Role::kAdministrator) {
    return scope.empty() ? Status::Ok()
                         : Status::InvalidArgument("scope: an administrator's scope must be empty "
                                                   "(administrators see everything)");
  }
  if (role == Role::kStationOfficer) {
    if (scope.empty()) return Status::InvalidArgument("scope: a station_officer needs a station code");
    CARDEX_ASSIGN_OR_RETURN(bool found,
                            Exists(store, "SELECT 1 FROM stations WHERE code = ?", scope));
    return found ? Status::Ok()
                 : Status::InvalidArgument("scope: no station has the code " + std::string(scope));
  }
  if (scope.empty()) {
    bool national = role == Role::kProvinceCoordinator || role == Role::kInspector;
    return national ? Status::Ok()
                    : Status::InvalidArgument("scope: a " + role_name + " needs a unit code");
  }
  CARDEX_ASSIGN_OR_RETURN(bool found, Exists(store, "SELECT 1 FROM units WHERE code = ?", scope));
  return found ? Status::Ok()
               : Status::InvalidArgument("scope: no unit has the code " + std::string(scope));
}

Result<std::string> HashPassword(std::string_view password) {
  CARDEX_RETURN_IF_ERROR(EnsureSodium());
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    return Status::Internal("hashing the password ran out of memory");
  }
  return std::string(out);
}

bool PasswordMatches(const std::string& hash, std::string_view password) {
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

// A hash of a random password, checked when the login is unknown so that
// an unknown login costs the same time as a wrong password.
const std::string& DummyHash() {
  static const std::string hash = [] {
    (void)EnsureSodium();
    std::string random = auth_internal::RandomToken(24);
    auto h = HashPassword(random);
    return h.ok() ? *h : std::string();
  }();
  return hash;
}

Status Audit(Store& store, std::string_view actor, std::string_view action, std::string_view login,
             std::string before, std::string after) {
  AuditEntry e;
  e.actor = actor;
  e.action = action;
  e.subject = "user:" + std::string(login);
  e.before = std::move(before);
  e.after = std::move(after);
  return store.AppendAudit({&e, 1});
}

}  // namespace

std::string FormatUtc(Clock::time_point t) {
  std::time_t secs = Clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[80];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

Status CheckPasswordPolicy(std::string_view login, std::string_view password,
                           const AuthOptions& options) {
  size_t code_points = 0;
  for (unsigned char c : password) code_points += (c & 0xC0) != 0x80;
  if (code_points < options.min_password_length) {
    return Status::InvalidArgument("password: must be at least " +
                                   std::to_string(options.min_password_length) + " characters");
  }
  if (password.size() > 1024) return Status::InvalidArgument("password: at most 1024 bytes");
  if (password == login) return Status::InvalidArgument("password: must not be the login");
  return Status::Ok();
}

Status CreateUser(Store& store, const NewUser& user, std::string_view password,
                  std::string_view actor, Clock::time_point now, const AuthOptions& options) {
  CARDEX_RETURN_IF_ERROR(CheckLogin(user.login));
  CARDEX_RETURN_IF_ERROR(CheckPasswordPolicy(user.login, password, options));
  CARDEX_RETURN_IF_ERROR(CheckScope(store, user.role, user.scope));
  CARDEX_ASSIGN_OR_RETURN(std::string hash, HashPassword(password));
  const std::string at = FormatUtc(now);
  Transaction tx(store);
  CARDEX_RETURN_IF_ERROR(tx.Begin());
  Status inserted = store.Exec(
      "INSERT INTO users (login, display_name, role, scope, password_hash, created_at, "
      "password_changed_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      {std::string_view(user.login), std::string_view(user.display_name), RoleName(user.role),
       std::string_view(user.scope), std::string_view(hash), std::string_view(at),
       std::string_view(at)});
  if (inserted.code() == StatusCode::kAlreadyExists) {
    return Status::AlreadyExists("login: " + user.login + " exists already");
  }
  CARDEX_RETURN_IF_ERROR(inserted);
  CARDEX_RETURN_IF_ERROR(Audit(store, actor, "user.create", user.login, "",
                               std::string(RoleName(user.role)) + " " + user.scope));
  return tx.Commit();
}

Status SetPassword(Store& store, std::string_view login, std::string_view password,
                   std::string_view actor, Clock::time_point now, const AuthOptions& options) {
  CARDEX_RETURN_IF_ERROR(CheckPasswordPolicy(login, password, options));
  CARDEX_ASSIGN_OR_RETURN(std::string hash, HashPassword(password));
  const std::string at = FormatUtc(now);
  Transaction tx(store);
  CARDEX_RETURN_IF_ERROR(tx.Begin());
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows updated,
      store.Query("UPDATE users SET password_hash = ?, password_changed_at = ?, failed_logins = 0, "
                  "locked_until = '' WHERE login = ?",
                  {std::string_view(hash), std::string_view(at), login}));
  if (updated.affected() == 0) return Status::NotFound("no account has the login " + std::string(login));
  CARDEX_RETURN_IF_ERROR(EndUserSessions(store, login).status());
  CARDEX_RETURN_IF_ERROR(Audit(store, actor, "user.password", login, "", ""));
  return tx.Commit();
}

Status DisableUser(Store& store, std::string_view login, std::string_view actor,
                   Clock::time_point) {
  Transaction tx(store);
  CARDEX_RETURN_IF_ERROR(tx.Begin());
  CARDEX_ASSIGN_OR_RETURN(SqlRows before,
                          store.Query("SELECT disabled FROM users WHERE login = ?", {login}));
  if (before.empty()) return Status::NotFound("no account has the login " + std::string(login));
  CARDEX_RETURN_IF_ERROR(store.Exec("UPDATE users SET disabled = 1 WHERE login = ?", {login}));
  CARDEX_RETURN_IF_ERROR(EndUserSessions(store, login).status());
  if (before.Int(0, 0) == 0) {
    CARDEX_RETURN_IF_ERROR(Audit(store, actor, "user.disable", login, "enabled", "disabled"));
  }
  return tx.Commit();
}

Result<std::vector<UserInfo>> ListUsers(Store& store) {
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows rows,
      store.Query("SELECT login, display_name, role, scope, disabled, failed_logins, locked_until, "
                  "created_at, password_changed_at FROM users ORDER BY login"));
  std::vector<UserInfo> out(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    UserInfo& u = out[i];
    u.login = rows.Text(i, 0);
    u.display_name = rows.Text(i, 1);
    std::optional<Role> role = ParseRole(rows.Text(i, 2));
    if (!role) return Status::Internal("account " + u.login + " has an unknown role");
    u.role = *role;
    u.scope = rows.Text(i, 3);
    u.disabled = rows.Int(i, 4) != 0;
    u.failed_logins = static_cast<int>(rows.Int(i, 5));
    u.locked_until = rows.Text(i, 6);
    u.created_at = rows.Text(i, 7);
    u.password_changed_at = rows.Text(i, 8);
  }
  return out;
}

Result<Principal> VerifyLogin(Store& store, std::string_view login, std::string_view password,
                              std::string_view client_ip, Clock::time_point now,
                              LoginThrottle* throttle, const AuthOptions& options,
                              bool known_device) {
  std::chrono::seconds retry{0};
  if (throttle && !throttle->TryAcquire(client_ip, std::chrono::steady_clock::now(), &retry)) {
    return Status::ResourceExhausted("too many login attempts from this address; retry in " +
                                     std::to_string(retry.count()) + " s");
  }
  CARDEX_RETURN_IF_ERROR(EnsureSodium());
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows rows,
      store.Query("SELECT password_hash, role, scope, display_name, disabled, locked_until "
                  "FROM users WHERE login = ?",
                  {login}));
  if (rows.empty()) {
    (void)PasswordMatches(DummyHash(), password);
    return Status::Unauthenticated(kBadCredentials);
  }
  const std::string hash(rows.Text(0, 0));
  const std::string locked_until(rows.Text(0, 5));
  const std::string now_text = FormatUtc(now);
  // The lock stops guessing from unknown browsers; the account's own known
  // device still gets its password checked (and counted when wrong).
  const bool locked = !locked_until.empty() && locked_until > now_text;
  if (locked && !known_device) {
    return Status::PermissionDenied("account locked after too many failed logins, until " +
                                    locked_until);
  }
  if (!PasswordMatches(hash, password)) {
    Transaction tx(store);
    CARDEX_RETURN_IF_ERROR(tx.Begin());
    CARDEX_ASSIGN_OR_RETURN(
        SqlRows count,
        store.Query("UPDATE users SET failed_logins = failed_logins + 1 WHERE login = ? "
                    "RETURNING failed_logins",
                    {login}));
    if (!count.empty() && count.Int(0, 0) >= options.max_failed_logins) {
      const std::string until = FormatUtc(now + options.lockout);
      CARDEX_RETURN_IF_ERROR(store.Exec(
          "UPDATE users SET failed_logins = 0, locked_until = ? WHERE login = ?",
          {std::string_view(until), login}));
      CARDEX_RETURN_IF_ERROR(Audit(store, "system", "user.locked", login, "", "until " + until));
    }
    CARDEX_RETURN_IF_ERROR(tx.Commit());
    return Status::Unauthenticated(kBadCredentials);
  }
  if (rows.Int(0, 4) != 0) return Status::Unauthenticated(kBadCredentials);  // disabled
  std::optional<Role> role = ParseRole(rows.Text(0, 1));
  if (!role) return Status::Internal("account " + std::string(login) + " has an unknown role");
  // A known device's success leaves a running lock alone: it holds for
  // everyone else until it ends.
  if (!locked) {
    CARDEX_RETURN_IF_ERROR(store.Exec(
        "UPDATE users SET failed_logins = 0, locked_until = '' WHERE login = ? AND "
        "(failed_logins <> 0 OR locked_until <> '')",
        {login}));
  }
  if (crypto_pwhash_str_needs_rehash(hash.c_str(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                     crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    CARDEX_ASSIGN_OR_RETURN(std::string fresh, HashPassword(password));
    CARDEX_RETURN_IF_ERROR(store.Exec("UPDATE users SET password_hash = ? WHERE login = ?",
                                      {std::string_view(fresh), login}));
  }
  Principal p;
  p.login = login;
  p.display_name = rows.Text(0, 3);
  p.role = *role;
  p.scope = rows.Text(0, 2);
  return p;
}

}  // namespace cardex
