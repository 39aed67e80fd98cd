#include "cardex/core/vn_name.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <thread>
#include <vector>

#include "src/core/vn_name_internal.h"

namespace cardex::vn_name {
namespace {

std::string Utf8(char32_t cp) {
  std::string s;
  if (cp < 0x80) {
    s.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    s.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    s.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    s.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    s.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    s.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    s.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    s.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    s.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    s.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
  return s;
}

bool IsSurrogate(char32_t cp) { return cp >= 0xD800 && cp <= 0xDFFF; }

// The table path and the ICU path agree on every code point, alone and in
// the contexts that matter (after a letter, between spaces, before a mark).
TEST(VnNameFastPath, AgreesWithIcuOnEveryBmpCodePointInContext) {
  for (char32_t cp = 0; cp < 0x10000; ++cp) {
    if (IsSurrogate(cp)) continue;
    const std::string c = Utf8(cp);
    for (const std::string& s : {c, "A" + c, " " + c + " x", "e" + c + "\xCC\x81", c + "\xCC\x9B" + c}) {
      ASSERT_EQ(FormKey(s), internal::FormKeySlow(s)) << std::hex << static_cast<uint32_t>(cp);
      ASSERT_EQ(FoldKey(s), internal::FoldKeySlow(s)) << std::hex << static_cast<uint32_t>(cp);
      ASSERT_EQ(HasDiacritics(s), internal::HasDiacriticsSlow(s)) << std::hex << static_cast<uint32_t>(cp);
    }
  }
}

TEST(VnNameFastPath, AgreesOnAsciiBytes) {
  for (int b = 0; b < 0x80; ++b) {
    const std::string s = std::string("Ab") + static_cast<char>(b) + "Cd \t";
    EXPECT_EQ(FormKey(s), internal::FormKeySlow(s)) << b;
    EXPECT_EQ(FoldKey(s), internal::FoldKeySlow(s)) << b;
    EXPECT_EQ(CollapseSpaces(s), CollapseSpaces(s + "\xC3\xA9").substr(0, CollapseSpaces(s).size())) << b;
  }
}

TEST(VnName, InvalidUtf8BecomesReplacementCharacters) {
  const std::string bad = "Nguy\xE1\xBB n \xFF";
  EXPECT_EQ(Nfc(bad), "Nguy\xEF\xBF\xBD n \xEF\xBF\xBD");
  EXPECT_EQ(FormKey(bad), "nguy\xEF\xBF\xBD n \xEF\xBF\xBD");
  EXPECT_EQ(FoldKey(bad), "nguy\xEF\xBF\xBD n \xEF\xBF\xBD");
  EXPECT_EQ(StripDiacritics(bad), "Nguy\xEF\xBF\xBD n \xEF\xBF\xBD");
  EXPECT_FALSE(HasDiacritics(bad));
  EXPECT_FALSE(CollationKey(bad).empty());
}

TEST(VnName, DStrokeNeedsExplicitMapping) {
  // NFD does not decompose đ; StripDiacritics must still map it.
  EXPECT_EQ(StripDiacritics("đĐ"), "dD");
  EXPECT_TRUE(HasDiacritics("Đ"));
  EXPECT_EQ(FormKey("ĐỨC"), "đức");
}

TEST(VnName, StripDiacriticsLeavesNoDiacritics) {
  for (const char* s : {"Nguyễn Thị Xuân Thu", "Ǻ ǻ ṩ ḉ", "Ελληνικά άέή", "Tiếng Việt có dấu"}) {
    const std::string stripped = StripDiacritics(s);
    EXPECT_FALSE(HasDiacritics(stripped)) << s;
    EXPECT_EQ(StripDiacritics(stripped), stripped);
    EXPECT_EQ(Nfc(stripped), stripped);
  }
}

TEST(VnName, KeysAreIdempotent) {
  for (const char* s : {"  NGUYỄN  Văn\u00A0Hùng ", "Straße İstanbul", "Ǆemal ǅ ǆ", "ΣΊΣΥΦΟΣ"}) {
    EXPECT_EQ(FormKey(FormKey(s)), FormKey(s)) << s;
    EXPECT_EQ(FoldKey(FoldKey(s)), FoldKey(s)) << s;
    EXPECT_EQ(Normalize(Normalize(s)), Normalize(s)) << s;
  }
}

TEST(VnName, CollationFollowsVietnameseOrder) {
  // Vietnamese alphabet: a ă â b c d đ e ê ... o ô ơ ... u ư ... ; byte
  // order would put every Đ after Z.
  std::vector<std::string> names = {"Đỗ Văn Bình", "Dương Thị Hoa", "Ân", "Ăn", "An", "Bùi Lan",
                                    "Zương",       "Ơn",            "Ôn", "On", "Ưng", "Ung"};
  std::sort(names.begin(), names.end(),
            [](const std::string& a, const std::string& b) { return CollationKey(a) < CollationKey(b); });
  const std::vector<std::string> expected = {"An", "Ăn", "Ân", "Bùi Lan", "Dương Thị Hoa", "Đỗ Văn Bình",
                                             "On", "Ôn", "Ơn", "Ung",     "Ưng",           "Zương"};
  EXPECT_EQ(names, expected);
}

TEST(VnName, CollationKeyIgnoresFormOfSpacesAndNormalisation) {
  EXPECT_EQ(CollationKey("Nguyễn  Văn\u00A0Hùng "), CollationKey("Nguyễn Văn Hùng"));
  EXPECT_EQ(CollationKey("Nguye\u0302\u0303n"), CollationKey("Nguyễn"));
  EXPECT_LT(CollationKey("Hùng"), CollationKey("Hưng"));
  EXPECT_LT(CollationKey(""), CollationKey("a"));
}

TEST(VnName, SafeFromManyThreads) {
  std::vector<std::thread> threads;
  std::vector<int> failures(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t, &failures] {
      for (int i = 0; i < 300; ++i) {
        if (FoldKey("Nguyễn Văn Hưng") != "nguyen van hung") ++failures[t];
        if (!DiffersOnlyInForm("NGUYEN VAN HUNG", "Nguyễn Văn Hùng")) ++failures[t];
        if (!(CollationKey("Đỗ") > CollationKey("Dương"))) ++failures[t];
        if (FormKey("ΣΊΣΥΦΟΣ") != internal::FormKeySlow("ΣΊΣΥΦΟΣ")) ++failures[t];
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int f : failures) EXPECT_EQ(f, 0);
}

}  // namespace
}  // namespace cardex::vn_name
