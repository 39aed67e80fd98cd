// The only file that includes Boost.Beast: everything else sees the plain
// Request/Response of message.h.
#include "cardex/http/server.h"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

namespace cardex::http {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;

class Session;

class Server::Impl {
 public:
  Impl(const ServerOptions& options, Handler handler)
      : options_(options),
        handler_(std::move(handler)),
        ioc_(options.threads),
        acceptor_(net::make_strand(ioc_)),
        signals_(ioc_) {}

  Status Open();
  void Accept();
  void Run();
  void Stop();
  void Forget(Session* s);

  ServerOptions options_;
  Handler handler_;
  net::io_context ioc_;
  tcp::acceptor acceptor_;
  net::signal_set signals_;
  std::atomic<bool> stopping_{false};
  uint16_t port_ = 0;
  std::mutex sessions_mutex_;
  std::set<std::shared_ptr<Session>> sessions_;
  std::unique_ptr<net::steady_timer> drain_timer_;
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, Server::Impl& server)
      : stream_(std::move(socket)), server_(server) {
    beast::error_code ec;
    auto remote = stream_.socket().remote_endpoint(ec);
    if (!ec) client_ip_ = remote.address().to_string();
  }

  void Start() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->Read(); });
  }

  // From Stop(): close the connection if it waits for a next request;
  // otherwise it closes after answering the one in hand.
  void CloseIfIdle() {
    net::post(stream_.get_executor(), [self = shared_from_this()] {
      if (self->idle_) self->stream_.socket().close();
    });
  }

 private:
  void Read() {
    parser_.emplace();
    parser_->header_limit(static_cast<uint32_t>(server_.options_.header_limit));
    parser_->body_limit(server_.options_.body_limit);
    idle_ = buffer_.size() == 0;
    if (idle_ && server_.stopping_) return Close();
    if (!idle_) return ReadRequest();
    // Idle until the first byte of the next request: only then does the
    // request timeout start. One timer for both would give a request
    // drip-fed byte by byte the idle time (30 s) instead of 10 s.
    stream_.expires_after(server_.options_.idle_timeout);
    stream_.async_read_some(buffer_.prepare(4096),
                            [self = shared_from_this()](beast::error_code ec, size_t n) {
                              self->buffer_.commit(n);
                              if (ec) return self->OnRead(ec);
                              self->ReadRequest();
                            });
  }

  // The whole request, headers and body, must arrive within the request
  // timeout of its first byte.
  void ReadRequest() {
    idle_ = false;
    stream_.expires_after(server_.options_.request_timeout);
    bhttp::async_read(stream_, buffer_, *parser_,
                      [self = shared_from_this()](beast::error_code ec, size_t) {
                        self->OnRead(ec);
                      });
  }

  void OnRead(beast::error_code ec) {
    idle_ = false;
    if (ec == bhttp::error::end_of_stream || ec == net::error::eof || ec == beast::error::timeout ||
        ec == net::error::operation_aborted || ec == net::error::connection_reset ||
        ec == net::error::bad_descriptor) {
      return Close();
    }
    if (ec) {
      // A request we cannot read whole: answer and close (the stream's
      // framing is lost).
      Response r = ec == bhttp::error::body_limit
                       ? ErrorResponse(413, "payload_too_large", "http.body_too_large",
                                       {std::to_string(server_.options_.body_limit)})
                       : ec == bhttp::error::header_limit
                             ? ErrorResponse(431, "headers_too_large", "http.headers_too_large")
                             : ErrorResponse(400, "bad_request", "http.malformed_request");
      return Write(std::move(r), /*keep_alive=*/false);
    }
    bhttp::request<bhttp::string_body> req = parser_->release();
    Request request;
    request.method = std::string(req.method_string());
    request.target = std::string(req.target());
    request.client_ip = client_ip_;
    for (const auto& field : req) {
      std::string name(field.name_string());
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      request.headers[name] = std::string(field.value());
    }
    request.body = std::move(req.body());
    std::string_view refused = DecodeTarget(&request);
    Response response;
    if (refused.empty()) {
      response = server_.handler_(request);
    } else {
      response = ErrorResponse(400, "bad_request", refused);
      LocalizeError(&response, ApiLang(request));
    }
    bool keep_alive = req.keep_alive() && !server_.stopping_;
    Write(std::move(response), keep_alive);
  }

  // The access log is the App's (it knows the route pattern, not the raw
  // path, which may hold member data).
  void Write(Response response, bool keep_alive) {
    auto res = std::make_shared<bhttp::response<bhttp::string_body>>();
    res->version(11);
    res->result(static_cast<unsigned>(response.status));
    res->set(bhttp::field::server, "cardex");
    if (!response.content_type.empty()) {  // a 304 has none
      res->set(bhttp::field::content_type, response.content_type);
    }
    for (auto& [name, value] : response.headers) res->insert(name, value);
    res->body() = std::move(response.body);
    res->keep_alive(keep_alive);
    res->prepare_payload();
    stream_.expires_after(server_.options_.request_timeout);
    bhttp::async_write(stream_, *res,
                       [self = shared_from_this(), res, keep_alive](beast::error_code ec, size_t) {
                         if (ec || !keep_alive) return self->Close();
                         self->Read();
                       });
  }

  void Close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.socket().close(ec);
    server_.Forget(this);
  }

  beast::tcp_stream stream_;
  Server::Impl& server_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::string client_ip_;
  bool idle_ = true;
};

