// cardex_seed_users DB PASSWORD LOGIN:ROLE:SCOPE...
//
// A test and benchmark helper: creates accounts (cardex/auth/accounts.h)
// in the database named like `cardex --db`. It stands in for an account
// command in scripts that drive the `cardex` binary (the crash test, the
// desk benchmark). The password is given on the command line, so it is
// for throw-away databases only.
#include <cstdio>
#include <string>

#include "cardex/auth/accounts.h"
#include "cardex/auth/roles.h"
#include "cardex/store/store.h"

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: %s DB PASSWORD LOGIN:ROLE:SCOPE...\n", argv[0]);
    return 2;
  }
  auto store = cardex::OpenStore(argv[1]);
  if (!store.ok()) {
    std::fprintf(stderr, "%s\n", store.status().message().c_str());
    return 1;
  }
  if (auto s = (*store)->Migrate(); !s.ok()) {
    std::fprintf(stderr, "%s\n", s.message().c_str());
    return 1;
  }
  for (int i = 3; i < argc; ++i) {
    std::string spec = argv[i];
    size_t a = spec.find(':'), b = spec.find(':', a == std::string::npos ? a : a + 1);
    if (a == std::string::npos || b == std::string::npos) {
      std::fprintf(stderr, "'%s' is not LOGIN:ROLE:SCOPE\n", argv[i]);
      return 2;
    }
    auto role = cardex::ParseRole(spec.substr(a + 1, b - a - 1));
    if (!role) {
      std::fprintf(stderr, "'%s': unknown role\n", argv[i]);
      return 2;
    }
    cardex::NewUser user{spec.substr(0, a), spec.substr(0, a), *role, spec.substr(b + 1)};
    cardex::Status s =
        cardex::CreateUser(**store, user, argv[2], "cardex_seed_users", cardex::Clock::now());
    if (!s.ok()) {
      std::fprintf(stderr, "%s: %s\n", user.login.c_str(), s.message().c_str());
      return 1;
    }
  }
  return 0;
}
