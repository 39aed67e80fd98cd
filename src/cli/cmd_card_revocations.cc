// cardex card revocations --out FILE.csv: the revocation list.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>

#include "card.h"
#include "cardex/cards/cards.h"
#include "cardex/io/csv.h"

namespace cardex::cli {

void RegisterCardRevocations(CLI::App& card, const GlobalOptions& global, Action* action) {
  auto out = std::make_shared<std::string>();
  auto* cmd = card.add_subcommand(
      "revocations", "Write the revocation list: revoked cards and retired old card numbers");
  cmd->add_option("--out", *out, "the CSV file to write")->required();
  cmd->callback([&global, action, out] {
    *action = [&global, out] {
      auto store = OpenAndMigrate(global);
      if (!store.ok()) return Fail(store.status());
      auto list = cards::RevocationList(**store);
      if (!list.ok()) return Fail(list.status());
      auto writer = CsvWriter::OpenFile(*out);
      if (!writer.ok()) return Fail(writer.status());
      Status s = (*writer)->WriteRow({"card_no", "kind", "reason", "at"});
      int64_t revoked = 0;
      for (const cards::RevokedNumber& n : *list) {
        if (!s.ok()) break;
        revoked += n.kind == "revoked";
        s = (*writer)->WriteRow({n.card_no, n.kind, n.reason, n.at});
      }
      if (s.ok()) s = (*writer)->Close();
      if (!s.ok()) return Fail(s);
      std::printf("wrote %s: %lld revoked cards, %lld retired old numbers\n", out->c_str(),
                  static_cast<long long>(revoked),
                  static_cast<long long>(list->size()) - static_cast<long long>(revoked));
      return 0;
    };
  });
}

}  // namespace cardex::cli
