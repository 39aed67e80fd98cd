// X-Forwarded-For and X-Forwarded-Proto are believed from configured proxies
// only (docs/security.md, "Behind a proxy"): behind one, each client gets
// its own login-throttle bucket; anyone else's headers change nothing. The
// session cookie is Secure when a trusted proxy says HTTPS, or always /
// never when chosen explicitly.
#include <gtest/gtest.h>

#include "src/http/client_address.h"
#include "tests/http/server_fixture.h"

namespace cardex::testing {
namespace {

using http::TrustedProxies;

TEST(TrustedProxies, OnlyConfiguredProxiesAreBelieved) {
  auto proxies = TrustedProxies::Parse({"10.0.0.1", "192.168.0.0/16", "fd00::/8"});
  ASSERT_TRUE(proxies.ok()) << proxies.status().message();
  // Straight from a client: its headers are its own claims.
  auto c = proxies->Resolve("203.0.113.9", "1.2.3.4", "https");
  EXPECT_EQ(c.address, "203.0.113.9");
  EXPECT_FALSE(c.https);
  // Through one proxy.
  c = proxies->Resolve("10.0.0.1", "198.51.100.7", "https");
  EXPECT_EQ(c.address, "198.51.100.7");
  EXPECT_TRUE(c.https);
  // Through two of ours; the leftmost entry is the client's forgery.
  c = proxies->Resolve("10.0.0.1", "6.6.6.6, 198.51.100.7, 192.168.3.4", "http");
  EXPECT_EQ(c.address, "198.51.100.7");
  EXPECT_FALSE(c.https);
  // Garbage stops at the proxy that passed it on; v4-mapped is v4.
  EXPECT_EQ(proxies->Resolve("10.0.0.1", "not-an-ip", "").address, "10.0.0.1");
  EXPECT_EQ(proxies->Resolve("::ffff:10.0.0.1", "198.51.100.8", "").address, "198.51.100.8");
  EXPECT_EQ(proxies->Resolve("fd12::1", "2001:db8::5", "").address, "2001:db8::5");
  // No proxies configured: the peer, always.
  TrustedProxies none;
  EXPECT_EQ(none.Resolve("127.0.0.1", "1.2.3.4", "https").address, "127.0.0.1");
  EXPECT_FALSE(TrustedProxies::Parse({"10.0.0.0/33"}).ok());
  EXPECT_FALSE(TrustedProxies::Parse({"proxy.example"}).ok());
}

class ProxyAppTest : public ServerTest {
 protected:
  // An App (no socket) with a throttle of two attempts per address.
  std::unique_ptr<http::App> MakeApp(std::vector<std::string> proxies,
                                     http::AppOptions::SecureCookies secure =
                                         http::AppOptions::SecureCookies::kAuto) {
    http::AppOptions options;
    options.db_spec = spec_;
    options.log = nullptr;
    options.throttle.burst = 2;
    options.throttle.refill = std::chrono::hours(1);
    options.trusted_proxies = std::move(proxies);
    options.secure_cookies = secure;
    auto app = http::App::Create(options);
    EXPECT_TRUE(app.ok()) << app.status().message();
    return app.ok() ? std::move(*app) : nullptr;
  }
  static http::Response Login(http::App& app, const std::string& peer, const std::string& xff,
                              const std::string& password = "wrong password!",
                              const std::string& proto = "") {
    http::Request r;
    r.method = "POST";
    r.target = r.path = "/api/session";
    r.client_ip = peer;
    r.headers["content-type"] = "application/json";
    if (!xff.empty()) r.headers["x-forwarded-for"] = xff;
    if (!proto.empty()) r.headers["x-forwarded-proto"] = proto;
    r.body = R"({"login":"nobody","password":")" + password + "\"}";
    if (password == kPassword) r.body = R"({"login":"desk","password":")" + password + "\"}";
    return app.Handle(r);
  }
  static std::string Cookie(const http::Response& r) {
    for (const auto& [name, value] : r.headers) {
      if (name == "Set-Cookie") return value;
    }
    return "";
  }
};

TEST_P(ProxyAppTest, BehindATrustedProxyEachClientHasItsOwnBucket) {
  auto app = MakeApp({"127.0.0.1"});
  ASSERT_TRUE(app);
  // Six clients, one proxy: never throttled (each has two attempts).
  for (int i = 0; i < 6; ++i) {
    EXPECT_EQ(Login(*app, "127.0.0.1", "198.51.100." + std::to_string(i)).status, 401) << i;
  }
  // One client through the proxy: its third attempt is throttled.
  EXPECT_EQ(Login(*app, "127.0.0.1", "198.51.100.0").status, 401);
  EXPECT_EQ(Login(*app, "127.0.0.1", "198.51.100.0").status, 429);
}

TEST_P(ProxyAppTest, FromAnyoneElseForwardedForIsIgnored) {
  auto app = MakeApp({"10.9.9.9"});
  ASSERT_TRUE(app);
  // The peer is no proxy of ours: rotating the header does not help.
  EXPECT_EQ(Login(*app, "127.0.0.1", "198.51.100.1").status, 401);
  EXPECT_EQ(Login(*app, "127.0.0.1", "198.51.100.2").status, 401);
  EXPECT_EQ(Login(*app, "127.0.0.1", "198.51.100.3").status, 429);
}

TEST_P(ProxyAppTest, SessionCookieIsSecureBehindTlsAndWhenChosen) {
  auto app = MakeApp({"127.0.0.1"});
  ASSERT_TRUE(app);
  // A trusted proxy says HTTPS: Secure.
  std::string c = Cookie(Login(*app, "127.0.0.1", "198.51.100.1", kPassword, "https"));
  EXPECT_NE(c.find("; Secure"), std::string::npos) << c;
  // Plain HTTP, or a client claiming HTTPS itself: not.
  c = Cookie(Login(*app, "127.0.0.1", "198.51.100.2", kPassword, "http"));
  EXPECT_EQ(c.find("Secure"), std::string::npos) << c;
  auto direct = MakeApp({});
  c = Cookie(Login(*direct, "127.0.0.1", "", kPassword, "https"));
  EXPECT_FALSE(c.empty());
  EXPECT_EQ(c.find("Secure"), std::string::npos) << c;
  // Explicit: always, never.
  auto always = MakeApp({}, http::AppOptions::SecureCookies::kAlways);
  EXPECT_NE(Cookie(Login(*always, "127.0.0.1", "", kPassword)).find("; Secure"), std::string::npos);
  auto never = MakeApp({"127.0.0.1"}, http::AppOptions::SecureCookies::kNever);
  EXPECT_EQ(Cookie(Login(*never, "127.0.0.1", "1.2.3.4", kPassword, "https")).find("Secure"),
            std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Http, ProxyAppTest, kBothBackends, BackendName);

}  // namespace
}  // namespace cardex::testing
