// iCalendar writing: TEXT escaping, 75-octet folding that never splits a
// UTF-8 sequence, CRLF endings, and the VCALENDAR/VEVENT structure.
#include "cardex/io/icalendar.h"

#include <gtest/gtest.h>

#include <algorithm>

#include <string>
#include <vector>

namespace cardex {
namespace {

// The physical lines of `text`, each of which must end in CRLF.
std::vector<std::string> PhysicalLines(const std::string& text) {
  std::vector<std::string> lines;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find("\r\n", pos);
    EXPECT_NE(end, std::string::npos) << "a line without CRLF";
    if (end == std::string::npos) break;
    lines.push_back(text.substr(pos, end - pos));
    pos = end + 2;
  }
  return lines;
}

// RFC 5545 3.1: remove every CRLF followed by one space.
std::string Unfold(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text.compare(i, 3, "\r\n ") == 0) {
      i += 2;
      continue;
    }
    out += text[i];
  }
  return out;
}

bool ValidUtf8Start(const std::string& line) {
  return line.empty() || (static_cast<unsigned char>(line[0]) & 0xC0) != 0x80;
}

TEST(Icalendar, EscapesText) {
  EXPECT_EQ(EscapeIcalText("a\\b;c,d\ne\r\nf"), "a\\\\b\\;c\\,d\\ne\\nf");
  EXPECT_EQ(EscapeIcalText("Đổi thẻ: ok"), "Đổi thẻ: ok");
}

TEST(Icalendar, ShortLinesAreNotFolded) {
  std::string out;
  AppendContentLine(&out, std::string(75, 'a'));
  EXPECT_EQ(out, std::string(75, 'a') + "\r\n");
}

TEST(Icalendar, FoldsAt75OctetsWithASpace) {
  std::string out;
  AppendContentLine(&out, std::string(75 + 74 + 10, 'a'));
  EXPECT_EQ(out, std::string(75, 'a') + "\r\n " + std::string(74, 'a') + "\r\n " +
                     std::string(10, 'a') + "\r\n");
}

TEST(Icalendar, NeverSplitsAUtf8Sequence) {
  // Every alignment of 2-, 3- and 4-byte sequences against the fold points.
  for (const std::string piece : {"đ", "ổ", "—", "𝄞"}) {
    for (size_t prefix = 0; prefix < 8; ++prefix) {
      std::string line = "DESCRIPTION:" + std::string(prefix, 'x');
      while (line.size() < 400) line += piece;
      std::string out;
      AppendContentLine(&out, line);
      for (const std::string& l : PhysicalLines(out)) {
        EXPECT_LE(l.size(), 75u);
        ASSERT_GT(l.size(), 1u);
        // A continuation's first content byte (after the space) starts a character.
        const std::string content = l[0] == ' ' ? l.substr(1) : l;
        EXPECT_TRUE(ValidUtf8Start(content)) << "piece " << piece << " prefix " << prefix;
      }
      EXPECT_EQ(Unfold(out), line + "\r\n");
    }
  }
}

TEST(Icalendar, CalendarStructure) {
  CalendarEvent e;
  e.uid = "appointment-M1@cardex";
  e.dtstamp = "20250801T000000Z";
  e.dtstart = IcalLocalDateTime("2025-08-05T07:00");
  e.dtend = IcalLocalDateTime("2025-08-05T07:30");
  e.summary = "Đổi thẻ đảng viên — Công an xã Hàm Tiến";
  e.location = "Công an xã Hàm Tiến, Lâm Đồng";
  e.description = "Mang theo thẻ đảng viên cũ và CCCD.\nMã mời: ABC";
  const std::string ics = FormatCalendar("-//Cardex//Invitations//VI", {&e, 1});
  std::vector<std::string> lines = PhysicalLines(Unfold(ics));
  const std::vector<std::string> expected = {
      "BEGIN:VCALENDAR",
      "VERSION:2.0",
      "PRODID:-//Cardex//Invitations//VI",
      "CALSCALE:GREGORIAN",
      "METHOD:PUBLISH",
      "BEGIN:VEVENT",
      "UID:appointment-M1@cardex",
      "DTSTAMP:20250801T000000Z",
      "DTSTART:20250805T070000",
      "DTEND:20250805T073000",
      "SUMMARY:Đổi thẻ đảng viên — Công an xã Hàm Tiến",
      "LOCATION:Công an xã Hàm Tiến\\, Lâm Đồng",
      "DESCRIPTION:Mang theo thẻ đảng viên cũ và CCCD.\\nMã mời: ABC",
      "END:VEVENT",
      "END:VCALENDAR"};
  EXPECT_EQ(lines, expected);
  for (const std::string& l : PhysicalLines(ics)) EXPECT_LE(l.size(), 75u);
  EXPECT_EQ(ics.find('\n'), ics.find("\r\n") + 1) << "bare LF";
}

// domain.md: an .ics names the zone. An event in Vietnam's zone brings the
// calendar its VTIMEZONE (RFC 5545 3.6.5), written once however many events.
TEST(Icalendar, VietnamZoneNamedWithItsVtimezone) {
  CalendarEvent e;
  e.uid = "appointment-M1@cardex";
  e.dtstamp = "20250801T000000Z";
  e.dtstart = IcalLocalDateTime("2025-08-05T07:00");
  e.dtend = IcalLocalDateTime("2025-08-05T07:30");
  e.summary = "Đổi thẻ";
  e.tzid = std::string(kVietnamTzid);
  const CalendarEvent two[] = {e, e};
  std::vector<std::string> lines = PhysicalLines(Unfold(FormatCalendar("-//Cardex//VI", two)));
  const std::vector<std::string> zone = {"BEGIN:VTIMEZONE", "TZID:Asia/Ho_Chi_Minh", "BEGIN:STANDARD",
                                         "DTSTART:19700101T000000", "TZOFFSETFROM:+0700",
                                         "TZOFFSETTO:+0700", "TZNAME:ICT", "END:STANDARD", "END:VTIMEZONE"};
  ASSERT_GE(lines.size(), 5 + zone.size());
  EXPECT_EQ(std::vector<std::string>(lines.begin() + 5, lines.begin() + 5 + zone.size()), zone);
  EXPECT_EQ(std::count(lines.begin(), lines.end(), "BEGIN:VTIMEZONE"), 1);
  EXPECT_EQ(std::count(lines.begin(), lines.end(), "DTSTART;TZID=Asia/Ho_Chi_Minh:20250805T070000"), 2);
  EXPECT_EQ(std::count(lines.begin(), lines.end(), "DTEND;TZID=Asia/Ho_Chi_Minh:20250805T073000"), 2);
}

TEST(Icalendar, LocalDateTime) {
  EXPECT_EQ(IcalLocalDateTime("2025-08-06T00:30"), "20250806T003000");
  EXPECT_EQ(IcalLocalDateTime("2025-08-06 00:30"), "");
}

}  // namespace
}  // namespace cardex
