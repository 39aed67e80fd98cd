#include "outage_log.h"

#include <fmt/format.h>

#include "cardex/auth/accounts.h"
#include "cardex/core/log_line.h"

namespace cardex::http {

namespace {

// One event line, in the access log's format (no request data).
void LogEvent(FILE* log, const LogLine& line) {
  if (log == nullptr) return;
  const std::string text = line.Finish();
  std::fwrite(text.data(), 1, text.size(), log);
  std::fflush(log);
}

}  // namespace

void OutageLog::Refused(Metrics::DbOutage cause) {
  const unsigned bit = 1u << static_cast<unsigned>(cause);
  bool incident = false;
  {
    std::lock_guard lock(mu_);
    const auto now = Clock::now();
    if (!open_.load(std::memory_order_relaxed)) {
      open_ = true;
      began_ = now;
      refused_ = 0;
      causes_logged_ = 0;
    }
    last_refused_ = now;
    ++refused_;
    incident = (causes_logged_ & bit) == 0;
    causes_logged_ |= bit;
    if (incident) {
      LogEvent(log_, LogLine(format_, FormatUtc(cardex::Clock::now()), LogLevel::kWarn,
                             "db_unavailable")
                         .Add("cause", Metrics::OutageName(cause)));
    }
  }
  metrics_.DbUnavailable(cause, incident);
}

void OutageLog::Close() {
  std::lock_guard lock(mu_);
  const auto now = Clock::now();
  if (!open_.load(std::memory_order_relaxed) || now - last_refused_ < std::chrono::seconds(1)) {
    return;
  }
  open_ = false;
  const double seconds = std::chrono::duration<double>(last_refused_ - began_).count();
  LogEvent(log_, LogLine(format_, FormatUtc(cardex::Clock::now()), LogLevel::kInfo, "db_recovered")
                     .Add("refused", static_cast<int64_t>(refused_))
                     .Add("seconds", fmt::format("{:.1f}", seconds)));
}

}  // namespace cardex::http
