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
// the server's CPU). So when the WAL holds more than kRestartFrames, a
// RESTART follows, which holds writers back while it copies what is left
// and syncs both files, and the next writer rewinds the WAL.
//
// That hold is the desks' worst wait, so it is kept short: PASSIVE runs
// again while the frames committed during the previous one are many (a
// PASSIVE of 20,000 frames took 60-110 ms, and the desks committed
// thousands meanwhile), and the RESTART takes the process's write turn
// instead of polling SQLite's lock with growing sleeps while the WAL grows
// behind it (which made some RESTARTs copy 25,000 frames and hold the desks
// 100-400 ms).
#ifndef CARDEX_SRC_HTTP_CHECKPOINTER_H_
#define CARDEX_SRC_HTTP_CHECKPOINTER_H_

#include <chrono>
#include <memory>
#include <optional>

#include "cardex/store/store.h"
#include "background_connection.h"
#include "periodic_task.h"

namespace cardex::http {

class Checkpointer {
 public:
  // `metrics` must outlive the checkpointer.
  Checkpointer(BackgroundConnection::Opener open, std::chrono::milliseconds period, Metrics& metrics)
      : connection_(Metrics::Task::kCheckpointer, std::move(open), nullptr, metrics, nullptr),
        task_(std::in_place, period, [this] { CheckpointOnce(); }) {}
  ~Checkpointer() {
    task_.reset();  // the thread first: it uses the connection
    if (Store* store = connection_.store()) {
      (void)store->CheckpointWal(Store::WalCheckpointMode::kPassive);  // leave a short WAL behind
    }
  }

 private:
  // SQLite's own automatic checkpoint threshold.
  static constexpr int64_t kRestartFrames = 1000;
  // A PASSIVE that found fewer new frames than this leaves the RESTART
  // little to copy: about a millisecond of writing next to its two syncs.
  static constexpr int64_t kCatchUpFrames = 300;
  static constexpr int kMaxPassives = 6;

  void CheckpointOnce() {
    (void)connection_.Run([](Store& store) { return CheckpointOnce(store); });
  }

  static Status CheckpointOnce(Store& store) {
    using Mode = Store::WalCheckpointMode;
    auto passive = store.CheckpointWal(Mode::kPassive);
    if (!passive.ok()) return passive.status();
    if (passive->log_frames <= kRestartFrames) return Status::Ok();
    int64_t log = passive->log_frames;
    for (int i = 1; i < kMaxPassives; ++i) {
      auto again = store.CheckpointWal(Mode::kPassive);
      if (!again.ok()) return again.status();
      const int64_t grown = again->log_frames - log;
      log = again->log_frames;
      if (grown < kCatchUpFrames) break;
    }
    return store.CheckpointWal(Mode::kRestart).status();
  }

  BackgroundConnection connection_;
  std::optional<PeriodicTask> task_;  // last: runs once the store exists
};

}  // namespace cardex::http

#endif  // CARDEX_SRC_HTTP_CHECKPOINTER_H_
