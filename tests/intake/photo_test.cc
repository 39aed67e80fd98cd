// intake/photo.h: photos are accepted by content.
#include "cardex/intake/photo.h"

#include <gtest/gtest.h>

#include "tests/support/test_images.h"

#include <string>

namespace cardex::intake {
namespace {

std::string Png(uint32_t w, uint32_t h) { return testing::PngHeader(w, h); }

std::string Jpeg(unsigned w, unsigned h) {
  std::string b("\xFF\xD8", 2);
  b += std::string("\xFF\xE0\x00\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0", 18);  // APP0
  b += std::string("\xFF\xC0\x00\x11\x08", 5);
  b += static_cast<char>(h >> 8);
  b += static_cast<char>(h & 0xFF);
  b += static_cast<char>(w >> 8);
  b += static_cast<char>(w & 0xFF);
  b += std::string(10, '\x01');
  return b;
}

TEST(Photo, AcceptsPngAndJpegByContent) {
  auto png = InspectPhoto(Png(480, 640));
  ASSERT_TRUE(png.ok()) << png.status().message();
  EXPECT_EQ(png->content_type, "image/png");
  EXPECT_EQ(png->width, 480);
  EXPECT_EQ(png->height, 640);
  auto jpg = InspectPhoto(Jpeg(300, 400));
  ASSERT_TRUE(jpg.ok()) << jpg.status().message();
  EXPECT_EQ(jpg->content_type, "image/jpeg");
  EXPECT_EQ(jpg->width, 300);
  EXPECT_EQ(jpg->height, 400);
}

TEST(Photo, RefusesEverythingElse) {
  EXPECT_FALSE(InspectPhoto("").ok());
  EXPECT_FALSE(InspectPhoto("GIF89a......").ok());
  EXPECT_FALSE(InspectPhoto("<svg xmlns='http://www.w3.org/2000/svg'/>").ok());
  EXPECT_FALSE(InspectPhoto(Png(480, 640).substr(0, 20)).ok());     // truncated
  EXPECT_FALSE(InspectPhoto(Png(10, 10)).ok());                     // too small
  EXPECT_FALSE(InspectPhoto(Png(100000, 100)).ok());                // too large a side
  EXPECT_FALSE(InspectPhoto(std::string("\xFF\xD8\xFF\xDA", 4)).ok());  // no frame
  PhotoLimits tight;
  tight.max_bytes = 10;
  auto big = InspectPhoto(Png(480, 640), tight);
  ASSERT_FALSE(big.ok());
  EXPECT_NE(big.status().message().find("at most 10"), std::string::npos);
}

}  // namespace
}  // namespace cardex::intake
