// progress/committee_view.h and the PDF's first page (report.h): the
// committee reads the whole's curve against its targets, its label with
// why and what to do, and the units needing action; pdftotext reads the
// page back (legend, label, units, codes whole on their line).
#include <gtest/gtest.h>

#include "cardex/intake/exchange.h"
#include "cardex/progress/committee_view.h"
#include "cardex/progress/report.h"
#include "tests/intake/intake_fixture.h"
#include "tests/io/run_tool.h"

namespace cardex::progress {
namespace {

using testing::IntakeTest;
using CommitteeViewTest = IntakeTest;

Status Receive(Store& store, const std::string& member, const std::string& at) {
  for (ExchangeStep step : {ExchangeStep::kCheckIn, ExchangeStep::kCapture, ExchangeStep::kConfirm,
                            ExchangeStep::kSubmit}) {
    intake::StepRequest r;
    r.member_no = member;
    r.step = step;
    r.station_code = "S";
    r.actor = "officer1";
    r.at = at;
    CARDEX_RETURN_IF_ERROR(intake::ApplyStepAtomically(store, r).status());
  }
  return Status::Ok();
}

Date Day(const char* text) { return *Date::Parse(text); }

// The fixture: M1..M3 of cell P.C.1 booked on 05/08, M4 without a slot.
// On 06/08, with M1 received on 05/08, the cell is behind by two (M2, M3
// missed their day) and one member has no appointment.
TEST_P(CommitteeViewTest, TheWholeAndTheUnitsNeedingAction) {
  ASSERT_TRUE(SaveCampaignWindow(*store_, Day("2025-08-05"), Day("2025-08-08")).ok());
  ASSERT_TRUE(Receive(*store_, "M1", "2025-08-05T01:05:00Z").ok());
  auto view = LoadCommitteeView(*store_, "P", Day("2025-08-06"));
  ASSERT_TRUE(view.ok()) << view.status().message();
  EXPECT_EQ(view->title, "Tỉnh P");
  EXPECT_EQ(view->official, 4);
  EXPECT_EQ(view->received, 1);
  ASSERT_EQ(view->plan.size(), 1u);
  EXPECT_EQ(view->plan[0].appointments, 3);
  ASSERT_TRUE(view->forecast.deadline.has_value());
  EXPECT_EQ(*view->forecast.deadline, Day("2025-08-08"));
  EXPECT_EQ(view->forecast.behind, 2);
  EXPECT_NE(view->outlook.why.find("lỡ hẹn"), std::string::npos) << view->outlook.why;
  // The commune and its cell P.C.1 need action; the empty P.C.2 does not.
  std::vector<std::string> codes;
  for (const UnitOutlook& u : view->needing_action) codes.push_back(u.code);
  EXPECT_NE(std::find(codes.begin(), codes.end(), "P.C.1"), codes.end());
  EXPECT_EQ(std::find(codes.begin(), codes.end(), "P.C.2"), codes.end());
  for (const UnitOutlook& u : view->needing_action) EXPECT_TRUE(NeedsAction(u.forecast.risk)) << u.code;
  EXPECT_EQ(view->more_needing_action, 0);

  EXPECT_EQ(LoadCommitteeView(*store_, "NOPE", Day("2025-08-06")).status().code(), StatusCode::kNotFound);
}

TEST_P(CommitteeViewTest, ThePdfOpensWithTheCommitteesPage) {
  // A long code, as the generated provinces have, must stay whole.
  const std::vector<Unit> units = {{"LD.HAMTIEN.CB07", "P.C", "cell", "Chi bộ Thôn 7 Hàm Tiến"}};
  ASSERT_TRUE(store_->UpsertUnits(units).ok());
  const std::vector<Member> members = {
      {"M7", "079080000007", "Phạm Thị 7", "1981-01-07", "F", "LD.HAMTIEN.CB07", "official", "", false}};
  ASSERT_TRUE(store_->UpsertMembers(members).ok());
  ASSERT_TRUE(SaveCampaignWindow(*store_, Day("2025-08-05"), Day("2025-08-08")).ok());
  ASSERT_TRUE(Receive(*store_, "M1", "2025-08-05T01:05:00Z").ok());
  const Date today = Day("2025-08-06");
  auto rows = ProgressRows(*store_, "", today);
  ASSERT_TRUE(rows.ok());
  auto view = LoadCommitteeView(*store_, "", today);
  ASSERT_TRUE(view.ok()) << view.status().message();
  const std::string path = tmp_.file("committee.pdf");
  ASSERT_TRUE(WriteProgressPdf(*rows, path, "06/08/2025", &*view).ok());

  using cardex::testing::RunTool;
  using cardex::testing::ShellQuote;
  const std::string first = RunTool("pdftotext -f 1 -l 1 -layout -enc UTF-8 " + ShellQuote(path) + " -");
  for (const std::string text :
       {"Tóm tắt cho Ban Chỉ đạo", "Tiến độ theo ngày", "Mục tiêu: đều mỗi ngày đến hạn chót",
        "Theo lịch hẹn (kế hoạch)", "Đã nhận hồ sơ", "Đã trao thẻ", "Dự báo", "Hạn chót: 08/08/2025",
        "Đánh giá:", "Vì sao:", "Cần làm:", "Đơn vị cần chỉ đạo", "Chi bộ 1", "P.C.1",
        "Chậm so với lịch hẹn", "LD.HAMTIEN.CB07", "Chưa có lịch hẹn"}) {
    EXPECT_NE(first.find(text), std::string::npos) << text << " in\n" << first;
  }
  // The tables start on the next page.
  EXPECT_EQ(first.find("Mã đơn vị"), std::string::npos) << first;
  const std::string second = RunTool("pdftotext -f 2 -l 2 -layout -enc UTF-8 " + ShellQuote(path) + " -");
  EXPECT_NE(second.find("Tiến độ đổi thẻ đảng viên"), std::string::npos) << second;
}

INSTANTIATE_TEST_SUITE_P(Progress, CommitteeViewTest, testing::kBothBackends, testing::BackendName);

}  // namespace
}  // namespace cardex::progress
