// Fault tests on a Patroni + etcd cluster (issue 18, item 5): three
// machines (network namespaces, scripts/ha_cluster.sh), synchronous
// replication, `cardex serve` on the multi-host URL with
// target_session_attrs=read-write, eight desk clients working while a
// fault strikes the primary (or etcd):
//   - the primary's postmaster killed;
//   - the primary machine frozen (every process SIGSTOPped), thawed after
//     the fail-over;
//   - the primary cut off from everyone (its cable unplugged), plugged back
//     after the fail-over;
//   - the etcd leader killed, started again;
//   - a planned switchover.
// Each: every acknowledged step is in the database exactly once (none
// lost, none applied twice), the audit chain verifies, the roll-ups the
// server folded are exact, no request waited past a bound, and the server
// recovered by itself (the desks carried on).
//
// The cluster is the ha_cluster ctest fixture (label `ha`; CARDEX_HA_DIR);
// without it the tests skip. The outage (the longest stretch without an
// acknowledged step after the fault) is printed, not asserted; its figures
// over repetitions: bench/ha_outage_bench.sh, docs/benchmarks.md.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <random>
#include <set>
#include <string>
#include <thread>

#include "cardex/auth/accounts.h"
#include "cardex/auth/audit_verify.h"
#include "cardex/core/exchange.h"
#include "cardex/progress/rollup.h"
#include "cardex/store/store.h"
#include "tests/http/desk_driver.h"
#include "tests/http/http_client.h"
#include "tests/http/rollups_exact.h"
#include "tests/support/test_env.h"

extern char** environ;

namespace cardex::testing {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr const char* kPassword = "correct horse battery";
constexpr int kClients = 8;
// Steps acknowledged before the fault, and after it, per test.
constexpr size_t kAcksBefore = 40, kAcksAfter = 40;
// No single request may take longer: the server's database deadline (5 s)
// and a reconnect through three hosts' connect timeouts (2 s each), twice
// over. A bound on hanging, not a speed.
constexpr double kRequestBound = 30;

std::string Capture(const std::string& cmd) {
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  pclose(p);
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

int RunShell(const std::string& cmd) { return std::system((cmd + " >>/tmp/cardex-ha-test.log 2>&1").c_str()); }

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::string s;
  std::getline(in, s);
  return s;
}

class HaFaultTest : public ::testing::Test {
 protected:
  static std::string Dir() {
    const char* d = std::getenv("CARDEX_HA_DIR");
    return d ? d : "";
  }
  static std::string Cluster(const std::string& action, int node = 0) {
    std::string cmd = std::string(std::getenv("CARDEX_SOURCE_DIR")) + "/scripts/ha_cluster.sh " +
                      action + " '" + Dir() + "'";
    if (node > 0) cmd += " " + std::to_string(node);
    return Capture(cmd + " 2>>/tmp/cardex-ha-test.log");
  }
  // Waits until the cluster has a leader, a streaming synchronous standby
  // and a replica (three minutes at most).
  static bool Whole() {
    return RunShell(std::string(std::getenv("CARDEX_SOURCE_DIR")) + "/scripts/ha_cluster.sh wait '" +
               Dir() + "'") == 0;
  }
  static int Leader() {
    for (int i = 0; i < 300; ++i) {
      std::string l = Cluster("leader");
      if (!l.empty()) return std::stoi(l);
      std::this_thread::sleep_for(200ms);
    }
    return 0;
  }

  static void SetUpTestSuite() {
    if (Dir().empty() || ReadFile(Dir() + "/url").empty()) return;
    // Into the hub namespace, where the cluster's addresses are: this
    // thread, the threads it starts and the processes it spawns.
    int fd = open(("/var/run/netns/" + ReadFile(Dir() + "/netns")).c_str(), O_RDONLY);
    if (fd < 0 || setns(fd, CLONE_NEWNET) != 0) {
      setup_error_ = "cannot enter the cluster's network namespace";
      return;
    }
    close(fd);
    url_ = ReadFile(Dir() + "/url");
    tmp_ = new TempDir();
    const std::string cardex = CARDEX_BINARY, data = tmp_->file("data");
    const std::string db = " --db '" + url_ + "' ";
    if (RunShell(cardex + " gen --members 3000 --citizens 6000 --out " + data) != 0 ||
        RunShell(cardex + db + "init") != 0) {
      setup_error_ = "gen or init failed (/tmp/cardex-ha-test.log)";
      return;
    }
    for (const char* kind : {"units", "members", "citizens", "stations", "shifts"}) {
      if (RunShell(cardex + db + "import " + kind + " " + data + "/" + kind + ".csv") != 0) {
        setup_error_ = std::string("import failed: ") + kind;
        return;
      }
    }
    if (RunShell(cardex + db + "plan --from 2025-08-05 --to 2025-08-14 --out " + tmp_->file("s.csv")) != 0 ||
        RunShell(cardex + db + "report progress --out " + tmp_->file("p.csv")) != 0) {
      setup_error_ = "plan or report failed";
      return;
    }
    auto store = OpenStore(url_);
    if (!store.ok()) {
      setup_error_ = store.status().message();
      return;
    }
    NewUser desk{"desk", "desk", Role::kAdministrator, ""};
    if (Status s = CreateUser(**store, desk, kPassword, "test", cardex::Clock::now()); !s.ok()) {
      setup_error_ = s.message();
      return;
    }
    auto codes = (*store)->Query(
        "SELECT invitation_code FROM appointments WHERE mode = 'station' ORDER BY member_no", {});
    if (!codes.ok()) {
      setup_error_ = codes.status().message();
      return;
    }
    for (size_t i = 0; i < codes->size(); ++i) codes_.emplace_back(codes->Text(i, 0));
    StartServer();
  }

