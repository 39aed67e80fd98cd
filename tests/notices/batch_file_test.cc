// Batch files for the operator's gateway and the delivery reports read
// back: all or nothing, errors naming the line and the column, a report
// imported twice changing nothing, and no batch in quiet hours.
#include "cardex/notices/batch_file.h"

#include <gtest/gtest.h>

#include "cardex/notices/notices.h"
#include "tests/notices/notices_test_support.h"

namespace cardex::notices {
namespace {

class BatchFileTest : public testing::NoticesStoreTest {
 protected:
  void SetUp() override {
    NoticesStoreTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    PrepareOptions prepare;
    prepare.now = "2025-08-04T03:00:00Z";
    ASSERT_TRUE(PrepareNotices(*store_, prepare).ok());  // 5 invitations
  }

  ExportReport Export(const std::string& path, const std::string& now = "2025-08-04T03:00:00Z") {
    ExportOptions o;
    o.now = now;
    auto report = ExportBatch(*store_, path, o);
    EXPECT_TRUE(report.ok()) << report.status().message();
    return report.ok() ? *report : ExportReport{};
  }

  std::string Id(const char* member) {
    return std::string(store_->Query("SELECT message_id FROM notices WHERE member_no = ?",
                                     {std::string_view(member)})
                           ->Text(0, 0));
  }

  std::string State(const char* member) {
    return std::string(store_->Query("SELECT state FROM notices WHERE member_no = ?",
                                     {std::string_view(member)})
                           ->Text(0, 0));
  }
};

TEST_P(BatchFileTest, ExportsPendingNoticesOnce) {
  const std::string path = tmp_.file("batch1.csv");
  ExportReport r = Export(path);
  EXPECT_EQ(r.exported, 5);
  EXPECT_EQ(r.batch, "batch1.csv");
  const std::string csv = testing::ReadFile(path);
  EXPECT_TRUE(csv.starts_with("message_id,to,text,kind,send_from,send_until\n")) << csv;
  EXPECT_NE(csv.find(Id("M1") + ",+84912345671,\"Moi dong chi den doi the dang vien: Thu Nam 07/08/2025"),
            std::string::npos)
      << csv;
  // Sent from 10:00 until the quiet hours begin at 21:00 (local).
  EXPECT_NE(csv.find(",invitation,2025-08-04T10:00,2025-08-04T21:00\n"), std::string::npos) << csv;
  EXPECT_EQ(State("M1"), "exported");
  // A second export has nothing to write: no file.
  EXPECT_EQ(Export(tmp_.file("batch2.csv")).exported, 0);
  EXPECT_FALSE(std::filesystem::exists(tmp_.file("batch2.csv")));
}

TEST_P(BatchFileTest, NoBatchInQuietHours) {
  ExportReport r = Export(tmp_.file("night.csv"), "2025-08-04T16:00:00Z");  // 23:00 local
  EXPECT_TRUE(r.quiet);
  EXPECT_EQ(r.exported, 0);
  EXPECT_FALSE(std::filesystem::exists(tmp_.file("night.csv")));
  EXPECT_EQ(State("M1"), "pending");
}

TEST_P(BatchFileTest, DeliveryReportsImportedOnce) {
  Export(tmp_.file("batch1.csv"));
  const std::string reports = tmp_.file("reports.csv");
  testing::WriteFile(reports, "message_id,status,reported_at,error\n" + Id("M1") +
                                  ",delivered,2025-08-04T03:05:00Z,\n" + Id("M2") +
                                  ",failed,2025-08-04T03:06:00Z,absent subscriber\n" + Id("M1") +
                                  ",delivered,2025-08-04T03:05:00Z,\n");
  auto first = ImportReports(*store_, reports);
  ASSERT_TRUE(first.ok()) << first.status().message();
  EXPECT_EQ(first->delivered, 1);
  EXPECT_EQ(first->failed, 1);
  EXPECT_EQ(State("M1"), "delivered");
  EXPECT_EQ(State("M2"), "failed");
  // The same file again (the gateway sent its report twice): no change.
  auto again = ImportReports(*store_, reports);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->delivered + again->failed, 0);
  EXPECT_EQ(again->unchanged, 2);
  auto list = NotReached(*store_, "P.C.1", "2025-08-04T04:00:00Z");
  std::vector<std::string> seen;
  for (const auto& u : *list) seen.push_back(u.member_no + ":" + std::string(UnreachedName(u.why)));
  EXPECT_EQ(seen, (std::vector<std::string>{"M2:failed", "M3:awaiting_report", "M4:awaiting_report",
                                            "M5:no_phone"}));
}

TEST_P(BatchFileTest, ABadReportFileChangesNothingAndNamesEveryBadLine) {
  Export(tmp_.file("batch1.csv"));
  const std::string reports = tmp_.file("reports.csv");
  testing::WriteFile(reports, "message_id,status,reported_at\n" + Id("M1") +
                                  ",delivered,2025-08-04T03:05:00Z\n" + Id("M2") +
                                  ",sent,2025-08-04T03:05:00Z\n" + Id("M3") +
                                  ",delivered,yesterday\nnot-an-id,delivered,2025-08-04T03:05:00Z\n" +
                                  Id("M1") + ",failed,2025-08-04T03:09:00Z\n");
  auto refused = ImportReports(*store_, reports);
  ASSERT_FALSE(refused.ok());
  const std::string m = refused.status().message();
  EXPECT_NE(m.find("reports.csv:3: column status: 'sent' is neither delivered nor failed"), std::string::npos) << m;
  EXPECT_NE(m.find("reports.csv:4: column reported_at: 'yesterday'"), std::string::npos) << m;
  EXPECT_NE(m.find("reports.csv:5: column message_id: no notice has the id not-an-id"), std::string::npos) << m;
  EXPECT_NE(m.find("reports.csv:6: column status: message " + Id("M1") + " was reported delivered on line 2"),
            std::string::npos) << m;
  EXPECT_EQ(State("M1"), "exported");  // the good line was not imported either
  testing::WriteFile(reports, "message_id,state\nx,delivered\n");
  auto no_column = ImportReports(*store_, reports);
  ASSERT_FALSE(no_column.ok());
  EXPECT_NE(no_column.status().message().find("reports.csv:1: the column status is missing"), std::string::npos)
      << no_column.status().message();
}

TEST_P(BatchFileTest, AReportForANoticeNeverSentIsRefused) {
  // Nothing exported: M1's notice is still pending.
  const std::string reports = tmp_.file("reports.csv");
  testing::WriteFile(reports, "message_id,status,reported_at\n" + Id("M1") + ",delivered,2025-08-04T03:05:00Z\n");
  auto refused = ImportReports(*store_, reports);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("reports.csv:2: column message_id: notice " + Id("M1") +
                                            " was never sent (pending)"),
            std::string::npos)
      << refused.status().message();
}

INSTANTIATE_TEST_SUITE_P(Backends, BatchFileTest, testing::kBothBackends, testing::BackendName);

}  // namespace
}  // namespace cardex::notices
