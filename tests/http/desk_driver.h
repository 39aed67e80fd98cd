// Desk clients for fault tests and outage figures: `clients` threads, each
// a station officer working through invitation codes (lookup, check-in,
// photo, confirm, submit), as a desk behind a flaky network would: a step
// that gets no answer or a 503 is sent again with the same Idempotency-Key
// until it is acknowledged (200), for up to `retry_for`. Every acknowledged
// step is recorded with its time, so that a test can check that none was
// lost or applied twice and measure the longest gap without writes.
//
// Thread safety: the accessors may be called while the clients run.
#ifndef CARDEX_TESTS_HTTP_DESK_DRIVER_H_
#define CARDEX_TESTS_HTTP_DESK_DRIVER_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace cardex::testing {

class DeskDriver {
 public:
  using Clock = std::chrono::steady_clock;

  struct Ack {
    std::string member_no;
    std::string to_state;  // the state the step reached ("checked_in", ..., "submitted")
    Clock::time_point at;
  };

  // `login`/`password`: a station officer of the codes' station. The keys
  // of the steps start with `key_prefix` (unique per run).
  DeskDriver(uint16_t port, std::vector<std::string> codes, std::string login, std::string password,
             std::string key_prefix, std::chrono::seconds retry_for = std::chrono::seconds(90));
  ~DeskDriver();

  // Logs the clients in, then starts them. False when a login failed.
  bool Start(int clients);
  // Lets each client finish the step it is on (acknowledged, or given up
  // after `retry_for`), then joins them.
  void Stop();

  size_t AckCount() const;
  std::vector<Ack> Acks() const;
  // Answers other than 200 / 503 / none (e.g. a 409), and steps given up.
  std::vector<std::string> Problems() const;
  // The longest any one request took to be answered (one send, not the
  // retries).
  double LongestRequestSeconds() const;
  // The longest stretch without an acknowledged step after `from`: from
  // `from` (or the last acknowledgement before it) to the next one. The
  // outage a fault at `from` caused, as a desk sees it.
  double LongestGapAfter(Clock::time_point from) const;

 private:
  struct Client {
    std::string cookie, csrf;
  };
  void Run(Client* client);
  void Record(const std::string& member_no, const std::string& to_state);
  void Problem(std::string what);

  uint16_t port_;
  std::vector<std::string> codes_;
  std::string login_, password_, key_prefix_;
  std::chrono::seconds retry_for_;
  std::atomic<size_t> next_code_{0};
  std::atomic<bool> stop_{false};
  mutable std::mutex mu_;
  std::vector<Ack> acks_;
  std::vector<std::string> problems_;
  double longest_request_ = 0;
  std::vector<Client> clients_;
  std::vector<std::thread> threads_;
};

}  // namespace cardex::testing

#endif  // CARDEX_TESTS_HTTP_DESK_DRIVER_H_
