// Image bytes for tests of photo handling: a PNG signature and IHDR chunk
// naming `width` × `height` (what intake::InspectPhoto reads), no pixels.
#ifndef CARDEX_TESTS_SUPPORT_TEST_IMAGES_H_
#define CARDEX_TESTS_SUPPORT_TEST_IMAGES_H_

#include <cstdint>
#include <string>

namespace cardex::testing {

inline std::string PngHeader(uint32_t width, uint32_t height) {
  std::string b("\x89PNG\r\n\x1a\n", 8);
  b += std::string("\0\0\0\x0dIHDR", 8);
  for (uint32_t v : {width, height}) {
    for (int s = 24; s >= 0; s -= 8) b += static_cast<char>((v >> s) & 0xFF);
  }
  b += std::string("\x08\x02\0\0\0", 5);  // 8-bit RGB
  b += std::string(4, '\0');              // CRC (not checked)
  return b;
}

}  // namespace cardex::testing

#endif  // CARDEX_TESTS_SUPPORT_TEST_IMAGES_H_
