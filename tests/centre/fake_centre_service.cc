#include "tests/centre/fake_centre_service.h"

#include <sodium.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <list>
#include <mutex>
#include <thread>
#include <vector>

#include "cardex/store/audit_chain.h"

namespace cardex::testing {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace json = boost::json;
using tcp = asio::ip::tcp;

std::string Unhex(std::string_view hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    out += static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16));
  }
  return out;
}

class Centre final : public FakeCentreService {
 public:
  explicit Centre(const std::array<uint8_t, 32>& key)
      : key_(key), acceptor_(ioc_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
    port_ = acceptor_.local_endpoint().port();
    accepter_ = std::thread([this] { Accept(); });
  }
  ~Centre() override {
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

  std::string url() const override { return "http://127.0.0.1:" + std::to_string(port_); }
  void Refuse(std::set<std::string> m) override {
    std::lock_guard<std::mutex> lock(mu_);
    refuse_ = std::move(m);
  }
  void FailAfter(int64_t n) override {
    std::lock_guard<std::mutex> lock(mu_);
    fail_after_ = n;
  }
  void LoseNextAnswer() override {
    std::lock_guard<std::mutex> lock(mu_);
    lose_next_ = true;
  }
  FakeCentreState state() const override {
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
      if (!Answer(req, res)) break;
      res.version(11);
      res.keep_alive(req.keep_alive());
      res.set(http::field::content_type, "application/json");
      res.prepare_payload();
      http::write(socket, res, ec);
      if (ec || !req.keep_alive()) break;
    }
    boost::system::error_code ignored;
    socket.shutdown(tcp::socket::shutdown_both, ignored);
  }

  static void Error(http::response<http::string_body>& res, http::status status,
                    const std::string& message) {
    res.result(status);
    json::object o;
    o["error"] = message;
    res.body() = json::serialize(o);
  }

  bool Answer(const http::request<http::string_body>& req, http::response<http::string_body>& res) {
    if (req.method() != http::verb::post || req.target() != "/v1/batches") {
      Error(res, http::status::not_found, "no such endpoint");
      return true;
    }
    const std::string& body = req.body();
    // "ed25519 key_id=K sig=HEX"
    auto sig_header = req.find("X-Cardex-Signature");
    const std::string sig_text = sig_header == req.end() ? "" : std::string(sig_header->value());
    const size_t at = sig_text.find("sig=");
    const std::string signature = at == std::string::npos ? "" : Unhex(sig_text.substr(at + 4));
    if (signature.size() != crypto_sign_BYTES ||
        crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(signature.data()),
                                    reinterpret_cast<const unsigned char*>(body.data()),
                                    body.size(), key_.data()) != 0) {
      std::lock_guard<std::mutex> lock(mu_);
      ++state_.refused_bad;
      Error(res, http::status::bad_request, "signature does not verify");
      return true;
    }
    boost::system::error_code ec;
    json::value doc = json::parse(body, ec);
    if (ec || !doc.is_object() || doc.at("format") != "cardex-centre-batch/1" ||
        Sha256Hex(json::serialize(doc.at("records"))) !=
            json::value_to<std::string>(doc.at("manifest").at("records_sha256")) ||
        doc.at("manifest").at("records").to_number<int64_t>() !=
            static_cast<int64_t>(doc.at("records").as_array().size())) {
      std::lock_guard<std::mutex> lock(mu_);
      ++state_.refused_bad;
      Error(res, http::status::bad_request, "manifest does not match the records");
      return true;
    }
    const std::string id = json::value_to<std::string>(doc.at("batch_id"));
    std::lock_guard<std::mutex> lock(mu_);
    if (auto it = answers_.find(id); it != answers_.end()) {
      if (it->second.first != Sha256Hex(body)) {
        Error(res, http::status::conflict, "another batch with this id");
        return true;
      }
      ++state_.replays;
      res.result(http::status::ok);
      res.body() = it->second.second;
      return true;
    }
    if (fail_after_ >= 0 && state_.batches >= fail_after_) {
      Error(res, http::status::service_unavailable, "down for maintenance");
      return true;
    }
    json::array records;
    for (const json::value& r : doc.at("records").as_array()) {
      const std::string no = json::value_to<std::string>(r.at("member_no"));
      ++state_.received[no];
      json::object a;
      a["member_no"] = no;
      if (refuse_.count(no)) {
        a["status"] = "refused";
        a["reason"] = "ảnh không rõ mặt";
      } else {
        a["status"] = "acknowledged";
      }
      records.emplace_back(std::move(a));
    }
    json::object answer;
    answer["batch_id"] = id;
    answer["records"] = std::move(records);
    ++state_.batches;
    answers_[id] = {Sha256Hex(body), json::serialize(answer)};
    if (lose_next_) {
      lose_next_ = false;
      return false;  // taken, but the answer never reaches the sender
    }
    res.result(http::status::ok);
    res.body() = answers_[id].second;
    return true;
  }

  const std::array<uint8_t, 32> key_;
  asio::io_context ioc_;
  tcp::acceptor acceptor_;
  unsigned short port_ = 0;
  std::thread accepter_;
  mutable std::mutex mu_;
  bool stopping_ = false;
  std::list<std::shared_ptr<tcp::socket>> sockets_;
  std::vector<std::thread> threads_;
  std::set<std::string> refuse_;
  int64_t fail_after_ = -1;
  bool lose_next_ = false;
  std::map<std::string, std::pair<std::string, std::string>> answers_;  // id -> (sha, answer)
  FakeCentreState state_;
};

}  // namespace

Result<std::unique_ptr<FakeCentreService>> StartFakeCentreService(
    const std::array<uint8_t, 32>& public_key) {
  try {
    return std::unique_ptr<FakeCentreService>(std::make_unique<Centre>(public_key));
  } catch (const std::exception& e) {
    return Status::Unavailable(std::string("fake centre: ") + e.what());
  }
}

}  // namespace cardex::testing
