#include "tests/notices/fake_sms_gateway.h"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <list>
#include <mutex>
#include <thread>
#include <vector>

namespace cardex::testing {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace json = boost::json;
using tcp = asio::ip::tcp;

class Gateway final : public FakeSmsGateway {
 public:
  Gateway() : acceptor_(ioc_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
    port_ = acceptor_.local_endpoint().port();
    accepter_ = std::thread([this] { Accept(); });
  }
  ~Gateway() override {
    boost::system::error_code ignored;
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopping_ = true;
      for (auto& s : sockets_) s->shutdown(tcp::socket::shutdown_both, ignored);
    }
    {
      asio::io_context ioc;
      tcp::socket wake(ioc);
      wake.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_), ignored);
      accepter_.join();
    }
    for (std::thread& t : threads_) t.join();
  }

  std::string url() const override { return "http://127.0.0.1:" + std::to_string(port_) + "/sms"; }
  void FailNext(int n, int64_t retry_after) override {
    std::lock_guard<std::mutex> lock(mu_);
    fail_next_ = n;
    retry_after_ = retry_after;
  }
  void DelayNext(int n, std::chrono::milliseconds delay) override {
    std::lock_guard<std::mutex> lock(mu_);
    delay_next_ = n;
    delay_ = delay;
  }
  void AnswerTwiceNext(int n) override {
    std::lock_guard<std::mutex> lock(mu_);
    twice_next_ = n;
  }
  void RefuseNumber(std::string phone) override {
    std::lock_guard<std::mutex> lock(mu_);
    refuse_ = std::move(phone);
  }
  FakeGatewayState state() const override {
    std::lock_guard<std::mutex> lock(mu_);
    return state_;
  }

 private:
  void Accept() {
    for (;;) {
      auto socket = std::make_shared<tcp::socket>(ioc_);
      boost::system::error_code ec;
      acceptor_.accept(*socket, ec);
      std::lock_guard<std::mutex> lock(mu_);
      if (stopping_) return;
      if (ec) continue;
      sockets_.push_back(socket);
      threads_.emplace_back([this, socket] { Serve(*socket); });
    }
  }

  void Serve(tcp::socket& socket) {
    beast::flat_buffer buffer;
    for (;;) {
      http::request<http::string_body> req;
      boost::system::error_code ec;
      http::read(socket, buffer, req, ec);
      if (ec) break;
      http::response<http::string_body> res;
      std::chrono::milliseconds delay{0};
      bool twice = false;
      Answer(req, res, &delay, &twice);
      res.version(11);
      res.keep_alive(true);
      res.set(http::field::content_type, "application/json");
      res.prepare_payload();
      if (delay.count() > 0) std::this_thread::sleep_for(delay);
      http::write(socket, res, ec);
      if (!ec && twice) http::write(socket, res, ec);
      if (ec) break;
    }
    boost::system::error_code ignored;
    socket.shutdown(tcp::socket::shutdown_both, ignored);
  }

  static void Body(http::response<http::string_body>& res, http::status status, json::object o) {
    res.result(status);
    res.body() = json::serialize(o);
  }

  void Answer(const http::request<http::string_body>& req, http::response<http::string_body>& res,
              std::chrono::milliseconds* delay, bool* twice) {
    std::lock_guard<std::mutex> lock(mu_);
    ++state_.requests;
    if (req.method() != http::verb::post || req.target() != "/sms/messages") {
      ++state_.refused;
      Body(res, http::status::not_found, {{"error", "no_such_endpoint"}});
      return;
    }
    if (fail_next_ > 0) {
      --fail_next_;
      ++state_.failed;
      if (retry_after_ >= 0) res.set(http::field::retry_after, std::to_string(retry_after_));
      Body(res, http::status::service_unavailable, {{"error", "overloaded"}});
      return;
    }
    boost::system::error_code ec;
    json::value doc = json::parse(req.body(), ec);
    if (ec || !doc.is_object() || !doc.as_object().contains("id") || !doc.at("id").is_string() ||
        !doc.as_object().contains("to") || !doc.as_object().contains("text")) {
      ++state_.refused;
      Body(res, http::status::bad_request, {{"error", "malformed"}});
      return;
    }
    const std::string id(doc.at("id").as_string());
    const std::string to(doc.at("to").as_string());
    auto key = req.find("Idempotency-Key");
    if (key == req.end() || key->value() != id) {
      ++state_.refused;
      Body(res, http::status::bad_request, {{"error", "idempotency_key"}});
      return;
    }
    if (to == refuse_) {
      ++state_.refused;
      Body(res, http::status::bad_request, {{"id", id}, {"error", "invalid_number"}});
      return;
    }
    if (state_.delivered.count(id)) {
      ++state_.duplicates;
      Body(res, http::status::ok, {{"id", id}, {"status", "duplicate"}});
      return;
    }
    ++state_.delivered[id];
    state_.texts[id] = std::string(doc.at("text").as_string());
    Body(res, http::status::accepted, {{"id", id}, {"status", "accepted"}});
    if (delay_next_ > 0) {
      --delay_next_;
      *delay = delay_;
    }
    if (twice_next_ > 0) {
      --twice_next_;
      *twice = true;
    }
  }

  asio::io_context ioc_;
  tcp::acceptor acceptor_;
  unsigned short port_ = 0;
  std::thread accepter_;
  mutable std::mutex mu_;
  bool stopping_ = false;
  std::list<std::shared_ptr<tcp::socket>> sockets_;
  std::vector<std::thread> threads_;
  int fail_next_ = 0;
  int64_t retry_after_ = -1;
  int delay_next_ = 0;
  std::chrono::milliseconds delay_{0};
  int twice_next_ = 0;
  std::string refuse_;
  FakeGatewayState state_;
};

}  // namespace

Result<std::unique_ptr<FakeSmsGateway>> StartFakeSmsGateway() {
  try {
    return std::unique_ptr<FakeSmsGateway>(std::make_unique<Gateway>());
  } catch (const std::exception& e) {
    return Status::Unavailable(std::string("fake SMS gateway: ") + e.what());
  }
}

}  // namespace cardex::testing
