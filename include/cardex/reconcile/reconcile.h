// `cardex reconcile`: every member's recorded values checked against the
// population registry (formats.md "The reconciliation report").
//
// A run stores, per member, the verdict, the fields that differ, the
// suggested citizen and the registry values compared with
// (Store::UpsertReconcileResults), and records itself (AddReconcileRun), in
// one transaction.
//
// Full run (options.full, or no earlier run): every member is checked.
// Incremental run: the store's change revisions say what changed since the
// last run. A member is re-checked when it changed itself (its recorded or
// standardised values), when the citizen its id names changed, when the
// citizen it was suggested changed, when it joined or left a duplicate
// group, or when it has no stored result.
//
// Either way the registry is asked two things: first for the recorded ids
// of the members checked (a batched lookup by key; with a registry
// independent of a store that is not SQLite, one batch per slice of the
// members, eight at most, see Thread safety), then for suggestion candidates
// for the members that need one (one batched lookup by blocking keys,
// reconcile/blocking.h), which are compared field by field and decided by a
// Fellegi-Sunter model fitted on the run's own pairs (reconcile/suggest.h;
// docs/architecture.md). The store finds the candidates through its indexes
// on the keys, so the second question costs about a hundred index lookups
// per member asked about, not a pass over the registry. It is asked in a
// full run when any member needs a suggestion; in an incremental run when a
// re-checked member needs one, or when any citizen changed while some member
// needs one; either way every member that needs a suggestion is then looked
// for again (the model is fitted on all of them, so that the run decides as
// a full run would).
//
// Thread safety: uses `store` and `registry` one thread at a time. When
// registry.IndependentOfStore(), the results are stored on a thread of the
// run's own while the calling thread asks the registry: the members are
// looked up and assessed a slice at a time (in member_no order), and each
// slice is stored while the next is looked up; otherwise everything happens
// on the calling thread. Either way the stored results and the report are
// the same. Progress is reported from the calling thread.
#ifndef CARDEX_RECONCILE_RECONCILE_H_
#define CARDEX_RECONCILE_RECONCILE_H_

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cardex/core/status.h"
#include "cardex/core/verdict.h"
#include "cardex/reconcile/registry.h"
#include "cardex/store/store.h"

namespace cardex::reconcile {

// Stages, in order: "members", "storing".
using ProgressFn = std::function<void(std::string_view stage, int64_t done, int64_t total)>;

struct ReconcileOptions {
  bool full = false;
  // When not empty, the report (formats.md columns, every member, member_no
  // order) is written there; the file appears only when complete.
  std::string report_path;
  ProgressFn progress;
  // When the registry (a remote service) cannot answer part of the run, the
  // run fails (kUnavailable) and stores nothing: no member gets a verdict
  // made on half the answers. The members that could not be checked are
  // then listed there (CSV: member_no,question; question "id" for the
  // lookup of the recorded id, "suggestion" for the candidates), and
  // counted in the error either way.
  std::string unchecked_path;
  // The suggestion rule (reconcile/suggest.h): the best candidate's
  // probability of being the person meant, and how many bits it must score
  // above the runner-up.
  double suggestion_min_probability = 0.9999;
  double suggestion_min_margin_bits = 6.0;
  // Who ran it, for the audit entry "reconcile.run" (subject "run:ID",
  // after: full or incremental and how many members were checked).
  std::string actor = "cli";
};

struct ReconcileSummary {
  bool full = true;
  int64_t run_id = 0;
  int64_t members = 0;
  int64_t checked = 0;                            // members whose verdict was computed afresh
  bool asked_candidates = false;                  // the registry was asked for suggestions
  std::array<int64_t, kVerdictCount> verdicts{};  // every member, by Verdict
  int64_t suggestions = 0;
  // Wall seconds per step, in order: "members", "lookup", "verdicts",
  // "candidates", "store", "report". With a registry independent of the
  // store, most of the storing happens during "lookup" and "verdicts" (then
  // summed over the slices) and "candidates".
  std::vector<std::pair<std::string, double>> seconds;
};

Result<ReconcileSummary> Reconcile(Store& store, Registry& registry,
                                   const ReconcileOptions& options = {});

// Writes the report of the stored results (the newest verdict of each
// member) to `path`; returns the rows written.
Result<int64_t> WriteStoredReport(Store& store, const std::string& path);

}  // namespace cardex::reconcile

#endif  // CARDEX_RECONCILE_RECONCILE_H_
