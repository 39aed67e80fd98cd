// The HTTP/1.1 server (Boost.Beast on Asio): keep-alive connections, limits
// on header and body size and on how long a request may take to arrive,
// and a graceful stop.
//
// Threads: `threads` threads run the I/O; each request's handler runs on
// one of them, to completion, before that connection reads its next
// request. Handlers of different connections run concurrently, so the
// handler must be thread-safe (open one Store per thread: see
// cardex/http/app.h).
//
// Graceful stop (Stop(), or SIGINT/SIGTERM in RunUntilSignal()): the
// listening socket closes at once, so new connections are refused; requests
// already being read or handled are finished and answered with
// "Connection: close"; idle keep-alive connections are closed. Run() returns
// when the last connection is gone, or after `drain_timeout` at the latest.
#ifndef CARDEX_HTTP_SERVER_H_
#define CARDEX_HTTP_SERVER_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "cardex/core/status.h"
#include "cardex/http/message.h"

namespace cardex::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;  // 0: any free port (see Server::port())
  int threads = 2;
  size_t header_limit = 16 * 1024;
  size_t body_limit = 4 * 1024 * 1024;  // photos are the largest bodies
  // A request must arrive whole within this time once it has begun.
  std::chrono::milliseconds request_timeout{10000};
  // An idle keep-alive connection is closed after this.
  std::chrono::milliseconds idle_timeout{30000};
  std::chrono::milliseconds drain_timeout{10000};
};

using Handler = std::function<Response(Request&)>;

class Server {
 public:
  // Binds and listens at once: kUnavailable when the address is taken.
  static Result<std::unique_ptr<Server>> Listen(const ServerOptions& options, Handler handler);
  ~Server();

  uint16_t port() const;
  // Serves until Stop(); returns when drained.
  void Run();
  // Serves until SIGINT or SIGTERM, then stops gracefully.
  void RunUntilSignal();
  // Thread-safe; may be called from a handler or another thread.
  void Stop();

  class Impl;

 private:
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace cardex::http

#endif  // CARDEX_HTTP_SERVER_H_
