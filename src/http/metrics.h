// Internal: the counters behind GET /metrics (Prometheus text exposition
// format 0.0.4). Labels carry route patterns and station codes only, never
// member data. Thread-safe (one mutex; a few map operations per request).
//
// Every label value comes from a closed set, so that no request, however
// crafted, adds a series (docs/security.md, "Metrics and the access log"):
// the route is a registered pattern or "unmatched", the method one of
// MethodLabel's, the status a class ("2xx"), the station a stored code.
#ifndef CARDEX_SRC_HTTP_METRICS_H_
#define CARDEX_SRC_HTTP_METRICS_H_

#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>

namespace cardex::http {

// The method as a label: GET, HEAD, POST, PUT, PATCH, DELETE or OPTIONS as
// sent (methods are case-sensitive), anything else "other". The view is of
// a string literal: it outlives the request.
std::string_view MethodLabel(std::string_view method);

// "1xx" ... "5xx"; "other" outside 100-599.
std::string_view StatusClass(int status);

class Metrics {
 public:
  // `route` must be a registered pattern or "unmatched"; the method and
  // status are reduced to MethodLabel and StatusClass here.
  void Request(const std::string& route, std::string_view method, int status,
               std::chrono::microseconds duration);
  // One member's documents submitted at `station`.
  void Intake(const std::string& station);
  // One pass of the roll-up folder: the events it folded, or its error.
  void Fold(int64_t events, bool failed);
  // One audit checkpoint written, or failed (audit_checkpointer.h).
  void AuditCheckpoint(bool failed);

  // The server's background tasks, each on its own connection.
  enum class Task { kRollupFolder, kCheckpointer };
  static constexpr int kTasks = 2;
  // A pass that failed (its work waits for the next pass).
  void TaskFailed(Task task);
  // The task's connection was lost or refused and opened again; `ok`
  // false: the attempt failed (the next pass tries again).
  void TaskReconnect(Task task, bool ok);

  // A request answered 503 because of the database; `incident` when it
  // began a new incident (the first since the database last answered).
  enum class DbOutage { kConnectFailed, kConnectionLost, kReadOnly, kTimedOut };
  static constexpr int kDbOutages = 4;
  void DbUnavailable(DbOutage cause, bool incident);
  // The watchdog broke off a request's database wait past its deadline.
  void DbInterrupted();

  // A page whose figures may be a little stale (stale_reads.h) read them
  // from a standby, or from the primary.
  void StaleRead(bool standby);
  // Such a page was meant for the standby (`--standby-db`) but read the
  // primary: the standby could not be reached (or was held off after a
  // failure), the connection reached no standby (or one that has replayed
  // nothing yet), or it failed during the reads.
  enum class StandbyFallback { kUnreachable, kNotStandby, kLost };
  static constexpr int kStandbyFallbacks = 3;
  void StandbyFellBack(StandbyFallback cause);
  static std::string_view FallbackName(StandbyFallback cause);

  // The fixed label values (Prometheus) and log words.
  static std::string_view TaskName(Task task);
  static std::string_view OutageName(DbOutage cause);
  std::string Exposition() const;

 private:
  static constexpr std::array<double, 10> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,  0.1,    0.25,  0.5,  1.0};
  struct Histogram {
    std::array<uint64_t, kBuckets.size()> counts{};
    uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mu_;
  std::map<std::tuple<std::string, std::string_view, std::string_view>, uint64_t> requests_;
  std::map<std::string, Histogram> durations_;
  std::map<std::string, uint64_t> intakes_;
  uint64_t folded_events_ = 0, fold_errors_ = 0;
  uint64_t audit_checkpoints_ = 0, audit_checkpoint_errors_ = 0;
  std::array<uint64_t, kTasks> task_failures_{}, task_reconnects_{}, task_reconnect_failures_{};
  std::array<uint64_t, kDbOutages> db_unavailable_{}, db_incidents_{};
  uint64_t db_interrupted_ = 0;
  uint64_t stale_reads_standby_ = 0, stale_reads_primary_ = 0;
  std::array<uint64_t, kStandbyFallbacks> standby_fallbacks_{};
};

}  // namespace cardex::http

#endif  // CARDEX_SRC_HTTP_METRICS_H_
