// Authorize: role table first, then the scope (see authorize.h).
#include "cardex/auth/authorize.h"

#include <string>

namespace cardex {
namespace {

// Why `who` may not touch `target`, or "" when it may.
std::string_view ScopeRefusal(const ScopeResolver& scopes, const Principal& who,
                              const Target& target) {
  if (who.scope.empty()) {
    // CreateUser never gives these roles scope "": refuse rather than read
    // a damaged row as "everything".
    bool needs_scope = who.role == Role::kCommuneOfficer || who.role == Role::kCellSecretary ||
                       who.role == Role::kStationOfficer;
    return needs_scope ? "the account has no scope" : "";
  }
  if (target.unit_code.empty() && target.station_code.empty()) {
    return "the whole database is outside the account's scope";
  }
  if (who.role == Role::kStationOfficer) {
    if (!target.station_code.empty() && target.station_code != who.scope) {
      return "the station is not the account's station";
    }
    if (!target.unit_code.empty() && !scopes.StationCovers(who.scope, target.unit_code)) {
      return "the unit is not served by the account's station";
    }
    return "";
  }
  if (!target.unit_code.empty() && !scopes.IsWithin(target.unit_code, who.scope)) {
    return "the unit is outside the account's scope";
  }
  if (!target.station_code.empty()) {
    bool serves_scope = false;
    // The station's area and the scope overlap: it serves a unit inside
    // the scope, or the scope lies inside a unit it serves (a cell).
    for (const std::string& served : scopes.Serves(target.station_code)) {
      if (scopes.IsWithin(served, who.scope) || scopes.IsWithin(who.scope, served)) {
        serves_scope = true;
        break;
      }
    }
    if (!serves_scope) return "the station does not serve the account's scope";
  }
  return "";
}

}  // namespace

Status Authorize(const ScopeResolver& scopes, const Principal& who, Permission what,
                 const Target& target) {
  if (!RoleHas(who.role, what)) {
    return Status::PermissionDenied("account " + who.login + " (" + std::string(RoleName(who.role)) +
                                    ") may not " + std::string(PermissionName(what)));
  }
  std::string_view why = ScopeRefusal(scopes, who, target);
  if (why.empty()) return Status::Ok();
  std::string on = target.unit_code;
  if (!target.station_code.empty()) on += (on.empty() ? "station " : ", station ") + target.station_code;
  return Status::PermissionDenied("account " + who.login + " may not " +
                                  std::string(PermissionName(what)) +
                                  (on.empty() ? std::string() : " on " + on) + ": " +
                                  std::string(why));
}

bool Allowed(const ScopeResolver& scopes, const Principal& who, Permission what,
             const Target& target) {
  return RoleHas(who.role, what) && ScopeRefusal(scopes, who, target).empty();
}

}  // namespace cardex
