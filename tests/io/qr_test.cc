// QrCode: the matrix against the standard's fixed structure (size from the
// version, finder patterns, timing pattern), and the drawings decoded back
// by a real reader (zbarimg, Debian zbar-tools, listed in scripts/deps.sh).
#include "cardex/io/qr.h"

#include <gtest/gtest.h>

#include "tests/io/run_tool.h"
#include "tests/support/test_env.h"

namespace cardex {
namespace {

using testing::RunTool;
using testing::ShellQuote;

// The 7×7 finder pattern with its top-left module at (x, y): a dark ring, a
// light ring, a dark 3×3 core.
void ExpectFinder(const QrCode& qr, int x, int y) {
  for (int dy = 0; dy < 7; ++dy) {
    for (int dx = 0; dx < 7; ++dx) {
      const bool ring = dx == 0 || dy == 0 || dx == 6 || dy == 6;
      const bool core = dx >= 2 && dx <= 4 && dy >= 2 && dy <= 4;
      EXPECT_EQ(qr.dark(x + dx, y + dy), ring || core) << "finder at " << x << "," << y;
    }
  }
}

TEST(Qr, MatrixHasTheStandardStructure) {
  auto qr = QrCode::Encode("ABCDEFGHJK1");
  ASSERT_TRUE(qr.ok()) << qr.status().message();
  EXPECT_EQ(qr->version(), 1);
  EXPECT_EQ(qr->size(), 21);
  const int n = qr->size();
  ExpectFinder(*qr, 0, 0);
  ExpectFinder(*qr, n - 7, 0);
  ExpectFinder(*qr, 0, n - 7);
  for (int i = 8; i < n - 8; ++i) {
    EXPECT_EQ(qr->dark(i, 6), i % 2 == 0) << "timing pattern";
    EXPECT_EQ(qr->dark(6, i), i % 2 == 0) << "timing pattern";
  }
  EXPECT_TRUE(qr->dark(8, n - 8)) << "the dark module";

  // More data, a larger symbol; the size always follows the version.
  auto big = QrCode::Encode(std::string(200, 'x'), QrErrorCorrection::kHigh);
  ASSERT_TRUE(big.ok());
  EXPECT_GT(big->version(), 1);
  EXPECT_EQ(big->size(), 17 + 4 * big->version());
  auto low = QrCode::Encode(std::string(200, 'x'), QrErrorCorrection::kLow);
  ASSERT_TRUE(low.ok());
  EXPECT_LT(low->version(), big->version()) << "less correction, more room";

  EXPECT_EQ(QrCode::Encode("").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(QrCode::Encode(std::string(3000, 'x'), QrErrorCorrection::kHigh).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_TRUE(QrCode::Encode(std::string("a\0b", 3)).ok()) << "bytes, NUL included";
}

TEST(Qr, SvgHasOneSquarePerModuleRun) {
  auto qr = QrCode::Encode("HELLO");
  ASSERT_TRUE(qr.ok());
  const std::string svg = QrSvg(*qr, 5);
  const int total = qr->size() + 2 * QrCode::kQuietZone;
  EXPECT_EQ(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(5 * total) +
                          "\"",
                      0),
            0u)
      << svg;
  EXPECT_NE(svg.find("viewBox=\"0 0 " + std::to_string(total) + " " + std::to_string(total) + "\""),
            std::string::npos);
  // The top-left finder's first row is one run of 7 modules after the quiet zone.
  EXPECT_NE(svg.find("M4 4h7v1h-7z"), std::string::npos);
  int dark = 0, runs_width = 0;
  for (int y = 0; y < qr->size(); ++y) {
    for (int x = 0; x < qr->size(); ++x) dark += qr->dark(x, y);
  }
  for (size_t p = svg.find('h'); p != std::string::npos; p = svg.find('h', p + 1)) {
    if (p > 0 && svg[p - 1] != '-' && std::isdigit(static_cast<unsigned char>(svg[p + 1])) &&
        std::isdigit(static_cast<unsigned char>(svg[p - 1]))) {
      runs_width += std::stoi(svg.substr(p + 1));
    }
  }
  EXPECT_EQ(runs_width, dark) << "every dark module drawn once";
}

TEST(Qr, DrawnSymbolDecodesBack) {
  if (!testing::HaveTool("zbarimg")) GTEST_SKIP() << "zbarimg (zbar-tools) is not installed";
  testing::TempDir tmp;
  for (const std::string data : {"K7M2Q9XW4TZ", "Mã mời: Đổi thẻ đảng viên"}) {
    auto qr = QrCode::Encode(data);
    ASSERT_TRUE(qr.ok());
    cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 240, 240);
    cairo_t* cr = cairo_create(surface);
    cairo_set_source_rgb(cr, 0.5, 0.5, 0.5);  // the symbol brings its own white margin
    cairo_paint(cr);
    DrawQr(cr, *qr, 20, 20, 200);
    cairo_destroy(cr);
    const std::string png = tmp.file("qr.png");
    ASSERT_EQ(cairo_surface_write_to_png(surface, png.c_str()), CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(surface);
    int status = 0;
    const std::string out = RunTool("zbarimg --quiet --raw " + ShellQuote(png), &status);
    EXPECT_EQ(status, 0);
    EXPECT_EQ(out, data + "\n");
  }
}

}  // namespace
}  // namespace cardex
