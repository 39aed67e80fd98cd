// Internal: signs the audit chain's head every `period` while the server
// runs (AppOptions::audit_checkpoints; cardex/auth/audit_checkpoint.h), on
// its own connection, off the request path. A pass whose head has not moved
// since the last checkpoint writes nothing; a failed pass (a busy database,
// a head that is not the newest entry) is counted in /metrics
// (cardex_audit_checkpoint_errors_total) and logged, and the next pass tries
// again. The first pass runs at once, so a restart is checkpointed.
#ifndef CARDEX_SRC_HTTP_AUDIT_CHECKPOINTER_H_
#define CARDEX_SRC_HTTP_AUDIT_CHECKPOINTER_H_

#include <chrono>
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>

#include "cardex/auth/accounts.h"
#include "cardex/auth/audit_checkpoint.h"
#include "cardex/core/log_line.h"
#include "cardex/store/store.h"
#include "metrics.h"
#include "periodic_task.h"

namespace cardex::http {

class AuditCheckpointer {
 public:
  // `metrics` must outlive the checkpointer; `log` may be nullptr.
  AuditCheckpointer(std::unique_ptr<Store> store, AuditCheckpointKey key, std::string file,
                    std::chrono::milliseconds period, Metrics& metrics, FILE* log,
                    LogFormat format)
      : store_(std::move(store)),
        key_(std::move(key)),
        file_(std::move(file)),
        metrics_(metrics),
        log_(log),
        format_(format),
        task_(period, [this] { Once(); }) {
    Once();
  }

 private:
  void Once() {
    std::lock_guard lock(mu_);  // the constructor's pass and the periodic one
    auto head = AuditHeadSeq(*store_);
    if (head.ok() && *head == last_seq_) return;
    auto c = WriteAuditCheckpoint(*store_, key_, file_, FormatUtc(Clock::now()));
    metrics_.AuditCheckpoint(!c.ok());
    if (c.ok()) {
      last_seq_ = c->seq;
    } else if (log_ != nullptr) {
      const std::string line =
          LogLine(format_, FormatUtc(Clock::now()), LogLevel::kWarn, "audit_checkpoint_failed")
              .Add("error", c.status().message())
              .Finish();
      std::fwrite(line.data(), 1, line.size(), log_);
    }
  }

  std::mutex mu_;
  std::unique_ptr<Store> store_;
  AuditCheckpointKey key_;
  std::string file_;
  Metrics& metrics_;
  FILE* log_;
  LogFormat format_;
  int64_t last_seq_ = -1;
  PeriodicTask task_;  // last: starts after, and stops before, what it uses
};

}  // namespace cardex::http

#endif  // CARDEX_SRC_HTTP_AUDIT_CHECKPOINTER_H_
