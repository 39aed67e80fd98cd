// The dashboards on a standby (issue 18, item 6), with a real streaming
// standby of the pg_server fixture's server (scripts/pg_test_standby.sh:
// pg_basebackup -R on loopback). With the standby's replay paused, a desk's
// step is taken and read back on the primary while the dashboard, served
// from the standby, does not count it yet and says how old its figures are
// ("Số liệu đến HH:MM:SS", the standby's last replayed commit in Vietnam's
// time); resumed, the dashboard catches up; frozen or stopped, the
// dashboard answers from the primary, exact, and /metrics counts the
// fallback.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>

#include "cardex/progress/rollup.h"
#include "cardex/store/store.h"
#include "tests/http/server_fixture.h"
#include "tests/support/test_env.h"

namespace cardex::testing {
namespace {

using namespace std::chrono_literals;

std::map<std::string, std::string> Change(const std::string& csrf, const std::string& key) {
  return {{"X-CSRF-Token", csrf}, {"Idempotency-Key", key}, {"Content-Type", "application/json"}};
}

// The value of one series in the /metrics text; -1 when it is missing.
int64_t Series(const std::string& exposition, const std::string& series) {
  const std::string line = "\n" + series + " ";
  size_t at = exposition.find(line);
  if (at == std::string::npos) return -1;
  return std::stoll(exposition.substr(at + line.size()));
}

// How many members the page lists under the exception `metric`; -1 when
// it lists none.
int64_t ExceptionCount(const std::string& page, const std::string& metric) {
  const std::string key = "data-exception=\"" + metric + "\"";
  size_t at = page.find(key);
  if (at == std::string::npos) return -1;
  at = page.find("<b>", at);
  return at == std::string::npos ? -1 : std::stoll(page.substr(at + 3));
}

// The value of the page's data-source attribute ("" when there is none).
std::string SourceOf(const std::string& page) {
  const std::string key = "data-source=\"";
  size_t at = page.find(key);
  if (at == std::string::npos) return "";
  at += key.size();
  return page.substr(at, page.find('"', at) - at);
}

class StandbyReadsTest : public ServerTest {
 protected:
  // The standby is made after the campaign and the accounts are on the
  // primary, and before the server starts, which is given its URL.
  void AdjustOptions(http::AppOptions* options) override {
    standby_dir_ = tmp_standby_.file("standby");
    script_ = (SourceDir() / "scripts" / "pg_test_standby.sh").string();
    const std::string start = script_ + " start '" + standby_dir_ + "' '" + spec_ + "'";
    ASSERT_EQ(std::system(start.c_str()), 0) << start;
    const std::string port = ReadFile(standby_dir_ + "/port");
    // spec_ is postgresql://cardex@127.0.0.1:PORT/DB: the same database on the standby.
    const size_t host = spec_.find("127.0.0.1:");
    ASSERT_NE(host, std::string::npos) << spec_;
    const size_t slash = spec_.find('/', host);
    standby_url_ = spec_.substr(0, host) + "127.0.0.1:" + port.substr(0, port.find('\n')) +
                   spec_.substr(slash);
    options->standby_db = standby_url_;
  }

  void TearDown() override {
    ServerTest::TearDown();
    if (!standby_dir_.empty()) (void)std::system((script_ + " stop '" + standby_dir_ + "'").c_str());
  }

  // halt, freeze or thaw (scripts/pg_test_standby.sh).
  void Standby(const std::string& action) {
    ASSERT_EQ(std::system((script_ + " " + action + " '" + standby_dir_ + "'").c_str()), 0) << action;
  }

  // A one-value statement on the standby, on a connection of the test's
  // own: its text ("" when it failed, with the test failing).
  std::string OnStandby(const std::string& sql) {
    if (!standby_) {
      auto opened = OpenStore(standby_url_);
      EXPECT_TRUE(opened.ok()) << opened.status().message();
      if (!opened.ok()) return "";
      standby_ = std::move(*opened);
    }
    auto rows = standby_->Query(sql, {});
    EXPECT_TRUE(rows.ok()) << sql << ": " << rows.status().message();
    if (!rows.ok() || rows->empty()) return "";
    return std::string(rows->Text(0, 0));
  }

