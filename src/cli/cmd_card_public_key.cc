// cardex card public-key [--out FILE] [--signing-key FILE]
#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>
#include <memory>

#include "card.h"

namespace cardex::cli {
namespace {

struct PublicKeyArgs {
  std::string out, signing_key;
};

int RunPublicKey(const GlobalOptions& global, const PublicKeyArgs& args) {
  Result<cards::SigningKey> key = Status::Internal("unset");
  if (!args.signing_key.empty()) {
    key = cards::LoadKeyFile(args.signing_key);  // needs no database
  } else {
    auto store = OpenAndMigrate(global);
    if (!store.ok()) return Fail(store.status());
    key = cards::LoadOrCreateStoreKey(**store, ActorOrDefault(""));
  }
  if (!key.ok()) return Fail(key.status());
  const std::string hex = cards::PublicKeyHex(key->public_key());
  if (args.out.empty()) {
    std::printf("%s\n", hex.c_str());
    return 0;
  }
  std::ofstream out(args.out, std::ios::binary | std::ios::trunc);
  out << hex << '\n';
  out.close();
  if (!out) return Fail(args.out + ": cannot write");
  std::printf("wrote %s: public key %s (key id %s)\n", args.out.c_str(), hex.c_str(),
              key->key_id().c_str());
  return 0;
}

}  // namespace

void RegisterCardPublicKey(CLI::App& card, const GlobalOptions& global, Action* action) {
  auto args = std::make_shared<PublicKeyArgs>();
  auto* cmd = card.add_subcommand(
      "public-key", "Print the Ed25519 public key that verifies the cards (64 hex digits)");
  cmd->add_option("--out", args->out, "write it to FILE instead");
  AddSigningKeyOption(cmd, &args->signing_key);
  cmd->callback([&global, action, args] {
    *action = [&global, args] { return RunPublicKey(global, *args); };
  });
}

}  // namespace cardex::cli
