// PdfDocument: the text read back with pdftotext (diacritics intact, the
// table header on every page, "Trang i/N"), the QR code on a card decoded
// from the rendered page (pdftoppm, zbarimg), and the chart found in the
// rendered pixels. poppler-utils and zbar-tools are in scripts/deps.sh.
#include "cardex/io/pdf.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "tests/io/run_tool.h"
#include "tests/support/test_env.h"

namespace cardex {
namespace {

using testing::RunTool;
using testing::ShellQuote;

std::string PdfText(const std::string& pdf, int page = 0) {
  std::string range = page > 0 ? " -f " + std::to_string(page) + " -l " + std::to_string(page) : "";
  int status = 0;
  std::string text = RunTool("pdftotext -enc UTF-8" + range + " " + ShellQuote(pdf) + " -", &status);
  EXPECT_EQ(status, 0);
  return text;
}

size_t Count(const std::string& hay, const std::string& needle) {
  size_t n = 0;
  for (size_t p = hay.find(needle); p != std::string::npos; p = hay.find(needle, p + 1)) ++n;
  return n;
}

// A rendered page as RGB pixels (pdftoppm -ppm).
struct Image {
  int width = 0, height = 0;
  std::string rgb;
  bool Is(int x, int y, int r, int g, int b, int tolerance = 40) const {
    const size_t i = 3 * (static_cast<size_t>(y) * width + x);
    return std::abs(static_cast<unsigned char>(rgb[i]) - r) <= tolerance &&
           std::abs(static_cast<unsigned char>(rgb[i + 1]) - g) <= tolerance &&
           std::abs(static_cast<unsigned char>(rgb[i + 2]) - b) <= tolerance;
  }
};

Image Render(const std::string& pdf, int page, int dpi, const testing::TempDir& tmp) {
  const std::string out = tmp.file("page");
  RunTool("pdftoppm -r " + std::to_string(dpi) + " -f " + std::to_string(page) + " -l " +
          std::to_string(page) + " -singlefile " + ShellQuote(pdf) + " " + ShellQuote(out));
  const std::string ppm = testing::ReadFile(out + ".ppm");
  Image img;
  // "P6\nW H\n255\n" then the pixels.
  size_t pos = 0;
  auto next = [&]() {
    while (pos < ppm.size() && std::isspace(static_cast<unsigned char>(ppm[pos]))) ++pos;
    size_t end = pos;
    while (end < ppm.size() && !std::isspace(static_cast<unsigned char>(ppm[end]))) ++end;
    std::string token = ppm.substr(pos, end - pos);
    pos = end;
    return token;
  };
  if (next() != "P6") return img;
  img.width = std::stoi(next());
  img.height = std::stoi(next());
  next();
  img.rgb = ppm.substr(pos + 1);
  return img;
}

PdfTable LongTable(int rows) {
  PdfTable t{{{"STT", 0.5, PdfTable::Column::Align::kRight}, {"Họ và tên", 3}, {"Giờ", 1}}, {}};
  for (int i = 1; i <= rows; ++i) {
    t.rows.push_back({std::to_string(i), "Nguyễn Thị Xuân Thu số " + std::to_string(i), "07:00–07:30"});
  }
  return t;
}

TEST(PdfDocument, TablesBreakAcrossPagesWithTheHeaderRepeated) {
  testing::TempDir tmp;
  const std::string path = tmp.file("list.pdf");
  PdfDocument doc(path, {"Danh sách", "Chi bộ thôn 1 — 05/08/2025"});
  doc.AddTitle("Danh sách mời đổi thẻ đảng viên");
  doc.AddParagraph("Chi bộ thôn 1, xã Hàm Tiến, tỉnh Lâm Đồng. Ưu tiên người cao tuổi.");
  doc.AddTable(LongTable(120));
  ASSERT_TRUE(doc.Close().ok());
  ASSERT_TRUE(doc.Close().ok()) << "idempotent";
  ASSERT_GE(doc.pages(), 3);
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(tmp.path()), {}), 1) << "no temporary file left";

