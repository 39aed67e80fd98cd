// Every route × every role: no answer carries a member's full citizen id
// where the role sees masked ids (docs/security.md, "Masked ids"), not
// even inside a signed card payload (its body is decoded and searched).
// The route list comes from the application itself, so a new route that
// this walk does not know fails the test until it is given parameters.
#include <gtest/gtest.h>

#include <sodium.h>

#include <algorithm>
#include <regex>
#include <set>

#include "cardex/auth/authorize.h"
#include "cardex/auth/scope.h"
#include "cardex/groups/groups.h"
#include "tests/http/server_fixture.h"
#include "tests/support/test_images.h"

namespace cardex::testing {
namespace {

using MaskedIdsTest = ServerTest;

std::map<std::string, std::string> Change(const std::string& csrf, const std::string& key) {
  return {{"X-CSRF-Token", csrf}, {"Idempotency-Key", key}, {"Content-Type", "application/json"}};
}

// The text an answer shows, with every CDX1 payload's body decoded beside it.
std::string Searchable(const HttpReply& r) {
  std::string out = r.body;
  for (const auto& [name, value] : r.headers) out += "\n" + name + ": " + value;
  static const std::regex kPayload("CDX1\\.([A-Za-z0-9_-]+)");
  for (std::sregex_iterator it(r.body.begin(), r.body.end(), kPayload), end; it != end; ++it) {
    std::string b64 = (*it)[1];
    std::string bin(b64.size(), '\0');
    size_t len = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(bin.data()), bin.size(), b64.data(),
                          b64.size(), nullptr, &len, nullptr,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING) == 0) {
      out += "\n" + bin.substr(0, len);
    }
  }
  return out;
}

