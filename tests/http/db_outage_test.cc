// The server through database outages (issue 18, items 1-3), on the live
// PostgreSQL of the pg_server fixture: its connections are terminated
// under it (as a restart or a fail-over does), its database turns
// read-only (as a standby is), and a wait outlives the request deadline
// (as on a frozen primary). In each case the requests answer 503 with
// Retry-After, never a state conflict, the server and its roll-up folder
// reconnect by themselves, and /metrics counts each outage by cause.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <chrono>
#include <string>
#include <thread>

#include "cardex/progress/rollup.h"
#include "tests/http/server_fixture.h"

namespace cardex::testing {
namespace {

using namespace std::chrono_literals;

std::map<std::string, std::string> Change(const std::string& csrf, const std::string& key) {
  return {{"X-CSRF-Token", csrf}, {"Idempotency-Key", key}, {"Content-Type", "application/json"}};
}

std::string ErrorCode(const HttpReply& r) {
  auto v = boost::json::parse(r.body);
  return std::string(v.at("error").at("code").as_string());
}

// The value of one series in the /metrics text; -1 when it is missing.
int64_t Series(const std::string& exposition, const std::string& series) {
  const std::string line = "\n" + series + " ";
  size_t at = exposition.find(line);
  if (at == std::string::npos) return -1;
  return std::stoll(exposition.substr(at + line.size()));
}

class DbOutageTest : public ServerTest {
 protected:
  // Generous: a sanitizer build on a busy machine is slow, and only the
  // lock test below waits this long.
  void AdjustOptions(http::AppOptions* options) override { options->db_deadline = 15000ms; }

  // Ends every session on the test's database but this fixture's own.
  void TerminateServerConnections() {
    auto r = store_->Query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE datname = current_database() AND pid <> pg_backend_pid()",
        {});
    ASSERT_TRUE(r.ok()) << r.status().message();
  }

  void SetReadOnly(bool on) {
    auto name = store_->Query("SELECT current_database()", {});
    ASSERT_TRUE(name.ok()) << name.status().message();
    auto r = store_->Query("ALTER DATABASE \"" + std::string(name->Text(0, 0)) +
                               "\" SET default_transaction_read_only = " + (on ? "on" : "off"),
                           {});
    ASSERT_TRUE(r.ok()) << r.status().message();
  }

  std::string Metrics() {
    HttpClient c(server_->port());
    return c.Send("GET", "/metrics").body;
  }

