// Internal: what the operator sees of a database outage. Every request the
// database fails (503) is counted by cause in /metrics, but the log gets
// one line when an incident begins, naming its cause (again when the cause
// changes: a lost primary, then a standby during the promotion), and one
// when it ends: the first answer from the database at least a second after
// the last refusal, with how long it lasted and how many requests were
// refused. No request data goes into either line.
//
// Thread safety: every method may be called from any thread.
#ifndef CARDEX_SRC_HTTP_OUTAGE_LOG_H_
#define CARDEX_SRC_HTTP_OUTAGE_LOG_H_

#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>

#include "cardex/core/log_line.h"
#include "metrics.h"

namespace cardex::http {

class OutageLog {
 public:
  using Clock = std::chrono::steady_clock;

  // `metrics` must outlive this object; `log` may be nullptr (no lines).
  OutageLog(Metrics& metrics, FILE* log, LogFormat format)
      : metrics_(metrics), log_(log), format_(format) {}

  // A request answered 503 because of the database.
  void Refused(Metrics::DbOutage cause);
  // A request the database answered. Cheap while no incident is open.
  void Answered() {
    if (open_.load(std::memory_order_relaxed)) Close();
  }

 private:
  void Close();

  Metrics& metrics_;
  FILE* log_;
  LogFormat format_;
  std::atomic<bool> open_{false};
  std::mutex mu_;
  unsigned causes_logged_ = 0;  // a bit per Metrics::DbOutage
  Clock::time_point began_, last_refused_;
  uint64_t refused_ = 0;
};

}  // namespace cardex::http

#endif  // CARDEX_SRC_HTTP_OUTAGE_LOG_H_
