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
// When the role and scope refuse, the group rule may still allow (working
// groups, issue 6; the account's groups are Principal::groups):
//   - a target naming a working group (target.group_code: its page, its
//     inspections, its follow-ups): the group's members hold view_members,
//     view_progress and record_inspection on it, whatever their role;
//   - a target unit (no station, no group): the members of a group hold the
//     read permissions view_members and view_progress (not unmasked ids) on
//     the units assigned to the group and everything below them, like an
//     inspector of those units.
//   Nothing else: a group never grants a write outside its own records, nor
//   anything on another group's.
//
// Result: Ok, or kPermissionDenied whose message names the login, the
// permission and the target code (codes only; never member data).
//
// Thread safety: a pure function; safe from any thread with a shared
// ScopeResolver.
#ifndef CARDEX_AUTH_AUTHORIZE_H_
#define CARDEX_AUTH_AUTHORIZE_H_

#include <string>
#include <vector>

#include "cardex/auth/roles.h"
#include "cardex/auth/scope.h"
#include "cardex/core/status.h"
#include "cardex/store/store.h"

namespace cardex {

// A working group the account is a member of, and the units assigned to it.
struct GroupGrant {
  std::string group_code;
  std::vector<std::string> units;
};

// Who is asking: an authenticated account (from LookupSession or VerifyLogin).
struct Principal {
  std::string login;
  std::string display_name;
  Role role = Role::kInspector;
  // A unit code (its subtree), a station code for station_officer, or ""
  // for everything.
  std::string scope;
  // The working groups the account belongs to (LoadGroupGrants; filled by
  // LookupSession for every request, so a change applies at once).
  std::vector<GroupGrant> groups;
};

// What the request touches. Any field may be empty.
struct Target {
  std::string unit_code;     // the member's cell, a commune, a province...
  std::string station_code;  // the reception station acted at / looked at
  // A working group's own records; unit_code is then the unit the group
  // works in (its managers' scope).
  std::string group_code;
};

Status Authorize(const ScopeResolver& scopes, const Principal& who, Permission what,
                 const Target& target);

// The same check without the message, for hiding links and menu entries.
bool Allowed(const ScopeResolver& scopes, const Principal& who, Permission what,
             const Target& target);

// Fills who->groups from the store (group_members and group_units, schema
// v9): one indexed read.
Status LoadGroupGrants(Store& store, Principal* who);

// Fills who->groups from rows of a read that LEFT JOINs group_members and
// group_units to the account, ordered by group and unit: column `col` holds
// the group code (NULL: none), `col + 1` the unit code (NULL: none).
// LookupSession reads the grants with the session this way, in the same
// round trip.
void GroupGrantsFromRows(const SqlRows& rows, size_t col, Principal* who);

}  // namespace cardex

#endif  // CARDEX_AUTH_AUTHORIZE_H_
