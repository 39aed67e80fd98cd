// /metrics and the access log hold no text chosen by the client: thousands
// of requests with distinct, long, crafted methods and paths add no series
// and leave nothing of themselves in the log (docs/security.md, "Metrics
// and the access log").
#include <gtest/gtest.h>

#include <cstdio>

#include "tests/http/server_fixture.h"

namespace cardex::testing {
namespace {

using MetricsLabelsTest = ServerTest;

TEST_P(MetricsLabelsTest, CraftedMethodsAndPathsAddNoSeries) {
  HttpClient c(server_->port());
  ASSERT_EQ(c.Send("GET", "/healthz").status, 200);
  const size_t before = c.Send("GET", "/metrics").body.size();
  for (int i = 0; i < 2000; ++i) {
    // Beast accepts any token as a method; each one distinct and 200 bytes.
    std::string method = "X" + std::to_string(i) + std::string(200, 'M');
    HttpReply r = c.Send(method, "/api/zz" + std::to_string(i) + "?q=" + std::string(100, 'a'));
    EXPECT_GE(r.status, 400);
  }
  for (int i = 0; i < 50; ++i) c.Send("GET", "/healthz");
  HttpReply m = c.Send("GET", "/metrics");
  ASSERT_EQ(m.status, 200);
  EXPECT_EQ(m.body.find("MMMM"), std::string::npos);
  EXPECT_EQ(m.body.find("/api/zz"), std::string::npos);
  EXPECT_NE(m.body.find(R"(route="unmatched",method="other",code="4xx"} 2000)"), std::string::npos)
      << m.body;
  // A few new series (the unmatched route's), not one per request.
  EXPECT_LT(m.body.size(), before + 4096) << m.body;
}

TEST_P(MetricsLabelsTest, TheAccessLogNamesOnlyKnownMethodsAndRoutePatterns) {
  FILE* log = std::tmpfile();
  ASSERT_NE(log, nullptr);
  http::AppOptions options;
  options.db_spec = spec_;
  options.log = log;
  auto app = http::App::Create(options);
  ASSERT_TRUE(app.ok()) << app.status().message();
  for (const char* method : {"GET", "BREW\"},{\"evil\":1", "get"}) {
    http::Request r;
    r.method = method;
    r.target = r.path = "/api/members/079080000001/\xff\xfe" + std::string(5000, 'p');
    r.headers["user-agent"] = std::string(5000, 'u');
    (*app)->Handle(r);
  }
  std::fflush(log);
  std::rewind(log);
  std::string text;
  char buf[4096];
  for (size_t n; (n = std::fread(buf, 1, sizeof buf, log)) > 0;) text.append(buf, n);
  std::fclose(log);
  app->reset();
  EXPECT_EQ(text.find("BREW"), std::string::npos) << text;
  EXPECT_EQ(text.find("evil"), std::string::npos) << text;
  EXPECT_EQ(text.find("079080000001"), std::string::npos) << text;
  EXPECT_EQ(text.find("ppp"), std::string::npos) << text;
  EXPECT_EQ(text.find("uuu"), std::string::npos) << text;
  EXPECT_NE(text.find(R"("method":"other")"), std::string::npos) << text;
  EXPECT_LT(text.size(), 3 * 400u) << text;  // three short lines
}

INSTANTIATE_TEST_SUITE_P(Http, MetricsLabelsTest, kBothBackends, BackendName);

}  // namespace
}  // namespace cardex::testing
