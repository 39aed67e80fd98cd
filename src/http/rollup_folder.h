// Internal: keeps the progress roll-ups current while the server runs, by
// folding the desks' exchange events into them (progress::FoldSteps) on its
// own connection every `period`, off the request path. A reader folds what
// is left before reading (progress::EnsureCurrent), so the period bounds
// what a page may have to fold, not what it sees. A failed pass (a busy
// database) leaves its events to the next one; nothing is lost.
#ifndef CARDEX_SRC_HTTP_ROLLUP_FOLDER_H_
#define CARDEX_SRC_HTTP_ROLLUP_FOLDER_H_

#include <chrono>
#include <memory>

#include "cardex/progress/rollup.h"
#include "cardex/store/store.h"
#include "metrics.h"
#include "periodic_task.h"

namespace cardex::http {

class RollupFolder {
 public:
  // `metrics` must outlive the folder.
  RollupFolder(std::unique_ptr<Store> store, std::chrono::milliseconds period, Metrics& metrics)
      : store_(std::move(store)), metrics_(metrics), task_(period, [this] { FoldOnce(); }) {}

 private:
  void FoldOnce() {
    auto folded = progress::FoldSteps(*store_);
    metrics_.Fold(folded.ok() ? *folded : 0, !folded.ok());
  }

  std::unique_ptr<Store> store_;
  Metrics& metrics_;
  PeriodicTask task_;  // last: starts after, and stops before, what it uses
};

}  // namespace cardex::http

#endif  // CARDEX_SRC_HTTP_ROLLUP_FOLDER_H_
