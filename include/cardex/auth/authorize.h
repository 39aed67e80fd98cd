// Authorize: the one place that decides whether a caller may do something.
//
// Every API handler calls Authorize before it reads or writes anything:
//
//   CARDEX_RETURN_IF_ERROR(Authorize(*scopes, principal,
//                                    Permission::kDeskCheckIn,
//                                    {.unit_code = member.unit_code,
//                                     .station_code = station}));
//
// The decision has two parts:
//   1. the role must hold the permission (RoleHas, the table in
//      docs/security.md);
//   2. the target must lie inside the principal's scope:
//      - administrator, or any role with scope "": everything;
//      - unit-scoped roles (province_coordinator, commune_officer,
//        cell_secretary, inspector): target.unit_code must be the scope unit
//        or below it; a target station is in scope when its area overlaps
//        the scope: it serves a unit inside the scope, or a unit the scope
//        lies inside (the station of a cell's commune);
//      - station_officer (scope = a station code): target.station_code, when
//        given, must be that station; target.unit_code, when given, must lie
//        inside one of the communes the station serves (stations.serves).
//   An empty Target (no unit, no station) means "the whole database" and
//   passes only for scope "". An unknown unit or station is outside every
//   scope except "".
//
// Result: Ok, or kPermissionDenied whose message names the login, the
// permission and the target code (codes only; never member data).
//
// Thread safety: a pure function; safe from any thread with a shared
// ScopeResolver.
#ifndef CARDEX_AUTH_AUTHORIZE_H_
#define CARDEX_AUTH_AUTHORIZE_H_

#include <string>

#include "cardex/auth/roles.h"
#include "cardex/auth/scope.h"
#include "cardex/core/status.h"

namespace cardex {

// Who is asking: an authenticated account (from LookupSession or VerifyLogin).
struct Principal {
  std::string login;
  std::string display_name;
  Role role = Role::kInspector;
  // A unit code (its subtree), a station code for station_officer, or ""
  // for everything.
  std::string scope;
};

// What the request touches. Either field may be empty.
struct Target {
  std::string unit_code;     // the member's cell, a commune, a province...
  std::string station_code;  // the reception station acted at / looked at
};

Status Authorize(const ScopeResolver& scopes, const Principal& who, Permission what,
                 const Target& target);

// The same check without the message, for hiding links and menu entries.
bool Allowed(const ScopeResolver& scopes, const Principal& who, Permission what,
             const Target& target);

}  // namespace cardex

#endif  // CARDEX_AUTH_AUTHORIZE_H_
