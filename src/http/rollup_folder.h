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
  // `metrics` and `watchdog` must outlive the folder.
  RollupFolder(BackgroundConnection::Opener open, std::chrono::milliseconds period,
               Metrics& metrics, DbWatchdog* watchdog)
      : metrics_(metrics),
        connection_(Metrics::Task::kRollupFolder, std::move(open), nullptr, metrics, watchdog),
        task_(period, [this] { FoldOnce(); }) {}

 private:
  void FoldOnce() {
    int64_t events = 0;
    Status s = connection_.Run([&](Store& store) -> Status {
      auto folded = progress::FoldSteps(store);
      if (!folded.ok()) return folded.status();
      events = *folded;
      return Status::Ok();
    });
    metrics_.Fold(events, !s.ok());
  }

  Metrics& metrics_;
  BackgroundConnection connection_;
  PeriodicTask task_;  // last: starts after, and stops before, what it uses
};

}  // namespace cardex::http

#endif  // CARDEX_SRC_HTTP_ROLLUP_FOLDER_H_