  static void StartServer() {
    const std::string cardex = CARDEX_BINARY, log = tmp_->file("serve.log");
    std::vector<std::string> args = {cardex, "--db", url_, "serve", "--port", "0", "--threads", "4",
                                     "--quiet", "--db-timeout", "5"};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 2, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    int rc = posix_spawn(&server_pid_, cardex.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) {
      setup_error_ = "cannot start cardex serve";
      return;
    }
    for (int i = 0; i < 600 && port_ == 0; ++i) {
      std::ifstream in(log);
      std::string line;
      while (std::getline(in, line)) {
        size_t at = line.find("http://127.0.0.1:");
        if (at != std::string::npos) port_ = static_cast<uint16_t>(std::stoi(line.substr(at + 17)));
      }
      std::this_thread::sleep_for(100ms);
    }
    if (port_ == 0) setup_error_ = "cardex serve did not start: " + Capture("cat " + log);
  }

  static void TearDownTestSuite() {
    if (server_pid_ > 0) {
      kill(server_pid_, SIGTERM);
      waitpid(server_pid_, nullptr, 0);
      server_pid_ = 0;
    }
    if (tmp_) std::printf("server's log: %s\n", Capture("cat " + tmp_->file("serve.log")).c_str());
  }

  void SetUp() override {
    if (Dir().empty() || ReadFile(Dir() + "/url").empty()) {
      GTEST_SKIP() << "no HA cluster (the ha_cluster fixture, label ha)";
    }
    ASSERT_TRUE(setup_error_.empty()) << setup_error_;
    ASSERT_NE(port_, 0);
  }

  // Runs the desks, strikes with `fault` once kAcksBefore steps were
  // acknowledged, calls `repair` once kAcksAfter more were (or after a
  // minute), waits for the cluster to be whole again, and checks.
  // `moves_leader`: the fault must hand the leader key to another node (a
  // strike that hit a replica by mistake would prove nothing).
  void Strike(const std::string& name, const std::function<void()>& fault,
              const std::function<void()>& repair, bool moves_leader = true) {
    const size_t first = next_code_;
    std::vector<std::string> codes(codes_.begin() + static_cast<long>(std::min(first, codes_.size())),
                                   codes_.end());
    DeskDriver desks(port_, codes, "desk", kPassword,
                     name + "-" + std::to_string(std::random_device{}()));
    ASSERT_TRUE(desks.Start(kClients)) << (desks.Problems().empty() ? "" : desks.Problems()[0]);
    auto await = [&](size_t acks, std::chrono::seconds limit) {
      const auto began = Clock::now();
      while (desks.AckCount() < acks && Clock::now() - began < limit) std::this_thread::sleep_for(20ms);
      return desks.AckCount() >= acks;
    };
    EXPECT_TRUE(await(kAcksBefore, 120s)) << "the desks were too slow before the fault";
    const int leader_before = Leader();
    const auto fault_at = Clock::now();
    const size_t before = desks.AckCount();
    fault();
    const bool recovered = await(before + kAcksAfter, 120s);
    repair();
    desks.Stop();
    next_code_ += desks.Acks().size() / 4 + kClients + 16;  // journeys begun, generously
    EXPECT_TRUE(recovered) << "no acknowledged step for two minutes after the fault";
    EXPECT_TRUE(Whole()) << "the cluster did not become whole again";
    for (const std::string& p : desks.Problems()) ADD_FAILURE() << p;
    const double outage = desks.LongestGapAfter(fault_at);
    std::printf("ha fault %s: outage %.2f s (longest gap without an acknowledged step), %zu steps "
                "acknowledged (%zu after the fault), longest request %.2f s, leader before pg%d, after pg%d\n",
                name.c_str(), outage, desks.AckCount(), desks.AckCount() - before,
                desks.LongestRequestSeconds(), leader_before, Leader());
    if (moves_leader) {
      EXPECT_NE(Leader(), leader_before) << "the fault did not move the leader";
    }
    EXPECT_LT(desks.LongestRequestSeconds(), kRequestBound) << "a request hung";
    Check(desks.Acks());
  }

