#include "cardex/registry/http_client.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/url/parse.hpp>
#include <charconv>
#include <optional>

namespace cardex::registry {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using error_code = boost::system::error_code;

struct Target {
  bool tls = false;
  std::string host, port, prefix;
};

// Reads Retry-After as seconds; an HTTP date is not used by the service.
int64_t RetryAfter(const http::response<http::string_body>& res) {
  auto it = res.find(http::field::retry_after);
  if (it == res.end()) return -1;
  std::string_view v(it->value().data(), it->value().size());
  int64_t seconds = -1;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), seconds);
  return ec == std::errc() && end == v.data() + v.size() && seconds >= 0 ? seconds : -1;
}

class Connection final : public HttpConnection {
 public:
  Connection(const Target& target, const std::string& token, asio::ssl::context* tls)
      : target_(target), token_(token), tls_(tls) {}

  Result<HttpReply> Post(std::string_view path, const std::string& body,
                         std::chrono::milliseconds deadline, const Headers& headers) override {
    // A kept-alive connection the service closed meanwhile fails at once:
    // that try does not count, the call is made again on a new one.
    const bool reused = open_;
    Result<HttpReply> reply = Once(path, body, deadline, headers);
    if (!reply.ok() && reused && !timed_out_) reply = Once(path, body, deadline, headers);
    return reply;
  }

 private:
  Result<HttpReply> Once(std::string_view path, const std::string& body,
                         std::chrono::milliseconds deadline, const Headers& headers) {
    http::request<http::string_body> req{http::verb::post, target_.prefix + std::string(path), 11};
    req.set(http::field::host, target_.host);
    req.set(http::field::content_type, "application/json");
    req.set(http::field::accept, "application/json");
    req.set(http::field::user_agent, "cardex-registry-client/1");
    if (!token_.empty()) req.set(http::field::authorization, "Bearer " + token_);
    for (const auto& [name, value] : headers) req.set(name, value);
    req.keep_alive(true);
    req.body() = body;
    req.prepare_payload();

    HttpReply reply;
    error_code failure;
    timed_out_ = false;
    ioc_.restart();
    asio::co_spawn(
        ioc_,
        [&]() -> asio::awaitable<void> {
          error_code ec;
          auto step = [&](std::string_view what) {
            if (ec == beast::error::timeout) timed_out_ = true;
            if (ec) failure = ec;
            (void)what;
            return !ec;
          };
          if (!open_) {
            tcp::resolver resolver(ioc_);
            auto endpoints = co_await resolver.async_resolve(
                target_.host, target_.port, asio::redirect_error(asio::use_awaitable, ec));
            if (!step("resolve")) co_return;
            Reset();
            Lowest().expires_after(deadline);
            co_await Lowest().async_connect(endpoints,
                                            asio::redirect_error(asio::use_awaitable, ec));
            if (!step("connect")) co_return;
            if (tls_stream_) {
              if (!SSL_set_tlsext_host_name(tls_stream_->native_handle(), target_.host.c_str())) {
                failure = asio::error::invalid_argument;
                co_return;
              }
              co_await tls_stream_->async_handshake(asio::ssl::stream_base::client,
                                                    asio::redirect_error(asio::use_awaitable, ec));
              if (!step("handshake")) co_return;
            }
            open_ = true;
          } else {
            Lowest().expires_after(deadline);
          }
          http::response<http::string_body> res;
          beast::flat_buffer buffer;
          if (tls_stream_) {
            co_await http::async_write(*tls_stream_, req,
                                       asio::redirect_error(asio::use_awaitable, ec));
            if (!step("write")) co_return;
            co_await http::async_read(*tls_stream_, buffer, res,
                                      asio::redirect_error(asio::use_awaitable, ec));
          } else {
            co_await http::async_write(*plain_, req, asio::redirect_error(asio::use_awaitable, ec));
            if (!step("write")) co_return;
            co_await http::async_read(*plain_, buffer, res,
                                      asio::redirect_error(asio::use_awaitable, ec));
          }
          if (!step("read")) co_return;
          reply.status = static_cast<int>(res.result_int());
          reply.retry_after_seconds = RetryAfter(res);
          reply.body = std::move(res.body());
          if (!res.keep_alive()) Close();
        },
        asio::detached);
    ioc_.run();
    if (failure) {
      Close();
      return Status::Unavailable(timed_out_ ? "registry service: no answer within the deadline"
                                            : "registry service: " + failure.message());
    }
    return reply;
  }

