// The unit tree and stations the authorization tests run against.
//
//   LD (province)            HN (province)
//   ├─ LD.A  ├─ LD.A.C1      └─ HN.X ── HN.X.C1
//   │        └─ LD.A.C2
//   ├─ LD.AB ── LD.AB.C1     (a prefix of LD.A in text, not in the tree)
//   └─ LD.B  ── LD.B.C1
//   S1 serves LD.A; S2 serves LD.A and LD.B; S3 serves HN.X.
#ifndef CARDEX_TESTS_AUTH_AUTHZ_WORLD_H_
#define CARDEX_TESTS_AUTH_AUTHZ_WORLD_H_

#include <memory>
#include <vector>

#include "cardex/auth/scope.h"

namespace cardex::testing {

inline std::vector<Unit> AuthzUnits() {
  return {
      {"LD", "", "province", "Lâm Đồng"},     {"LD.A", "LD", "commune", "A"},
      {"LD.A.C1", "LD.A", "cell", "A1"},      {"LD.A.C2", "LD.A", "cell", "A2"},
      {"LD.AB", "LD", "commune", "AB"},       {"LD.AB.C1", "LD.AB", "cell", "AB1"},
      {"LD.B", "LD", "commune", "B"},         {"LD.B.C1", "LD.B", "cell", "B1"},
      {"HN", "", "province", "Hà Nội"},       {"HN.X", "HN", "commune", "X"},
      {"HN.X.C1", "HN.X", "cell", "X1"},
  };
}

inline std::vector<Station> AuthzStations() {
  return {
      {"S1", "Station 1", 2, 10, {"LD.A"}},
      {"S2", "Station 2", 2, 10, {"LD.A", "LD.B"}},
      {"S3", "Station 3", 2, 10, {"HN.X"}},
  };
}

inline std::shared_ptr<const ScopeResolver> AuthzScopes() {
  return ScopeResolver::FromRecords(AuthzUnits(), AuthzStations());
}

}  // namespace cardex::testing

#endif  // CARDEX_TESTS_AUTH_AUTHZ_WORLD_H_
