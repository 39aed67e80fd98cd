// Internal: where one request's reads that may be a little stale go (the
// dashboards; docs/ha.md, "Stale-tolerant reads on a standby").
//
// With a standby configured (`serve --standby-db`: a store-layer
// ReadReplica), the first Source() takes a connection from it, under half
// the request's database deadline (db_watchdog.h: a frozen standby leaves
// the primary time to answer), and asks how
// fresh it is. It is used only when it answers as a standby that has
// replayed a transaction; otherwise, when it cannot be reached, or when it
// fails during the reads (StandbyFailed), the reads go to the primary, the
// request's own connection, and /metrics counts the fallback by cause.
// Without a standby configured every read goes to the primary, as before,
// and no time is shown.
//
// The session, authorization and every write stay on the request's own
// connection: only what the handler reads through Source() may be stale.
//
// Not thread-safe: one request's thread uses it.
#ifndef CARDEX_SRC_HTTP_STALE_READS_H_
#define CARDEX_SRC_HTTP_STALE_READS_H_

#include <chrono>
#include <memory>
#include <optional>

#include "cardex/store/read_replica.h"
#include "cardex/store/store.h"
#include "db_watchdog.h"
#include "metrics.h"

namespace cardex::http {

class StaleReads {
 public:
  // `replica` null: no standby configured. Everything must outlive this
  // object; nothing is opened until the first Source().
  StaleReads(ReadReplica* replica, Store& primary, DbWatchdog& watchdog, Metrics& metrics)
      : replica_(replica), primary_(primary), watchdog_(watchdog), metrics_(metrics) {}
  StaleReads(const StaleReads&) = delete;
  StaleReads& operator=(const StaleReads&) = delete;
  // A standby connection that answered goes back to the replica's pool.
  ~StaleReads() {
    if (!standby_) return;
    if (watch_.End()) {
      Drop();
      return;
    }
    replica_->Give(std::move(standby_));
  }

  // A standby is configured (whether or not this request reached it).
  bool Configured() const { return replica_ != nullptr; }

  // The store to read from.
  Store& Source() {
    if (!decided_) Decide();
    return standby_ ? *standby_ : primary_;
  }
  bool OnStandby() {
    Source();
    return standby_ != nullptr;
  }
  // What the page shows as its figures' time ("Số liệu đến …"): set once
  // Source() was called, when a standby is configured (a standby's replay
  // time, or the primary's clock when the reads fell back to it).
  std::optional<std::chrono::system_clock::time_point> AsOf() const { return as_of_; }

  // The standby failed during the reads (the handler's answer was 5xx):
  // it is dropped and held off, and Source() is the primary from now on.
  void StandbyFailed() {
    if (!standby_) return;
    (void)watch_.End();
    Drop();
    metrics_.StandbyFellBack(Metrics::StandbyFallback::kLost);
    OnPrimary(/*counted=*/true);
  }

 private:
  void Decide() {
    decided_ = true;
    if (replica_ == nullptr) {
      metrics_.StaleRead(false);
      return;
    }
    auto taken = replica_->Take();
    if (!taken.ok()) {
      metrics_.StandbyFellBack(Metrics::StandbyFallback::kUnreachable);
      OnPrimary();
      return;
    }
    standby_ = std::move(*taken);
    // Half the request's deadline: a frozen standby is broken off with
    // time left for the primary to answer the page.
    watch_ = watchdog_.Start(*standby_, watchdog_.deadline() / 2);
    auto fresh = ReadFreshness(*standby_);
    if (!fresh.ok()) {
      (void)watch_.End();
      Drop();
      metrics_.StandbyFellBack(Metrics::StandbyFallback::kUnreachable);
      OnPrimary();
      return;
    }
    if (!fresh->standby || !fresh->as_of) {
      // A primary (prefer-standby with no standby up, or one promoted),
      // or a standby that cannot say how old its data is: not kept, and
      // held off like a failure, so that pages look for a standby again
      // after a while rather than open a connection each.
      (void)watch_.End();
      Drop();
      metrics_.StandbyFellBack(Metrics::StandbyFallback::kNotStandby);
      OnPrimary();
      return;
    }
    as_of_ = fresh->as_of;
    metrics_.StaleRead(true);
  }

  // The reads go to the primary; its clock is their time (the caller
  // brings the roll-ups up to date after this, so they count every step
  // committed before it).
  void OnPrimary(bool counted = false) {
    if (!counted) metrics_.StaleRead(false);
    auto fresh = ReadFreshness(primary_);
    as_of_ = fresh.ok() ? fresh->as_of : std::nullopt;
  }

  void Drop() {
    standby_.reset();
    replica_->Lost();
  }

  ReadReplica* replica_;
  Store& primary_;
  DbWatchdog& watchdog_;
  Metrics& metrics_;
  bool decided_ = false;
  std::unique_ptr<Store> standby_;
  DbWatchdog::Watch watch_;  // the request's deadline on the standby's waits
  std::optional<std::chrono::system_clock::time_point> as_of_;
};

}  // namespace cardex::http

#endif  // CARDEX_SRC_HTTP_STALE_READS_H_
