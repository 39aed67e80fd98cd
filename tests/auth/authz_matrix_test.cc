// The generated matrix: every permission x representative principal x every
// target of tests/auth/authz_world.h, against an oracle written out by hand
// (which units and stations each principal's scope holds) and the role
// table of the perm_*.case files. Proves in particular that whatever a role
// or scope must not do is refused everywhere.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <sstream>

#include "cardex/auth/authorize.h"
#include "tests/auth/authz_world.h"
#include "tests/core/case_file.h"

namespace cardex {
namespace {

struct Subject {
  Principal principal;
  bool everything;  // scope ""
  std::set<std::string> units, stations;
};

const std::set<std::string> kLdUnits = {"LD",    "LD.A",     "LD.A.C1", "LD.A.C2",
                                        "LD.AB", "LD.AB.C1", "LD.B",    "LD.B.C1"};
const std::set<std::string> kLdA = {"LD.A", "LD.A.C1", "LD.A.C2"};

std::vector<Subject> Subjects() {
  auto p = [](Role r, std::string scope) { return Principal{"u", "", r, std::move(scope)}; };
  return {
      {p(Role::kAdministrator, ""), true, {}, {}},
      {p(Role::kProvinceCoordinator, ""), true, {}, {}},
      {p(Role::kProvinceCoordinator, "LD"), false, kLdUnits, {"S1", "S2"}},
      {p(Role::kCommuneOfficer, "LD.A"), false, kLdA, {"S1", "S2"}},
      {p(Role::kCommuneOfficer, "LD.B"), false, {"LD.B", "LD.B.C1"}, {"S2"}},
      {p(Role::kCellSecretary, "LD.A.C1"), false, {"LD.A.C1"}, {"S1", "S2"}},
      {p(Role::kCellSecretary, "HN.X.C1"), false, {"HN.X.C1"}, {"S3"}},
      {p(Role::kStationOfficer, "S1"), false, kLdA, {"S1"}},
      {p(Role::kStationOfficer, "S2"), false,
       {"LD.A", "LD.A.C1", "LD.A.C2", "LD.B", "LD.B.C1"}, {"S2"}},
      {p(Role::kInspector, ""), true, {}, {}},
      {p(Role::kInspector, "LD.B"), false, {"LD.B", "LD.B.C1"}, {"S2"}},
      // Damaged rows: roles that need a scope never get "everything".
      {p(Role::kCellSecretary, ""), false, {}, {}},
      {p(Role::kStationOfficer, ""), false, {}, {}},
  };
}

std::vector<Target> Targets() {
  std::vector<std::string> units = {""}, stations = {"", "S9"};
  for (const Unit& u : testing::AuthzUnits()) units.push_back(u.code);
  units.push_back("NOWHERE");
  for (const Station& s : testing::AuthzStations()) stations.push_back(s.code);
  std::vector<Target> out;
  for (const auto& u : units) {
    for (const auto& s : stations) out.push_back({u, s});
  }
  return out;
}

// The role table as the case files state it.
std::map<Permission, std::set<Role>> RoleTable() {
  std::map<Permission, std::set<Role>> table;
  for (const auto& c : testing::LoadCases("authz")) {
    if (!c.Has("roles")) continue;
    std::istringstream in(c.Get("roles"));
    auto& holders = table[*ParsePermission(c.Get("permission"))];
    for (std::string name; in >> name;) holders.insert(*ParseRole(name));
  }
  return table;
}

TEST(AuthzMatrix, EveryDecisionMatchesTheOracle) {
  auto scopes = testing::AuthzScopes();
  auto table = RoleTable();
  ASSERT_EQ(table.size(), AllPermissions().size());
  int allowed = 0, denied = 0;
  for (const Subject& who : Subjects()) {
    for (Permission what : AllPermissions()) {
      for (const Target& t : Targets()) {
        bool in_scope = who.everything ||
                        ((!t.unit_code.empty() || !t.station_code.empty()) &&
                         (t.unit_code.empty() || who.units.count(t.unit_code)) &&
                         (t.station_code.empty() || who.stations.count(t.station_code)));
        bool expect = table[what].count(who.principal.role) && in_scope;
        Status s = Authorize(*scopes, who.principal, what, t);
        EXPECT_EQ(s.ok(), expect)
            << RoleName(who.principal.role) << " scope '" << who.principal.scope << "' "
            << PermissionName(what) << " unit '" << t.unit_code << "' station '"
            << t.station_code << "': " << s.message();
        if (!s.ok()) {
          EXPECT_EQ(s.code(), StatusCode::kPermissionDenied);
        }
        (s.ok() ? allowed : denied)++;
      }
    }
  }
  EXPECT_GT(allowed, 100);
  EXPECT_GT(denied, 1000);
}

TEST(AuthzMatrix, InspectorNeverWrites) {
  auto scopes = testing::AuthzScopes();
  int writes = 0;
  for (Permission what : AllPermissions()) {
    if (!IsWrite(what)) continue;
    ++writes;
    for (const std::string scope : {"", "LD", "LD.A.C1"}) {
      for (const Target& t : Targets()) {
        EXPECT_FALSE(Allowed(*scopes, {"i", "", Role::kInspector, scope}, what, t))
            << PermissionName(what);
      }
    }
  }
  EXPECT_GE(writes, 10);
}

TEST(AuthzMatrix, OnlyAdministratorsManageUsers) {
  auto scopes = testing::AuthzScopes();
  for (Role role : AllRoles()) {
    EXPECT_EQ(Allowed(*scopes, {"u", "", role, ""}, Permission::kManageUsers, {}),
              role == Role::kAdministrator)
        << RoleName(role);
  }
}

TEST(Roles, NamesRoundTrip) {
  for (Role r : AllRoles()) EXPECT_EQ(ParseRole(RoleName(r)), r);
  for (Permission p : AllPermissions()) EXPECT_EQ(ParsePermission(PermissionName(p)), p);
  EXPECT_FALSE(ParseRole("root"));
  EXPECT_FALSE(ParsePermission("everything"));
}

TEST(ScopeResolver, SubtreesFollowTheTreeNotTheText) {
  auto scopes = testing::AuthzScopes();
  EXPECT_TRUE(scopes->IsWithin("LD.A.C1", "LD"));
  EXPECT_TRUE(scopes->IsWithin("LD.A.C1", "LD.A.C1"));
  EXPECT_TRUE(scopes->IsWithin("LD.A.C1", ""));
  EXPECT_FALSE(scopes->IsWithin("LD.AB.C1", "LD.A"));
  EXPECT_FALSE(scopes->IsWithin("LD", "LD.A"));
  EXPECT_FALSE(scopes->IsWithin("HN.X", "LD"));
  EXPECT_FALSE(scopes->IsWithin("NOWHERE", ""));
  EXPECT_FALSE(scopes->IsWithin("LD.A", "NOWHERE"));
  EXPECT_TRUE(scopes->StationCovers("S2", "LD.B.C1"));
  EXPECT_FALSE(scopes->StationCovers("S1", "LD.B.C1"));
  EXPECT_TRUE(scopes->Serves("S9").empty());
}

TEST(ScopeResolver, SurvivesCyclesAndMissingParents) {
  auto scopes = ScopeResolver::FromRecords(
      {{"A", "B", "cell", ""}, {"B", "A", "cell", ""}, {"C", "MISSING", "cell", ""},
       {"D", "C", "cell", ""}, {"E", "E", "cell", ""}},
      {});
  EXPECT_TRUE(scopes->IsWithin("D", "C"));
  EXPECT_FALSE(scopes->IsWithin("C", "D"));
  EXPECT_TRUE(scopes->IsWithin("E", "E"));
  // A cycle is cut somewhere; what matters is that the walk ends.
  EXPECT_TRUE(scopes->IsWithin("A", "B") || scopes->IsWithin("B", "A"));
}

TEST(ScopeCache, SwapsSnapshots) {
  ScopeCache cache(testing::AuthzScopes());
  auto old = cache.Get();
  cache.Set(ScopeResolver::FromRecords({}, {}));
  EXPECT_EQ(old->unit_count(), testing::AuthzUnits().size());
  EXPECT_EQ(cache.Get()->unit_count(), 0u);
}

}  // namespace
}  // namespace cardex
