#include "cardex/core/log_line.h"
#include "cardex/core/text.h"

#include <gtest/gtest.h>

#include <string>

namespace cardex {
namespace {

TEST(LogLine, LogfmtQuotesOnlyWhatNeedsIt) {
  std::string line = LogLine(LogFormat::kLogfmt, "2025-08-07T08:00:00Z", LogLevel::kInfo, "request")
                         .Add("route", "/api/members/{member_no}")
                         .Add("status", int64_t{200})
                         .Add("user", "")
                         .Add("note", "two words")
                         .Finish();
  EXPECT_EQ(line,
            "ts=2025-08-07T08:00:00Z level=info event=request route=/api/members/{member_no} "
            "status=200 user=\"\" note=\"two words\"\n");
}

TEST(LogLine, JsonIsOneObject) {
  std::string line = LogLine(LogFormat::kJson, "T", LogLevel::kError, "request")
                         .Add("method", "GET")
                         .Add("us", int64_t{12})
                         .Finish();
  EXPECT_EQ(line, "{\"ts\":\"T\",\"level\":\"error\",\"event\":\"request\",\"method\":\"GET\",\"us\":12}\n");
}

TEST(LogLine, AttackerTextStaysOneBoundedLine) {
  std::string evil = "GET\nlevel=error event=forged \"x\"\\";
  evil += std::string(5000, 'A');
  for (LogFormat f : {LogFormat::kLogfmt, LogFormat::kJson}) {
    std::string line = LogLine(f, "T", LogLevel::kInfo, "request").Add("method", evil).Finish();
    EXPECT_EQ(line.find('\n'), line.size() - 1) << line;
    EXPECT_LT(line.size(), kMaxLogValue + 200) << "the value is cut";
    EXPECT_NE(line.find("…"), std::string::npos) << "and the cut is marked";
    EXPECT_EQ(line.find("\" event=forged"), std::string::npos) << line;
  }
}

TEST(LogLine, InvalidUtf8AndControlsAreEscaped) {
  EXPECT_EQ(EscapeLogValue(std::string("a\x01\xff", 3), LogFormat::kLogfmt), "a\\x01\\xff");
  EXPECT_EQ(EscapeLogValue(std::string("a\x01", 2), LogFormat::kJson), "a\\u0001");
  EXPECT_EQ(EscapeLogValue("Trần", LogFormat::kLogfmt), "Trần");
  // A cut never splits a UTF-8 sequence.
  std::string many;
  for (int i = 0; i < 200; ++i) many += "ầ";
  std::string cut = EscapeLogValue(many, LogFormat::kJson);
  EXPECT_EQ(cut.substr(cut.size() - 3), "…");
  EXPECT_EQ((cut.size() - 3) % 3, 0u);
}

// Found by fuzz/http_request_fuzz: a lead byte above F4 (and overlongs,
// surrogates) passed as UTF-8, and escapes let a value grow past the bound.
TEST(LogLine, StrictUtf8AndTheBoundCountsEscapes) {
  EXPECT_EQ(EscapeLogValue(std::string("\xf5\xbc\x90\x90", 4), LogFormat::kLogfmt), "\\xf5\\xbc\\x90\\x90");
  EXPECT_EQ(EscapeLogValue(std::string("\xed\xa0\x80", 3), LogFormat::kLogfmt), "\\xed\\xa0\\x80");
  EXPECT_EQ(EscapeLogValue(std::string("\xe0\x80\xaf", 3), LogFormat::kLogfmt), "\\xe0\\x80\\xaf");
  for (LogFormat f : {LogFormat::kLogfmt, LogFormat::kJson}) {
    std::string escaped = EscapeLogValue(std::string(1000, '\xff'), f);
    EXPECT_LE(escaped.size(), kMaxLogValue + 6 + 3) << "the bound counts the escapes";
    EXPECT_FALSE(FindInvalidUtf8(escaped).has_value());
  }
}

TEST(LogLine, Formats) {
  EXPECT_EQ(ParseLogFormat("json"), LogFormat::kJson);
  EXPECT_EQ(ParseLogFormat("logfmt"), LogFormat::kLogfmt);
  EXPECT_FALSE(ParseLogFormat("xml").has_value());
}

}  // namespace
}  // namespace cardex