  // Waits (up to a minute) until the standby has replayed all the primary
  // had written when asked.
  void AwaitStandbyCaughtUp() {
    auto lsn = store_->Query("SELECT pg_current_wal_lsn()::text", {});
    ASSERT_TRUE(lsn.ok()) << lsn.status().message();
    const std::string sql = "SELECT CASE WHEN pg_last_wal_replay_lsn() >= '" +
                            std::string(lsn->Text(0, 0)) + "'::pg_lsn THEN 1 ELSE 0 END";
    for (int i = 0; i < 600; ++i) {
      if (OnStandby(sql) == "1") return;
      std::this_thread::sleep_for(100ms);
    }
    FAIL() << "the standby did not catch up";
  }

  // Waits (up to a minute) until the primary's roll-ups count `metric` in P.C.
  void AwaitPrimaryCounts(const std::string& metric, int64_t n) {
    for (int i = 0; i < 600; ++i) {
      auto f = progress::UnitFigures(*store_, "P.C");
      ASSERT_TRUE(f.ok()) << f.status().message();
      if (f->Count(metric) == n) return;
      std::this_thread::sleep_for(100ms);
    }
    FAIL() << "the folder did not count " << metric;
  }

  std::string Metrics() {
    HttpClient c(server_->port());
    return c.Send("GET", "/metrics").body;
  }

