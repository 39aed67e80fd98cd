// cardex card hand-over --member NO --card CARD_NO [--station CODE]
#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>

#include "card.h"
#include "cardex/core/dates.h"
#include "cardex/cards/cards.h"
#include "cardex/ledger/exchange.h"

namespace cardex::cli {
namespace {

struct HandOverArgs {
  std::string member, card, station, actor;
};

int RunHandOver(const GlobalOptions& global, const HandOverArgs& args) {
  auto store = OpenAndMigrate(global);
  if (!store.ok()) return Fail(store.status());
  Store& db = **store;
  cards::HandOverRequest request{args.member, args.card, ActorOrDefault(args.actor),
                                 UtcNowText(), args.station};
  Status s = cards::Atomically(db, [&] { return cards::HandOver(db, request); });
  if (!s.ok()) return Fail(s);
  std::printf("card %s handed over to member %s; old card %s retired\n", args.card.c_str(),
              args.member.c_str(), args.member.c_str());
  return 0;
}

}  // namespace

void RegisterCardHandOver(CLI::App& card, const GlobalOptions& global, Action* action) {
  auto args = std::make_shared<HandOverArgs>();
  auto* cmd = card.add_subcommand(
      "hand-over", "Give a delivered card to its member and retire the old card number");
  cmd->add_option("--member", args->member, "the member's number (the old card number)")
      ->required();
  cmd->add_option("--card", args->card, "the new card's number")->required();
  cmd->add_option("--station", args->station, "where it is handed over");
  AddActorOption(cmd, &args->actor);
  cmd->callback([&global, action, args] {
    *action = [&global, args] { return RunHandOver(global, *args); };
  });
}

}  // namespace cardex::cli