  const std::string all = PdfText(path);
  EXPECT_NE(all.find("Danh sách mời đổi thẻ đảng viên"), std::string::npos) << all;
  EXPECT_NE(all.find("Chi bộ thôn 1, xã Hàm Tiến, tỉnh Lâm Đồng. Ưu tiên người cao tuổi."), std::string::npos);
  for (int i : {1, 57, 120}) {
    EXPECT_EQ(Count(all, "Nguyễn Thị Xuân Thu số " + std::to_string(i) + "\n"), 1u) << "row " << i;
  }
  const std::string n = std::to_string(doc.pages());
  for (int p = 1; p <= doc.pages(); ++p) {
    const std::string text = PdfText(path, p);
    EXPECT_EQ(Count(text, "Họ và tên"), 1u) << "header on page " << p;
    EXPECT_NE(text.find("Trang " + std::to_string(p) + "/" + n), std::string::npos) << text;
    EXPECT_NE(text.find("Chi bộ thôn 1 — 05/08/2025"), std::string::npos) << "footer";
  }
  EXPECT_EQ(PdfText(path, 1).find("Nguyễn Thị Xuân Thu số 120\n"), std::string::npos);
  int status = 0;
  const std::string info = RunTool("pdfinfo " + ShellQuote(path), &status);
  EXPECT_NE(info.find("595.276 x 841.89 pts (A4)"), std::string::npos) << info;
  EXPECT_NE(info.find("Danh sách\n"), std::string::npos) << info;
}

// A code or a number wider than its column is set smaller, never split
// across lines ("LD.HAMTIE-N" in the progress report); names still wrap
// between words.
TEST(PdfDocument, TableCellsNeverSplitACodeOrANumber) {
  testing::TempDir tmp;
  const std::string path = tmp.file("codes.pdf");
  PdfDocument doc(path, {"Mã", "x"});
  PdfTable t{{{"Mã đơn vị", 0.6}, {"Tên đơn vị", 4}, {"Số", 0.45, PdfTable::Column::Align::kRight}}, {}};
  t.rows.push_back({"LD.HAMTIEN.C07", "Chi bộ thôn 7 xã Hàm Tiến, tỉnh Lâm Đồng, một tên dài để xuống dòng", "4.964.321"});
  t.rows.push_back({"LD.DAHUOAI.C12", "Chi bộ 12", "1.234.567,8"});
  doc.AddTable(std::move(t));
  ASSERT_TRUE(doc.Close().ok());
  int status = 0;
  const std::string text = RunTool("pdftotext -raw -enc UTF-8 " + ShellQuote(path) + " -", &status);
  ASSERT_EQ(status, 0);
  for (const char* whole : {"LD.HAMTIEN.C07", "LD.DAHUOAI.C12", "4.964.321", "1.234.567,8"}) {
    EXPECT_NE(text.find(whole), std::string::npos) << whole << " split in:\n" << text;
  }
}

TEST(PdfDocument, CardsAreWholeAndTheirQrCodesScan) {
  testing::TempDir tmp;
  const std::string path = tmp.file("cards.pdf");
  PdfDocument doc(path, {"Giấy mời", ""});
  const std::vector<std::string> codes = {"K7M2Q9XW4TZ", "A1B2C3D4E5F", "ZZ99YY88XX7", "QWERTYUIOP1"};
  for (const std::string& code : codes) {
    auto qr = QrCode::Encode(code);
    ASSERT_TRUE(qr.ok());
    doc.AddCard({"GIẤY MỜI ĐỔI THẺ ĐẢNG VIÊN",
                 {{"Kính gửi đồng chí", "Nguyễn Văn Hùng"}, {"Mang theo", "Thẻ đảng viên cũ, Căn cước công dân"}},
                 "Xin đồng chí đến đúng giờ.",
                 *qr,
                 code});
  }
  ASSERT_TRUE(doc.Close().ok());
  EXPECT_EQ(doc.pages(), 1) << "four small cards fit on one page";
  const std::string text = PdfText(path);
  EXPECT_EQ(Count(text, "GIẤY MỜI ĐỔI THẺ ĐẢNG VIÊN"), 4u) << text;
  EXPECT_EQ(Count(text, "Mang theo: Thẻ đảng viên cũ, Căn cước công dân"), 4u) << text;
  for (const std::string& code : codes) EXPECT_NE(text.find(code), std::string::npos);

  if (!testing::HaveTool("zbarimg")) GTEST_SKIP() << "zbarimg (zbar-tools) is not installed";
  RunTool("pdftoppm -r 150 -png -singlefile " + ShellQuote(path) + " " + ShellQuote(tmp.file("p")));
  int status = 0;
  const std::string scanned = RunTool("zbarimg --quiet --raw " + ShellQuote(tmp.file("p.png")), &status);
  EXPECT_EQ(status, 0);
  for (const std::string& code : codes) EXPECT_NE(scanned.find(code + "\n"), std::string::npos) << scanned;
}

