// cardex card: registers the subcommands and holds what they share.
#include <CLI/CLI.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "card.h"

namespace cardex::cli {

void RegisterCard(CLI::App& app, const GlobalOptions& global, Action* action) {
  auto* card = app.add_subcommand(
      "card", "Produce, deliver, hand over, verify and revoke the new chip cards");
  card->require_subcommand(1);
  RegisterCardProduce(*card, global, action);
  RegisterCardDeliver(*card, global, action);
  RegisterCardHandOver(*card, global, action);
  RegisterCardVerify(*card, global, action);
  RegisterCardPublicKey(*card, global, action);
  RegisterCardKeygen(*card, global, action);
  RegisterCardRevoke(*card, global, action);
  RegisterCardRevocations(*card, global, action);
}

void AddActorOption(CLI::App* cmd, std::string* actor) {
  cmd->add_option("--actor", *actor, "who acts, for the audit trail (default: $USER)");
}

std::string ActorOrDefault(const std::string& actor) {
  if (!actor.empty()) return actor;
  const char* user = std::getenv("USER");
  return user && *user ? user : "cardex";
}

void AddSigningKeyOption(CLI::App* cmd, std::string* file) {
  cmd->add_option("--signing-key", *file,
                  "Ed25519 key file (cardex card keygen) instead of the database's key")
      ->envname("CARDEX_CARD_SIGNING_KEY");
}

Result<cards::SigningKey> LoadSigningKey(Store& store, const std::string& file,
                                         const std::string& actor) {
  if (!file.empty()) return cards::LoadKeyFile(file);
  return cards::LoadOrCreateStoreKey(store, ActorOrDefault(actor));
}

Result<std::string> TextOrFile(const std::string& arg) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(arg, ec)) return arg;
  std::ifstream in(arg, std::ios::binary);
  if (!in) return Status::IoError(arg + ": cannot read");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace cardex::cli
