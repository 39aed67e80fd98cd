// A live server on a loopback port over the intake tests' small campaign
// (tests/intake/intake_fixture.h), on SQLite or a live PostgreSQL, with one
// account per role:
//   admin (administrator, ""), prov (province_coordinator, P),
//   commune (commune_officer, P.C), cell2 (cell_secretary, P.C.2),
//   desk (station_officer, S), inspector (inspector, P).
// Every password is "correct horse battery".
#ifndef CARDEX_TESTS_HTTP_SERVER_FIXTURE_H_
#define CARDEX_TESTS_HTTP_SERVER_FIXTURE_H_

#include <memory>
#include <string>
#include <thread>

#include <boost/json.hpp>

#include "cardex/auth/accounts.h"
#include "cardex/http/app.h"
#include "cardex/http/server.h"
#include "tests/http/http_client.h"
#include "tests/intake/intake_fixture.h"

namespace cardex::testing {

inline constexpr const char* kPassword = "correct horse battery";

class ServerTest : public IntakeTest {
 protected:
  void SetUp() override {
    IntakeTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    struct U {
      const char* login;
      Role role;
      const char* scope;
    } users[] = {{"admin", Role::kAdministrator, ""},
                 {"prov", Role::kProvinceCoordinator, "P"},
                 {"commune", Role::kCommuneOfficer, "P.C"},
                 {"cell2", Role::kCellSecretary, "P.C.2"},
                 {"desk", Role::kStationOfficer, "S"},
                 {"inspector", Role::kInspector, "P"}};
    for (const U& u : users) {
      NewUser n{u.login, u.login, u.role, u.scope};
      Status s = CreateUser(*store_, n, kPassword, "test", Clock::now());
      ASSERT_TRUE(s.ok()) << s.message();
    }
    http::AppOptions options;
    options.db_spec = spec_;
    options.log = nullptr;
    AdjustOptions(&options);
    auto app = http::App::Create(options);
    ASSERT_TRUE(app.ok()) << app.status().message();
    app_ = std::move(*app);
    http::ServerOptions so;
    so.port = 0;
    so.threads = 2;
    so.body_limit = 256 * 1024;
    auto server = http::Server::Listen(so, [this](http::Request& r) { return app_->Handle(r); });
    ASSERT_TRUE(server.ok()) << server.status().message();
    server_ = std::move(*server);
    thread_ = std::thread([this] { server_->Run(); });
  }

  void TearDown() override {
    if (server_) {
      server_->Stop();
      thread_.join();
    }
  }

  // A fixture's own settings for the application, before it starts.
  virtual void AdjustOptions(http::AppOptions*) {}

  // A client logged in as `login`, with the CSRF token in `csrf`.
  std::unique_ptr<HttpClient> LogIn(const std::string& login, std::string* csrf = nullptr) {
    auto c = std::make_unique<HttpClient>(server_->port());
    HttpReply r = c->Send("POST", "/api/session",
                          R"({"login":")" + login + R"(","password":")" + kPassword + R"("})",
                          {{"Content-Type", "application/json"}});
    EXPECT_EQ(r.status, 200) << r.body;
    if (csrf && r.status == 200) {
      *csrf = std::string(boost::json::parse(r.body).at("csrf_token").as_string());
    }
    return c;
  }

  std::unique_ptr<http::App> app_;
  std::unique_ptr<http::Server> server_;
  std::thread thread_;
};

}  // namespace cardex::testing

#endif  // CARDEX_TESTS_HTTP_SERVER_FIXTURE_H_
