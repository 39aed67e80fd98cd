// cardex card revoke --card CARD_NO --reason lost|stolen|damaged|misprinted|data_corrected
//   [--note TEXT]: revokes the card and, when it was the member's live card,
//   reissues (the member goes back to submitted for the next batch).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>

#include "card.h"
#include "cardex/core/dates.h"
#include "cardex/cards/cards.h"
#include "cardex/ledger/exchange.h"

namespace cardex::cli {
namespace {

struct RevokeArgs {
  std::string card, reason, note, actor;
};

int RunRevoke(const GlobalOptions& global, const RevokeArgs& args) {
  auto store = OpenAndMigrate(global);
  if (!store.ok()) return Fail(store.status());
  Store& db = **store;
  const std::string actor = ActorOrDefault(args.actor), at = UtcNowText();
  cards::RevokeRequest request{args.card, args.reason, args.note, actor, at};
  auto r = cards::Atomically(db, [&] { return cards::Revoke(db, request); });
  if (!r.ok()) return Fail(r.status());
  std::printf("card %s revoked\n", args.card.c_str());
  if (r->reissued) {
    std::printf("member %s is submitted again: the next batch of their commune makes the "
                "replacement\n",
                r->member_no.c_str());
  }
  return 0;
}

}  // namespace

void RegisterCardRevoke(CLI::App& card, const GlobalOptions& global, Action* action) {
  auto args = std::make_shared<RevokeArgs>();
  auto* cmd = card.add_subcommand(
      "revoke", "Revoke a card (lost, stolen, damaged, misprinted, data corrected) and reissue");
  cmd->add_option("--card", args->card, "the card number")->required();
  cmd->add_option("--reason", args->reason,
                  "lost, stolen, damaged, misprinted or data_corrected (on the revocation list)")
      ->required();
  cmd->add_option("--note", args->note, "free text for the audit trail (not on the list)");
  AddActorOption(cmd, &args->actor);
  cmd->callback(
      [&global, action, args] { *action = [&global, args] { return RunRevoke(global, *args); }; });
}

}  // namespace cardex::cli
