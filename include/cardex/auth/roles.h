// Roles and permissions: the vocabulary of authorization.
//
// A Role is what an account is; a Permission is one thing the API does. Which
// role holds which permission is the table in docs/security.md (and in
// src/auth/authorize.cc, checked by tests/cases/authz/*.case and a generated
// matrix test). Names are the snake_case spellings below; they are stored in
// users.role and used on the command line.
//
// Thread safety: pure functions over constants.
#ifndef CARDEX_AUTH_ROLES_H_
#define CARDEX_AUTH_ROLES_H_

#include <optional>
#include <span>
#include <string_view>

namespace cardex {

enum class Role {
  kAdministrator,        // accounts and everything else; scope "" (all)
  kProvinceCoordinator,  // a province (or "" for the nation): production, oversight
  kCommuneOfficer,       // a commune's subtree: bookings, hand-over, working groups
  kCellSecretary,        // one cell: its members, catch-up bookings
  kStationOfficer,       // one station: the reception desk for the communes it serves
  kInspector,            // read-only over a subtree (or "" for all)
};

enum class Permission {
  kViewMembers,                  // lists and masked member records
  kViewMemberDetailUnmaskedIds,  // a member with the full citizen id
  kDeskCheckIn,
  kDeskCapture,                  // photo and document capture
  kDeskConfirm,                  // the member confirms the card data
  kDeskSubmit,
  kDeskException,                // absent, refused, wrong data at the desk
  kBookCatchUp,
  kCorrectRecords,               // open/close corrections of member records
  kProduceCards,
  kDeliverCards,
  kHandOver,
  kManageUsers,
  kViewProgress,
  kViewAudit,
  kManageWorkingGroups,          // issue 6
  kRecordInspection,             // issue 6
};

// Every role / permission, in declaration order (for tables and tests).
std::span<const Role> AllRoles();
std::span<const Permission> AllPermissions();

std::string_view RoleName(Role role);  // "station_officer"
std::optional<Role> ParseRole(std::string_view name);
std::string_view PermissionName(Permission permission);  // "desk_check_in"
std::optional<Permission> ParsePermission(std::string_view name);

// True for permissions that change data (an inspector holds none of them).
bool IsWrite(Permission permission);

// True when `role` holds `permission` at all, before any scope check.
bool RoleHas(Role role, Permission permission);

}  // namespace cardex

#endif  // CARDEX_AUTH_ROLES_H_
