// `cardex invitations`: a cell's list and one iCalendar file per member,
// from appointments stored by a plan (SQLite).
#include "cardex/plan/invitations.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "cardex/plan/appointments.h"
#include "tests/io/run_tool.h"
#include "tests/support/test_env.h"

namespace cardex::plan {
namespace {

TEST(Invitations, ListAndCalendarsOfACell) {
  cardex::testing::TempDir tmp;
  auto opened = OpenStore(tmp.file("t.db"));
  ASSERT_TRUE(opened.ok());
  Store& store = **opened;
  ASSERT_TRUE(store.Migrate().ok());
  std::vector<Unit> units = {{"P", "", "province", "Tỉnh"}, {"P.C", "P", "commune", "Xã"},
                             {"P.C.1", "P.C", "cell", "Chi bộ 1"}, {"P.C.2", "P.C", "cell", "Chi bộ 2"}};
  ASSERT_TRUE(store.UpsertUnits(units).ok());
  std::vector<Member> members(3);
  const char* names[] = {"Nguyễn Văn Hùng", "TRẦN THỊ HOA", "Lê An"};
  for (int i = 0; i < 3; ++i) {
    members[i] = {"M" + std::to_string(i + 1), "068085001234", names[i], "1980", "M",
                  i < 2 ? "P.C.1" : "P.C.2", "official", "", false};
  }
  ASSERT_TRUE(store.UpsertMembers(members).ok());
  std::vector<Station> stations = {{"S1", "Công an xã Hàm Tiến", 1, 30, {"P.C"}}};
  ASSERT_TRUE(store.UpsertStations(stations).ok());
  auto key = LoadInvitationKey(store);
  ASSERT_TRUE(key.ok()) << key.status().message();
  auto again = LoadInvitationKey(store);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(key->k0 == again->k0 && key->k1 == again->k1) << "the secret is kept";
  EXPECT_FALSE(key->k0 == 0 && key->k1 == 0);

  auto appt = [&](std::string member, std::string unit, std::string start, std::string end,
                  std::string mode) {
    StoredAppointment a{member, unit, "S1", start, end, mode, "", "invited", "", 1};
    a.invitation_code = InvitationCode(*key, a.member_no, a.station_code, a.slot_start, a.mode);
    return a;
  };
  std::vector<StoredAppointment> rows = {
      appt("M2", "P.C.1", "2025-08-05T07:30", "2025-08-05T08:00", "home_visit"),
      appt("M1", "P.C.1", "2025-08-05T07:00", "2025-08-05T07:30", "station"),
      appt("M3", "P.C.2", "2025-08-05T08:00", "2025-08-05T08:30", "station")};
  ASSERT_TRUE(store.ReplaceAppointments(rows).ok());

  const std::string dir = tmp.file("out");
  auto written = WriteInvitations(store, "P.C.1", dir);
  ASSERT_TRUE(written.ok()) << written.status().message();
  EXPECT_EQ(written->members, 2);
  EXPECT_EQ(cardex::testing::ReadFile(dir + "/P.C.1.csv"),
            "member_no,full_name,station_name,station_code,date,start,end,mode,invitation_code\n"
            "M1,Nguyễn Văn Hùng,Công an xã Hàm Tiến,S1,2025-08-05,07:00,07:30,station," +
                rows[1].invitation_code + "\n" +
                "M2,TRẦN THỊ HOA,Công an xã Hàm Tiến,S1,2025-08-05,07:30,08:00,home_visit," +
                rows[0].invitation_code + "\n");
  const std::string ics = cardex::testing::ReadFile(dir + "/M1.ics");
  EXPECT_NE(ics.find("BEGIN:VEVENT\r\nUID:appointment-M1@cardex\r\nDTSTAMP:"), std::string::npos) << ics;
  EXPECT_NE(ics.find("DTSTART;TZID=Asia/Ho_Chi_Minh:20250805T070000\r\nDTEND;TZID=Asia/Ho_Chi_Minh:20250805T073000\r\n"),
            std::string::npos);
  EXPECT_NE(ics.find("BEGIN:VTIMEZONE\r\nTZID:Asia/Ho_Chi_Minh\r\n"), std::string::npos);
  EXPECT_NE(ics.find("TZOFFSETTO:+0700\r\n"), std::string::npos);
  EXPECT_NE(ics.find("SUMMARY:Đổi thẻ đảng viên — Công an xã Hàm Tiến\r\n"), std::string::npos);
  EXPECT_NE(ics.find("LOCATION:Công an xã Hàm Tiến\r\n"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(dir + "/M3.ics")) << "another cell's member";
  // The description folds; unfolded it names what to bring and the code.
  std::string unfolded;
  for (size_t i = 0; i < ics.size(); ++i) {
    if (ics.compare(i, 3, "\r\n ") == 0) {
      i += 2;
      continue;
    }
    unfolded += ics[i];
  }
  EXPECT_NE(unfolded.find("DESCRIPTION:Mang theo thẻ đảng viên cũ và CCCD.\\nMã mời: " +
                          rows[1].invitation_code + "\r\n"),
            std::string::npos)
      << unfolded;
  EXPECT_NE(cardex::testing::ReadFile(dir + "/M2.ics").find("Tại nhà"), std::string::npos);

  // The same list for people: a spreadsheet and a printable PDF with a card
  // and a QR code per member. No citizen id anywhere: they go to members.
  using cardex::testing::RunTool;
  using cardex::testing::ShellQuote;
  EXPECT_EQ(written->xlsx_path, dir + "/P.C.1.xlsx");
  EXPECT_EQ(written->pdf_path, dir + "/P.C.1.pdf");
  const std::string sheet = RunTool("unzip -p " + ShellQuote(written->xlsx_path) + " xl/worksheets/sheet1.xml");
  for (const std::string& text :
       {std::string("Danh sách mời đổi thẻ đảng viên — Chi bộ 1 (P.C.1), Xã — lập ngày "),
        std::string("<t>Số thẻ đảng viên</t>"), std::string("<t>Họ và tên</t>"),
        std::string("<t>Nguyễn Văn Hùng</t>"), std::string("<t>TRẦN THỊ HOA</t>"),
        std::string("<t>Công an xã Hàm Tiến</t>"), std::string("<t>Tại nhà (tổ lưu động của Công an xã Hàm Tiến)</t>"),
        "<t>" + rows[1].invitation_code + "</t>", std::string("<v>45874</v>") /* 2025-08-05 */}) {
    EXPECT_NE(sheet.find(text), std::string::npos) << text << " in " << sheet;
  }
  const std::string pdf = RunTool("pdftotext -enc UTF-8 " + ShellQuote(written->pdf_path) + " -");
  for (const std::string& text :
       {std::string("Danh sách mời đổi thẻ đảng viên"), std::string("GIẤY MỜI ĐỔI THẺ ĐẢNG VIÊN"),
        std::string("Kính gửi đồng chí: Nguyễn Văn Hùng"), std::string("Số thẻ đảng viên: M1"),
        std::string("Địa điểm: Công an xã Hàm Tiến"), std::string("Ngày: Thứ Ba, 05/08/2025"),
        std::string("Giờ: 07:00 – 07:30"), std::string("Mang theo: Thẻ đảng viên cũ, Căn cước công dân"),
        std::string("Kính gửi đồng chí: TRẦN THỊ HOA"), std::string("Địa điểm: Tại nhà")}) {
    EXPECT_NE(pdf.find(text), std::string::npos) << text << " in " << pdf;
  }
  for (const std::string& file : {written->list_path, dir + "/M1.ics"}) {
    EXPECT_EQ(cardex::testing::ReadFile(file).find("068085001234"), std::string::npos) << file;
  }
  EXPECT_EQ(sheet.find("068085001234"), std::string::npos);
  EXPECT_EQ(pdf.find("068085001234"), std::string::npos);
  if (cardex::testing::HaveTool("zbarimg")) {
    RunTool("pdftoppm -r 150 -png -f 2 -l 2 -singlefile " + ShellQuote(written->pdf_path) + " " +
            ShellQuote(tmp.file("cards")));
    const std::string scanned = RunTool("zbarimg --quiet --raw " + ShellQuote(tmp.file("cards.png")));
    EXPECT_NE(scanned.find(rows[1].invitation_code + "\n"), std::string::npos) << scanned;
    EXPECT_NE(scanned.find(rows[0].invitation_code + "\n"), std::string::npos) << scanned;
  }

  // Issue 16: any unit writes every cell beneath it, one set of files per
  // cell, plus one PDF of them all in cell order for bulk printing.
  for (const std::string unit : {"P.C", "P"}) {
    const std::string unit_dir = tmp.file("unit_" + unit);
    auto all = WriteInvitations(store, unit, unit_dir);
    ASSERT_TRUE(all.ok()) << all.status().message();
    EXPECT_EQ(all->members, 3);
    EXPECT_EQ(all->cells, 2);
    EXPECT_EQ(all->unit_pdf_path, unit_dir + "/" + unit + ".pdf");
    for (const char* file : {"/P.C.1.csv", "/P.C.1.pdf", "/P.C.1.xlsx", "/P.C.2.csv", "/P.C.2.pdf", "/M3.ics"}) {
      EXPECT_TRUE(std::filesystem::exists(unit_dir + file)) << file;
    }
    const std::string whole = RunTool("pdftotext -enc UTF-8 " + ShellQuote(all->unit_pdf_path) + " -");
    const size_t first = whole.find("Kính gửi đồng chí: Nguyễn Văn Hùng");
    const size_t second = whole.find("Kính gửi đồng chí: Lê An");
    EXPECT_NE(first, std::string::npos) << whole;
    EXPECT_NE(second, std::string::npos) << whole;
    EXPECT_LT(first, second) << "cells in order: Chi bộ 1, then Chi bộ 2";
  }

  EXPECT_EQ(WriteInvitations(store, "P.X", dir).status().code(), StatusCode::kNotFound);
  ASSERT_TRUE(store.ReplaceAppointments({}).ok());
  EXPECT_EQ(WriteInvitations(store, "P.C.1", dir).status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace cardex::plan
