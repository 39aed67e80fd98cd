// delay_relay LISTEN_PORT TARGET_PORT DELAY_MS: a TCP relay on 127.0.0.1
// that holds every chunk DELAY_MS before passing it on, both ways, order
// kept: a round trip through it costs 2 × DELAY_MS more. For the station
// sync benchmark on machines whose kernel has no netem (tc qdisc netem is
// what docs/benchmarks.md would use where it exists). One thread per
// direction per connection; a benchmark tool, not a server.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <mutex>
#include <string>
#include <thread>

namespace {

using Clock = std::chrono::steady_clock;

void Pipe(int from, int to, std::chrono::milliseconds delay) {
  std::mutex mu;
  std::condition_variable cv;
  std::deque<std::pair<Clock::time_point, std::string>> queue;
  bool done = false;
  std::thread writer([&] {
    for (;;) {
      std::unique_lock lock(mu);
      cv.wait(lock, [&] { return done || !queue.empty(); });
      if (queue.empty()) break;
      auto [due, chunk] = std::move(queue.front());
      queue.pop_front();
      lock.unlock();
      std::this_thread::sleep_until(due);
      size_t off = 0;
      while (off < chunk.size()) {
        ssize_t n = send(to, chunk.data() + off, chunk.size() - off, MSG_NOSIGNAL);
        if (n <= 0) return;
        off += static_cast<size_t>(n);
      }
    }
    shutdown(to, SHUT_WR);
  });
  char buf[65536];
  for (;;) {
    ssize_t n = recv(from, buf, sizeof buf, 0);
    std::lock_guard lock(mu);
    if (n <= 0) {
      done = true;
      cv.notify_one();
      break;
    }
    queue.emplace_back(Clock::now() + delay, std::string(buf, static_cast<size_t>(n)));
    cv.notify_one();
  }
  writer.join();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: delay_relay LISTEN_PORT TARGET_PORT DELAY_MS\n");
    return 2;
  }
  const int listen_port = std::atoi(argv[1]), target_port = std::atoi(argv[2]);
  const std::chrono::milliseconds delay(std::atoi(argv[3]));
  int l = socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(listen_port));
  if (bind(l, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || listen(l, 64) != 0) {
    std::perror("listen");
    return 1;
  }
  std::fprintf(stderr, "relaying 127.0.0.1:%d -> :%d, %lld ms each way\n", listen_port, target_port,
               static_cast<long long>(delay.count()));
  for (;;) {
    int c = accept(l, nullptr, nullptr);
    if (c < 0) continue;
    std::thread([c, target_port, delay] {
      int t = socket(AF_INET, SOCK_STREAM, 0);
      sockaddr_in to{};
      to.sin_family = AF_INET;
      to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      to.sin_port = htons(static_cast<uint16_t>(target_port));
      int flag = 1;
      setsockopt(t, IPPROTO_TCP, TCP_NODELAY, &flag, sizeof flag);
      setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &flag, sizeof flag);
      if (connect(t, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0) {
        close(c);
        close(t);
        return;
      }
      std::thread up([c, t, delay] { Pipe(c, t, delay); });
      Pipe(t, c, delay);
      up.join();
      close(c);
      close(t);
    }).detach();
  }
}
