// The corrections work list over HTTP, end to end on both engines: a
// commune officer and a cell secretary read their units' lists (scoped,
// ids masked for the secretary), apply the registry's values, send a
// member for correction and close it with evidence, and apply every
// fixable difference of a unit; each action is audited once, whatever the
// retries, and refused outside the scope, without CSRF or a key.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "cardex/reconcile/resolve.h"
#include "tests/http/server_fixture.h"

namespace cardex::testing {
namespace {

class CorrectionsApiTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    // M5 (P.C.2) and M7 (P.C.1) differ only in form; M6 (P.C.1) has another
    // birth date in the registry; M1 matches.
    std::vector<Member> more = {
        {"M5", "079080000005", "NGUYEN VAN NAM", "1980-01-05", "M", "P.C.2", "official", "", false},
        {"M6", "079080000006", "Trần Thị Bình", "1980-01-06", "F", "P.C.1", "official", "", false},
        {"M7", "079080000007", "le van an", "1980-01-07", "M", "P.C.1", "official", "", false}};
    ASSERT_TRUE(store_->UpsertMembers(more).ok());
    auto run = store_->AddReconcileRun({0, true, int64_t{1} << 40, 7, 7, ""});
    ASSERT_TRUE(run.ok()) << run.status().message();
    std::vector<ReconcileResultRow> rows(4);
    rows[0] = {"M1", Verdict::kMatch, 0, "", "Nguyễn Văn 1", "1980-01-01", "M", "", *run, ""};
    rows[1] = {"M5", Verdict::kFixable, kFieldFullName, "", "Nguyễn Văn Nam", "1980-01-05", "M", "", *run, ""};
    rows[2] = {"M6", Verdict::kMismatch, kFieldBirthDate, "", "Trần Thị Bình", "1980-06-01", "F", "", *run, ""};
    rows[3] = {"M7", Verdict::kFixable, kFieldFullName, "", "Lê Văn An", "1980-01-07", "M", "", *run, ""};
    ASSERT_TRUE(store_->UpsertReconcileResults(rows).ok());
  }

  HttpReply Post(HttpClient& c, const std::string& csrf, const std::string& path,
                 const std::string& body, const std::string& key = "") {
    return c.Send("POST", path, body,
                  {{"X-CSRF-Token", csrf},
                   {"Idempotency-Key", key.empty() ? "corr-key-" + std::to_string(key_++) : key},
                   {"Content-Type", "application/json"}});
  }

  int64_t AuditCount(const std::string& member, const std::string& action, std::string* after = nullptr) {
    int64_t n = 0;
    EXPECT_TRUE(store_->ScanAudit("member:" + member, [&](const AuditEntry& e) {
                        if (e.action == action) {
                          ++n;
                          if (after) *after = e.after;
                        }
                        return Status::Ok();
                      })
                    .ok());
    return n;
  }

  static std::vector<std::string> Members(const std::string& body) {
    std::vector<std::string> out;
    const boost::json::value doc = boost::json::parse(body);
    for (const auto& item : doc.at("items").as_array()) {
      out.emplace_back(item.at("member_no").as_string());
    }
    return out;
  }

  int key_ = 0;
};

TEST_P(CorrectionsApiTest, ListScopedInVietnameseOrderWithBacklog) {
  std::string csrf;
  auto commune = LogIn("commune", &csrf);
  HttpReply r = commune->Send("GET", "/api/corrections");
  ASSERT_EQ(r.status, 200) << r.body;
  // By given name: An, Bình, Nam.
  EXPECT_EQ(Members(r.body), (std::vector<std::string>{"M7", "M6", "M5"}));
  auto o = boost::json::parse(r.body).as_object();
  EXPECT_EQ(o.at("backlog").at("open").as_int64(), 3);
  EXPECT_EQ(o.at("backlog").at("fixable").as_int64(), 2);
  EXPECT_EQ(o.at("units").as_array().size(), 2u);  // Chi bộ 1, Chi bộ 2
  EXPECT_EQ(o.at("units").at(0).at("unit").as_string(), "P.C.1");
  EXPECT_EQ(o.at("units").at(0).at("open").as_int64(), 2);
  // The commune officer sees ids whole; the side-by-side values.
  const auto& m6 = o.at("items").at(1);
  EXPECT_EQ(m6.at("recorded").at("citizen_id").as_string(), "079080000006");
  EXPECT_EQ(m6.at("registry").at("birth_date").as_string(), "1980-06-01");

  r = commune->Send("GET", "/api/corrections?verdict=mismatch");
  EXPECT_EQ(Members(r.body), (std::vector<std::string>{"M6"}));
  r = commune->Send("GET", "/api/corrections?unit=P.C.2");
  EXPECT_EQ(Members(r.body), (std::vector<std::string>{"M5"}));
  r = commune->Send("GET", "/api/corrections?min_age=30");
  EXPECT_TRUE(Members(r.body).empty());
  EXPECT_EQ(commune->Send("GET", "/api/corrections?verdict=nope").status, 400);
  EXPECT_EQ(commune->Send("GET", "/api/corrections?min_age=x").status, 400);

  // The cell secretary: their cell only, ids masked.
  auto cell = LogIn("cell2");
  r = cell->Send("GET", "/api/corrections");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Members(r.body), (std::vector<std::string>{"M5"}));
  EXPECT_EQ(r.body.find("079080000005"), std::string::npos);
  EXPECT_EQ(cell->Send("GET", "/api/corrections?unit=P.C").status, 403);
  EXPECT_EQ(cell->Send("GET", "/corrections?unit=P.C").status, 403);
  // The desk has no work list.
  auto desk = LogIn("desk");
  EXPECT_EQ(desk->Send("GET", "/api/corrections").status, 403);

  r = commune->Send("GET", "/corrections");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("Chuẩn hóa dữ liệu đảng viên"), std::string::npos);
  EXPECT_NE(r.body.find("data-member=\"M6\""), std::string::npos);
  EXPECT_NE(r.body.find("data-url=\"/api/units/P.C/apply-fixable\""), std::string::npos);
  EXPECT_NE(r.body.find("data-backlog=\"P.C.1\""), std::string::npos);
  EXPECT_LT(r.body.find("data-member=\"M7\""), r.body.find("data-member=\"M5\""));
}