TEST(PdfDocument, ChartsAreDrawn) {
  testing::TempDir tmp;
  const std::string path = tmp.file("chart.pdf");
  PdfDocument doc(path, {"Biểu đồ", ""});
  Chart bars{Chart::Kind::kBar, "Tiến độ theo ngày", "đảng viên", 0,
             {{"Đã tiếp nhận", {{"05/08", 100}, {"06/08", 300}, {"07/08", 600}}}}};
  doc.AddChart(bars, 300);
  Chart lines = bars;
  lines.kind = Chart::Kind::kLine;
  lines.series.push_back({"Đã trao thẻ", {{"05/08", 50}, {"06/08", 150}, {"07/08", 400}}});
  doc.AddChart(lines, 300);
  ASSERT_TRUE(doc.Close().ok());
  const std::string text = PdfText(path);
  for (const char* s : {"Tiến độ theo ngày", "đảng viên", "05/08", "07/08", "Đã trao thẻ", "600"}) {
    EXPECT_NE(text.find(s), std::string::npos) << s << " in " << text;
  }
  // The bars: blue (0, 115, 178) columns, the last one six times as tall
  // as the first.
  const Image img = Render(path, 1, 72, tmp);
  ASSERT_GT(img.width, 0);
  auto column_height = [&](int x) {
    int h = 0;
    for (int y = 0; y < 340; ++y) h += img.Is(x, y, 0, 115, 178);  // the first chart (72 dpi)
    return h;
  };
  // Each bar is a run of columns with blue in them; its height is the
  // tallest column of the run (edges are anti-aliased).
  std::vector<int> bars_h;
  bool in_bar = false;
  for (int x = 0; x < img.width; ++x) {
    const int h = column_height(x);
    if (h > 0 && !in_bar) bars_h.push_back(0);
    if (h > 0) bars_h.back() = std::max(bars_h.back(), h);
    in_bar = h > 0;
  }
  ASSERT_EQ(bars_h.size(), 3u);
  const int first = bars_h.front(), last = bars_h.back();
  ASSERT_GT(first, 0) << "no bar drawn";
  EXPECT_NEAR(static_cast<double>(last) / first, 6.0, 0.5);
  int orange = 0;  // the second series of the line chart
  for (int y = img.height / 2; y < img.height; ++y) {
    for (int x = 0; x < img.width; ++x) orange += img.Is(x, y, 230, 158, 0);
  }
  EXPECT_GT(orange, 50);

  const std::string svg = ChartSvg(bars, 400, 200);
  EXPECT_NE(svg.find("<svg"), std::string::npos);
  EXPECT_NE(svg.find("width=\"400pt\""), std::string::npos) << svg.substr(0, 300);
}

TEST(PdfDocument, UnwritablePathFailsAtClose) {
  PdfDocument doc("/nonexistent/dir/x.pdf", {});
  doc.AddParagraph("x");
  const Status s = doc.Close();
  EXPECT_EQ(s.code(), StatusCode::kIoError);
  EXPECT_NE(s.message().find("/nonexistent/dir/x.pdf"), std::string::npos) << s.message();
}

}  // namespace
}  // namespace cardex
