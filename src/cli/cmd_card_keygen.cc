// cardex card keygen --out FILE: a new signing key kept outside the database.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>

#include "card.h"

namespace cardex::cli {

void RegisterCardKeygen(CLI::App& card, const GlobalOptions&, Action* action) {
  auto out = std::make_shared<std::string>();
  auto* cmd = card.add_subcommand(
      "keygen", "Write a new Ed25519 signing key file (mode 0600; never overwrites)");
  cmd->add_option("--out", *out, "the key file to create")->required();
  cmd->callback([action, out] {
    *action = [out] {
      auto key = cards::WriteNewKeyFile(*out);
      if (!key.ok()) return Fail(key.status());
      std::printf("wrote %s: key id %s, public key %s\n", out->c_str(), key->key_id().c_str(),
                  cards::PublicKeyHex(key->public_key()).c_str());
      return 0;
    };
  });
}

}  // namespace cardex::cli
