// Internal: keeps the progress roll-ups current while the server runs, by
// folding the desks' exchange events into them (progress::FoldSteps) on its
// own connection every `period`, off the request path. A reader folds what
// is left before reading (progress::EnsureCurrent), so the period bounds
// what a page may have to fold, not what it sees. A failed pass (a busy
// database) leaves its events to the next one; nothing is lost. A lost
// connection (a fail-over) is opened again at the next pass
// (background_connection.h).
#ifndef CARDEX_SRC_HTTP_ROLLUP_FOLDER_H_
#define CARDEX_SRC_HTTP_ROLLUP_FOLDER_H_

#include <chrono>
#include <memory>

#include "cardex/progress/rollup.h"
#include "cardex/store/store.h"
#include "background_connection.h"
#include "metrics.h"
#include "periodic_task.h"

namespace cardex::http {

class RollupFolder {
 public:
  // `metrics` and `watchdog` must outlive the folder. `rebuild_when_stale`:
  // also rebuild the roll-ups when what the exchange does not move changed
  // (progress::EnsureCurrent), as the pages do before they read; for a
  // server whose dashboards read a standby, which cannot (stale_reads.h).
  RollupFolder(BackgroundConnection::Opener open, std::chrono::milliseconds period,
               Metrics& metrics, DbWatchdog* watchdog, bool rebuild_when_stale = false)
      : metrics_(metrics),
        rebuild_when_stale_(rebuild_when_stale),
        connection_(Metrics::Task::kRollupFolder, std::move(open), nullptr, metrics, watchdog),
        task_(period, [this] { FoldOnce(); }) {}

 private:
  void FoldOnce() {
    int64_t events = 0;
    Status s = connection_.Run([&](Store& store) -> Status {
      auto folded = progress::FoldSteps(store);
      if (!folded.ok()) return folded.status();
      events = *folded;
      // After the fold: EnsureCurrent then only reads its stamps (a few
      // single-row reads) unless a rebuild is due.
      if (rebuild_when_stale_) return progress::EnsureCurrent(store).status();
      return Status::Ok();
    });
    metrics_.Fold(events, !s.ok());
  }

  Metrics& metrics_;
  const bool rebuild_when_stale_;
  BackgroundConnection connection_;
  PeriodicTask task_;  // last: starts after, and stops before, what it uses
};

}  // namespace cardex::http

#endif  // CARDEX_SRC_HTTP_ROLLUP_FOLDER_H_