TEST_P(MaskedIdsTest, NoRouteShowsAFullIdToARoleThatSeesMaskedIds) {
  // A working-group member (an inspector of the other cell, who reads P.C.1
  // through the group) besides the fixture's six roles.
  ASSERT_TRUE(CreateUser(*store_, {"grp", "grp", Role::kInspector, "P.C.2"}, kPassword, "test",
                         Clock::now())
                  .ok());
  ASSERT_TRUE(groups::DefineGroup(*store_, {"G1", "Tổ 1", "", "P.C", {}, {}}, "test",
                                  "2025-08-05T00:00:00Z")
                  .ok());
  ASSERT_TRUE(groups::AssignUnit(*store_, "G1", "P.C.1", "test", "2025-08-05T00:00:00Z").ok());
  ASSERT_TRUE(groups::AddMember(*store_, "G1", "grp", "test", "2025-08-05T00:00:00Z").ok());
  groups::Inspection in{0, "G1", "P.C.1", "2025-08-05", "ổn", "", "", {}};
  groups::FollowUp f;
  f.text = "gọi lại";
  f.owner = "grp";
  f.due_on = "2025-08-07";
  in.follow_ups.push_back(f);
  auto recorded = groups::RecordInspection(*store_, in, "test", "2025-08-05T00:00:00Z");
  ASSERT_TRUE(recorded.ok()) << recorded.status().message();
  const std::string follow_up = std::to_string(recorded->follow_ups.at(0).id);

  // M1 gets a card (its payload holds the full id).
  std::string desk_csrf, prov_csrf;
  auto desk = LogIn("desk", &desk_csrf);
  int k = 0;
  for (const char* step : {"check-in", "confirm", "submit"}) {
    if (std::string(step) == "confirm") {
      auto h = Change(desk_csrf, "k-photo-0");
      h["Content-Type"] = "image/png";
      ASSERT_EQ(desk->Send("PUT", "/api/members/M1/photo", PngHeader(400, 500), h).status, 200);
    }
    ASSERT_EQ(desk->Send("POST", std::string("/api/members/M1/") + step, "{}",
                         Change(desk_csrf, "k-step-" + std::to_string(k++)))
                  .status,
              200);
  }
  auto prov = LogIn("prov", &prov_csrf);
  HttpReply produced = prov->Send("POST", "/api/communes/P.C/card-batches", "{}",
                                  Change(prov_csrf, "k-produce-0"));
  ASSERT_EQ(produced.status, 200) << produced.body;
  const std::string batch(boost::json::parse(produced.body).at("batch_id").as_string());

  // What each path parameter stands for in the walk.
  const std::map<std::string, std::vector<std::string>> values = {
      {"member_no", {"M1", "M2", "M4"}}, {"station", {"S"}},
      {"date", {"2025-08-05"}},          {"unit", {"P", "P.C", "P.C.1", "P.C.2"}},
      {"batch_id", {batch}},              {"group", {"G1"}},
      {"follow_up_id", {follow_up}},      {"name", {"app.css"}},
      {"sha256", {"00"}}};
  std::vector<std::pair<std::string, std::string>> requests;  // method, path
  for (const auto& [method, pattern] : app_->Routes()) {
    std::vector<std::string> paths = {""};
    size_t i = 0;
    while (i < pattern.size()) {
      size_t open = pattern.find('{', i);
      std::string literal = pattern.substr(i, open == std::string::npos ? std::string::npos : open - i);
      for (auto& p : paths) p += literal;
      if (open == std::string::npos) break;
      size_t close = pattern.find('}', open);
      std::string name = pattern.substr(open + 1, close - open - 1);
      auto v = values.find(name);
      ASSERT_NE(v, values.end()) << "the walk has no value for {" << name << "} in " << pattern;
      std::vector<std::string> next;
      for (const auto& p : paths) {
        for (const auto& value : v->second) next.push_back(p + value);
      }
      paths = std::move(next);
      i = close + 1;
    }
    for (const auto& p : paths) requests.emplace_back(method, p);
  }
  // Pages that take the member or unit from the query.
  requests.emplace_back("GET", "/desk?station=S&date=2025-08-05");
  requests.emplace_back("GET", "/units?unit=P.C.1");
  requests.emplace_back("GET", "/corrections?unit=P.C");
  requests.emplace_back("GET", "/api/corrections?unit=P.C");
  // Logging out last, so that every other route is walked with a session.
  std::stable_partition(requests.begin(), requests.end(),
                        [](const auto& r) { return r.first != "DELETE"; });

  auto scopes = ScopeResolver::Load(*store_);
  ASSERT_TRUE(scopes.ok());
  auto ids = store_->Query("SELECT citizen_id, unit_code FROM members");
  ASSERT_TRUE(ids.ok());
  struct Account {
    const char* login;
    Principal principal;
  } accounts[] = {{"admin", {"admin", "", Role::kAdministrator, ""}},
                  {"prov", {"prov", "", Role::kProvinceCoordinator, "P"}},
                  {"commune", {"commune", "", Role::kCommuneOfficer, "P.C"}},
                  {"cell2", {"cell2", "", Role::kCellSecretary, "P.C.2"}},
                  {"desk", {"desk", "", Role::kStationOfficer, "S"}},
                  {"inspector", {"inspector", "", Role::kInspector, "P"}},
                  {"grp", {"grp", "", Role::kInspector, "P.C.2"}}};
  int masked_roles = 0, walked = 0;
  for (Account& a : accounts) {
    a.principal.groups = {{"G1", {"P.C.1"}}};
    if (std::string(a.login) != "grp") a.principal.groups.clear();
    // The ids this account must never see whole.
    std::set<std::string> hidden;
    for (size_t i = 0; i < ids->size(); ++i) {
      if (!Allowed(**scopes, a.principal, Permission::kViewMemberDetailUnmaskedIds,
                   Target{std::string(ids->Text(i, 1)), ""})) {
        hidden.insert(std::string(ids->Text(i, 0)));
      }
    }
    if (hidden.empty()) continue;
    ++masked_roles;
    std::string csrf;
    auto c = LogIn(a.login, &csrf);
    for (const auto& [method, path] : requests) {
      std::map<std::string, std::string> headers = {{"Accept", "text/html,application/json"}};
      std::string body;
      if (method != "GET") {
        headers = Change(csrf, "walk-" + std::string(a.login) + "-" + std::to_string(walked));
        body = "{}";
      }
      HttpReply r = c->Send(method, path, body, headers);
      ++walked;
      const std::string text = Searchable(r);
      for (const std::string& id : hidden) {
        EXPECT_EQ(text.find(id), std::string::npos)
            << a.login << " " << method << " " << path << " (" << r.status << ") shows " << id;
      }
    }
  }
  EXPECT_GE(masked_roles, 4);  // prov, cell2, inspector, grp at least
  EXPECT_GT(walked, 100);
  // The walk reached a card: the roles that may see it whole still get it.
  HttpReply card = desk->Send("GET", "/api/members/M1/card");
  ASSERT_EQ(card.status, 200);
  EXPECT_EQ(boost::json::parse(card.body).at("payload").as_string().subview().substr(0, 5), "CDX1.");
  HttpReply masked = prov->Send("GET", "/api/members/M1/card");
  ASSERT_EQ(masked.status, 200);
  EXPECT_TRUE(boost::json::parse(masked.body).at("payload").is_null());
}

INSTANTIATE_TEST_SUITE_P(Http, MaskedIdsTest, kBothBackends, BackendName);

}  // namespace
}  // namespace cardex::testing
