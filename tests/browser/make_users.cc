// browser_test_users DB LOGIN:ROLE:SCOPE:PASSWORD...
// Creates accounts for the browser test through cardex::CreateUser (the
// same code `cardex user add` uses), so the test needs no SQL of its own.
#include <cstdio>
#include <string>

#include "cardex/auth/accounts.h"
#include "cardex/store/store.h"

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s DB LOGIN:ROLE:SCOPE:PASSWORD...\n", argv[0]);
    return 2;
  }
  auto store = cardex::OpenStore(argv[1]);
  if (!store.ok()) {
    std::fprintf(stderr, "%s\n", store.status().message().c_str());
    return 1;
  }
  for (int i = 2; i < argc; ++i) {
    std::string spec = argv[i];
    size_t a = spec.find(':'), b = spec.find(':', a + 1), c = spec.find(':', b + 1);
    if (a == std::string::npos || b == std::string::npos || c == std::string::npos) {
      std::fprintf(stderr, "bad account spec %s\n", spec.c_str());
      return 2;
    }
    auto role = cardex::ParseRole(spec.substr(a + 1, b - a - 1));
    if (!role) {
      std::fprintf(stderr, "unknown role in %s\n", spec.c_str());
      return 2;
    }
    cardex::NewUser user{spec.substr(0, a), "", *role, spec.substr(b + 1, c - b - 1)};
    cardex::Status s = cardex::CreateUser(**store, user, spec.substr(c + 1), "browser-test",
                                          cardex::Clock::now());
    if (!s.ok()) {
      std::fprintf(stderr, "%s: %s\n", user.login.c_str(), s.message().c_str());
      return 1;
    }
  }
  return 0;
}
