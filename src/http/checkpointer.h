// Internal: moves SQLite's WAL checkpoints off the request path.
//
// By default the writer whose commit crosses wal_autocheckpoint (1000
// pages) runs the checkpoint itself, syncing the database file while it
// holds the write lock, and every desk behind it waits: that stall was the
// tail of the desk benchmark's latency. The server's connections turn
// automatic checkpoints off and this thread runs a PASSIVE checkpoint on its
// own connection every `period`; PASSIVE never waits for a writer or
// reader, so requests never wait for it. Durability is unchanged: a commit
// is in the WAL either way, and the WAL is recovered at the next open.
//
// PASSIVE alone never lets the WAL start over under steady writes: SQLite
// rewinds it only for a writer that begins while every frame is already in
// the database, which almost never happens when desks commit all the time.
// The WAL then grew by about 100 MB a second in the desk benchmark, every
// append extending the file (the kernel zeroing new pages was a fifth of
// the server's CPU). So when PASSIVE left more than kRestartFrames behind,
// a RESTART follows: it holds writers back only while it copies the few
// frames committed since the PASSIVE and waits for the readers in flight,
// and the next writer rewinds the WAL, which then stays a few MB long.
#ifndef CARDEX_SRC_HTTP_CHECKPOINTER_H_
#define CARDEX_SRC_HTTP_CHECKPOINTER_H_

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "cardex/store/store.h"

namespace cardex::http {

class Checkpointer {
 public:
  Checkpointer(std::unique_ptr<Store> store, std::chrono::milliseconds period)
      : store_(std::move(store)), period_(period), thread_([this] { Loop(); }) {}
  ~Checkpointer() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_one();
    thread_.join();
    (void)store_->Exec("PRAGMA wal_checkpoint(PASSIVE)");  // leave a short WAL behind
  }

 private:
  // SQLite's own automatic checkpoint threshold.
  static constexpr int64_t kRestartFrames = 1000;

  void Loop() {
    std::unique_lock lock(mu_);
    while (!cv_.wait_for(lock, period_, [this] { return stop_; })) {
      lock.unlock();
      auto passive = store_->Query("PRAGMA wal_checkpoint(PASSIVE)");
      if (passive.ok() && !passive->empty() && passive->Int(0, 1) > kRestartFrames) {
        (void)store_->Exec("PRAGMA wal_checkpoint(RESTART)");
      }
      lock.lock();
    }
  }

  std::unique_ptr<Store> store_;
  std::chrono::milliseconds period_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;  // last: starts after the members above exist
};

}  // namespace cardex::http

#endif  // CARDEX_SRC_HTTP_CHECKPOINTER_H_