  TempDir tmp_standby_;
  std::string script_, standby_dir_, standby_url_;
  std::unique_ptr<Store> standby_;
};

TEST_P(StandbyReadsTest, DashboardsReadTheStandbyAndFallBackToThePrimary) {
  // No Rebuild here: with a standby configured the server's folder builds
  // the roll-ups on the primary, since a page on the standby cannot.
  std::string csrf;
  auto desk = LogIn("desk", &csrf);
  auto prov = LogIn("prov");
  AwaitStandbyCaughtUp();

  // The standby stops replaying: from now on it shows the past.
  OnStandby("SELECT pg_wal_replay_pause()");
  for (int i = 0; i < 600; ++i) {
    if (OnStandby("SELECT pg_get_wal_replay_pause_state()") == "paused") break;
    std::this_thread::sleep_for(100ms);
  }
  const std::string replayed_at =
      OnStandby("SELECT to_char(pg_last_xact_replay_timestamp() AT TIME ZONE 'UTC' + interval '7 hours',"
                " 'HH24:MI:SS')");
  ASSERT_EQ(replayed_at.size(), 8u) << replayed_at;

  // Desks write and read the primary: the step is taken and read back at
  // once, though the standby cannot have it.
  HttpReply step = desk->Send("POST", "/api/members/M2/exception", R"({"reason":"busy"})",
                              Change(csrf, "key-standby-1"));
  ASSERT_EQ(step.status, 200) << step.body;
  HttpReply member = desk->Send("GET", "/api/members/M2");
  ASSERT_EQ(member.status, 200) << member.body;
  EXPECT_NE(member.body.find("rescheduled"), std::string::npos) << member.body;
  HttpReply desk_page = desk->Send("GET", "/desk/member/M2");
  EXPECT_EQ(desk_page.status, 200);
  EXPECT_EQ(SourceOf(desk_page.body), "");  // the desk's page is never stale
  EXPECT_EQ(OnStandby("SELECT count(*) FROM exchange_events WHERE member_no = 'M2'"), "0");
  AwaitPrimaryCounts("rescheduled/busy", 1);

  // The dashboard reads the standby: the step is not counted yet, and the
  // page says as of when its figures are.
  HttpReply stale = prov->Send("GET", "/dashboard/P.C");
  ASSERT_EQ(stale.status, 200) << stale.body;
  EXPECT_EQ(SourceOf(stale.body), "standby");
  EXPECT_EQ(ExceptionCount(stale.body, "rescheduled/busy"), -1);
  EXPECT_NE(stale.body.find("Số liệu đến " + replayed_at), std::string::npos)
      << replayed_at << "\n" << stale.body;
  HttpReply english = prov->Send("GET", "/dashboard/P.C?lang=en");
  EXPECT_NE(english.body.find("Data as of " + replayed_at), std::string::npos) << english.body;
  HttpReply station = prov->Send("GET", "/dashboard/stations/S");
  EXPECT_EQ(station.status, 200);
  EXPECT_EQ(SourceOf(station.body), "standby");
  std::string m = Metrics();
  EXPECT_GE(Series(m, "cardex_stale_reads_total{source=\"standby\"}"), 3) << m;
  EXPECT_EQ(Series(m, "cardex_stale_reads_total{source=\"primary\"}"), 0) << m;

  // Replaying again, the standby catches up and so does the dashboard.
  OnStandby("SELECT pg_wal_replay_resume()");
  AwaitStandbyCaughtUp();
  HttpReply current = prov->Send("GET", "/dashboard/P.C?lang=vi");  // the cookie said en
  ASSERT_EQ(current.status, 200);
  EXPECT_EQ(SourceOf(current.body), "standby");
  EXPECT_EQ(ExceptionCount(current.body, "rescheduled/busy"), 1);

  // The standby hangs (every process of it stopped, as on a frozen
  // machine): its wait is broken off at half the request's deadline and
  // the page answers from the primary in time.
  standby_.reset();
  Standby("freeze");
  HttpReply frozen = prov->Send("GET", "/dashboard/P.C");
  Standby("thaw");
  ASSERT_EQ(frozen.status, 200) << frozen.body;
  EXPECT_EQ(SourceOf(frozen.body), "primary");
  EXPECT_EQ(ExceptionCount(frozen.body, "rescheduled/busy"), 1);
  m = Metrics();
  EXPECT_GE(Series(m, "cardex_db_interrupted_total"), 1) << m;
  EXPECT_EQ(Series(m, "cardex_db_unavailable_total{cause=\"timeout\"}"), 0) << m;

  // The standby stops: the dashboard answers from the primary, exact (a
  // second step, folded by the page itself if the folder has not yet),
  // still with its time, and the fallback is counted.
  standby_.reset();
  Standby("halt");
  ASSERT_EQ(desk->Send("POST", "/api/members/M3/exception", R"({"reason":"busy"})",
                       Change(csrf, "key-standby-2"))
                .status,
            200);
  HttpReply fallback = prov->Send("GET", "/dashboard/P.C");
  ASSERT_EQ(fallback.status, 200) << fallback.body;
  EXPECT_EQ(SourceOf(fallback.body), "primary");
  EXPECT_EQ(ExceptionCount(fallback.body, "rescheduled/busy"), 2) << fallback.body;
  EXPECT_NE(fallback.body.find("Số liệu đến "), std::string::npos);
  HttpReply national = LogIn("admin")->Send("GET", "/dashboard");
  EXPECT_EQ(national.status, 200);
  EXPECT_EQ(SourceOf(national.body), "primary");
  m = Metrics();
  EXPECT_GE(Series(m, "cardex_stale_reads_total{source=\"primary\"}"), 3) << m;
  EXPECT_GE(Series(m, "cardex_standby_fallbacks_total{cause=\"unreachable\"}") +
                Series(m, "cardex_standby_fallbacks_total{cause=\"lost\"}"),
            3)
      << m;
}

INSTANTIATE_TEST_SUITE_P(Http, StandbyReadsTest, ::testing::Values(Backend::kLivePostgres),
                         BackendName);

}  // namespace
}  // namespace cardex::testing
