// XlsxWriter: the workbook read back as what it is, a zip of XML parts
// (unzip -p), checked for the Vietnamese text, numbers stored as numbers,
// the frozen header, the totals formula and sheet continuation.
#include "cardex/io/xlsx.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

#include "tests/io/run_tool.h"
#include "tests/support/test_env.h"

namespace cardex {
namespace {

using testing::RunTool;
using testing::ShellQuote;
using Kind = XlsxColumn::Kind;

std::string Part(const std::string& xlsx, const std::string& part) {
  int status = 0;
  std::string xml = RunTool("unzip -p " + ShellQuote(xlsx) + " " + part, &status);
  EXPECT_EQ(status, 0) << "unzip " << part;
  return xml;
}

size_t Count(const std::string& hay, const std::string& needle) {
  size_t n = 0;
  for (size_t p = hay.find(needle); p != std::string::npos; p = hay.find(needle, p + 1)) ++n;
  return n;
}

// The XML of one cell, "<c r="C3" ...>...</c>" ("" when absent).
std::string Cell(const std::string& sheet, const std::string& ref) {
  const size_t at = sheet.find("<c r=\"" + ref + "\"");
  if (at == std::string::npos) return "";
  const size_t self_closed = sheet.find("/>", at), open_end = sheet.find('>', at);
  if (self_closed != std::string::npos && self_closed + 1 == open_end) return sheet.substr(at, open_end + 1 - at);
  const size_t end = sheet.find("</c>", at);
  return sheet.substr(at, end + 4 - at);
}

// A number cell: a value element and no type (not text).
void ExpectNumber(const std::string& sheet, const std::string& ref, const std::string& value) {
  const std::string cell = Cell(sheet, ref);
  EXPECT_NE(cell.find("<v>" + value + "</v>"), std::string::npos) << ref << ": " << cell;
  EXPECT_EQ(cell.find(" t=\""), std::string::npos) << ref << ": " << cell;
}

XlsxSheet ListSheet() {
  return {"Danh sách",
          "Danh sách mời — Chi bộ thôn 1 — ngày 05/08/2025",
          {{"Số thẻ", 10},
           {"Họ và tên", 28},
           {"Số lượng", 10, Kind::kInteger, true},
           {"Tỷ lệ", 10, Kind::kPercent},
           {"Ngày", 12, Kind::kDate},
           {"Giờ", 8, Kind::kTime}}};
}

TEST(XlsxWriter, TitleHeaderNumbersAndTotals) {
  testing::TempDir tmp;
  const std::string path = tmp.file("list.xlsx");
  auto w = XlsxWriter::OpenFile(path);
  ASSERT_TRUE(w.ok()) << w.status().message();
  ASSERT_TRUE((*w)->AddSheet(ListSheet()).ok());
  const double day = XlsxDateSerial(20305);  // 2025-08-05
  ASSERT_TRUE((*w)->WriteRow({std::string_view("007"), std::string_view("Nguyễn Văn Hùng"), 3.0,
                              0.25, day, XlsxTimeSerial(7 * 60 + 30)})
                  .ok());
  ASSERT_TRUE((*w)->WriteRow({std::string_view("008"), std::string_view("Trần Thị Hoa <&>"), 4.5}).ok());
  EXPECT_EQ((*w)->WriteRow({std::string_view("1"), std::string_view("2"), 3.0, 4.0, 5.0, 6.0, 7.0})
                .code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ((*w)->rows(), 2);
  ASSERT_TRUE((*w)->WriteTotals("Tổng cộng").ok());
  EXPECT_EQ((*w)->WriteRow({std::string_view("x")}).code(), StatusCode::kFailedPrecondition);
  EXPECT_FALSE(std::filesystem::exists(path)) << "nothing under the real name before Close";
  ASSERT_TRUE((*w)->Close().ok());
  ASSERT_TRUE((*w)->Close().ok()) << "idempotent";

  struct stat st;
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0644u);
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(tmp.path()), {}), 1) << "no temporary file left";

  const std::string sheet = Part(path, "xl/worksheets/sheet1.xml");
  EXPECT_NE(sheet.find("<t>Danh sách mời — Chi bộ thôn 1 — ngày 05/08/2025</t>"), std::string::npos) << sheet;
  EXPECT_NE(sheet.find("<mergeCell ref=\"A1:F1\"/>"), std::string::npos);
  for (const char* header : {"Số thẻ", "Họ và tên", "Số lượng", "Tỷ lệ", "Ngày", "Giờ"}) {
    EXPECT_EQ(Count(sheet, std::string("<t>") + header + "</t>"), 1u) << header;
  }
  EXPECT_NE(sheet.find("<t>007</t>"), std::string::npos) << "identifiers stay text with their zeros";
  EXPECT_NE(sheet.find("<t>Nguyễn Văn Hùng</t>"), std::string::npos);
  EXPECT_NE(sheet.find("<t>Trần Thị Hoa &lt;&amp;&gt;</t>"), std::string::npos);
  // Numbers are numbers: a value element, no inline string.
  ExpectNumber(sheet, "C3", "3");
  ExpectNumber(sheet, "D3", "0.25");
  ExpectNumber(sheet, "E3", "45874");
  ExpectNumber(sheet, "F3", "0.3125");
  ExpectNumber(sheet, "C4", "4.5");
  EXPECT_NE(sheet.find("<t>Tổng cộng</t>"), std::string::npos);
  EXPECT_NE(sheet.find("<f>SUM(C3:C4)</f><v>7.5</v>"), std::string::npos) << "formula with its value";
  EXPECT_NE(sheet.find("<pane ySplit=\"2\" topLeftCell=\"A3\" activePane=\"bottomLeft\" state=\"frozen\"/>"),
            std::string::npos);
  EXPECT_NE(sheet.find("<autoFilter ref=\"A2:F4\"/>"), std::string::npos) << "data rows, not the totals";
  EXPECT_NE(sheet.find("<col min=\"2\" max=\"2\" width=\"28.7109375\""), std::string::npos);

