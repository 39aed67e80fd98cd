// Import and export against both stores: round trips, updates by key, and
// all-or-nothing refusal at scale.
#include <gtest/gtest.h>

#include <string>

#include "cardex/ingest/import.h"
#include "tests/support/store_backend_test.h"

namespace cardex {
namespace {

class ImportTest : public testing::StoreBackendTest {
 protected:
  void SetUp() override {
    StoreBackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_TRUE(Import(RecordKind::kUnits, "units.csv",
                       "code,parent_code,kind,name\n"
                       "LD,,province,Tỉnh Lâm Đồng\n"
                       "LD.A,LD,commune,Xã Hàm Tiến\n"
                       "LD.A.C1,LD.A,cell,Chi bộ thôn 1\n")
                    .empty());
  }

  // Imports `content` as `kind`; returns the errors (empty on success).
  std::vector<std::string> Import(RecordKind kind, const std::string& name,
                                  const std::string& content) {
    std::string path = tmp_.file(name);
    testing::WriteFile(path, content);
    auto r = ImportFile(*store_, kind, path);
    if (!r.ok()) return {"status: " + r.status().message()};
    return r->errors;
  }

  std::string Export(RecordKind kind) {
    std::string path = tmp_.file("export.csv");
    auto rows = ExportFile(*store_, kind, path);
    EXPECT_TRUE(rows.ok()) << rows.status().message();
    return testing::ReadFile(path);
  }
};

constexpr char kMemberHeader[] =
    "member_no,citizen_id,full_name,birth_date,gender,unit_code,status,phone,home_visit\n";

TEST_P(ImportTest, MembersRoundTripExactlyAsRecorded) {
  // NFD "Nguyễn" (e + combining marks), no-break spaces, upper case, a name
  // with a quote and a comma, partial dates, an 11-digit id.
  std::string nfd = "Nguye\xCC\x82\xCC\x83n Va\xCC\x86n Hu\xCC\x80ng";
  std::string nbsp = "Tr\xE1\xBA\xA7n\xC2\xA0Th\xE1\xBB\x8B\xC2\xA0 Thu";
  std::string csv = std::string(kMemberHeader) + "A1,068085001234," + nfd +
                    ",1985-01-02,M,LD.A.C1,official,0912000111,\n" + "A2,68185001234," + nbsp +
                    ",1985,F,LD.A.C1,official,,1\n" +
                    "A3,001190000001,\"NGUYEN \"\"TU\"\", VAN\",1990-07,M,LD.A.C1,probationary,,\n";
  ASSERT_TRUE(Import(RecordKind::kMembers, "members.csv", csv).empty());
  EXPECT_EQ(Export(RecordKind::kMembers), csv);
}

TEST_P(ImportTest, ReimportUpdatesByKeyAndNeverDuplicates) {
  std::string v1 = std::string(kMemberHeader) + "A1,068085001234,Lê Văn A,1985-01-02,M,LD.A.C1,official,,\n";
  std::string v2 = std::string(kMemberHeader) + "A1,068085001234,Lê Văn Á,1985-01-02,M,LD.A.C1,official,0900,1\n"
                   "A2,068085001235,Lê Văn B,1985-01-03,M,LD.A.C1,official,,\n";
  ASSERT_TRUE(Import(RecordKind::kMembers, "m1.csv", v1).empty());
  ASSERT_TRUE(Import(RecordKind::kMembers, "m2.csv", v2).empty());
  ASSERT_TRUE(Import(RecordKind::kMembers, "m2.csv", v2).empty());
  EXPECT_EQ(*store_->Count(RecordKind::kMembers), 2);
  EXPECT_EQ(Export(RecordKind::kMembers), v2);
}

TEST_P(ImportTest, OneBadRowAmongManyImportsNothing) {
  std::string good = "citizen_id,full_name,birth_date,gender,origin,deceased_on\n";
  std::string csv = good;
  const int kRows = 20000;
  const int kBadRow = 14321;
  for (int i = 1; i <= kRows; ++i) {
    char id[16];
    std::snprintf(id, sizeof id, "068085%06d", i);
    csv += id;
    csv += i == kBadRow ? ",Nguyễn Văn Hùng,1985-02-30,M,Lâm Đồng,\n" : ",Nguyễn Văn Hùng,1985-02-28,M,Lâm Đồng,\n";
  }
  auto errors = Import(RecordKind::kCitizens, "citizens.csv", csv);
  ASSERT_EQ(errors.size(), 1u);
  // The header is line 1, so data row i is line i + 1.
  EXPECT_NE(errors[0].find("citizens.csv:" + std::to_string(kBadRow + 1) + ": birth_date:"),
            std::string::npos)
      << errors[0];
  EXPECT_EQ(*store_->Count(RecordKind::kCitizens), 0);
}

TEST_P(ImportTest, RefusedFileLeavesEarlierDataIntact) {
  std::string v1 = std::string(kMemberHeader) + "A1,068085001234,Lê Văn A,1985-01-02,M,LD.A.C1,official,,\n";
  ASSERT_TRUE(Import(RecordKind::kMembers, "m1.csv", v1).empty());
  std::string bad = std::string(kMemberHeader) + "A1,068085001234,Lê Văn Z,1985-01-02,M,LD.A.C1,official,,\n"
                    "A2,068085001235,Lê Văn B,1985-01-03,Q,LD.A.C1,official,,\n";
  EXPECT_EQ(Import(RecordKind::kMembers, "bad.csv", bad).size(), 1u);
  EXPECT_EQ(Export(RecordKind::kMembers), v1);
}

TEST_P(ImportTest, NotUtf8IsRefusedWithLineAndColumn) {
  // "Nguyễn" typed in a Latin-1 editor: 0xE9 is not UTF-8 on its own.
  std::string csv = std::string(kMemberHeader) + "A1,068085001234,Nguy\xE9n,1985-01-02,M,LD.A.C1,official,,\n";
  auto errors = Import(RecordKind::kMembers, "latin1.csv", csv);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("latin1.csv:2:"), std::string::npos) << errors[0];
  EXPECT_NE(errors[0].find("UTF-8"), std::string::npos) << errors[0];
  EXPECT_EQ(*store_->Count(RecordKind::kMembers), 0);
}

TEST_P(ImportTest, ManyBadRowsAreCappedAtTheLimit) {
  std::string csv = kMemberHeader;
  for (int i = 0; i < 500; ++i) {
    csv += "A" + std::to_string(i) + ",068085001234,Lê Văn A,1985-01-02,X,LD.A.C1,official,,\n";
  }
  auto errors = Import(RecordKind::kMembers, "m.csv", csv);
  ASSERT_EQ(errors.size(), 100u);
  EXPECT_EQ(*store_->Count(RecordKind::kMembers), 0);
}

TEST_P(ImportTest, MissingFileIsAStatusNotACrash) {
  auto r = ImportFile(*store_, RecordKind::kUnits, tmp_.file("nope.csv"));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("nope.csv"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Stores, ImportTest, testing::kBothBackends, testing::BackendName);

}  // namespace
}  // namespace cardex
