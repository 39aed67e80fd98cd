// Feeds arbitrary bytes as an HTTP request (request line and headers, as
// the server's Beast parser reads them: src/http/server.cc) into what the
// server derives from them for the operators: the metrics labels
// (src/http/metrics.cc) and the access-log line (cardex/core/log_line.h, as
// App::Handle writes it: the method reduced to its metrics label).
// However crafted the request, /metrics must keep a closed set of series
// and the log line must be one bounded line of valid JSON that holds none
// of the request's own text beyond the closed method set.
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "cardex/core/text.h"
#include "cardex/http/message.h"
#include "cardex/core/log_line.h"
#include "src/http/metrics.h"

namespace {

namespace bhttp = boost::beast::http;

// Names the broken check, so that a finding says which promise failed.
#define Check(condition)                                                  \
  do {                                                                    \
    if (!(condition)) {                                                   \
      std::fprintf(stderr, "check failed: %s (line %d)\n", #condition, __LINE__); \
      std::abort();                                                       \
    }                                                                     \
  } while (false)

// The routes the fuzzer pretends matched: a pattern or "unmatched".
constexpr std::string_view kRoutes[] = {"unmatched", "/api/members/{member_no}", "/metrics"};
// Series bound: routes × (7 methods + other) × (5 classes + other).
constexpr size_t kMaxSeries = std::size(kRoutes) * 8 * 6;

cardex::http::Metrics& SharedMetrics() {
  static cardex::http::Metrics metrics;  // grows across inputs: that is the point
  return metrics;
}

bool KnownMethod(std::string_view m) {
  for (std::string_view k : {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "other"}) {
    if (m == k) return true;
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const int status = 100 + data[0] * 3;  // 100..865: in and out of range
  const std::string_view route = kRoutes[data[1] % std::size(kRoutes)];
  std::string_view bytes(reinterpret_cast<const char*>(data + 2), size - 2);

  bhttp::request_parser<bhttp::string_body> parser;
  parser.header_limit(16 * 1024);
  parser.body_limit(64 * 1024);
  parser.eager(true);
  boost::beast::error_code ec;
  parser.put(boost::asio::buffer(bytes.data(), bytes.size()), ec);
  if (!parser.is_header_done()) return 0;
  const auto& req = parser.get();
  cardex::http::Request request;
  request.method = std::string(req.method_string());
  request.target = std::string(req.target());
  for (const auto& field : req) request.headers[std::string(field.name_string())] = std::string(field.value());
  (void)cardex::http::DecodeTarget(&request);

  // Metrics: the labels are from the closed sets.
  const std::string_view label = cardex::http::MethodLabel(request.method);
  Check(KnownMethod(label));
  Check(label == "other" || label == request.method);
  const std::string_view cls = cardex::http::StatusClass(status);
  Check(cls == "other" || (cls.size() == 3 && cls.substr(1) == "xx"));
  cardex::http::Metrics& metrics = SharedMetrics();
  metrics.Request(std::string(route), request.method, status, std::chrono::microseconds(size));
  const std::string exposition = metrics.Exposition();
  size_t series = 0;
  for (size_t at = exposition.find("\ncardex_http_requests_total{"); at != std::string::npos;
       at = exposition.find("\ncardex_http_requests_total{", at + 1)) {
    ++series;
  }
  Check(series <= kMaxSeries);
  Check(exposition.size() < 64 * 1024);

  // The access log: one line, valid UTF-8 and JSON, bounded, with the
  // method reduced and the user (here the client's Host header, standing
  // for anything a future change might pass) escaped and cut.
  std::string line;
  for (cardex::LogFormat format : {cardex::LogFormat::kLogfmt, cardex::LogFormat::kJson}) {
    line = cardex::LogLine(format, "2025-08-05T00:00:00.000Z", cardex::LogLevel::kInfo, "request")
               .Add("method", cardex::http::MethodLabel(request.method))
               .Add("route", route)
               .Add("status", static_cast<int64_t>(status))
               .Add("us", int64_t{1})
               .Add("user", request.Header("host"))
               .Finish();
    Check(line.size() < 1024);
    Check(line.find('\n') == line.size() - 1);
    Check(!cardex::FindInvalidUtf8(line).has_value());
  }
  Check(line.size() < 1024);
  Check(!line.empty() && line.back() == '\n');
  Check(line.find('\n') == line.size() - 1);
  Check(!cardex::FindInvalidUtf8(line).has_value());
  boost::system::error_code jec;
  boost::json::value v = boost::json::parse(std::string_view(line).substr(0, line.size() - 1), jec);
  Check(!jec && v.is_object());
  Check(KnownMethod(v.at("method").as_string()));
  Check(v.at("route").as_string() == route);
  return 0;
}
