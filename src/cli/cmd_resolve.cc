// cardex resolve: act on the reconciliation results (include/cardex/reconcile/resolve.h).
//
//   cardex resolve --all-fixable [--unit UNIT]
//   cardex resolve --apply MEMBER_NO
//   cardex resolve --accept MEMBER_NO
//   cardex resolve --correct MEMBER_NO --note TEXT
//   cardex resolve --close MEMBER_NO [--evidence TEXT]
//   cardex resolve --open-corrections UNIT [--out FILE.csv]
//   cardex resolve --backlog UNIT
#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <memory>

#include "cardex/io/csv.h"
#include "cardex/reconcile/resolve.h"
#include "cardex/store/atomically.h"
#include "command.h"

namespace cardex::cli {
namespace {

struct ResolveArgs {
  bool all_fixable = false;
  std::string accept, apply, correct, note, close, evidence, unit, open_corrections, backlog, out;
  std::string actor;
};

std::string DefaultActor() {
  const char* user = std::getenv("USER");
  return user && *user ? user : "cardex";
}

int ListOpenCorrections(Store& store, const ResolveArgs& args) {
  auto open = reconcile::OpenCorrections(store, args.open_corrections);
  if (!open.ok()) return Fail(open.status());
  const std::string now = reconcile::UtcNow();
  auto writer = args.out.empty() ? Result<std::unique_ptr<CsvWriter>>(nullptr)
                                 : CsvWriter::OpenFile(args.out);
  if (!writer.ok()) return Fail(writer.status());
  std::string text;
  std::unique_ptr<CsvWriter> out =
      args.out.empty() ? CsvWriter::ToString(&text) : std::move(writer).value();
  Status s =
      out->WriteRow({"member_no", "unit_code", "opened_at", "age_days", "opened_by", "note"});
  for (const Correction& c : *open) {
    if (!s.ok()) break;
    char age[32];
    std::snprintf(age, sizeof age, "%.1f", reconcile::DaysBetween(c.opened_at, now));
    s = out->WriteRow({c.member_no, c.unit_code, c.opened_at, age, c.opened_by, c.note});
  }
  if (s.ok()) s = out->Close();
  if (!s.ok()) return Fail(s);
  if (args.out.empty()) {
    std::fputs(text.c_str(), stdout);
  } else {
    std::printf("wrote %s: %zu open corrections\n", args.out.c_str(), open->size());
  }
  return 0;
}

int RunResolve(const GlobalOptions& global, const ResolveArgs& args) {
  const int chosen = args.all_fixable + !args.accept.empty() + !args.apply.empty() +
                     !args.correct.empty() +
                     !args.close.empty() + !args.open_corrections.empty() + !args.backlog.empty();
  if (chosen != 1) {
    return Fail(
        "choose one of --all-fixable, --accept, --apply, --correct, --close, --open-corrections, "
        "--backlog");
  }
  if (!args.correct.empty() && args.note.empty()) {
    return Fail("--correct needs --note saying what the unit must correct");
  }
  auto store = OpenAndMigrate(global);
  if (!store.ok()) return Fail(store.status());
  Store& db = **store;
  const std::string actor = args.actor.empty() ? DefaultActor() : args.actor;
  if (!args.unit.empty() && !args.all_fixable) return Fail("--unit goes with --all-fixable");
  if (!args.evidence.empty() && args.close.empty()) return Fail("--evidence goes with --close");
  if (args.all_fixable) {
    // Without --unit every unit, standardised members included (as before);
    // with it, the subtree's members not standardised yet (as on the web).
    auto count = args.unit.empty()
                     ? reconcile::ApplyAllFixable(db, actor)
                     : Atomically(db, [&] {
                         return reconcile::ApplyAllFixableInTransaction(db, args.unit, actor);
                       });
    if (!count.ok()) return Fail(count.status());
    std::printf("applied the registry's values to %lld fixable members",
                static_cast<long long>(count->applied));
    if (count->skipped_changed > 0) {
      std::printf("; %lld changed since the last reconcile were left alone",
                  static_cast<long long>(count->skipped_changed));
    }
    std::printf("\nrun `cardex reconcile` to check them again\n");
    return 0;
  }
  if (!args.accept.empty()) {
    Status s = reconcile::AcceptSuggestion(db, args.accept, actor);
    if (!s.ok()) return Fail(s);
    std::printf("member %s: suggestion accepted\n", args.accept.c_str());
    return 0;
  }
  if (!args.apply.empty()) {
    Status s = reconcile::ApplyRegistryValues(db, args.apply, actor);
    if (!s.ok()) return Fail(s);
    std::printf("member %s: the registry's values applied\n", args.apply.c_str());
    return 0;
  }
  if (!args.correct.empty()) {
    Status s = reconcile::SendToCorrection(db, args.correct, args.note, actor);
    if (!s.ok()) return Fail(s);
    std::printf("member %s: sent to its unit for correction\n", args.correct.c_str());
    return 0;
  }
  if (!args.close.empty()) {
    auto closed = reconcile::CloseCorrection(db, args.close, actor, "", args.evidence);
    if (!closed.ok()) return Fail(closed.status());
    std::printf("member %s: %lld corrections closed\n", args.close.c_str(),
                static_cast<long long>(*closed));
    return 0;
  }
  if (!args.backlog.empty()) {
    auto b = reconcile::BacklogOf(db, args.backlog);
    if (!b.ok()) return Fail(b.status());
    std::printf("unit %s: %lld open corrections, oldest %.1f days, mean age %.1f days\n",
                args.backlog.c_str(), static_cast<long long>(b->open), b->oldest_days,
                b->mean_days);
    return 0;
  }
  return ListOpenCorrections(db, args);
}

}  // namespace

void RegisterResolve(CLI::App& app, const GlobalOptions& global, Action* action) {
  auto args = std::make_shared<ResolveArgs>();
  auto* cmd = app.add_subcommand("resolve",
                                 "Apply registry values, accept suggestions, manage corrections");
  cmd->add_flag("--all-fixable", args->all_fixable,
                "apply the registry's values to every member whose verdict is fixable");
  cmd->add_option("--unit", args->unit, "with --all-fixable: only this unit and the units below it");
  cmd->add_option("--accept", args->accept, "accept this member's suggested citizen_id");
  cmd->add_option("--apply", args->apply,
                  "apply the registry's values to this member (verdict fixable or mismatch)");
  cmd->add_option("--correct", args->correct, "send this member to its unit for correction");
  cmd->add_option("--note", args->note, "what the unit must correct (with --correct)");
  cmd->add_option("--close", args->close, "close this member's open corrections");
  cmd->add_option("--evidence", args->evidence,
                  "with --close: what shows the record is right now (kept in the audit trail)");
  cmd->add_option("--open-corrections", args->open_corrections,
                  "list the open corrections of this unit and the units below it");
  cmd->add_option("--out", args->out, "write the list as CSV (with --open-corrections)");
  cmd->add_option("--backlog", args->backlog, "count and age of this unit's open corrections");
  cmd->add_option("--actor", args->actor, "who acts, for the audit trail (default: $USER)");
  cmd->callback(
      [&global, action, args] { *action = [&global, args] { return RunResolve(global, *args); }; });
}

}  // namespace cardex::cli
