// cardex card deliver --batch ID
#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>

#include "card.h"
#include "cardex/core/dates.h"
#include "cardex/cards/cards.h"
#include "cardex/ledger/exchange.h"

namespace cardex::cli {
namespace {

struct DeliverArgs {
  std::string batch, actor;
};

int RunDeliver(const GlobalOptions& global, const DeliverArgs& args) {
  auto store = OpenAndMigrate(global);
  if (!store.ok()) return Fail(store.status());
  Store& db = **store;
  const std::string actor = ActorOrDefault(args.actor), at = UtcNowText();
  auto delivered =
      cards::Atomically(db, [&] { return cards::DeliverBatch(db, args.batch, actor, at); });
  if (!delivered.ok()) return Fail(delivered.status());
  std::printf("batch %s delivered: %lld cards\n", args.batch.c_str(),
              static_cast<long long>(*delivered));
  return 0;
}

}  // namespace

void RegisterCardDeliver(CLI::App& card, const GlobalOptions& global, Action* action) {
  auto args = std::make_shared<DeliverArgs>();
  auto* cmd = card.add_subcommand("deliver", "Record that a batch reached its commune");
  cmd->add_option("--batch", args->batch, "the batch id printed by card produce")->required();
  AddActorOption(cmd, &args->actor);
  cmd->callback(
      [&global, action, args] { *action = [&global, args] { return RunDeliver(global, *args); }; });
}

}  // namespace cardex::cli
