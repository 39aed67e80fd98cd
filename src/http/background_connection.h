// Internal: the connection of one of the server's background tasks (the
// roll-up folder, the checkpointer), which reconnects as the request pool
// does: a pass that finds the database gone (kUnavailable: connection
// lost, a standby, broken off by the watchdog) drops the connection, and
// the next pass opens a new one (through a multi-host URL: on the new
// primary). Failures and reconnects are counted in /metrics by task.
//
// Not thread-safe: one task's thread uses it.
#ifndef CARDEX_SRC_HTTP_BACKGROUND_CONNECTION_H_
#define CARDEX_SRC_HTTP_BACKGROUND_CONNECTION_H_

#include <functional>
#include <memory>

#include "cardex/store/store.h"
#include "db_watchdog.h"
#include "metrics.h"

namespace cardex::http {

class BackgroundConnection {
 public:
  using Opener = std::function<Result<std::unique_ptr<Store>>()>;

  // `first` is the connection to start with (nullptr: open at the first
  // pass). `metrics` and `watchdog` must outlive this object; `watchdog`
  // may be null (no deadline).
  BackgroundConnection(Metrics::Task task, Opener open, std::unique_ptr<Store> first,
                       Metrics& metrics, DbWatchdog* watchdog)
      : task_(task), open_(std::move(open)), store_(std::move(first)), metrics_(metrics),
        watchdog_(watchdog) {}

  // Runs `pass` on the connection, opening it first when there is none.
  // Returns the pass's Status, or why no connection could be opened.
  Status Run(const std::function<Status(Store&)>& pass) {
    if (!store_) {
      auto opened = open_();
      if (lost_) metrics_.TaskReconnect(task_, opened.ok());  // the first open is no reconnect
      if (!opened.ok()) {
        if (!lost_) metrics_.TaskFailed(task_);
        return opened.status();
      }
      store_ = std::move(*opened);
      lost_ = false;
    }
    DbWatchdog::Watch watch = watchdog_ ? watchdog_->Start(*store_) : DbWatchdog::Watch();
    Status s = pass(*store_);
    const bool broken_off = watch.End();
    if (!s.ok()) metrics_.TaskFailed(task_);
    if (broken_off || s.code() == StatusCode::kUnavailable) {
      store_.reset();
      lost_ = true;
    }
    return s;
  }

  // The connection, or nullptr while there is none.
  Store* store() { return store_.get(); }

 private:
  Metrics::Task task_;
  Opener open_;
  std::unique_ptr<Store> store_;
  Metrics& metrics_;
  DbWatchdog* watchdog_;
  bool lost_ = false;  // a connection was dropped and not opened again yet
};

}  // namespace cardex::http

#endif  // CARDEX_SRC_HTTP_BACKGROUND_CONNECTION_H_
