#include "outage_log.h"

#include <fmt/format.h>

#include "cardex/auth/accounts.h"

namespace cardex::http {

namespace {

// One event line in the access log's form (JSON, no personal data).
void LogEvent(FILE* log, std::string_view fields) {
  if (log == nullptr) return;
  fmt::print(log, "{{\"ts\":\"{}\",{}}}\n", FormatUtc(cardex::Clock::now()), fields);
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
      LogEvent(log_, fmt::format(R"("event":"db_unavailable","cause":"{}")",
                                 Metrics::OutageName(cause)));
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
  LogEvent(log_, fmt::format(R"("event":"db_recovered","refused":{},"seconds":{:.1f})", refused_,
                             seconds));
}

}  // namespace cardex::http
