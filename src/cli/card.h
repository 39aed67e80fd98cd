// `cardex card ...`: the subcommands of the card capability, one file each
// (cmd_card_*.cc), and what they share (cmd_card.cc).
#ifndef CARDEX_CLI_CARD_H_
#define CARDEX_CLI_CARD_H_

#include <string>

#include "cardex/cards/signing_key.h"
#include "command.h"

namespace cardex::cli {

void RegisterCardProduce(CLI::App& card, const GlobalOptions& global, Action* action);
void RegisterCardDeliver(CLI::App& card, const GlobalOptions& global, Action* action);
void RegisterCardHandOver(CLI::App& card, const GlobalOptions& global, Action* action);
void RegisterCardVerify(CLI::App& card, const GlobalOptions& global, Action* action);
void RegisterCardPublicKey(CLI::App& card, const GlobalOptions& global, Action* action);
void RegisterCardKeygen(CLI::App& card, const GlobalOptions& global, Action* action);
void RegisterCardRevoke(CLI::App& card, const GlobalOptions& global, Action* action);
void RegisterCardRevocations(CLI::App& card, const GlobalOptions& global, Action* action);

// --actor (default $USER) for the audit trail.
void AddActorOption(CLI::App* cmd, std::string* actor);
std::string ActorOrDefault(const std::string& actor);

// --signing-key FILE (env CARDEX_CARD_SIGNING_KEY): sign with the key in
// FILE instead of the database's (docs/cards.md, "The signing key").
void AddSigningKeyOption(CLI::App* cmd, std::string* file);
// The key in `file` when given, else the database's (created on first use,
// audited under `actor`).
Result<cards::SigningKey> LoadSigningKey(Store& store, const std::string& file,
                                         const std::string& actor);

// The text of ARG when it names a readable file, else ARG itself (so a
// payload or a key may be given inline or as a file).
Result<std::string> TextOrFile(const std::string& arg);

}  // namespace cardex::cli

#endif  // CARDEX_CLI_CARD_H_
