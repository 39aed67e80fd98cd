#include "tests/http/http_client.h"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace cardex::testing {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

struct HttpClient::Conn {
  net::io_context ioc;
  beast::tcp_stream stream{ioc};
  beast::flat_buffer buffer;
  bool open = false;
};

HttpClient::HttpClient(uint16_t port) : conn_(std::make_unique<Conn>()), port_(port) {}
HttpClient::~HttpClient() = default;


HttpReply HttpClient::Send(const std::string& method, const std::string& target,
                           const std::string& body, const std::map<std::string, std::string>& headers) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (!conn_->open) {
      conn_ = std::make_unique<Conn>();
      conn_->stream.connect(net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), port_));
      conn_->open = true;
    }
    bhttp::request<bhttp::string_body> req;
    req.method_string(method);
    req.target(target);
    req.version(11);
    req.set(bhttp::field::host, "127.0.0.1");
    if (!cookie.empty()) req.set(bhttp::field::cookie, cookie);
    for (const auto& [k, v] : headers) req.set(k, v);
    req.body() = body;
    req.prepare_payload();
    beast::error_code ec;
    bhttp::write(conn_->stream, req, ec);
    if (ec) {
      conn_->open = false;  // the server closed the kept-alive connection
      continue;
    }
    bhttp::response<bhttp::string_body> res;
    bhttp::read(conn_->stream, conn_->buffer, res, ec);
    if (ec) {
      conn_->open = false;
      if (attempt == 0) continue;
      return HttpReply{};
    }
    HttpReply out;
    out.status = static_cast<int>(res.result_int());
    for (const auto& f : res) {
      std::string name(f.name_string());
      for (char& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      out.headers[name] = std::string(f.value());
      if (name == "set-cookie") {
        std::string v(f.value());
        std::string pair = v.substr(0, v.find(';'));
        std::string cname = pair.substr(0, pair.find('='));
        // Rebuild the jar without this cookie, then add it unless removed.
        std::string jar;
        std::string_view all = cookie;
        while (!all.empty()) {
          size_t end = all.find("; ");
          std::string_view one = all.substr(0, end);
          if (one.substr(0, one.find('=')) != cname) {
            if (!jar.empty()) jar += "; ";
            jar += one;
          }
          if (end == std::string_view::npos) break;
          all.remove_prefix(end + 2);
        }
        if (v.find("Max-Age=0") == std::string::npos) {
          if (!jar.empty()) jar += "; ";
          jar += pair;
        }
        cookie = jar;
      }
    }
    out.body = res.body();
    if (!res.keep_alive()) conn_->open = false;
    return out;
  }
  return HttpReply{};
}

HttpReply HttpClient::SendRaw(const std::string& bytes) {
  Conn c;
  c.stream.connect(net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), port_));
  net::write(c.stream, net::buffer(bytes));
  bhttp::response<bhttp::string_body> res;
  beast::error_code ec;
  bhttp::read(c.stream, c.buffer, res, ec);
  HttpReply out;
  if (ec) return out;
  out.status = static_cast<int>(res.result_int());
  out.body = res.body();
  return out;
}

}  // namespace cardex::testing
