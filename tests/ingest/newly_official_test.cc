// Issue 23: a re-imported member list that makes probationary members
// official records them for the catch-up (newly_official, schema v16) and
// audits each change; a refused file records nothing; on both stores.
#include <gtest/gtest.h>

#include <string>

#include "cardex/ingest/import.h"
#include "cardex/store/sql.h"
#include "tests/support/store_backend_test.h"

namespace cardex {
namespace {

constexpr char kHeader[] =
    "member_no,citizen_id,full_name,birth_date,gender,unit_code,status,phone,home_visit\n";

class NewlyOfficialTest : public testing::StoreBackendTest {
 protected:
  void SetUp() override {
    StoreBackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_TRUE(Import("units.csv",
                       "code,parent_code,kind,name\nLD,,province,Tỉnh Lâm Đồng\n"
                       "LD.A,LD,commune,Xã Hàm Tiến\nLD.A.C1,LD.A,cell,Chi bộ thôn 1\n",
                       RecordKind::kUnits)
                    .empty());
  }

  std::vector<std::string> Import(const std::string& name, const std::string& content,
                                  RecordKind kind = RecordKind::kMembers) {
    const std::string path = tmp_.file(name);
    testing::WriteFile(path, content);
    ImportOptions options;
    options.actor = "officer1";
    auto r = ImportFile(*store_, kind, path, options);
    if (!r.ok()) return {"status: " + r.status().message()};
    return r->errors;
  }

  static std::string Row(const std::string& no, const std::string& status) {
    return no + ",06808500123" + no.substr(1) + ",Lê Văn A,1985-01-02,M,LD.A.C1," + status + ",,\n";
  }

  std::vector<std::string> Recorded() {
    std::vector<std::string> out;
    auto rows = store_->Query("SELECT member_no FROM newly_official ORDER BY member_no");
    EXPECT_TRUE(rows.ok()) << rows.status().message();
    for (size_t r = 0; rows.ok() && r < rows->size(); ++r) out.emplace_back(rows->Text(r, 0));
    return out;
  }

  std::vector<std::string> Audited() {
    std::vector<std::string> out;
    EXPECT_TRUE(store_
                    ->ScanAudit("", [&](const AuditEntry& e) {
                      if (e.action == "member.status.official") {
                        out.push_back(e.subject + " " + e.actor + " " + e.before + "->" + e.after);
                      }
                      return Status::Ok();
                    })
                    .ok());
    return out;
  }
};

TEST_P(NewlyOfficialTest, ProbationaryMadeOfficialIsRecordedAndAuditedOnce) {
  ASSERT_TRUE(Import("m1.csv", std::string(kHeader) + Row("A1", "official") +
                                   Row("A2", "probationary") + Row("A3", "probationary"))
                  .empty());
  EXPECT_TRUE(Recorded().empty());  // a first list changes nobody's status
  ASSERT_TRUE(Import("m2.csv", std::string(kHeader) + Row("A1", "official") +
                                   Row("A2", "official") + Row("A3", "probationary"))
                  .empty());
  EXPECT_EQ(Recorded(), std::vector<std::string>{"A2"});
  EXPECT_EQ(Audited(),
            std::vector<std::string>{"member:A2 officer1 probationary->official"});
  // The same list again: nothing changes, nothing more is audited.
  ASSERT_TRUE(Import("m2.csv", std::string(kHeader) + Row("A1", "official") +
                                   Row("A2", "official") + Row("A3", "probationary"))
                  .empty());
  EXPECT_EQ(Audited().size(), 1u);
}

TEST_P(NewlyOfficialTest, ARefusedListRecordsNothing) {
  ASSERT_TRUE(Import("m1.csv", std::string(kHeader) + Row("A1", "probationary")).empty());
  EXPECT_FALSE(Import("bad.csv", std::string(kHeader) + Row("A1", "official") +
                                     "A9,068085001239,Lê Văn B,1985-01-02,W,LD.A.C1,official,,\n")
                   .empty());
  EXPECT_TRUE(Recorded().empty());
  EXPECT_TRUE(Audited().empty());
}

INSTANTIATE_TEST_SUITE_P(Stores, NewlyOfficialTest, testing::kBothBackends, testing::BackendName);

}  // namespace
}  // namespace cardex
