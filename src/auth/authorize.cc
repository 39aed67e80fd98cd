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

// The group rule (authorize.h): true when one of `who`'s working groups
// grants `what` on `target`.
bool GroupAllows(const ScopeResolver& scopes, const Principal& who, Permission what,
                 const Target& target) {
  if (who.groups.empty()) return false;
  const bool read = what == Permission::kViewMembers || what == Permission::kViewProgress;
  if (!target.group_code.empty()) {
    if (!read && what != Permission::kRecordInspection) return false;
    for (const GroupGrant& g : who.groups) {
      if (g.group_code == target.group_code) return true;
    }
    return false;
  }
  if (!read || target.unit_code.empty() || !target.station_code.empty()) return false;
  for (const GroupGrant& g : who.groups) {
    for (const std::string& unit : g.units) {
      if (scopes.IsWithin(target.unit_code, unit)) return true;
    }
  }
  return false;
}

}  // namespace

Status Authorize(const ScopeResolver& scopes, const Principal& who, Permission what,
                 const Target& target) {
  std::string_view why =
      RoleHas(who.role, what) ? ScopeRefusal(scopes, who, target) : std::string_view();
  if (RoleHas(who.role, what) && why.empty()) return Status::Ok();
  if (GroupAllows(scopes, who, what, target)) return Status::Ok();
  if (!RoleHas(who.role, what)) {
    return Status::PermissionDenied("account " + who.login + " (" + std::string(RoleName(who.role)) +
                                    ") may not " + std::string(PermissionName(what)));
  }
  std::string on = target.unit_code;
  if (!target.station_code.empty()) on += (on.empty() ? "station " : ", station ") + target.station_code;
  if (!target.group_code.empty()) on += (on.empty() ? "group " : ", group ") + target.group_code;
  return Status::PermissionDenied("account " + who.login + " may not " +
                                  std::string(PermissionName(what)) +
                                  (on.empty() ? std::string() : " on " + on) + ": " +
                                  std::string(why));
}

bool Allowed(const ScopeResolver& scopes, const Principal& who, Permission what,
             const Target& target) {
  return (RoleHas(who.role, what) && ScopeRefusal(scopes, who, target).empty()) ||
         GroupAllows(scopes, who, what, target);
}

Status LoadGroupGrants(Store& store, Principal* who) {
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows rows,
      store.Query("SELECT m.group_code, u.unit_code FROM group_members m"
                  " LEFT JOIN group_units u ON u.group_code = m.group_code"
                  " WHERE m.login = ? ORDER BY m.group_code, u.unit_code",
                  {std::string_view(who->login)}));
  GroupGrantsFromRows(rows, 0, who);
  return Status::Ok();
}

void GroupGrantsFromRows(const SqlRows& rows, size_t col, Principal* who) {
  who->groups.clear();
  for (size_t i = 0; i < rows.size(); ++i) {
    if (rows.IsNull(i, col)) continue;
    if (who->groups.empty() || who->groups.back().group_code != rows.Text(i, col)) {
      who->groups.push_back({std::string(rows.Text(i, col)), {}});
    }
    if (!rows.IsNull(i, col + 1)) who->groups.back().units.emplace_back(rows.Text(i, col + 1));
  }
}

}  // namespace cardex
