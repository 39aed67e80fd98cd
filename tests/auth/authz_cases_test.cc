// Runs tests/cases/authz/*.case. Two kinds of file:
//   perm_<permission>.case: `permission` and `roles` (space-separated): the
//     roles that hold it; every other role must not.
//   any other: `role`, `scope`, `permission`, optional `unit`, `station`
//     and `group` (the target), optional `groups` (the account's working
//     groups: "G1=UNIT,UNIT G2=UNIT"), `expect: allow|deny`, checked with
//     Authorize on tests/auth/authz_world.h.
#include <gtest/gtest.h>

#include <set>
#include <sstream>

#include "cardex/auth/authorize.h"
#include "tests/auth/authz_world.h"
#include "tests/core/case_file.h"

namespace cardex {
namespace {

using testing::LoadCases;

TEST(AuthzCases, RoleTableMatchesPermissionFiles) {
  std::set<Permission> covered;
  for (const auto& c : LoadCases("authz")) {
    if (!c.Has("roles")) continue;
    SCOPED_TRACE(c.name);
    auto permission = ParsePermission(c.Get("permission"));
    ASSERT_TRUE(permission) << c.Get("permission");
    EXPECT_EQ("authz/perm_" + c.Get("permission") + ".case", c.name);
    covered.insert(*permission);
    std::set<Role> holders;
    std::istringstream in(c.Get("roles"));
    for (std::string name; in >> name;) {
      auto role = ParseRole(name);
      ASSERT_TRUE(role) << name;
      holders.insert(*role);
    }
    for (Role role : AllRoles()) {
      EXPECT_EQ(RoleHas(role, *permission), holders.count(role) == 1) << RoleName(role);
    }
  }
  for (Permission p : AllPermissions()) {
    EXPECT_EQ(covered.count(p), 1u) << "no perm_" << PermissionName(p) << ".case";
  }
}

TEST(AuthzCases, Scenarios) {
  auto scopes = testing::AuthzScopes();
  int ran = 0;
  for (const auto& c : LoadCases("authz")) {
    if (c.Has("roles")) continue;
    SCOPED_TRACE(c.name);
    auto role = ParseRole(c.Get("role"));
    auto permission = ParsePermission(c.Get("permission"));
    ASSERT_TRUE(role && permission);
    Principal who{"tester", "", *role, c.Has("scope") ? c.fields.at("scope") : ""};
    Target target{c.Has("unit") ? c.fields.at("unit") : "",
                  c.Has("station") ? c.fields.at("station") : "",
                  c.Has("group") ? c.fields.at("group") : ""};
    if (c.Has("groups")) {
      std::istringstream in(c.fields.at("groups"));
      for (std::string grant; in >> grant;) {
        const size_t eq = grant.find('=');
        ASSERT_NE(eq, std::string::npos) << grant;
        GroupGrant g{grant.substr(0, eq), {}};
        std::istringstream units(grant.substr(eq + 1));
        for (std::string u; std::getline(units, u, ',');) g.units.push_back(u);
        who.groups.push_back(g);
      }
    }
    Status s = Authorize(*scopes, who, *permission, target);
    if (c.Get("expect") == "allow") {
      EXPECT_TRUE(s.ok()) << s.message();
    } else {
      ASSERT_EQ(c.Get("expect"), "deny");
      EXPECT_EQ(s.code(), StatusCode::kPermissionDenied);
      EXPECT_FALSE(s.message().empty());
    }
    EXPECT_EQ(Allowed(*scopes, who, *permission, target), s.ok());
    ++ran;
  }
  EXPECT_GE(ran, 20);
}

}  // namespace
}  // namespace cardex
