// cardex card revocations --out FILE.csv [--signing-key KEY]: the revocation
// list and its detached signature FILE.csv.sig (cards/signed_file.h).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>

#include "card.h"
#include "cardex/cards/cards.h"
#include "cardex/cards/signed_file.h"
#include "cardex/io/csv.h"

namespace cardex::cli {
namespace {

struct RevocationsArgs {
  std::string out, signing_key;
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
  auto key = LoadSigningKey(**store, args.signing_key, "");
  if (!key.ok()) return Fail(key.status());
  auto list = cards::RevocationList(**store);
  if (!list.ok()) return Fail(list.status());
  std::string text;
  auto writer = CsvWriter::ToString(&text);
  Status s = writer->WriteRow({"card_no", "kind", "reason", "at"});
  int64_t revoked = 0;
  for (const cards::RevokedNumber& n : *list) {
    if (!s.ok()) break;
    revoked += n.kind == "revoked";
    s = writer->WriteRow({n.card_no, n.kind, n.reason, n.at});
  }
  if (s.ok()) s = writer->Close();
  if (s.ok()) s = WriteWhole(args.out, text);
  if (s.ok()) s = WriteWhole(args.out + ".sig", cards::SignFile(text, *key));
  if (!s.ok()) return Fail(s);
  std::printf("wrote %s and %s.sig: %lld revoked cards, %lld retired old numbers, signed by key %s\n",
              args.out.c_str(), args.out.c_str(), static_cast<long long>(revoked),
              static_cast<long long>(list->size()) - static_cast<long long>(revoked),
              key->key_id().c_str());
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
  cmd->callback([&global, action, args] {
    *action = [&global, args] { return RunRevocations(global, *args); };
  });
}

}  // namespace cardex::cli