  const std::string styles = Part(path, "xl/styles.xml");
  EXPECT_NE(styles.find("formatCode=\"dd/mm/yyyy\""), std::string::npos);
  EXPECT_NE(styles.find("formatCode=\"hh:mm\""), std::string::npos);
  EXPECT_NE(styles.find("<b/>"), std::string::npos) << "a bold font for title and header";
  EXPECT_NE(Part(path, "xl/workbook.xml").find("<sheet name=\"Danh sách\""), std::string::npos);
}

TEST(XlsxWriter, SheetsContinueWhenFullAndNamesAreMadeLegal) {
  testing::TempDir tmp;
  const std::string path = tmp.file("many.xlsx");
  auto w = XlsxWriter::OpenFile(path, {.max_sheet_rows = 6});  // title, header, 4 rows
  ASSERT_TRUE(w.ok());
  XlsxSheet sheet{"Kết quả: đối soát/2025 với một tên rất là dài", "Tiêu đề",
                  {{"Mã", 8}, {"Số", 8, Kind::kInteger, true}}};
  ASSERT_TRUE((*w)->AddSheet(sheet).ok());
  for (int i = 1; i <= 9; ++i) {
    const std::string code = "M" + std::to_string(i);
    ASSERT_TRUE((*w)->WriteRow({std::string_view(code), double(i)}).ok());
  }
  ASSERT_TRUE((*w)->WriteTotals("Tổng").ok());
  ASSERT_TRUE((*w)->AddSheet({"Thứ hai", "", {{"Cột", 5}}}).ok());
  EXPECT_EQ((*w)->AddSheet({"Thứ hai", "", {{"Cột", 5}}}).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ((*w)->AddSheet({"Trống", "", {}}).code(), StatusCode::kInvalidArgument);
  ASSERT_TRUE((*w)->Close().ok());

  const std::string book = Part(path, "xl/workbook.xml");
  // 31 characters at most, [] : * ? / \ replaced, the suffix kept.
  EXPECT_NE(book.find("name=\"Kết quả_ đối soát_2025 với một\""), std::string::npos) << book;
  EXPECT_NE(book.find("name=\"Kết quả_ đối soát_2025 với (2)\""), std::string::npos) << book;
  EXPECT_NE(book.find("name=\"Kết quả_ đối soát_2025 với (3)\""), std::string::npos) << book;
  EXPECT_NE(book.find("name=\"Thứ hai\""), std::string::npos);
  const std::string s1 = Part(path, "xl/worksheets/sheet1.xml");
  const std::string s3 = Part(path, "xl/worksheets/sheet3.xml");
  EXPECT_EQ(Count(s1, "<t>M"), 4u);
  EXPECT_NE(s3.find("<t>Tiêu đề</t>"), std::string::npos) << "title and header repeated";
  EXPECT_NE(s3.find("<t>Mã</t>"), std::string::npos);
  EXPECT_NE(s3.find("<t>M9</t>"), std::string::npos);
  // Over several sheets the total is a value (a formula would see one sheet).
  EXPECT_NE(s3.find("<t>Tổng</t>"), std::string::npos);
  EXPECT_NE(s3.find("<v>45</v>"), std::string::npos) << s3;
  EXPECT_EQ(s3.find("<f>"), std::string::npos);
  const std::string s4 = Part(path, "xl/worksheets/sheet4.xml");
  EXPECT_NE(s4.find("<pane ySplit=\"1\""), std::string::npos) << "no title: the header is row 1";
}

TEST(XlsxWriter, AbandonedOrUnwritableLeavesNothing) {
  testing::TempDir tmp;
  const std::string path = tmp.file("gone.xlsx");
  {
    auto w = XlsxWriter::OpenFile(path);
    ASSERT_TRUE(w.ok());
    ASSERT_TRUE((*w)->AddSheet(ListSheet()).ok());
    ASSERT_TRUE((*w)->WriteRow({std::string_view("1")}).ok());
  }
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(tmp.path()), {}), 0);
  auto bad = XlsxWriter::OpenFile(tmp.file("no/such/dir/x.xlsx"));
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("no/such/dir/x.xlsx"), std::string::npos);
  EXPECT_EQ(XlsxWriter::OpenFile(tmp.path().string()).status().code(), StatusCode::kIoError);
  EXPECT_EQ(XlsxWriter::OpenFile(path, {.max_sheet_rows = 2}).status().code(),
            StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace cardex
