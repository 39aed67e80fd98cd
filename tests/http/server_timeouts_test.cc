// The request timeout holds from a request's first byte to its last:
// headers or a body drip-fed a byte at a time, on a fresh connection or a
// kept-alive one, are cut at the request timeout, not at the (longer) idle
// timeout; an idle kept-alive connection still waits the idle timeout.
// The server runs with a short request timeout (300 ms) and a long idle one
// (60 s); the drip lasts up to 20 s, so the test tells them apart with a
// wide margin and asserts no duration.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "cardex/http/server.h"

namespace cardex::testing {
namespace {

class ServerTimeoutsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    http::ServerOptions o;
    o.port = 0;
    o.threads = 1;
    o.request_timeout = std::chrono::milliseconds(300);
    o.idle_timeout = std::chrono::seconds(60);
    auto server = http::Server::Listen(o, [](http::Request&) {
      http::Response r;
      r.body = "{}";
      return r;
    });
    ASSERT_TRUE(server.ok()) << server.status().message();
    server_ = std::move(*server);
    thread_ = std::thread([this] { server_->Run(); });
  }
  void TearDown() override {
    for (int fd : fds_) ::close(fd);
    server_->Stop();
    thread_.join();
  }

  int Connect() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(server_->port());
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    fds_.push_back(fd);
    return fd;
  }
  static void Send(int fd, const std::string& bytes) {
    (void)::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
  }
  // Whether the server has closed `fd` (EOF or reset), waiting up to `ms`.
  // Answer bytes are read and returned in `*got`.
  static bool ClosedWithin(int fd, int ms, std::string* got = nullptr) {
    pollfd p{fd, POLLIN, 0};
    while (::poll(&p, 1, ms) > 0) {
      char buf[4096];
      ssize_t n = ::recv(fd, buf, sizeof buf, 0);
      if (n <= 0) return true;
      if (got) got->append(buf, static_cast<size_t>(n));
      ms = 50;
    }
    return false;
  }
  // Drips `bytes` (repeating the last) one every 100 ms, for up to 20 s;
  // true when the server closed the connection meanwhile.
  static bool CutWhileDripping(int fd, const std::string& bytes) {
    for (int i = 0; i < 200; ++i) {
      Send(fd, std::string(1, bytes[std::min<size_t>(i, bytes.size() - 1)]));
      if (ClosedWithin(fd, 100)) return true;
    }
    return false;
  }

  std::unique_ptr<http::Server> server_;
  std::thread thread_;
  std::vector<int> fds_;
};

TEST_F(ServerTimeoutsTest, DripFedHeadersAreCutAtTheRequestTimeout) {
  int fd = Connect();
  Send(fd, "GET /x HTTP/1.1\r\n");
  EXPECT_TRUE(CutWhileDripping(fd, "X-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
}

TEST_F(ServerTimeoutsTest, DripFedBodyIsCutAtTheRequestTimeout) {
  int fd = Connect();
  Send(fd, "POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 100000\r\n\r\n");
  EXPECT_TRUE(CutWhileDripping(fd, "a"));
}

TEST_F(ServerTimeoutsTest, DripFedSecondRequestOnAKeptAliveConnectionIsCut) {
  int fd = Connect();
  Send(fd, "GET /x HTTP/1.1\r\nHost: a\r\n\r\n");
  std::string answer;
  EXPECT_FALSE(ClosedWithin(fd, 500, &answer));
  EXPECT_NE(answer.find("200 OK"), std::string::npos) << answer;
  EXPECT_TRUE(CutWhileDripping(fd, "GET /x HTTP/1.1\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
}

TEST_F(ServerTimeoutsTest, AnIdleKeptAliveConnectionWaitsTheIdleTimeout) {
  int fd = Connect();
  Send(fd, "GET /x HTTP/1.1\r\nHost: a\r\n\r\n");
  std::string first;
  EXPECT_FALSE(ClosedWithin(fd, 500, &first));
  // Idle for several request timeouts: still open, and it serves.
  EXPECT_FALSE(ClosedWithin(fd, 1500));
  Send(fd, "GET /x HTTP/1.1\r\nHost: a\r\n\r\n");
  std::string second;
  EXPECT_FALSE(ClosedWithin(fd, 500, &second));
  EXPECT_NE(second.find("200 OK"), std::string::npos) << second;
}

}  // namespace
}  // namespace cardex::testing
