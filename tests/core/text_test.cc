#include "cardex/core/text.h"

#include <gtest/gtest.h>

#include <string>

namespace cardex {
namespace {

using namespace std::string_literals;

TEST(FindInvalidUtf8, AcceptsValidText) {
  for (const std::string& s : {""s, "abc"s, "Nguyễn Văn Hùng"s, "\x7F"s, "\xC2\x80"s, "\xDF\xBF"s, "\xE0\xA0\x80"s,
                              "\xED\x9F\xBF"s /* U+D7FF */, "\xEE\x80\x80"s /* U+E000 */, "\xEF\xBF\xBF"s,
                              "\xF0\x90\x80\x80"s, "\xF4\x8F\xBF\xBF"s /* U+10FFFF */, "a\0b"s}) {
    EXPECT_EQ(FindInvalidUtf8(s), std::nullopt) << s;
  }
}

TEST(FindInvalidUtf8, ReportsTheStartOfTheFirstBadSequence) {
  const struct {
    std::string text;
    size_t offset;
  } kRows[] = {
      {"\x80", 0},                     // stray continuation byte
      {"ab\xBF", 2},                   // stray continuation byte later on
      {"\xC0\xAF", 0},                 // overlong '/'
      {"\xC1\xBF", 0},                 // overlong
      {"\xE0\x80\xAF", 0},             // overlong 3-byte
      {"\xE0\x9F\xBF", 0},             // overlong 3-byte (U+07FF)
      {"\xF0\x80\x80\xAF", 0},         // overlong 4-byte
      {"\xF0\x8F\xBF\xBF", 0},         // overlong 4-byte (U+FFFF)
      {"x\xED\xA0\x80", 1},            // U+D800 surrogate
      {"\xED\xBF\xBF", 0},             // U+DFFF surrogate
      {"\xF4\x90\x80\x80", 0},         // U+110000
      {"\xF5\x80\x80\x80", 0},         // lead byte past U+10FFFF
      {"\xFF", 0},
      {"\xFE", 0},
      {"abc\xC3", 3},                  // truncated 2-byte at the end
      {"\xC3" "a", 0},                 // continuation missing
      {"\xE1\xBB", 0},                 // truncated 3-byte
      {"\xE1\xBB" "a", 0},
      {"\xF0\x9F\x98", 0},             // truncated 4-byte
      {"Nguy\xE1\xBB\x85n \xE1", 9},   // valid text then a truncated sequence
  };
  for (const auto& row : kRows) {
    EXPECT_EQ(FindInvalidUtf8(row.text), std::optional<size_t>(row.offset)) << testing::PrintToString(row.text);
  }
}

TEST(FindInvalidUtf8, AgreesWithADecoderOnEveryTwoByteCombination) {
  // Every lead byte followed by every second byte (and a valid tail).
  for (int b0 = 0x80; b0 <= 0xFF; ++b0) {
    for (int b1 = 0; b1 <= 0xFF; ++b1) {
      std::string s{static_cast<char>(b0), static_cast<char>(b1), '\x80', '\x80'};
      const bool valid2 = b0 >= 0xC2 && b0 <= 0xDF && b1 >= 0x80 && b1 <= 0xBF;
      const bool valid3 = (b0 == 0xE0 && b1 >= 0xA0 && b1 <= 0xBF) ||
                          (((b0 >= 0xE1 && b0 <= 0xEC) || b0 == 0xEE || b0 == 0xEF) && b1 >= 0x80 && b1 <= 0xBF) ||
                          (b0 == 0xED && b1 >= 0x80 && b1 <= 0x9F);
      const bool valid4 = (b0 == 0xF0 && b1 >= 0x90 && b1 <= 0xBF) ||
                          (b0 >= 0xF1 && b0 <= 0xF3 && b1 >= 0x80 && b1 <= 0xBF) ||
                          (b0 == 0xF4 && b1 >= 0x80 && b1 <= 0x8F);
      std::optional<size_t> expected = 0;
      if (valid2) expected = 2;  // the first trailing 0x80 is then stray
      if (valid3) expected = 3;
      if (valid4) expected = std::nullopt;
      EXPECT_EQ(FindInvalidUtf8(s), expected) << std::hex << b0 << " " << b1;
    }
  }
}

TEST(FindControlChar, C0DelAndC1) {
  EXPECT_EQ(FindControlChar(""), std::nullopt);
  EXPECT_EQ(FindControlChar("Nguyễn Văn Hùng, 12 Lê Lợi"), std::nullopt);
  EXPECT_EQ(FindControlChar("a\tb"), std::optional<size_t>(1));
  EXPECT_EQ(FindControlChar("ab\r\n"), std::optional<size_t>(2));
  EXPECT_EQ(FindControlChar("\n"), std::optional<size_t>(0));
  EXPECT_EQ(FindControlChar("x\x7F"), std::optional<size_t>(1));
  EXPECT_EQ(FindControlChar("a"s + '\0'), std::optional<size_t>(1));
  EXPECT_EQ(FindControlChar("\x1F"), std::optional<size_t>(0));
  EXPECT_EQ(FindControlChar("\xC3\xA0\xC2\x80"), std::optional<size_t>(2));  // U+0080
  EXPECT_EQ(FindControlChar("\xC2\x85"), std::optional<size_t>(0));          // NEL
  EXPECT_EQ(FindControlChar("\xC2\x9F"), std::optional<size_t>(0));          // U+009F
  EXPECT_EQ(FindControlChar("\xC2\xA0"), std::nullopt);                      // no-break space is text
  EXPECT_EQ(FindControlChar("\xE2\x80\xAF"), std::nullopt);                  // U+202F too
  EXPECT_EQ(FindControlChar(" ~"), std::nullopt);
}

TEST(FindControlChar, EveryCodePointBelow0100) {
  for (int cp = 0; cp < 0x100; ++cp) {
    std::string s;
    if (cp < 0x80) {
      s.push_back(static_cast<char>(cp));
    } else {
      s.push_back(static_cast<char>(0xC0 | (cp >> 6)));
      s.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
    const bool control = cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
    EXPECT_EQ(FindControlChar("a" + s).has_value(), control) << cp;
  }
}

}  // namespace
}  // namespace cardex
