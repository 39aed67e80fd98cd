#include "tests/http/desk_driver.h"

#include <boost/json.hpp>

#include <algorithm>

#include "tests/http/http_client.h"
#include "tests/support/test_images.h"

namespace cardex::testing {

namespace {

// HttpClient::Send throws when nothing listens: a status of 0 instead.
HttpReply SendQuietly(HttpClient& c, const std::string& method, const std::string& target,
                      const std::string& body, const std::map<std::string, std::string>& headers) {
  try {
    return c.Send(method, target, body, headers);
  } catch (const std::exception&) {
    return HttpReply{};
  }
}

}  // namespace

DeskDriver::DeskDriver(uint16_t port, std::vector<std::string> codes, std::string login,
                       std::string password, std::string key_prefix, std::chrono::seconds retry_for)
    : port_(port), codes_(std::move(codes)), login_(std::move(login)),
      password_(std::move(password)), key_prefix_(std::move(key_prefix)), retry_for_(retry_for) {}

DeskDriver::~DeskDriver() { Stop(); }

bool DeskDriver::Start(int clients) {
  clients_.resize(static_cast<size_t>(clients));
  for (Client& c : clients_) {
    HttpClient http(port_);
    HttpReply r = SendQuietly(http, "POST", "/api/session",
                              R"({"login":")" + login_ + R"(","password":")" + password_ + "\"}",
                              {{"Content-Type", "application/json"}});
    if (r.status != 200) {
      Problem("logging in: " + std::to_string(r.status) + " " + r.body);
      return false;
    }
    c.csrf = std::string(boost::json::parse(r.body).at("csrf_token").as_string());
    c.cookie = http.cookie;
  }
  for (Client& c : clients_) threads_.emplace_back([this, &c] { Run(&c); });
  return true;
}

void DeskDriver::Stop() {
  stop_ = true;
  for (auto& t : threads_) t.join();
  threads_.clear();
}

void DeskDriver::Record(const std::string& member_no, const std::string& to_state) {
  std::lock_guard lock(mu_);
  acks_.push_back({member_no, to_state, Clock::now()});
}

void DeskDriver::Problem(std::string what) {
  std::lock_guard lock(mu_);
  problems_.push_back(std::move(what));
}

void DeskDriver::Run(Client* client) {
  HttpClient c(port_);
  c.cookie = client->cookie;
  const std::string png = PngHeader(400, 500);
  // Sends until answered with something other than 503 (or nothing), for
  // up to retry_for_; the answer, or status 0 when given up.
  auto send = [&](const std::string& method, const std::string& target, const std::string& body,
                  const std::map<std::string, std::string>& headers) {
    const auto began = Clock::now();
    for (;;) {
      const auto sent = Clock::now();
      HttpReply r = SendQuietly(c, method, target, body, headers);
      const double took = std::chrono::duration<double>(Clock::now() - sent).count();
      {
        std::lock_guard lock(mu_);
        longest_request_ = std::max(longest_request_, took);
      }
      if (r.status != 0 && r.status != 503) return r;
      if (Clock::now() - began > retry_for_) return HttpReply{};
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  };
  while (!stop_) {
    const size_t i = next_code_++;
    if (i >= codes_.size()) {
      Problem("out of invitation codes");
      return;
    }
    HttpReply found = send("POST", "/api/desk/lookup", R"({"invitation_code":")" + codes_[i] + "\"}",
                           {{"X-CSRF-Token", client->csrf}});
    if (found.status != 200) {
      Problem("lookup: " + std::to_string(found.status) + " " + found.body);
      continue;
    }
    const std::string no(
        boost::json::parse(found.body).at("members").at(0).at("member_no").as_string());
    const std::string base = "/api/members/" + no;
    struct Step {
      const char* method;
      std::string target, body, content_type;
      const char* to_state;
    } steps[] = {{"POST", base + "/check-in", "{}", "application/json", "checked_in"},
                 {"PUT", base + "/photo", png, "image/png", "captured"},
                 {"POST", base + "/confirm", "{}", "application/json", "confirmed"},
                 {"POST", base + "/submit", "{}", "application/json", "submitted"}};
    for (const Step& step : steps) {
      const std::string key = key_prefix_ + ":" + no + ":" + step.to_state;
      HttpReply r = send(step.method, step.target, step.body,
                         {{"X-CSRF-Token", client->csrf},
                          {"Idempotency-Key", key},
                          {"Content-Type", step.content_type}});
      if (r.status != 200) {
        Problem(step.target + ": " + std::to_string(r.status) + " " + r.body);
        break;
      }
      Record(no, step.to_state);
    }
  }
}

size_t DeskDriver::AckCount() const {
  std::lock_guard lock(mu_);
  return acks_.size();
}

std::vector<DeskDriver::Ack> DeskDriver::Acks() const {
  std::lock_guard lock(mu_);
  return acks_;
}

std::vector<std::string> DeskDriver::Problems() const {
  std::lock_guard lock(mu_);
  return problems_;
}

double DeskDriver::LongestRequestSeconds() const {
  std::lock_guard lock(mu_);
  return longest_request_;
}

double DeskDriver::LongestGapAfter(Clock::time_point from) const {
  std::vector<Clock::time_point> times;
  {
    std::lock_guard lock(mu_);
    for (const Ack& a : acks_) times.push_back(a.at);
  }
  std::sort(times.begin(), times.end());
  double longest = 0;
  Clock::time_point previous = from;
  for (Clock::time_point t : times) {
    if (t <= from) continue;
    longest = std::max(longest, std::chrono::duration<double>(t - previous).count());
    previous = t;
  }
  return longest;
}

}  // namespace cardex::testing
