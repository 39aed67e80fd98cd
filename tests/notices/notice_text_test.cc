// One SMS: GSM-7 counted as the network counts it (an extension character
// is two septets), and every notice, whatever the station's name, within
// 160 septets while still naming the place, day, time and code.
#include "cardex/notices/notice_text.h"

#include <gtest/gtest.h>

#include "cardex/notices/gsm7.h"

namespace cardex::notices {
namespace {

// Counted here apart from Gsm7Septets, for texts known to be ASCII plus
// the extension characters: one septet a character, two for ^{}\[~]|.
int SeptetsOfAscii(const std::string& text) {
  int n = 0;
  for (char c : text) n += std::string_view("^{}\\[~]|").find(c) == std::string_view::npos ? 1 : 2;
  return n;
}

TEST(Gsm7, CountsExtensionCharactersTwice) {
  EXPECT_EQ(Gsm7Septets("Ma moi"), 6);
  EXPECT_EQ(Gsm7Septets("~"), 2);
  EXPECT_EQ(Gsm7Septets("[x]"), 5);
  EXPECT_EQ(Gsm7Septets("€"), 2);
  EXPECT_EQ(Gsm7Septets("$*="), 3);  // the other check symbols are basic
  EXPECT_EQ(Gsm7Septets("é à"), 3);  // in the basic table
  EXPECT_EQ(Gsm7Septets("ă"), std::nullopt);  // Vietnamese needs UCS-2
  EXPECT_EQ(Gsm7Septets("`"), std::nullopt);
  EXPECT_EQ(Gsm7Septets("\xff"), std::nullopt);
}

TEST(Gsm7, VietnameseIsWrittenUnaccented) {
  EXPECT_EQ(ToGsm7Basic("Công an xã Hàm Tiến"), "Cong an xa Ham Tien");
  EXPECT_EQ(ToGsm7Basic("ĐẮK NÔNG  Đạ\u00a0Huoai"), "DAK NONG Da Huoai");
  // NFD input (lists are often typed so) folds the same.
  EXPECT_EQ(ToGsm7Basic("Ha\u0300m Tie\u0302\u0301n"), "Ham Tien");
  // What GSM-7 cannot carry becomes '?', and so does an extension
  // character: the result is one septet per character.
  const std::string odd = ToGsm7Basic("Trạm ✓ [A]~");
  EXPECT_EQ(odd, "Tram ? ?A??");
  EXPECT_EQ(Gsm7Septets(odd), static_cast<int>(odd.size()));
}

NoticeFacts Facts(NoticeKind kind, std::string mode, std::string station) {
  NoticeFacts f;
  f.kind = kind;
  f.mode = std::move(mode);
  f.station_name = std::move(station);
  f.slot_start = "2025-08-07T08:00";
  f.slot_end = "2025-08-07T08:30";
  f.invitation_code = "K7QX3M9PT2~";  // a check symbol of the extension table
  return f;
}

const NoticeKind kKinds[] = {NoticeKind::kInvitation, NoticeKind::kReminder, NoticeKind::kMoved,
                             NoticeKind::kCatchUp};

TEST(NoticeText, SaysPlaceDayTimeAndCode) {
  for (NoticeKind kind : kKinds) {
    for (const char* mode : {"station", "home_visit"}) {
      auto text = NoticeText(Facts(kind, mode, "Công an xã Hàm Tiến"));
      ASSERT_TRUE(text.ok()) << text.status().message();
      SCOPED_TRACE(*text);
      EXPECT_NE(text->find("Cong an xa Ham Tien"), std::string::npos);
      EXPECT_NE(text->find("Thu Nam 07/08/2025"), std::string::npos);  // a Thursday
      EXPECT_NE(text->find("08:00-08:30"), std::string::npos);
      EXPECT_NE(text->find("Ma moi: K7QX3M9PT2~"), std::string::npos);
      EXPECT_NE(text->find("CCCD va the cu"), std::string::npos);
      EXPECT_LE(*Gsm7Septets(*text), kSmsSeptets);
    }
  }
  EXPECT_NE(NoticeText(Facts(NoticeKind::kReminder, "station", "X"))->find("ngay mai"),
            std::string::npos);
  EXPECT_NE(NoticeText(Facts(NoticeKind::kMoved, "station", "X"))->find("DA THAY DOI"),
            std::string::npos);
  EXPECT_NE(NoticeText(Facts(NoticeKind::kCatchUp, "station", "X"))->find("bo sung"),
            std::string::npos);
  EXPECT_NE(NoticeText(Facts(NoticeKind::kInvitation, "home_visit", "X"))->find("den nha"),
            std::string::npos);
}

// Every length of station name up to far beyond any real one: one SMS,
// counted with the extension character of the code as two septets (a
// sender counting characters would overflow at some length here).
TEST(NoticeText, EveryStationNameFitsOneSms) {
  std::string name = "Công an";
  int shortened = 0;
  while (name.size() < 400) {
    name += name.size() % 3 ? " xã" : " Hàm Thuận Nam";
    for (NoticeKind kind : kKinds) {
      for (const char* mode : {"station", "home_visit"}) {
        auto text = NoticeText(Facts(kind, mode, name));
        ASSERT_TRUE(text.ok()) << text.status().message();
        SCOPED_TRACE(*text);
        EXPECT_LE(SeptetsOfAscii(*text), kSmsSeptets);
        EXPECT_EQ(Gsm7Septets(*text), SeptetsOfAscii(*text));
        EXPECT_NE(text->find("Ma moi: K7QX3M9PT2~"), std::string::npos);
        EXPECT_NE(text->find("08:00-08:30"), std::string::npos);
        if (text->find("..") != std::string::npos) ++shortened;
      }
    }
  }
  EXPECT_GT(shortened, 0);  // the sweep did reach names that had to be cut
}

TEST(NoticeText, ShortensCongAnBeforeCutting) {
  const std::string name = "Công an phường Liên Hương, huyện Tuy Phong, tỉnh Lâm Đồng (điểm 2)";
  auto text = NoticeText(Facts(NoticeKind::kMoved, "station", name));
  ASSERT_TRUE(text.ok());
  EXPECT_NE(text->find("CA phuong Lien Huong"), std::string::npos) << *text;
}

TEST(NoticeText, RefusesWhatNoSmsCanSay) {
  auto f = Facts(NoticeKind::kInvitation, "station", "X");
  f.slot_start = "2025-08-07 08:00";
  EXPECT_FALSE(NoticeText(f).ok());
  f = Facts(NoticeKind::kInvitation, "station", "X");
  f.invitation_code = "MÃ";
  EXPECT_FALSE(NoticeText(f).ok());
}

TEST(NoticeKinds, RoundTrip) {
  for (NoticeKind kind : kKinds) EXPECT_EQ(ParseKind(KindName(kind)), kind);
  EXPECT_EQ(ParseKind("sms"), std::nullopt);
}

}  // namespace
}  // namespace cardex::notices
