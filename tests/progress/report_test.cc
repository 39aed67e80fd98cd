// progress/report.h: the CSV contract (formats.md "The progress report")
// for a small campaign on both engines, and the percent's rounding.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "cardex/intake/exchange.h"
#include "cardex/progress/report.h"
#include "cardex/reconcile/resolve.h"
#include "tests/intake/intake_fixture.h"
#include "tests/io/run_tool.h"

namespace cardex::progress {
namespace {

using testing::IntakeTest;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

Status Steps(Store& store, const std::string& member, std::initializer_list<ExchangeStep> steps,
             std::string reason = "") {
  for (ExchangeStep step : steps) {
    intake::StepRequest r;
    r.member_no = member;
    r.step = step;
    r.reason = StepAcceptsReason(step, reason) ? reason : "";
    r.station_code = "S";
    r.actor = "officer1";
    r.at = "2025-08-05T01:05:00Z";
    CARDEX_RETURN_IF_ERROR(intake::ApplyStepAtomically(store, r).status());
  }
  return Status::Ok();
}

TEST(PercentReceived, OneDecimalRoundedHalfUpAndZeroForNoMembers) {
  EXPECT_EQ(PercentReceived(0, 0), "0.0");
  EXPECT_EQ(PercentReceived(0, 7), "0.0");
  EXPECT_EQ(PercentReceived(1, 3), "33.3");
  EXPECT_EQ(PercentReceived(2, 3), "66.7");
  EXPECT_EQ(PercentReceived(1, 8), "12.5");
  EXPECT_EQ(PercentReceived(1, 16), "6.3");  // 6.25
  EXPECT_EQ(PercentReceived(3, 3), "100.0");
  EXPECT_EQ(PercentReceived(324, 365), "88.8");
}

using ProgressReportTest = IntakeTest;

// M1 submitted, M2 holds the new card, M3 died (closed at the desk), M4 not
// seen yet; in P.C.2 a probationary member who went through the desk and an
// official member the registry says died: neither is to exchange.
TEST_P(ProgressReportTest, CsvIsTheContract) {
  std::vector<Member> extra = {
      {"M5", "079080000005", "Trần Thị 5", "1985-02-02", "F", "P.C.2", "probationary", "", false},
      {"M6", "079080000006", "Lê Văn 6", "1940-03-03", "M", "P.C.2", "official", "", false}};
  ASSERT_TRUE(store_->UpsertMembers(extra).ok());
  auto run = store_->AddReconcileRun({});
  ASSERT_TRUE(run.ok());
  ReconcileResultRow dead;
  dead.member_no = "M6";
  dead.verdict = Verdict::kDeceased;
  dead.run_id = *run;
  ASSERT_TRUE(store_->UpsertReconcileResults({&dead, 1}).ok());

  using S = ExchangeStep;
  ASSERT_TRUE(Steps(*store_, "M1", {S::kCheckIn, S::kCapture, S::kConfirm, S::kSubmit}).ok());
  ASSERT_TRUE(Steps(*store_, "M2", {S::kCheckIn, S::kCapture, S::kConfirm, S::kSubmit,
                                    S::kProduceCard, S::kDeliverCard, S::kHandOver})
                  .ok());
  ASSERT_TRUE(Steps(*store_, "M3", {S::kClose}, "deceased").ok());
  ASSERT_TRUE(Steps(*store_, "M5", {S::kInvite, S::kCheckIn, S::kCapture, S::kConfirm, S::kSubmit}).ok());

  auto rows = ProgressRows(*store_, "");
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  const std::string path = tmp_.file("progress.csv");
  ASSERT_TRUE(WriteProgressCsv(*rows, path).ok());
  EXPECT_EQ(ReadFile(path),
            "unit_code,unit_name,kind,official_members,received,handed_over,percent_received\n"
            "P,Tỉnh P,province,3,2,1,66.7\n"
            "P.C,Xã C,commune,3,2,1,66.7\n"
            "P.C.1,Chi bộ 1,cell,3,2,1,66.7\n"
            "P.C.2,Chi bộ 2,cell,0,0,0,0.0\n");

  auto sub = ProgressRows(*store_, "P.C.2");
  ASSERT_TRUE(sub.ok());
  ASSERT_EQ(sub->size(), 1u);
  EXPECT_EQ(sub->front().unit_code, "P.C.2");
  EXPECT_EQ(ProgressRows(*store_, "NOPE").status().code(), StatusCode::kNotFound);

  // The people's formats are written (their content is checked by the CLI
  // test with unzip and pdftotext).
  EXPECT_TRUE(WriteProgressReport(*store_, "", tmp_.file("p.xlsx")).ok());
  EXPECT_TRUE(WriteProgressReport(*store_, "", tmp_.file("p.pdf")).ok());
  EXPECT_EQ(WriteProgressReport(*store_, "", tmp_.file("p.txt")).status().code(),
            StatusCode::kInvalidArgument);
}

// The XLSX and PDF carry the roll-ups' other figures (invited, corrections
// open and their ages) as extra columns; the CSV keeps the contract's seven.
// M1..M3 hold appointments (the fixture); M1 and M2 have a correction open
// since 1 and 7 August, so on 11 August the oldest is 10 days, the mean 7.
TEST_P(ProgressReportTest, PeopleFormatsShowInvitedAndCorrections) {
  ASSERT_TRUE(reconcile::SendToCorrection(*store_, "M1", "a", "u", "2025-08-01 09:00:00").ok());
  ASSERT_TRUE(reconcile::SendToCorrection(*store_, "M2", "b", "u", "2025-08-07 09:00:00").ok());
  auto rows = ProgressRows(*store_, "", *Date::Parse("2025-08-11"));
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  ASSERT_EQ(rows->size(), 4u);
  const ProgressRow& cell = (*rows)[2];
  ASSERT_EQ(cell.unit_code, "P.C.1");
  EXPECT_EQ(cell.with_appointment, 3);
  EXPECT_EQ(cell.corrections_open, 2);
  EXPECT_EQ(cell.oldest_correction_days, 10);
  EXPECT_DOUBLE_EQ(cell.mean_correction_days, 7.0);
  EXPECT_EQ((*rows)[0].corrections_open, 2);  // the province sums its subtree
  EXPECT_EQ((*rows)[3].corrections_open, 0);

  const std::string csv = tmp_.file("extra.csv");
  ASSERT_TRUE(WriteProgressCsv(*rows, csv).ok());
  EXPECT_EQ(ReadFile(csv).substr(0, ReadFile(csv).find('\n')),
            "unit_code,unit_name,kind,official_members,received,handed_over,percent_received");

  using cardex::testing::RunTool;
  using cardex::testing::ShellQuote;
  const std::string xlsx = tmp_.file("extra.xlsx");
  ASSERT_TRUE(WriteProgressXlsx(*rows, xlsx, "11/08/2025").ok());
  const std::string sheet = RunTool("unzip -p " + ShellQuote(xlsx) + " xl/worksheets/sheet1.xml");
  for (const std::string text :
       {"<t>Đã có lịch hẹn (được mời)</t>", "<t>Số chỉnh sửa còn mở</t>",
        "<t>Số ngày mở của chỉnh sửa lâu nhất</t>", "<t>Số ngày mở trung bình của chỉnh sửa</t>"}) {
    EXPECT_NE(sheet.find(text), std::string::npos) << text << " in " << sheet;
  }
  // The P.C.1 row: invited 3, corrections 2, oldest 10, mean 7, as numbers.
  const size_t at = sheet.find("<t>P.C.1</t>");
  ASSERT_NE(at, std::string::npos);
  const std::string row = sheet.substr(at, sheet.find("</row>", at) - at);
  for (const std::string text : {"<v>3</v>", "<v>2</v>", "<v>10</v>", "<v>7</v>"}) {
    EXPECT_NE(row.find(text), std::string::npos) << text << " in " << row;
  }
  const std::string cells = RunTool("unzip -p " + ShellQuote(xlsx) + " xl/worksheets/sheet2.xml");
  EXPECT_NE(cells.find("<t>Số chỉnh sửa còn mở</t>"), std::string::npos);

  const std::string pdf_path = tmp_.file("extra.pdf");
  ASSERT_TRUE(WriteProgressPdf(*rows, pdf_path, "11/08/2025").ok());
  const std::string pdf = RunTool("pdftotext -layout -enc UTF-8 " + ShellQuote(pdf_path) + " -");
  // Narrow columns wrap their headers word by word.
  for (const std::string text : {"Được", "mời", "Chỉnh", "sửa", "Lâu", "nhất", "Trung", "bình", "7,0"}) {
    EXPECT_NE(pdf.find(text), std::string::npos) << text << " in " << pdf;
  }
}

// Reports for people list siblings in Vietnamese order of their names
// (numbers numeric, Đ after D), keeping the tree depth first.
TEST(OrderForPeople, SiblingsByVietnameseNameUnderTheirParent) {
  auto row = [](std::string code, std::string name, std::string parent, int depth) {
    ProgressRow r;
    r.unit_code = std::move(code);
    r.unit_name = std::move(name);
    r.parent_code = std::move(parent);
    r.depth = depth;
    return r;
  };
  const std::vector<ProgressRow> by_code = {
      row("LD", "Lâm Đồng", "", 0),         row("LD.A", "Đạ Huoai", "LD", 1),
      row("LD.A.1", "Chi bộ 10", "LD.A", 2), row("LD.A.2", "Chi bộ 2", "LD.A", 2),
      row("LD.B", "Di Linh", "LD", 1),      row("LD.C", "Đinh Trang Thượng", "LD", 1),
      row("LD.D", "D'Ran", "LD", 1)};
  std::string order;
  for (const ProgressRow& r : OrderForPeople(by_code)) order += r.unit_name + "; ";
  EXPECT_EQ(order, "Lâm Đồng; D'Ran; Di Linh; Đạ Huoai; Chi bộ 2; Chi bộ 10; Đinh Trang Thượng; ");
}

INSTANTIATE_TEST_SUITE_P(Progress, ProgressReportTest, testing::kBothBackends,
                         testing::BackendName);

}  // namespace
}  // namespace cardex::progress