TEST_P(CorrectionsApiTest, ActionsAuditedOnceAndScoped) {
  std::string csrf, cell_csrf;
  auto commune = LogIn("commune", &csrf);
  auto cell = LogIn("cell2", &cell_csrf);
  // Outside the secretary's cell; without CSRF; without a key.
  EXPECT_EQ(Post(*cell, cell_csrf, "/api/members/M6/apply-registry", "{}").status, 403);
  EXPECT_EQ(commune->Send("POST", "/api/members/M6/apply-registry", "{}",
                          {{"Idempotency-Key", "corr-nocsrf"}}).status, 403);
  EXPECT_EQ(commune->Send("POST", "/api/members/M6/apply-registry", "{}",
                          {{"X-CSRF-Token", csrf}}).status, 400);

  // The registry's birth date for M6; a retry replays, a new request is refused.
  HttpReply r = Post(*commune, csrf, "/api/members/M6/apply-registry", "{}", "apply-m6");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Post(*commune, csrf, "/api/members/M6/apply-registry", "{}", "apply-m6").status, 200);
  EXPECT_EQ(Post(*commune, csrf, "/api/members/M6/apply-registry", "{}").status, 409);
  std::string after;
  EXPECT_EQ(AuditCount("M6", "apply_registry", &after), 1);
  EXPECT_NE(after.find("1980-06-01"), std::string::npos) << after;
  // M1 matches: nothing to apply, nothing to accept.
  EXPECT_EQ(Post(*commune, csrf, "/api/members/M1/apply-registry", "{}").status, 409);
  EXPECT_EQ(Post(*commune, csrf, "/api/members/M1/accept-suggestion", "{}").status, 409);

  // Sent for correction (a note is required), then closed with evidence.
  EXPECT_EQ(Post(*commune, csrf, "/api/members/M7/corrections", R"({"note":"  "})").status, 400);
  r = Post(*commune, csrf, "/api/members/M7/corrections", R"({"note":"Kiểm tra lại họ tên"})");
  ASSERT_EQ(r.status, 200) << r.body;
  r = commune->Send("GET", "/api/corrections?verdict=correction");
  EXPECT_EQ(Members(r.body), (std::vector<std::string>{"M7"}));
  EXPECT_EQ(Post(*commune, csrf, "/api/members/M7/corrections/close", "{}").status, 400);
  r = Post(*commune, csrf, "/api/members/M7/corrections/close",
           R"({"evidence":"Đã đối chiếu CCCD bản gốc"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(AuditCount("M7", "send_to_correction"), 1);
  EXPECT_EQ(AuditCount("M7", "close_correction", &after), 1);
  EXPECT_NE(after.find("Đã đối chiếu CCCD bản gốc"), std::string::npos) << after;
  EXPECT_EQ(Post(*commune, csrf, "/api/members/M7/corrections/close",
                 R"({"evidence":"lại"})").status, 409);

  // Every fixable difference of the secretary's cell (M5 only), then the
  // commune's (M7; M5 is done).
  EXPECT_EQ(Post(*cell, cell_csrf, "/api/units/P.C/apply-fixable", "{}").status, 403);
  r = Post(*cell, cell_csrf, "/api/units/P.C.2/apply-fixable", "{}");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(boost::json::parse(r.body).at("applied").as_int64(), 1);
  r = Post(*commune, csrf, "/api/units/P.C/apply-fixable", "{}");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(boost::json::parse(r.body).at("applied").as_int64(), 1);
  EXPECT_EQ(AuditCount("M5", "apply_registry"), 1);
  EXPECT_EQ(AuditCount("M7", "apply_registry"), 1);
  r = commune->Send("GET", "/api/corrections");
  EXPECT_TRUE(Members(r.body).empty()) << r.body;
  auto stored = store_->Query("SELECT full_name, source FROM member_standard WHERE member_no = 'M5'");
  ASSERT_TRUE(stored.ok());
  ASSERT_EQ(stored->size(), 1u);
  EXPECT_EQ(stored->Text(0, 0), "Nguyễn Văn Nam");
}

INSTANTIATE_TEST_SUITE_P(Http, CorrectionsApiTest, kBothBackends, BackendName);

}  // namespace
}  // namespace cardex::testing
