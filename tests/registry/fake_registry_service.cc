#include "tests/registry/fake_registry_service.h"

#include <algorithm>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <list>
#include <mutex>
#include <thread>
#include <vector>

#include "cardex/reconcile/registry.h"
#include "registry/wire.h"

namespace cardex::testing {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
namespace wire = registry::wire;

class Service final : public FakeRegistryService {
 public:
  Service(std::unique_ptr<Store> store, FakeRegistryOptions options)
      : store_(std::move(store)),
        registry_(reconcile::MakeStoreRegistry(*store_)),
        options_(std::move(options)),
        acceptor_(ioc_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
    port_ = acceptor_.local_endpoint().port();
    accepter_ = std::thread([this] { Accept(); });
  }

  ~Service() override {
    boost::system::error_code ignored;
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopping_ = true;
      for (auto& socket : sockets_) socket->shutdown(tcp::socket::shutdown_both, ignored);
    }
    // A blocking accept does not wake when its socket is closed: a
    // connection does.
    {
      asio::io_context ioc;
      tcp::socket wake(ioc);
      wake.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_), ignored);
      accepter_.join();
    }
    acceptor_.close(ignored);
    for (std::thread& t : threads_) t.join();
  }

  std::string url() const override { return "http://127.0.0.1:" + std::to_string(port_); }
  void Set(const Misbehaviour& m) override {
    std::lock_guard<std::mutex> lock(mu_);
    misbehaviour_ = m;
  }
  FakeRegistryCounters counters() const override {
    std::lock_guard<std::mutex> lock(mu_);
    return counters_;
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
      if (!Answer(req, res)) break;  // dropped on purpose
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

  // False: drop the connection without an answer.
  bool Answer(const http::request<http::string_body>& req, http::response<http::string_body>& res) {
    Misbehaviour m;
    int64_t n;
    {
      std::lock_guard<std::mutex> lock(mu_);
      m = misbehaviour_;
      n = ++counters_.requests;
    }
    auto every = [n](int k) { return k > 0 && n % k == 0; };
    auto misbehaved = [&] {
      std::lock_guard<std::mutex> lock(mu_);
      ++counters_.misbehaved;
    };
    if (m.latency_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(m.latency_ms));
    if (every(m.slow_every)) {
      misbehaved();
      std::this_thread::sleep_for(std::chrono::milliseconds(m.slow_ms));
    }
    if (every(m.drop_every)) {
      misbehaved();
      return false;
    }
    if (m.down || every(m.fail_every)) {
      misbehaved();
      res.result(m.down || n % 2 == 0 ? http::status::service_unavailable
                                      : http::status::internal_server_error);
      res.body() = wire::EncodeError("unavailable");
      return true;
    }
    if (every(m.throttle_every)) {
      misbehaved();
      res.result(http::status::too_many_requests);
      res.set(http::field::retry_after, std::to_string(m.retry_after_s));
      res.body() = wire::EncodeError("slow down");
      return true;
    }
    if (!options_.required_token.empty()) {
      auto it = req.find(http::field::authorization);
      if (it == req.end() || it->value() != "Bearer " + options_.required_token) {
        res.result(http::status::unauthorized);
        res.body() = wire::EncodeError("bearer token required");
        return true;
      }
    }
    if (req.method() != http::verb::post) {
      res.result(http::status::method_not_allowed);
      res.body() = wire::EncodeError("POST only");
      return true;
    }
    const std::string target(req.target());
    const bool lookup = target == wire::kLookupPath;
    if (!lookup && target != wire::kCandidatesPath) {
      res.result(http::status::not_found);
      res.body() = wire::EncodeError("no such endpoint");
      return true;
    }
    std::vector<wire::Row> rows;
    std::string token;
    Status s = lookup ? Lookup(req.body(), &rows, &token) : Candidates(req.body(), &rows, &token);
    if (!s.ok()) {
      res.result(http::status::bad_request);
      res.body() = wire::EncodeError(s.message());
      return true;
    }
    if (m.duplicate_rows) {
      std::vector<wire::Row> twice;
      for (const wire::Row& r : rows) {
        twice.push_back(r);
        twice.push_back(r);
      }
      rows = std::move(twice);
    }
    // Pages: token "pK" is page K.
    size_t page = 0;
    // Page faults count their own kind of request, so that an answer of
    // fewer pages than the period always gets through in the end.
    auto every_page = [&](int k, int64_t& count) {
      std::lock_guard<std::mutex> lock(mu_);
      return k > 0 && ++count % k == 0;
    };
    if (!token.empty()) {
      if (every_page(m.gone_page_every, later_pages_)) {
        misbehaved();
        res.result(http::status::gone);
        res.body() = wire::EncodeError("page expired");
        return true;
      }
      page = std::stoul(token.substr(1));
    }
    const size_t size = std::max<size_t>(options_.page_size, 1);
    const size_t begin = std::min(rows.size(), page * size);
    const size_t end = std::min(rows.size(), begin + size);
    size_t next = end < rows.size() ? page + 1 : 0;
    if (next != 0 && every_page(m.skip_page_every, pages_with_next_)) {
      misbehaved();
      ++next;  // the client finds fewer rows than the total
      if (next * size >= rows.size()) next = 0;
    }
    const std::string next_token = next ? "p" + std::to_string(next) : "";
    const std::span<const wire::Row> part(rows.data() + begin, end - begin);
    res.result(http::status::ok);
    res.body() = lookup ? wire::EncodeLookupPage(part, static_cast<int64_t>(rows.size()), next_token)
                        : wire::EncodeCandidatesPage(part, static_cast<int64_t>(rows.size()),
                                                     next_token);
    return true;
  }

  static wire::Row RowOf(const CitizenView& c, int64_t query) {
    return {query,
            c.citizen_id,
            std::string(c.full_name),
            std::string(c.birth_date),
            std::string(c.gender),
            std::string(c.deceased_on)};
  }

  Status Lookup(const std::string& body, std::vector<wire::Row>* rows, std::string* token) {
    CARDEX_ASSIGN_OR_RETURN(wire::LookupRequest req, wire::DecodeLookupRequest(body));
    std::sort(req.ids.begin(), req.ids.end());
    req.ids.erase(std::unique(req.ids.begin(), req.ids.end()), req.ids.end());
    *token = req.page_token;
    std::lock_guard<std::mutex> lock(store_mu_);
    {
      std::lock_guard<std::mutex> counters(mu_);
      ++counters_.lookups;
      counters_.ids_asked += static_cast<int64_t>(req.ids.size());
    }
    reconcile::RegistryBatch batch;
    batch.ids = req.ids;
    batch.on_record = [&](size_t, const CitizenView& c) {
      rows->push_back(RowOf(c, -1));
      return Status::Ok();
    };
    return registry_->Ask(batch);
  }

  Status Candidates(const std::string& body, std::vector<wire::Row>* rows, std::string* token) {
    CARDEX_ASSIGN_OR_RETURN(wire::CandidatesRequest req, wire::DecodeCandidatesRequest(body));
    *token = req.page_token;
    std::vector<reconcile::CandidateQuery> queries;
    for (size_t q = 0; q < req.names.size(); ++q) {
      queries.push_back({req.names[q], req.dates[q], req.genders[q]});
    }
    std::lock_guard<std::mutex> lock(store_mu_);
    {
      std::lock_guard<std::mutex> counters(mu_);
      ++counters_.candidate_requests;
      counters_.queries_asked += static_cast<int64_t>(queries.size());
    }
    reconcile::RegistryBatch batch;
    batch.queries = queries;
    batch.on_candidate = [&](size_t q, const CitizenView& c) {
      rows->push_back(RowOf(c, static_cast<int64_t>(q)));
      return Status::Ok();
    };
    CARDEX_RETURN_IF_ERROR(registry_->Ask(batch));
    // One order whatever the store's, so that pages are stable.
    std::sort(rows->begin(), rows->end(), [](const wire::Row& a, const wire::Row& b) {
      return a.query != b.query ? a.query < b.query : a.citizen_id < b.citizen_id;
    });
    return Status::Ok();
  }

  std::unique_ptr<Store> store_;
  std::unique_ptr<reconcile::Registry> registry_;
  const FakeRegistryOptions options_;
  asio::io_context ioc_;
  tcp::acceptor acceptor_;
  unsigned short port_ = 0;
  std::thread accepter_;
  mutable std::mutex mu_;
  std::mutex store_mu_;
  bool stopping_ = false;
  std::list<std::shared_ptr<tcp::socket>> sockets_;
  std::vector<std::thread> threads_;
  Misbehaviour misbehaviour_;
  FakeRegistryCounters counters_;
  int64_t later_pages_ = 0, pages_with_next_ = 0;
};

}  // namespace

Result<std::unique_ptr<FakeRegistryService>> StartFakeRegistryService(
    std::unique_ptr<Store> citizens, const FakeRegistryOptions& options) {
  try {
    return std::unique_ptr<FakeRegistryService>(
        std::make_unique<Service>(std::move(citizens), options));
  } catch (const std::exception& e) {
    return Status::Unavailable(std::string("fake registry service: ") + e.what());
  }
}

}  // namespace cardex::testing