  beast::tcp_stream& Lowest() {
    return tls_stream_ ? beast::get_lowest_layer(*tls_stream_) : *plain_;
  }

  void Reset() {
    tls_stream_.reset();
    plain_.reset();
    if (tls_ != nullptr) {
      tls_stream_.emplace(ioc_, *tls_);
    } else {
      plain_.emplace(ioc_);
    }
  }

  void Close() {
    open_ = false;
    error_code ignored;
    if (tls_stream_) beast::get_lowest_layer(*tls_stream_).socket().close(ignored);
    if (plain_) plain_->socket().close(ignored);
  }

  const Target& target_;
  const std::string& token_;
  asio::ssl::context* tls_;
  asio::io_context ioc_;
  std::optional<beast::tcp_stream> plain_;
  std::optional<beast::ssl_stream<beast::tcp_stream>> tls_stream_;
  bool open_ = false;
  bool timed_out_ = false;
};

class Endpoint final : public HttpEndpoint {
 public:
  Endpoint(Target target, std::string token, std::unique_ptr<asio::ssl::context> tls)
      : target_(std::move(target)), token_(std::move(token)), tls_(std::move(tls)) {}
  std::unique_ptr<HttpConnection> Connect() const override {
    return std::make_unique<Connection>(target_, token_, tls_.get());
  }

 private:
  Target target_;
  std::string token_;
  std::unique_ptr<asio::ssl::context> tls_;
};

}  // namespace

Result<std::unique_ptr<HttpEndpoint>> MakeHttpEndpoint(const EndpointOptions& options) {
  auto url = boost::urls::parse_uri(options.base_url);
  if (!url || (url->scheme() != "http" && url->scheme() != "https") || url->host().empty() ||
      url->has_query() || url->has_fragment() || url->has_userinfo()) {
    return Status::InvalidArgument(
        "registry service URL: expected http://host[:port][/path] or https://...");
  }
  Target target;
  target.tls = url->scheme() == "https";
  target.host = std::string(url->host());
  target.port = url->has_port() ? std::string(url->port()) : (target.tls ? "443" : "80");
  target.prefix = std::string(url->path());
  while (!target.prefix.empty() && target.prefix.back() == '/') target.prefix.pop_back();

  std::unique_ptr<asio::ssl::context> tls;
  if (target.tls) {
    tls = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_client);
    tls->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                     asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                     asio::ssl::context::no_tlsv1_1);
    tls->set_verify_mode(asio::ssl::verify_peer);
    tls->set_verify_callback(asio::ssl::host_name_verification(target.host));
    error_code ec;
    if (options.ca_file.empty()) {
      tls->set_default_verify_paths(ec);
    } else {
      tls->load_verify_file(options.ca_file, ec);
    }
    if (ec) return Status::IoError("registry service CA file: " + ec.message());
    if (!options.client_cert_file.empty()) {
      tls->use_certificate_chain_file(options.client_cert_file, ec);
      if (ec) return Status::IoError("registry client certificate: " + ec.message());
      tls->use_private_key_file(options.client_key_file.empty() ? options.client_cert_file
                                                                : options.client_key_file,
                                asio::ssl::context::pem, ec);
      if (ec) return Status::IoError("registry client key: " + ec.message());
    }
  } else if (!options.client_cert_file.empty()) {
    return Status::InvalidArgument("a client certificate needs an https:// registry URL");
  }
  return std::unique_ptr<HttpEndpoint>(
      std::make_unique<Endpoint>(std::move(target), options.bearer_token, std::move(tls)));
}

}  // namespace cardex::registry
