// cardex card revoke --card CARD_NO --reason TEXT
#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>

#include "card.h"
#include "cardex/cards/cards.h"
#include "cardex/intake/exchange.h"

namespace cardex::cli {
namespace {

struct RevokeArgs {
  std::string card, reason, actor;
};

int RunRevoke(const GlobalOptions& global, const RevokeArgs& args) {
  auto store = OpenAndMigrate(global);
  if (!store.ok()) return Fail(store.status());
  Store& db = **store;
  const std::string actor = ActorOrDefault(args.actor), at = intake::UtcNow();
  Status s =
      cards::Atomically(db, [&] { return cards::Revoke(db, args.card, args.reason, actor, at); });
  if (!s.ok()) return Fail(s);
  std::printf("card %s revoked\n", args.card.c_str());
  return 0;
}

}  // namespace

void RegisterCardRevoke(CLI::App& card, const GlobalOptions& global, Action* action) {
  auto args = std::make_shared<RevokeArgs>();
  auto* cmd = card.add_subcommand("revoke", "Revoke a card (lost, stolen, wrong data)");
  cmd->add_option("--card", args->card, "the card number")->required();
  cmd->add_option("--reason", args->reason, "why, for the revocation list")->required();
  AddActorOption(cmd, &args->actor);
  cmd->callback(
      [&global, action, args] { *action = [&global, args] { return RunRevoke(global, *args); }; });
}

}  // namespace cardex::cli
