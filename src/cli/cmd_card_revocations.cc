// cardex card revocations --out FILE.csv [--signing-key KEY]: the revocation
// list, dated and numbered (cards/revocation_list.h), and its detached
// signature FILE.csv.sig (cards/signed_file.h).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>

#include "card.h"
#include "cardex/core/dates.h"
#include "cardex/cards/cards.h"
#include "cardex/cards/revocation_list.h"
#include "cardex/ledger/exchange.h"

namespace cardex::cli {
namespace {

struct RevocationsArgs {
  std::string out, signing_key, actor;
};

// Replaces `path` with `bytes` by renaming a finished temporary file over it,
// so a reader never sees half a list.
Status WriteWhole(const std::string& path, const std::string& bytes) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << bytes;
    out.close();
    if (!out) return Status::IoError(path + ": cannot write");
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) return Status::IoError(path + ": " + ec.message());
  return Status::Ok();
}

int RunRevocations(const GlobalOptions& global, const RevocationsArgs& args) {
  auto store = OpenAndMigrate(global);
  if (!store.ok()) return Fail(store.status());
  auto key = LoadSigningKey(**store, args.signing_key, ActorOrDefault(args.actor));
  if (!key.ok()) return Fail(key.status());
  Store& db = **store;
  const std::string actor = ActorOrDefault(args.actor);
  auto list = cards::Atomically(
      db, [&] { return cards::PublishRevocationList(db, *key, actor, UtcNowText()); });
  if (!list.ok()) return Fail(list.status());
  // Each file is replaced whole; between the two renames a reader finds a
  // list and a signature that do not match, and refuses them.
  Status s = WriteWhole(args.out + ".sig.new", list->signature);
  if (s.ok()) s = WriteWhole(args.out, list->text);
  if (s.ok()) {
    std::error_code ec;
    std::filesystem::rename(args.out + ".sig.new", args.out + ".sig", ec);
    if (ec) s = Status::IoError(args.out + ".sig: " + ec.message());
  }
  if (!s.ok()) return Fail(s);
  std::printf("wrote %s and %s.sig: list #%lld issued at %s, %lld revoked cards, %lld retired "
              "old numbers, signed by key %s\n",
              args.out.c_str(), args.out.c_str(), static_cast<long long>(list->header.sequence),
              list->header.issued_at.c_str(), static_cast<long long>(list->revoked),
              static_cast<long long>(list->retired), key->key_id().c_str());
  return 0;
}

}  // namespace

void RegisterCardRevocations(CLI::App& card, const GlobalOptions& global, Action* action) {
  auto args = std::make_shared<RevocationsArgs>();
  auto* cmd = card.add_subcommand(
      "revocations",
      "Write the signed revocation list: revoked cards and retired old card numbers");
  cmd->add_option("--out", args->out, "the CSV file to write (and FILE.sig beside it)")
      ->required();
  AddSigningKeyOption(cmd, &args->signing_key);
  AddActorOption(cmd, &args->actor);
  cmd->callback([&global, action, args] {
    *action = [&global, args] { return RunRevocations(global, *args); };
  });
}

}  // namespace cardex::cli
