// DecodeQrGrey: a symbol drawn into a grey frame (as a desk's camera page
// sends it) reads back; blank frames and frames whose size lies are refused.
#include "cardex/io/qr_decode.h"

#include <gtest/gtest.h>

#include "cardex/io/qr.h"

namespace cardex {
namespace {

// The symbol at `module_px` per module, offset into a w × h light-grey
// frame with some noise, as a camera would give it.
std::string Frame(const QrCode& qr, int w, int h, int module_px, int ox, int oy) {
  std::string px(static_cast<size_t>(w) * h, static_cast<char>(200));
  for (int i = 0; i < w * h; ++i) px[static_cast<size_t>(i)] = static_cast<char>(190 + (i * 7919) % 23);
  const int side = (qr.size() + 2 * QrCode::kQuietZone) * module_px;
  for (int y = 0; y < side; ++y) {
    for (int x = 0; x < side; ++x) {
      int mx = x / module_px - QrCode::kQuietZone, my = y / module_px - QrCode::kQuietZone;
      bool dark = mx >= 0 && my >= 0 && mx < qr.size() && my < qr.size() && qr.dark(mx, my);
      px[static_cast<size_t>((oy + y) * w + ox + x)] = static_cast<char>(dark ? 20 : 235);
    }
  }
  return px;
}

TEST(QrDecode, ReadsTheInvitationCodeFromAGreyFrame) {
  auto qr = QrCode::Encode("7K3QW9ZD2MX");
  ASSERT_TRUE(qr.ok());
  std::string px = Frame(*qr, 480, 360, 6, 130, 60);
  auto text = DecodeQrGrey(px, 480, 360);
  ASSERT_TRUE(text.ok()) << text.status().message();
  EXPECT_EQ(*text, "7K3QW9ZD2MX");
}

TEST(QrDecode, ABlankFrameIsNotFound) {
  std::string px(320 * 240, static_cast<char>(128));
  auto text = DecodeQrGrey(px, 320, 240);
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(text.status().message_id(), "qr.not_found");
}

TEST(QrDecode, SizesThatLieOrExceedTheBoundAreRefused) {
  std::string px(100 * 100, '\0');
  EXPECT_EQ(DecodeQrGrey(px, 100, 99).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(DecodeQrGrey(px, 0, 0).status().code(), StatusCode::kInvalidArgument);
  std::string big(static_cast<size_t>(kMaxQrFrameSide + 1) * 16, '\0');
  EXPECT_EQ(DecodeQrGrey(big, kMaxQrFrameSide + 1, 16).status().code(),
            StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace cardex
