// progress/report.h: the CSV contract (formats.md "The progress report")
// for a small campaign on both engines, and the percent's rounding.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "cardex/intake/exchange.h"
#include "cardex/progress/report.h"
#include "tests/intake/intake_fixture.h"

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

INSTANTIATE_TEST_SUITE_P(Progress, ProgressReportTest, testing::kBothBackends,
                         testing::BackendName);

}  // namespace
}  // namespace cardex::progress