Status Server::Impl::Open() {
  beast::error_code ec;
  auto address = net::ip::make_address(options_.host, ec);
  if (ec) return Status::InvalidArgument("--host " + options_.host + " is not an IP address");
  tcp::endpoint endpoint(address, options_.port);
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    return Status::Unavailable("cannot listen on " + options_.host + ":" +
                               std::to_string(options_.port) + ": " + ec.message());
  }
  port_ = acceptor_.local_endpoint().port();
  return Status::Ok();
}

void Server::Impl::Accept() {
  acceptor_.async_accept(net::make_strand(ioc_), [this](beast::error_code ec, tcp::socket socket) {
    if (ec) {
      if (!acceptor_.is_open() || stopping_) return;
      return Accept();  // e.g. too many open files: keep serving the others
    }
    socket.set_option(tcp::no_delay(true), ec);
    auto session = std::make_shared<Session>(std::move(socket), *this);
    {
      std::lock_guard lock(sessions_mutex_);
      sessions_.insert(session);
    }
    session->Start();
    Accept();
  });
}

void Server::Impl::Forget(Session* s) {
  std::lock_guard lock(sessions_mutex_);
  for (auto it = sessions_.begin(); it != sessions_.end(); ++it) {
    if (it->get() == s) {
      sessions_.erase(it);
      break;
    }
  }
  if (stopping_ && sessions_.empty()) {
    // Drained: let run() return without waiting for the drain timer.
    net::post(acceptor_.get_executor(), [this] {
      if (drain_timer_) drain_timer_->cancel();
    });
  }
}

void Server::Impl::Stop() {
  if (stopping_.exchange(true)) return;
  net::post(acceptor_.get_executor(), [this] {
    beast::error_code ec;
    acceptor_.close(ec);
    signals_.cancel(ec);
    std::lock_guard lock(sessions_mutex_);
    if (sessions_.empty()) return;
    for (const auto& s : sessions_) s->CloseIfIdle();
    drain_timer_ = std::make_unique<net::steady_timer>(ioc_, options_.drain_timeout);
    drain_timer_->async_wait([this](beast::error_code e) {
      if (!e) ioc_.stop();  // stragglers past the drain time
    });
  });
}

void Server::Impl::Run() {
  Accept();
  std::vector<std::thread> extra;
  for (int i = 1; i < options_.threads; ++i) extra.emplace_back([this] { ioc_.run(); });
  ioc_.run();
  for (auto& t : extra) t.join();
}

Result<std::unique_ptr<Server>> Server::Listen(const ServerOptions& options, Handler handler) {
  auto impl = std::make_unique<Impl>(options, std::move(handler));
  CARDEX_RETURN_IF_ERROR(impl->Open());
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Server::~Server() = default;
uint16_t Server::port() const { return impl_->port_; }
void Server::Run() { impl_->Run(); }
void Server::Stop() { impl_->Stop(); }

void Server::RunUntilSignal() {
  impl_->signals_.add(SIGINT);
  impl_->signals_.add(SIGTERM);
  impl_->signals_.async_wait([this](beast::error_code ec, int) {
    if (!ec) Stop();
  });
  Run();
}

}  // namespace cardex::http