  // Every acknowledged step exactly once; nothing half-applied; the audit
  // chain; the roll-ups the server folded against the exchange itself.
  void Check(const std::vector<DeskDriver::Ack>& acks) {
    auto opened = OpenStore(url_);
    ASSERT_TRUE(opened.ok()) << opened.status().message();
    Store& store = **opened;
    auto events = store.Query("SELECT member_no, to_state, count(*) FROM exchange_events "
                              "GROUP BY member_no, to_state", {});
    ASSERT_TRUE(events.ok()) << events.status().message();
    std::map<std::pair<std::string, std::string>, int64_t> applied;
    for (size_t i = 0; i < events->size(); ++i) {
      applied[{std::string(events->Text(i, 0)), std::string(events->Text(i, 1))}] = events->Int(i, 2);
    }
    size_t lost = 0, twice = 0;
    for (const auto& a : acks) lost += applied.count({a.member_no, a.to_state}) ? 0 : 1;
    for (const auto& [key, n] : applied) twice += n > 1 ? 1 : 0;
    EXPECT_EQ(lost, 0u) << "acknowledged steps lost";
    EXPECT_EQ(twice, 0u) << "steps applied twice";
    auto disagreeing = store.Query(
        "SELECT count(*) FROM exchange e WHERE e.version <> "
        "(SELECT count(*) FROM exchange_events v WHERE v.member_no = e.member_no) OR e.state <> "
        "(SELECT v.to_state FROM exchange_events v WHERE v.member_no = e.member_no "
        " ORDER BY v.event_id DESC LIMIT 1)",
        {});
    ASSERT_TRUE(disagreeing.ok()) << disagreeing.status().message();
    EXPECT_EQ(disagreeing->Int(0, 0), 0) << "exchange rows disagree with their events";
    auto audit = VerifyAuditChain(store);
    ASSERT_TRUE(audit.ok()) << audit.status().message();
    EXPECT_TRUE(audit->intact);
    ExpectRollupsExact(store);
  }

  static inline std::string setup_error_, url_;
  static inline TempDir* tmp_ = nullptr;
  static inline std::vector<std::string> codes_;
  static inline size_t next_code_ = 0;
  static inline pid_t server_pid_ = 0;
  static inline uint16_t port_ = 0;
};

// CARDEX_HA_REPEAT=N strikes each fault N times in a row (the outage
// figures: bench/ha_outage_bench.sh); by default once.
int Repeats() {
  const char* r = std::getenv("CARDEX_HA_REPEAT");
  return r ? std::max(1, std::atoi(r)) : 1;
}

TEST_F(HaFaultTest, PostmasterKilled) {
  for (int i = 0; i < Repeats() && !HasFailure(); ++i) {
    ASSERT_TRUE(Whole()) << "the cluster is not whole before the fault";
    const int leader = Leader();
    ASSERT_GT(leader, 0);
    Strike("postmaster-kill", [&] { kill(std::stoi(Cluster("postmaster", leader)), SIGKILL); }, [] {});
  }
}

TEST_F(HaFaultTest, PlannedSwitchover) {
  for (int i = 0; i < Repeats() && !HasFailure(); ++i) {
    ASSERT_TRUE(Whole()) << "the cluster is not whole before the fault";
    Strike("switchover", [] { Cluster("switchover"); }, [] {});
  }
}

TEST_F(HaFaultTest, PrimaryMachineFrozen) {
  for (int i = 0; i < Repeats() && !HasFailure(); ++i) {
    ASSERT_TRUE(Whole()) << "the cluster is not whole before the fault";
    const int leader = Leader();
    ASSERT_GT(leader, 0);
    Strike("freeze", [&] { Cluster("freeze", leader); }, [&] { Cluster("thaw", leader); });
  }
}

TEST_F(HaFaultTest, PrimaryPartitioned) {
  for (int i = 0; i < Repeats() && !HasFailure(); ++i) {
    ASSERT_TRUE(Whole()) << "the cluster is not whole before the fault";
    const int leader = Leader();
    ASSERT_GT(leader, 0);
    Strike("partition", [&] { Cluster("cut", leader); }, [&] { Cluster("heal", leader); });
  }
}

TEST_F(HaFaultTest, EtcdLeaderLost) {
  for (int i = 0; i < Repeats() && !HasFailure(); ++i) {
    ASSERT_TRUE(Whole()) << "the cluster is not whole before the fault";
    std::string node = Cluster("etcd-leader");
    ASSERT_FALSE(node.empty());
    const int n = std::stoi(node);
    Strike("etcd-leader", [&] { Cluster("etcd-kill", n); }, [&] { Cluster("etcd-start", n); }, /*moves_leader=*/false);
  }
}

}  // namespace
}  // namespace cardex::testing
