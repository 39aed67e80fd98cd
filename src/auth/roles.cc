// The role x permission table. docs/security.md shows the same table; the
// case files tests/cases/authz/*.case and the matrix test check it.
#include "cardex/auth/roles.h"

#include <array>

namespace cardex {
namespace {

constexpr std::array kRoles = {
    Role::kAdministrator, Role::kProvinceCoordinator, Role::kCommuneOfficer,
    Role::kCellSecretary, Role::kStationOfficer,      Role::kInspector,
};
constexpr std::array<std::string_view, kRoles.size()> kRoleNames = {
    "administrator", "province_coordinator", "commune_officer",
    "cell_secretary", "station_officer",     "inspector",
};

struct PermissionRow {
  Permission permission;
  std::string_view name;
  bool write;
  // Which roles hold it, in kRoles order: admin, province, commune, cell,
  // station, inspector.
  std::array<bool, kRoles.size()> roles;
};

constexpr bool Y = true, N = false;
constexpr std::array<PermissionRow, 17> kTable = {{
    //                                                           adm prov comm cell stat insp
    {Permission::kViewMembers, "view_members", false,              {Y, Y, Y, Y, Y, Y}},
    {Permission::kViewMemberDetailUnmaskedIds, "view_member_detail_unmasked_ids", false,
                                                                   {Y, N, Y, N, Y, N}},
    {Permission::kDeskCheckIn, "desk_check_in", true,              {Y, N, N, N, Y, N}},
    {Permission::kDeskCapture, "desk_capture", true,               {Y, N, N, N, Y, N}},
    {Permission::kDeskConfirm, "desk_confirm", true,               {Y, N, N, N, Y, N}},
    {Permission::kDeskSubmit, "desk_submit", true,                 {Y, N, N, N, Y, N}},
    {Permission::kDeskException, "desk_exception", true,           {Y, N, N, N, Y, N}},
    {Permission::kBookCatchUp, "book_catch_up", true,              {Y, N, Y, Y, Y, N}},
    {Permission::kCorrectRecords, "correct_records", true,         {Y, Y, Y, Y, N, N}},
    {Permission::kProduceCards, "produce_cards", true,             {Y, Y, N, N, N, N}},
    {Permission::kDeliverCards, "deliver_cards", true,             {Y, Y, N, N, N, N}},
    {Permission::kHandOver, "hand_over", true,                     {Y, N, Y, N, Y, N}},
    {Permission::kManageUsers, "manage_users", true,               {Y, N, N, N, N, N}},
    {Permission::kViewProgress, "view_progress", false,            {Y, Y, Y, Y, Y, Y}},
    {Permission::kViewAudit, "view_audit", false,                  {Y, Y, N, N, N, Y}},
    {Permission::kManageWorkingGroups, "manage_working_groups", true, {Y, Y, Y, N, N, N}},
    {Permission::kRecordInspection, "record_inspection", true,     {Y, Y, Y, N, N, N}},
}};

constexpr std::array<Permission, kTable.size()> MakePermissions() {
  std::array<Permission, kTable.size()> out{};
  for (size_t i = 0; i < kTable.size(); ++i) out[i] = kTable[i].permission;
  return out;
}
constexpr std::array kPermissions = MakePermissions();

// The table is in enum order, so a permission's row is its value.
constexpr bool TableInEnumOrder() {
  for (size_t i = 0; i < kTable.size(); ++i) {
    if (static_cast<size_t>(kTable[i].permission) != i) return false;
  }
  return true;
}
static_assert(TableInEnumOrder(), "kTable rows must follow the Permission enum");
static_assert(static_cast<size_t>(Permission::kRecordInspection) + 1 == kTable.size());

const PermissionRow& Row(Permission p) { return kTable[static_cast<size_t>(p)]; }

}  // namespace

std::span<const Role> AllRoles() { return kRoles; }
std::span<const Permission> AllPermissions() { return kPermissions; }

std::string_view RoleName(Role role) { return kRoleNames[static_cast<size_t>(role)]; }

std::optional<Role> ParseRole(std::string_view name) {
  for (size_t i = 0; i < kRoles.size(); ++i) {
    if (kRoleNames[i] == name) return kRoles[i];
  }
  return std::nullopt;
}

std::string_view PermissionName(Permission permission) { return Row(permission).name; }

std::optional<Permission> ParsePermission(std::string_view name) {
  for (const PermissionRow& row : kTable) {
    if (row.name == name) return row.permission;
  }
  return std::nullopt;
}

bool IsWrite(Permission permission) { return Row(permission).write; }

bool RoleHas(Role role, Permission permission) {
  return Row(permission).roles[static_cast<size_t>(role)];
}

}  // namespace cardex
