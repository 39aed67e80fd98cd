// The reconciliation report for people (report_xlsx.h), read back from the
// workbook's XML parts (unzip -p): Vietnamese headers and verdicts with
// their codes, recorded ids masked, suggestions in full, counts per unit as
// numbers (SQLite).
#include "cardex/reconcile/report_xlsx.h"

#include <gtest/gtest.h>

#include <set>

#include "tests/io/run_tool.h"
#include "tests/reconcile/reconcile_test_util.h"
#include "tests/support/test_env.h"

namespace cardex::reconcile {
namespace {

using cardex::testing::RunTool;
using cardex::testing::ShellQuote;

TEST(ReportXlsx, VietnameseLabels) {
  std::set<std::string_view> labels;
  for (int v = 0; v < kVerdictCount; ++v) {
    const std::string_view label = VerdictLabelVi(static_cast<Verdict>(v));
    EXPECT_FALSE(label.empty());
    labels.insert(label);
  }
  EXPECT_EQ(labels.size(), static_cast<size_t>(kVerdictCount)) << "one label per verdict";
  EXPECT_EQ(VerdictLabelVi(Verdict::kMatch), "Khớp");
  EXPECT_EQ(FieldsLabelVi(kFieldFullName | kFieldGender), "Họ tên; Giới tính");
  EXPECT_EQ(FieldsLabelVi(0), "");
}

TEST(ReportXlsx, MembersAndCountsPerUnit) {
  cardex::testing::TempDir tmp;
  std::unique_ptr<Store> store = cardex::testing::OpenReconcileStore(tmp.file("r.db"));
  ASSERT_TRUE(store);
  const std::string path = tmp.file("report.xlsx");
  EXPECT_EQ(WriteReportXlsx(*store, path).status().code(), StatusCode::kFailedPrecondition);

  std::vector<Citizen> citizens = {
      {"068085001234", "Nguyễn Văn Hùng", "1985-03-02", "M", "Lâm Đồng", ""},
      {"068185001235", "Trần Thị Hoa", "1985-06-01", "F", "Lâm Đồng", ""},
      {"068070001236", "Lê Văn Ân", "1970-01-01", "M", "Lâm Đồng", ""}};
  ASSERT_TRUE(store->UpsertCitizens(citizens).ok());
  using cardex::testing::MakeMember;
  std::vector<Member> members = {
      MakeMember("M1", "068085001234", "Nguyễn Văn Hùng", "1985-03-02", "M"),  // match
      MakeMember("M2", "06818500123", "Tran Thi Hoa", "1985-06-01", "F"),      // invalid, suggested
      MakeMember("M3", "068070001236", "Lê Văn An", "1970-01-01", "M")};       // mismatch
  ASSERT_TRUE(store->UpsertMembers(members).ok());
  cardex::testing::MustReconcile(*store, /*full=*/true);

  auto rows = WriteReportXlsx(*store, path);
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  EXPECT_EQ(*rows, 3);
  const std::string book = RunTool("unzip -p " + ShellQuote(path) + " xl/workbook.xml");
  EXPECT_NE(book.find("<sheet name=\"Đảng viên\""), std::string::npos) << book;
  EXPECT_NE(book.find("<sheet name=\"Theo đơn vị\""), std::string::npos);

  const std::string members_xml = RunTool("unzip -p " + ShellQuote(path) + " xl/worksheets/sheet1.xml");
  for (const char* text :
       {"<t>Kết quả đối soát với CSDL quốc gia về dân cư — Province — ngày ", "<t>Số thẻ đảng viên</t>",
        "<t>Họ và tên</t>", "<t>Số CCCD đã ghi</t>", "<t>Kết quả</t>", "<t>Mã kết quả</t>",
        "<t>Số CCCD đề xuất</t>", "<t>Khớp</t>", "<t>match</t>", "<t>Số CCCD không hợp lệ</t>",
        "<t>invalid_id</t>", "<t>Thông tin khác với CSDL dân cư</t>", "<t>mismatch</t>",
        "<t>Họ tên</t>", "<t>Lê Văn Ân</t>", "<t>068******234</t>", "<t>068*****123</t>",
        "<t>068******235</t>" /* the suggestion, masked like the member's own */, "<t>Tran Thi Hoa</t>",
        "<t>Cell</t>", "<t>02/03/1985</t>" /* dates as Vietnamese write them */}) {
    EXPECT_NE(members_xml.find(text), std::string::npos) << text << " in " << members_xml;
  }
  for (const char* recorded : {"068085001234", "06818500123<", "068070001236", "068185001235"}) {
    EXPECT_EQ(members_xml.find(recorded), std::string::npos) << "citizen id in clear: " << recorded;
  }
  // A list for people: by given name (An, Hoa, Hùng), not by member number.
  const size_t an = members_xml.find("<t>Lê Văn An</t>"), hoa = members_xml.find("<t>Tran Thi Hoa</t>"),
               hung = members_xml.find("<t>Nguyễn Văn Hùng</t>");
  ASSERT_NE(hung, std::string::npos);
  EXPECT_LT(an, hoa);
  EXPECT_LT(hoa, hung);

  const std::string units_xml = RunTool("unzip -p " + ShellQuote(path) + " xl/worksheets/sheet2.xml");
  for (const char* text : {"<t>Mã đơn vị</t>", "<t>Số đảng viên</t>", "<t>Khớp (match)</t>",
                           "<t>Số CCCD không hợp lệ (invalid_id)</t>", "<t>Tỷ lệ khớp</t>",
                           "<t>Chi bộ</t>", "<t>Tỉnh, thành phố</t>"}) {
    EXPECT_NE(units_xml.find(text), std::string::npos) << text << " in " << units_xml;
  }
  // Row 3 is the province: 3 members, one each of invalid_id, mismatch and
  // match, one suggestion, a third matching; numbers as numbers.
  const size_t row3 = units_xml.find("<row r=\"3\"");
  const std::string province = units_xml.substr(row3, units_xml.find("</row>", row3) - row3);
  EXPECT_NE(province.find("<c r=\"D3\" s=\""), std::string::npos);
  for (const auto& [ref, value] : std::vector<std::pair<std::string, std::string>>{
           {"D3", "3"}, {"E3", "1"}, {"F3", "0"}, {"J3", "1"}, {"L3", "1"}, {"M3", "1"}}) {
    const size_t at = province.find("<c r=\"" + ref + "\"");
    ASSERT_NE(at, std::string::npos) << ref;
    const std::string cell = province.substr(at, province.find("</c>", at) - at);
    EXPECT_NE(cell.find("<v>" + value + "</v>"), std::string::npos) << ref << ": " << cell;
    EXPECT_EQ(cell.find(" t=\""), std::string::npos) << ref << " is a number";
  }
  EXPECT_NE(province.find("<v>0.33333"), std::string::npos) << province;
  EXPECT_EQ(units_xml.find("068"), std::string::npos) << "no citizen id in the counts";
}

}  // namespace
}  // namespace cardex::reconcile