  // Waits (up to a minute, no speed asserted) until `series` reaches `at_least`.
  int64_t AwaitSeries(const std::string& series, int64_t at_least) {
    int64_t v = -1;
    for (int i = 0; i < 600; ++i) {
      v = Series(Metrics(), series);
      if (v >= at_least) break;
      std::this_thread::sleep_for(100ms);
    }
    return v;
  }
};

// The folder's connection is terminated: its next pass fails, the one
// after reconnects, and the desks' steps reach the roll-ups again without
// any page read folding them.
TEST_P(DbOutageTest, TheFolderReconnectsAfterItsConnectionIsTerminated) {
  ASSERT_TRUE(progress::Rebuild(*store_).ok());
  std::string csrf;
  auto c = LogIn("desk", &csrf);
  ASSERT_EQ(c->Send("POST", "/api/members/M1/check-in", "{}", Change(csrf, "key-outage-1")).status, 200);
  ASSERT_EQ(AwaitSeries("cardex_rollup_folded_events_total", 1), 1);

  TerminateServerConnections();
  EXPECT_GE(AwaitSeries("cardex_background_reconnects_total{task=\"rollup_folder\"}", 1), 1);
  const std::string m = Metrics();
  EXPECT_GE(Series(m, "cardex_background_failures_total{task=\"rollup_folder\"}"), 1) << m;

  // The pool: the first request on a terminated connection is refused as
  // retryable, the idle ones are dropped, the retry succeeds.
  HttpReply step = c->Send("POST", "/api/members/M2/check-in", "{}", Change(csrf, "key-outage-2"));
  if (step.status == 503) {
    EXPECT_EQ(step.headers["retry-after"], "1");
    EXPECT_EQ(ErrorCode(step), "unavailable");
    step = c->Send("POST", "/api/members/M2/check-in", "{}", Change(csrf, "key-outage-2"));
  }
  ASSERT_EQ(step.status, 200) << step.body;
  EXPECT_EQ(AwaitSeries("cardex_rollup_folded_events_total", 2), 2);
  auto figures = progress::UnitFigures(*store_, "P");  // the server's folds only
  ASSERT_TRUE(figures.ok()) << figures.status().message();
  EXPECT_EQ(figures->Count("checked_in"), 2);
}

// A database that takes no writes (a standby; here the primary set
// read-only) is an outage, not a conflict: 503 with Retry-After, counted
// as read_only, /healthz 503; once it takes writes again the same request
// succeeds once.
TEST_P(DbOutageTest, AReadOnlyDatabaseAnswers503NotConflict) {
  std::string csrf;
  auto c = LogIn("desk", &csrf);
  SetReadOnly(true);
  TerminateServerConnections();  // the setting holds for new sessions
  HttpReply step;
  for (int i = 0; i < 3; ++i) {  // the first may meet a terminated connection
    step = c->Send("POST", "/api/members/M1/check-in", "{}", Change(csrf, "key-readonly-1"));
    const std::string m = Metrics();
    if (Series(m, "cardex_db_unavailable_total{cause=\"read_only\"}") > 0) break;
  }
  EXPECT_EQ(step.status, 503) << step.body;
  EXPECT_EQ(step.headers["retry-after"], "1");
  EXPECT_EQ(ErrorCode(step), "unavailable");
  HttpClient probe(server_->port());
  EXPECT_EQ(probe.Send("GET", "/healthz").status, 503);
  std::string m = Metrics();
  EXPECT_GE(Series(m, "cardex_db_unavailable_total{cause=\"read_only\"}"), 1) << m;
  EXPECT_EQ(Series(m, "cardex_db_incidents_total{cause=\"read_only\"}"), 1) << m;

  SetReadOnly(false);
  // A connection opened meanwhile (here by /metrics) may still be
  // read-only: its 503 drops it, and the retry, as a desk makes it, succeeds.
  HttpReply again;
  for (int i = 0; i < 3 && again.status != 200; ++i) {
    again = c->Send("POST", "/api/members/M1/check-in", "{}", Change(csrf, "key-readonly-1"));
  }
  EXPECT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(probe.Send("GET", "/healthz").status, 200);
  auto events = store_->Query("SELECT count(*) FROM exchange_events WHERE member_no = 'M1'", {});
  ASSERT_TRUE(events.ok()) << events.status().message();
  EXPECT_EQ(events->Int(0, 0), 1);  // applied once
}

// A wait past the deadline (here a lock the test holds; on a frozen
// primary, an answer that never comes) is broken off: 503, cause timeout,
// and the request's connection is dropped. Nothing was applied; the retry
// after the lock is gone applies the step once.
TEST_P(DbOutageTest, AWaitPastTheDeadlineIsBrokenOff) {
  std::string csrf;
  auto c = LogIn("desk", &csrf);
  ASSERT_TRUE(store_->Begin().ok());
  ASSERT_TRUE(store_->Query("LOCK TABLE exchange IN ACCESS EXCLUSIVE MODE", {}).ok());
  HttpReply step = c->Send("POST", "/api/members/M1/check-in", "{}", Change(csrf, "key-slow-1"));
  ASSERT_TRUE(store_->Rollback().ok());
  EXPECT_EQ(step.status, 503) << step.body;
  EXPECT_EQ(step.headers["retry-after"], "1");
  std::string m = Metrics();
  EXPECT_EQ(Series(m, "cardex_db_unavailable_total{cause=\"timeout\"}"), 1) << m;
  EXPECT_GE(Series(m, "cardex_db_interrupted_total"), 1) << m;
  HttpReply again = c->Send("POST", "/api/members/M1/check-in", "{}", Change(csrf, "key-slow-1"));
  EXPECT_EQ(again.status, 200) << again.body;
  auto events = store_->Query("SELECT count(*) FROM exchange_events WHERE member_no = 'M1'", {});
  ASSERT_TRUE(events.ok()) << events.status().message();
  EXPECT_EQ(events->Int(0, 0), 1);
}

INSTANTIATE_TEST_SUITE_P(Http, DbOutageTest, ::testing::Values(Backend::kLivePostgres),
                         BackendName);

}  // namespace
}  // namespace cardex::testing
