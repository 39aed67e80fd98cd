#include "cardex/notices/sender.h"

#include <boost/json.hpp>
#include <memory>
#include <thread>

#include "cardex/core/dates.h"
#include "cardex/notices/notices.h"

namespace cardex::notices {
namespace {

namespace json = boost::json;

enum class Outcome { kTaken, kDuplicate, kRefused, kRetry };

struct Answer {
  Outcome outcome = Outcome::kRetry;
  std::string state;  // "sent" or "delivered" when taken
  std::string error;  // for the store: the status and the gateway's code, no personal data
  int64_t retry_after = -1;
  bool drop_connection = false;
};

Answer Judge(const Result<registry::HttpReply>& reply, const std::string& id) {
  Answer a;
  if (!reply.ok()) {
    a.error = "gateway unreachable";
    return a;
  }
  a.retry_after = reply->retry_after_seconds;
  const int status = reply->status;
  if (status == 408 || status == 429 || status >= 500) {
    a.error = "gateway HTTP " + std::to_string(status);
    return a;
  }
  boost::system::error_code ec;
  json::value doc = json::parse(reply->body, ec);
  const json::object* o = !ec && doc.is_object() ? &doc.as_object() : nullptr;
  auto field = [&](const char* name) -> std::string {
    if (o == nullptr) return "";
    const json::value* v = o->if_contains(name);
    return v != nullptr && v->is_string() ? std::string(v->as_string()) : "";
  };
  if (status >= 200 && status < 300) {
    if (field("id") != id) {
      // Not the answer to this request: an earlier request's second answer
      // left on the connection, or a confused gateway. Ask again afresh.
      a.error = "gateway answered for another message";
      a.drop_connection = true;
      return a;
    }
    const std::string s = field("status");
    if (s == "duplicate") {
      a.outcome = Outcome::kDuplicate;
      a.state = "sent";
    } else if (s == "accepted" || s == "delivered") {
      a.outcome = Outcome::kTaken;
      a.state = s == "delivered" ? "delivered" : "sent";
    } else {
      a.error = "gateway answer without a status";
      a.drop_connection = true;
    }
    return a;
  }
  a.outcome = Outcome::kRefused;
  std::string code = field("error");
  if (code.size() > 64) code.resize(64);
  a.error = "gateway refused: HTTP " + std::to_string(status) + (code.empty() ? "" : " " + code);
  return a;
}

}  // namespace

std::chrono::milliseconds Backoff(const SendOptions& o, int attempt, int64_t retry_after_seconds) {
  std::chrono::milliseconds wait = o.initial_backoff;
  for (int k = 2; k < attempt && wait < o.max_backoff; ++k) wait *= 2;
  if (retry_after_seconds >= 0) {
    wait = std::max(wait, std::chrono::milliseconds(std::min<int64_t>(retry_after_seconds, 86400) * 1000));
  }
  return std::min(wait, o.max_backoff);
}

Result<SendReport> SendNotices(Store& store, const registry::HttpEndpoint& gateway,
                               const SendOptions& options) {
  auto now = options.now ? options.now : [] {
    auto t = ParseUtc(UtcNowText());
    return t.ok() ? *t : int64_t{0};
  };
  auto sleep = options.sleep ? options.sleep
                             : [](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); };
  SendReport report;
  CARDEX_ASSIGN_OR_RETURN(const auto retired, RetireStale(store, UtcText(now())));
  report.superseded = retired.first;
  report.expired = retired.second;
  CARDEX_ASSIGN_OR_RETURN(const std::vector<Outgoing> pending, PendingNotices(store, options.limit));
  std::unique_ptr<registry::HttpConnection> connection = gateway.Connect();
  for (size_t i = 0; i < pending.size(); ++i) {
    const Outgoing& n = pending[i];
    const int64_t at = now();
    if (options.quiet.IsQuiet(at)) {
      // Quiet hours began (or were already on): the rest waits for them to end.
      report.quiet = report.sent + report.duplicates + report.refused == 0;
      report.next_allowed = UtcText(options.quiet.NextAllowed(at));
      report.left_pending += static_cast<int64_t>(pending.size() - i);
      break;
    }
    if (auto slot = ParseLocal(n.slot_start); slot.ok() && *slot <= at) {
      CARDEX_RETURN_IF_ERROR(FinishPending(store, n.message_id, "expired", UtcText(at)).status());
      ++report.expired;
      continue;
    }
    json::object body;
    body["id"] = n.message_id;
    body["to"] = n.phone;
    body["text"] = n.body;
    body["kind"] = n.kind;
    const std::string payload = json::serialize(body);
    bool done = false;
    for (int attempt = 1; attempt <= options.max_attempts && !done; ++attempt) {
      if (attempt > 1) {
        ++report.retries;
      }
      auto reply = connection->Post(options.path, payload, options.deadline,
                                    {{"Idempotency-Key", n.message_id},
                                     {"User-Agent", "cardex-notices/1"}});
      const Answer a = Judge(reply, n.message_id);
      CARDEX_RETURN_IF_ERROR(RecordAttempt(store, n.message_id, a.error));
      switch (a.outcome) {
        case Outcome::kTaken:
        case Outcome::kDuplicate: {
          CARDEX_ASSIGN_OR_RETURN(const bool changed,
                                  FinishPending(store, n.message_id, a.state, UtcText(now())));
          if (changed) ++(a.outcome == Outcome::kTaken ? report.sent : report.duplicates);
          done = true;
          break;
        }
        case Outcome::kRefused:
          CARDEX_RETURN_IF_ERROR(
              FinishPending(store, n.message_id, "failed", UtcText(now()), a.error).status());
          ++report.refused;
          done = true;
          break;
        case Outcome::kRetry:
          if (a.drop_connection || !reply.ok()) connection = gateway.Connect();
          if (attempt < options.max_attempts) sleep(Backoff(options, attempt + 1, a.retry_after));
          break;
      }
    }
    if (!done) {
      // Every try failed: the gateway is down. This notice and the rest
      // stay pending for the next run.
      report.left_pending += static_cast<int64_t>(pending.size() - i);
      break;
    }
  }
  return report;
}

}  // namespace cardex::notices
