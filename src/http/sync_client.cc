#include "cardex/http/sync_client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>

namespace cardex::http {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace asio = boost::asio;

namespace {

// The central's error body {"error": {"message": ...}} or its text.
std::string MessageOf(const std::string& body) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(body, ec);
  if (!ec && v.is_object()) {
    if (const auto* e = v.as_object().if_contains("error"); e && e->is_object()) {
      if (const auto* m = e->as_object().if_contains("message"); m && m->is_string()) {
        return std::string(m->as_string());
      }
    }
  }
  return body.substr(0, 200);
}

}  // namespace

Result<std::unique_ptr<SyncClient>> SyncClient::Create(std::string_view central_url, std::string token,
                                                       std::chrono::milliseconds timeout) {
  constexpr std::string_view kScheme = "http://";
  if (!central_url.starts_with(kScheme)) {
    return Status::InvalidArgument("central: an http://HOST:PORT address");
  }
  std::string_view rest = central_url.substr(kScheme.size());
  if (rest.ends_with('/')) rest.remove_suffix(1);
  size_t colon = rest.rfind(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == rest.size() ||
      rest.find('/') != std::string_view::npos) {
    return Status::InvalidArgument("central: an http://HOST:PORT address");
  }
  return std::unique_ptr<SyncClient>(new SyncClient(std::string(rest.substr(0, colon)),
                                                    std::string(rest.substr(colon + 1)),
                                                    std::move(token), timeout));
}

Result<std::string> SyncClient::Post(std::string_view path, std::string_view content_type,
                                     std::string_view body) {
  asio::io_context io;
  beast::tcp_stream stream(io);
  boost::system::error_code ec;
  asio::ip::tcp::resolver resolver(io);
  auto endpoints = resolver.resolve(host_, port_, ec);
  if (ec) return Status::Unavailable("central " + host_ + ":" + port_ + ": " + ec.message());
  stream.expires_after(timeout_);
  stream.connect(endpoints, ec);
  if (ec) return Status::Unavailable("central " + host_ + ":" + port_ + ": " + ec.message());
  bhttp::request<bhttp::string_body> req{bhttp::verb::post, std::string(path), 11};
  req.set(bhttp::field::host, host_);
  req.set(bhttp::field::content_type, std::string(content_type));
  req.set(bhttp::field::authorization, "Bearer " + token_);
  req.body() = std::string(body);
  req.prepare_payload();
  stream.expires_after(timeout_);
  bhttp::write(stream, req, ec);
  if (ec) return Status::Unavailable("central: sending: " + ec.message());
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(512ull * 1024 * 1024);
  bhttp::read(stream, buffer, parser, ec);
  if (ec) return Status::Unavailable("central: reading the answer: " + ec.message());
  stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ec);
  auto& res = parser.get();
  int status = static_cast<int>(res.result_int());
  if (status >= 200 && status < 300) return std::move(res.body());
  std::string message = "central answered " + std::to_string(status) + ": " + MessageOf(res.body());
  switch (status) {
    case 401: return Status::Unauthenticated(message);
    case 403: return Status::PermissionDenied(message);
    case 404: return Status::NotFound(message);
    case 409: return Status::FailedPrecondition(message);
    case 400: case 413: case 415: case 422: return Status::InvalidArgument(message);
    case 502: case 503: case 504: return Status::Unavailable(message);
    default: return Status::Internal(message);
  }
}

}  // namespace cardex::http
