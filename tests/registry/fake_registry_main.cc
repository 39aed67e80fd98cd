// fake_registry_service DB [--latency-ms L] [--down]: serves DB's citizens
// as the registry service (fake_registry_service.h) on a free loopback
// port, prints "url http://127.0.0.1:PORT" and serves until stdin closes.
// For the command-line test and for trying `cardex reconcile
// --registry-url` by hand.
#include <cstdio>
#include <iostream>
#include <string>

#include "tests/registry/fake_registry_service.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: fake_registry_service DB [--latency-ms L] [--down]\n");
    return 2;
  }
  cardex::testing::Misbehaviour m;
  for (int i = 2; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--latency-ms" && i + 1 < argc) m.latency_ms = std::stoi(argv[++i]);
    else if (flag == "--down") m.down = true;
  }
  cardex::StoreOptions read_only;
  read_only.read_only = true;
  auto store = cardex::OpenStore(argv[1], read_only);
  if (!store.ok()) {
    std::fprintf(stderr, "error: %s\n", store.status().message().c_str());
    return 1;
  }
  auto service = cardex::testing::StartFakeRegistryService(std::move(store).value());
  if (!service.ok()) {
    std::fprintf(stderr, "error: %s\n", service.status().message().c_str());
    return 1;
  }
  (*service)->Set(m);
  std::printf("url %s\n", (*service)->url().c_str());
  std::fflush(stdout);
  std::string line;
  while (std::getline(std::cin, line)) {
  }
  return 0;
}
