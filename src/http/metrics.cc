#include "metrics.h"

#include <fmt/format.h>

namespace cardex::http {

namespace {

// Label values escape backslash, quote and newline.
std::string Label(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

// A counter without labels.
void Counter(std::string& out, std::string_view name, std::string_view help, uint64_t value) {
  out += fmt::format("# HELP {} {}\n# TYPE {} counter\n{} {}\n", name, help, name, name, value);
}

}  // namespace

std::string_view MethodLabel(std::string_view method) {
  static constexpr std::string_view kKnown[] = {"GET",   "HEAD",   "POST",   "PUT",
                                                "PATCH", "DELETE", "OPTIONS"};
  for (std::string_view known : kKnown) {
    if (method == known) return known;
  }
  return "other";
}

std::string_view StatusClass(int status) {
  static constexpr std::string_view kClasses[] = {"1xx", "2xx", "3xx", "4xx", "5xx"};
  if (status < 100 || status > 599) return "other";
  return kClasses[status / 100 - 1];
}

void Metrics::Request(const std::string& route, std::string_view method, int status,
                      std::chrono::microseconds duration) {
  double seconds = static_cast<double>(duration.count()) / 1e6;
  std::lock_guard lock(mu_);
  ++requests_[{route, MethodLabel(method), StatusClass(status)}];
  Histogram& h = durations_[route];
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++h.counts[i];
  }
  ++h.count;
  h.sum += seconds;
}

void Metrics::Intake(const std::string& station) {
  std::lock_guard lock(mu_);
  ++intakes_[station];
}

void Metrics::Fold(int64_t events, bool failed) {
  std::lock_guard lock(mu_);
  folded_events_ += static_cast<uint64_t>(events);
  fold_errors_ += failed ? 1 : 0;
}

void Metrics::AuditCheckpoint(bool failed) {
  std::lock_guard lock(mu_);
  ++(failed ? audit_checkpoint_errors_ : audit_checkpoints_);
}

std::string_view Metrics::TaskName(Task task) {
  switch (task) {
    case Task::kRollupFolder: return "rollup_folder";
    case Task::kCheckpointer: return "checkpointer";
  }
  return "unknown";
}

std::string_view Metrics::OutageName(DbOutage cause) {
  switch (cause) {
    case DbOutage::kConnectFailed: return "connect_failed";
    case DbOutage::kConnectionLost: return "connection_lost";
    case DbOutage::kReadOnly: return "read_only";
    case DbOutage::kTimedOut: return "timeout";
  }
  return "unknown";
}

void Metrics::TaskFailed(Task task) {
  std::lock_guard lock(mu_);
  ++task_failures_[static_cast<size_t>(task)];
}

void Metrics::TaskReconnect(Task task, bool ok) {
  std::lock_guard lock(mu_);
  ++(ok ? task_reconnects_ : task_reconnect_failures_)[static_cast<size_t>(task)];
}

void Metrics::DbUnavailable(DbOutage cause, bool incident) {
  std::lock_guard lock(mu_);
  ++db_unavailable_[static_cast<size_t>(cause)];
  if (incident) ++db_incidents_[static_cast<size_t>(cause)];
}

void Metrics::DbInterrupted() {
  std::lock_guard lock(mu_);
  ++db_interrupted_;
}

void Metrics::StaleRead(bool standby) {
  std::lock_guard lock(mu_);
  ++(standby ? stale_reads_standby_ : stale_reads_primary_);
}

void Metrics::StandbyFellBack(StandbyFallback cause) {
  std::lock_guard lock(mu_);
  ++standby_fallbacks_[static_cast<size_t>(cause)];
}

std::string_view Metrics::FallbackName(StandbyFallback cause) {
  switch (cause) {
    case StandbyFallback::kUnreachable: return "unreachable";
    case StandbyFallback::kNotStandby: return "not_standby";
    case StandbyFallback::kLost: return "lost";
  }
  return "unreachable";
}

std::string Metrics::Exposition() const {
  std::lock_guard lock(mu_);
  std::string out;
  out += "# HELP cardex_http_requests_total HTTP requests answered, by route, method and status class.\n";
  out += "# TYPE cardex_http_requests_total counter\n";
  for (const auto& [key, n] : requests_) {
    const auto& [route, method, status] = key;
    out += fmt::format("cardex_http_requests_total{{route=\"{}\",method=\"{}\",code=\"{}\"}} {}\n",
                       Label(route), method, status, n);
  }
  out += "# HELP cardex_http_request_duration_seconds Time to answer, by route.\n";
  out += "# TYPE cardex_http_request_duration_seconds histogram\n";
  for (const auto& [route, h] : durations_) {
    for (size_t i = 0; i < kBuckets.size(); ++i) {
      out += fmt::format("cardex_http_request_duration_seconds_bucket{{route=\"{}\",le=\"{}\"}} {}\n",
                         Label(route), kBuckets[i], h.counts[i]);
    }
    out += fmt::format("cardex_http_request_duration_seconds_bucket{{route=\"{}\",le=\"+Inf\"}} {}\n",
                       Label(route), h.count);
    out += fmt::format("cardex_http_request_duration_seconds_sum{{route=\"{}\"}} {}\n", Label(route),
                       h.sum);
    out += fmt::format("cardex_http_request_duration_seconds_count{{route=\"{}\"}} {}\n",
                       Label(route), h.count);
  }
  out += "# HELP cardex_intakes_total Members whose documents a station submitted (since start).\n";
  out += "# TYPE cardex_intakes_total counter\n";
  for (const auto& [station, n] : intakes_) {
    out += fmt::format("cardex_intakes_total{{station=\"{}\"}} {}\n", Label(station), n);
  }
  Counter(out, "cardex_rollup_folded_events_total",
          "Exchange events the server folded into the progress roll-ups.", folded_events_);
  Counter(out, "cardex_rollup_fold_errors_total",
          "Folder passes that failed (their events wait for the next).", fold_errors_);
  Counter(out, "cardex_audit_checkpoints_total",
          "Signed audit checkpoints the server appended to its checkpoint file.", audit_checkpoints_);
  Counter(out, "cardex_audit_checkpoint_errors_total",
          "Audit checkpoint passes that failed (the next pass tries again).",
          audit_checkpoint_errors_);
  // Every label value is printed, zeros too, so that a rate() has a series
  // from the start.
  auto per_task = [&](std::string_view name, std::string_view help,
                      const std::array<uint64_t, kTasks>& values) {
    out += fmt::format("# HELP {} {}\n# TYPE {} counter\n", name, help, name);
    for (int t = 0; t < kTasks; ++t) {
      out += fmt::format("{}{{task=\"{}\"}} {}\n", name, TaskName(static_cast<Task>(t)), values[t]);
    }
  };
  per_task("cardex_background_failures_total",
           "Background task passes that failed, by task (the work waits for the next pass).",
           task_failures_);
  per_task("cardex_background_reconnects_total",
           "Background tasks' connections opened again after one was lost, by task.",
           task_reconnects_);
  per_task("cardex_background_reconnect_failures_total",
           "Background tasks' attempts to open their connection again that failed, by task.",
           task_reconnect_failures_);
  auto per_cause = [&](std::string_view name, std::string_view help,
                       const std::array<uint64_t, kDbOutages>& values) {
    out += fmt::format("# HELP {} {}\n# TYPE {} counter\n", name, help, name);
    for (int c = 0; c < kDbOutages; ++c) {
      out += fmt::format("{}{{cause=\"{}\"}} {}\n", name, OutageName(static_cast<DbOutage>(c)),
                         values[c]);
    }
  };
  per_cause("cardex_db_unavailable_total",
            "Requests answered 503 because of the database, by cause.", db_unavailable_);
  per_cause("cardex_db_incidents_total",
            "Database outages (the first 503 since the database last answered), by cause.",
            db_incidents_);
  Counter(out, "cardex_db_interrupted_total",
          "Database waits the watchdog broke off past the request deadline.", db_interrupted_);
  out += "# HELP cardex_stale_reads_total Pages of figures that may be a little stale (dashboards), by where they were read.\n";
  out += "# TYPE cardex_stale_reads_total counter\n";
  out += fmt::format("cardex_stale_reads_total{{source=\"standby\"}} {}\n", stale_reads_standby_);
  out += fmt::format("cardex_stale_reads_total{{source=\"primary\"}} {}\n", stale_reads_primary_);
  out += "# HELP cardex_standby_fallbacks_total Such pages that read the primary although a standby is configured, by cause.\n";
  out += "# TYPE cardex_standby_fallbacks_total counter\n";
  for (int c = 0; c < kStandbyFallbacks; ++c) {
    out += fmt::format("cardex_standby_fallbacks_total{{cause=\"{}\"}} {}\n",
                       FallbackName(static_cast<StandbyFallback>(c)), standby_fallbacks_[c]);
  }
  return out;
}

}  // namespace cardex::http
