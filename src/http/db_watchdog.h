// Internal: bounds how long anything in the server waits on the database.
//
// A frozen primary (a hung machine, a SIGSTOPped PostgreSQL) keeps its TCP
// connections open and the kernel acknowledges what is sent to it, so a
// query waits for an answer that never comes: neither libpq's timeouts nor
// TCP keepalives notice. A statement_timeout is the server's own clock and
// freezes with it. So the server watches its own waits: whoever uses a
// connection registers it for the length of the use (Watch), and a thread
// breaks off a use that outlives the deadline (Interrupt,
// cardex/store/outage.h). The wait then ends in kUnavailable (timeout), the request answers 503 with
// Retry-After and its connection is dropped; the retry reconnects, and a
// multi-host URL finds the new primary.
//
// Thread safety: Watch() and the Watch objects may be used from any thread.
#ifndef CARDEX_SRC_HTTP_DB_WATCHDOG_H_
#define CARDEX_SRC_HTTP_DB_WATCHDOG_H_

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>

#include "cardex/store/outage.h"
#include "cardex/store/store.h"
#include "metrics.h"
#include "periodic_task.h"

namespace cardex::http {

class DbWatchdog {
 public:
  using Clock = std::chrono::steady_clock;

  // `deadline` zero: nothing is ever broken off. `metrics` must outlive
  // the watchdog.
  DbWatchdog(std::chrono::milliseconds deadline, Metrics& metrics) : metrics_(metrics), deadline_(deadline) {
    if (deadline_.count() > 0) {
      task_.emplace(std::min(std::chrono::milliseconds(100), deadline_), [this] { Sweep(); });
    }
  }

  // One use of a connection; ends with the object. The store must outlive it.
  class Watch {
   public:
    Watch() = default;
    Watch(Watch&& o) noexcept : dog_(o.dog_), id_(o.id_) { o.dog_ = nullptr; }
    Watch& operator=(Watch&& o) noexcept {
      std::swap(dog_, o.dog_);
      std::swap(id_, o.id_);
      return *this;
    }
    ~Watch() { (void)End(); }
    // Ends the watch; true when the watchdog broke the connection off (it
    // is then unusable, whatever the request made of it).
    bool End() {
      if (dog_ == nullptr) return false;
      const bool interrupted = dog_->Forget(id_);
      dog_ = nullptr;
      return interrupted;
    }

   private:
    friend class DbWatchdog;
    Watch(DbWatchdog* dog, uint64_t id) : dog_(dog), id_(id) {}
    DbWatchdog* dog_ = nullptr;
    uint64_t id_ = 0;
  };

  [[nodiscard]] Watch Start(Store& store) { return Start(store, deadline_); }

  // The same with a shorter deadline (at most the watchdog's): a use that
  // leaves time for another after it (a standby's reads, which fall back
  // to the primary within the request's own deadline: stale_reads.h).
  [[nodiscard]] Watch Start(Store& store, std::chrono::milliseconds within) {
    if (deadline_.count() <= 0) return Watch();
    std::lock_guard lock(mu_);
    const uint64_t id = ++next_id_;
    watched_.emplace(id, Entry{&store, Clock::now() + std::min(within, deadline_)});
    return Watch(this, id);
  }

  std::chrono::milliseconds deadline() const { return deadline_; }

 private:
  struct Entry {
    Store* store;
    Clock::time_point deadline;
    bool interrupted = false;
  };

  bool Forget(uint64_t id) {
    std::lock_guard lock(mu_);
    auto it = watched_.find(id);
    if (it == watched_.end()) return false;
    const bool interrupted = it->second.interrupted;
    watched_.erase(it);
    return interrupted;
  }

  void Sweep() {
    const auto now = Clock::now();
    std::lock_guard lock(mu_);  // held: a Watch cannot end, nor its store go, meanwhile
    for (auto& [id, e] : watched_) {
      if (e.interrupted || now < e.deadline) continue;
      e.interrupted = true;
      Interrupt(*e.store);
      metrics_.DbInterrupted();
    }
  }

  Metrics& metrics_;
  const std::chrono::milliseconds deadline_;
  std::mutex mu_;
  uint64_t next_id_ = 0;
  std::map<uint64_t, Entry> watched_;
  std::optional<PeriodicTask> task_;  // last: stops before what it uses goes
};

}  // namespace cardex::http

#endif  // CARDEX_SRC_HTTP_DB_WATCHDOG_H_
