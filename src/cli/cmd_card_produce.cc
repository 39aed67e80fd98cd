// cardex card produce --commune CODE [--issue-date DATE] [--signing-key FILE]
#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>

#include "card.h"
#include "cardex/core/dates.h"
#include "cardex/cards/cards.h"
#include "cardex/ledger/exchange.h"

namespace cardex::cli {
namespace {

struct ProduceArgs {
  std::string commune, issue_date, signing_key, actor;
};

int RunProduce(const GlobalOptions& global, const ProduceArgs& args) {
  auto store = OpenAndMigrate(global);
  if (!store.ok()) return Fail(store.status());
  Store& db = **store;
  auto key = LoadSigningKey(db, args.signing_key, args.actor);
  if (!key.ok()) return Fail(key.status());
  cards::ProduceRequest request;
  request.commune_code = args.commune;
  request.actor = ActorOrDefault(args.actor);
  request.at = UtcNowText();
  request.issue_date = args.issue_date.empty() ? request.at.substr(0, 10) : args.issue_date;
  auto batch = cards::Atomically(db, [&] { return cards::ProduceBatch(db, request, *key); });
  if (!batch.ok()) return Fail(batch.status());
  if (batch->cards == 0 && batch->skipped.empty()) {
    std::printf("nothing to produce: no submitted members under %s\n", args.commune.c_str());
  } else if (batch->cards == 0) {
    std::printf("no card produced under %s\n", args.commune.c_str());
  } else {
    std::printf("batch %s: %lld cards for %s, issued on %s, signed by key %s\n",
                batch->batch_id.c_str(), static_cast<long long>(batch->cards),
                args.commune.c_str(), request.issue_date.c_str(), key->key_id().c_str());
  }
  // Submitted but held back: the registry contradicts their record, or a
  // correction is open. Listed so that the unit settles them.
  if (!batch->skipped.empty()) {
    std::printf("skipped %zu submitted members, not cleanly standardised (no card until settled):\n",
                batch->skipped.size());
    for (const cards::SkippedMember& s : batch->skipped) {
      std::printf("  %s: %s\n", s.member_no.c_str(),
                  Msg(Lang::kEn, s.reason_id, s.reason_args).c_str());
    }
  }
  return 0;
}

}  // namespace

void RegisterCardProduce(CLI::App& card, const GlobalOptions& global, Action* action) {
  auto args = std::make_shared<ProduceArgs>();
  auto* cmd = card.add_subcommand(
      "produce", "Produce a card for every submitted member of a commune (one batch)");
  cmd->add_option("--commune", args->commune, "the commune's unit code")->required();
  cmd->add_option("--issue-date", args->issue_date, "YYYY-MM-DD on the cards (default: today, UTC)");
  AddSigningKeyOption(cmd, &args->signing_key);
  AddActorOption(cmd, &args->actor);
  cmd->callback(
      [&global, action, args] { *action = [&global, args] { return RunProduce(global, *args); }; });
}

}  // namespace cardex::cli
