// cardex audit verify | keygen | checkpoint: the hash chain of the audit log
// (include/cardex/auth/audit_verify.h) and its signed checkpoints kept
// outside the database (include/cardex/auth/audit_checkpoint.h).
// verify exits 0 when intact, 1 with the first broken seq otherwise.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>

#include "card.h"
#include "cardex/auth/accounts.h"
#include "cardex/auth/audit_checkpoint.h"
#include "cardex/auth/audit_verify.h"
#include "command.h"

namespace cardex::cli {
namespace {

struct AuditArgs {
  std::string checkpoints, public_key, key, out;
};

int RunVerify(const GlobalOptions& global, const AuditArgs& args) {
  std::vector<AuditAnchor> anchors;
  if (!args.checkpoints.empty()) {
    if (args.public_key.empty()) {
      return Fail("--checkpoints needs --public-key (cardex audit keygen printed it)");
    }
    auto key_text = TextOrFile(args.public_key);
    if (!key_text.ok()) return Fail(key_text.status());
    auto checkpoints = ReadAuditCheckpoints(args.checkpoints, *key_text);
    if (!checkpoints.ok()) return Fail(checkpoints.status());
    for (const AuditCheckpoint& c : *checkpoints) {
      anchors.push_back({c.seq, c.hash, "the checkpoint of " + c.at});
    }
  }
  auto store = OpenAndMigrate(global);
  if (!store.ok()) return Fail(store.status());
  const size_t given = anchors.size();
  auto report = VerifyAuditChain(**store, std::move(anchors));
  if (!report.ok()) return Fail(report.status());
  const AuditChainReport& r = *report;
  if (!r.intact) {
    std::printf("audit log broken at seq %lld: %s\n", static_cast<long long>(r.first_broken_seq),
                r.problem.c_str());
    return 1;
  }
  std::printf("audit log intact: %lld chained entries", static_cast<long long>(r.chained));
  if (r.unchained > 0) {
    std::printf(" (unchained: %lld entries from before the chain)",
                static_cast<long long>(r.unchained));
  }
  // Noted elsewhere, the head lets a later check see a rewritten log.
  std::printf("\nhead: seq %lld hash %s\n", static_cast<long long>(r.head_seq),
              r.head_hash.empty() ? "-" : r.head_hash.c_str());
  if (!args.checkpoints.empty()) {
    std::printf("checkpoints: %zu signed, every checkpointed entry present and unchanged\n",
                given);
  }
  return 0;
}

int RunKeygen(const AuditArgs& args) {
  auto key = AuditCheckpointKey::Create(args.out);
  if (!key.ok()) return Fail(key.status());
  std::printf("audit checkpoint key written to %s (key id %s)\npublic key: %s\n", args.out.c_str(),
              key->key_id().c_str(), key->public_key_hex().c_str());
  return 0;
}

int RunCheckpoint(const GlobalOptions& global, const AuditArgs& args) {
  auto key = AuditCheckpointKey::Load(args.key);
  if (!key.ok()) return Fail(key.status());
  auto store = OpenAndMigrate(global);
  if (!store.ok()) return Fail(store.status());
  auto c = WriteAuditCheckpoint(**store, *key, args.out, FormatUtc(Clock::now()));
  if (!c.ok()) return Fail(c.status());
  std::printf("checkpoint: seq %lld hash %s signed by key %s, appended to %s\n",
              static_cast<long long>(c->seq), c->hash.empty() ? "-" : c->hash.c_str(),
              c->key_id.c_str(), args.out.c_str());
  return 0;
}

}  // namespace

void RegisterAudit(CLI::App& app, const GlobalOptions& global, Action* action) {
  auto args = std::make_shared<AuditArgs>();
  auto* cmd = app.add_subcommand("audit", "Check the audit log");
  cmd->require_subcommand(1);
  auto* verify = cmd->add_subcommand("verify", "Check that no audit entry was edited, inserted or deleted");
  verify->add_option("--checkpoints", args->checkpoints,
                     "a file of signed checkpoints (audit checkpoint, serve "
                     "--audit-checkpoints): every checkpointed entry must be present and unchanged");
  verify->add_option("--public-key", args->public_key,
                     "the checkpoint key's public key, 64 hex digits or a file holding them");
  verify->callback([&global, action, args] {
    *action = [&global, args] { return RunVerify(global, *args); };
  });
  auto* keygen = cmd->add_subcommand("keygen", "Write a new audit checkpoint key (mode 0600)");
  keygen->add_option("--out", args->out, "the key file (never overwritten)")->required();
  keygen->callback([action, args] { *action = [args] { return RunKeygen(*args); }; });
  auto* checkpoint = cmd->add_subcommand(
      "checkpoint", "Sign the audit chain's head now and append it to a checkpoint file");
  checkpoint->add_option("--key", args->key, "the audit checkpoint key file (audit keygen)")
      ->required();
  checkpoint->add_option("--out", args->out, "the checkpoint file to append to")->required();
  checkpoint->callback([&global, action, args] {
    *action = [&global, args] { return RunCheckpoint(global, *args); };
  });
}

}  // namespace cardex::cli
