// Resolution (resolve.h) on SQLite and live PostgreSQL: standardised values
// beside the recorded ones, the audit trail, corrections and their backlog,
// verdict counts per unit.
#include "cardex/reconcile/resolve.h"

#include <gtest/gtest.h>

#include "tests/reconcile/reconcile_test_util.h"
#include "tests/support/test_env.h"

namespace cardex {
namespace {

using testing::MakeMember;
using testing::MustReconcile;
using testing::StoredReport;

enum class Backend { kSqlite, kLivePostgres };

std::string BackendName(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::kSqlite ? "Sqlite" : "LivePostgres";
}

constexpr char kHung[] = "068080000123";
constexpr char kLan[] = "068175000456";

class ResolveTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    spec_ = GetParam() == Backend::kSqlite ? tmp_.file("t.db") : testing::FreshPostgresDatabase();
    if (spec_.empty()) {
      ASSERT_FALSE(HasFailure());
      GTEST_SKIP() << "no PostgreSQL test server (CARDEX_SKIP_PG=1)";
    }
    store_ = testing::OpenReconcileStore(spec_);
    ASSERT_NE(store_, nullptr);
    std::vector<Unit> more = {{"C2", "P", "cell", "Cell 2"}};
    ASSERT_TRUE(store_->UpsertUnits(more).ok());
    std::vector<Citizen> citizens = {{kHung, "Nguyễn Văn Hùng", "1980-05-17", "M", "", ""},
                                     {kLan, "Trần Thị Lan", "1975-02-03", "F", "", ""}};
    members_ = {MakeMember("00000001", kHung, "NGUYEN VAN HUNG", "1980-05", "M"),
                MakeMember("00000002", "068080000999", "Tran Thi Lan", "1975", "F"),
                MakeMember("00000003", kLan, "Trần Thị Lan", "1975-02-03", "F")};
    members_[2].unit_code = "C2";
    ASSERT_TRUE(store_->UpsertCitizens(citizens).ok());
    ASSERT_TRUE(store_->UpsertMembers(members_).ok());
    MustReconcile(*store_, /*full=*/true);
  }

  std::vector<AuditEntry> Audit(const std::string& subject = "") {
    std::vector<AuditEntry> out;
    EXPECT_TRUE(store_
                    ->ScanAudit(subject,
                                [&](const AuditEntry& e) {
                                  out.push_back(e);
                                  return Status::Ok();
                                })
                    .ok());
    return out;
  }

  testing::TempDir tmp_;
  std::string spec_;
  std::unique_ptr<Store> store_;
  std::vector<Member> members_;
};

TEST_P(ResolveTest, AllFixableTakesTheRegistrysValuesAndKeepsTheRecordedOnes) {
  ASSERT_EQ(StoredReport(*store_)[0], "00000001,fixable,full_name;birth_date,");
  auto count = reconcile::ApplyAllFixable(*store_, "alice");
  ASSERT_TRUE(count.ok()) << count.status().message();
  EXPECT_EQ(count->applied, 1);
  // The next run re-checks the member with its standardised values.
  auto s = MustReconcile(*store_, /*full=*/false);
  EXPECT_EQ(s.checked, 1);
  EXPECT_EQ(StoredReport(*store_)[0], "00000001,match,,");
  // The recorded values are untouched; export gives back what was imported.
  std::vector<Member> recorded;
  ASSERT_TRUE(store_
                  ->ScanMembers([&](const Member& m) {
                    recorded.push_back(m);
                    return Status::Ok();
                  })
                  .ok());
  EXPECT_EQ(recorded[0].full_name, "NGUYEN VAN HUNG");
  EXPECT_EQ(recorded[0].birth_date, "1980-05");
  auto audit = Audit("member:00000001");
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].actor, "alice");
  EXPECT_EQ(audit[0].action, "apply_registry");
  EXPECT_NE(audit[0].before.find("\"full_name\":\"NGUYEN VAN HUNG\""), std::string::npos);
  EXPECT_NE(audit[0].after.find("\"full_name\":\"Nguyễn Văn Hùng\""), std::string::npos);
  EXPECT_NE(audit[0].after.find("\"birth_date\":\"1980-05-17\""), std::string::npos);
  EXPECT_EQ(audit[0].at.size(), 24u);  // YYYY-MM-DDTHH:MM:SS.sssZ
  // Nothing fixable is left: applying again changes nothing.
  count = reconcile::ApplyAllFixable(*store_, "alice");
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(count->applied, 0);
}

TEST_P(ResolveTest, AcceptingASuggestionStandardisesTheId) {
  ASSERT_EQ(StoredReport(*store_)[1], "00000002,id_not_found,," + std::string(kLan));
  EXPECT_EQ(reconcile::AcceptSuggestion(*store_, "00000003", "bob").code(),
            StatusCode::kFailedPrecondition);  // no suggestion
  EXPECT_EQ(reconcile::AcceptSuggestion(*store_, "99999999", "bob").code(), StatusCode::kNotFound);
  ASSERT_TRUE(reconcile::AcceptSuggestion(*store_, "00000002", "bob").ok());
  MustReconcile(*store_, /*full=*/false);
  // Now it carries the same id as member 3: both are duplicates, which is
  // what the organisation must now sort out.
  auto report = StoredReport(*store_);
  EXPECT_EQ(report[1], "00000002,duplicate_id,,");
  EXPECT_EQ(report[2], "00000003,duplicate_id,,");
  EXPECT_EQ(Audit("member:00000002").at(0).action, "accept_suggestion");
}

TEST_P(ResolveTest, UnresolvedDifferencesAreTheRealOnesNotYetStandardised) {
  // 1 fixable (not a difference a desk sends back), 2 id_not_found, 3 match.
  auto open = reconcile::UnresolvedDifferences(*store_);
  ASSERT_TRUE(open.ok()) << open.status().message();
  EXPECT_EQ(*open, std::vector<std::string>{"00000002"});
  ASSERT_TRUE(reconcile::AcceptSuggestion(*store_, "00000002", "bob").ok());
  EXPECT_TRUE(reconcile::UnresolvedDifferences(*store_)->empty());
}

TEST_P(ResolveTest, AMemberChangedSinceTheRunIsLeftAlone) {
  members_[0].phone = "0909";
  ASSERT_TRUE(store_->UpsertMembers(members_).ok());
  auto count = reconcile::ApplyAllFixable(*store_, "alice");
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(count->applied, 0);
  EXPECT_EQ(count->skipped_changed, 1);
}

TEST_P(ResolveTest, CorrectionsOfAUnitAndItsBacklog) {
  ASSERT_TRUE(reconcile::SendToCorrection(*store_, "00000001", "check the birth date", "carol",
                                          "2025-08-05 08:00:00")
                  .ok());
  ASSERT_TRUE(
      reconcile::SendToCorrection(*store_, "00000003", "name", "carol", "2025-08-07 08:00:00")
          .ok());
  EXPECT_EQ(reconcile::SendToCorrection(*store_, "nobody", "x", "carol").code(),
            StatusCode::kNotFound);
  auto cell = reconcile::OpenCorrections(*store_, "C1");
  ASSERT_TRUE(cell.ok());
  ASSERT_EQ(cell->size(), 1u);
  EXPECT_EQ((*cell)[0].note, "check the birth date");
  auto province = reconcile::OpenCorrections(*store_, "P");
  ASSERT_TRUE(province.ok());
  EXPECT_EQ(province->size(), 2u);
  EXPECT_EQ(reconcile::OpenCorrections(*store_, "nowhere").status().code(), StatusCode::kNotFound);

  auto backlog = reconcile::BacklogOf(*store_, "P", "2025-08-09 20:00:00");
  ASSERT_TRUE(backlog.ok());
  EXPECT_EQ(backlog->open, 2);
  EXPECT_DOUBLE_EQ(backlog->oldest_days, 4.5);
  EXPECT_DOUBLE_EQ(backlog->mean_days, 3.5);

  auto closed = reconcile::CloseCorrection(*store_, "00000001", "dave", "2025-08-10 09:00:00");
  ASSERT_TRUE(closed.ok());
  EXPECT_EQ(*closed, 1);
  EXPECT_EQ(reconcile::BacklogOf(*store_, "P", "2025-08-10 09:00:00")->open, 1);
  std::vector<std::string> actions;
  for (const AuditEntry& e : Audit()) actions.push_back(e.action + " " + e.subject);
  // The run that found the differences is audited first (issue 14).
  EXPECT_EQ(actions, (std::vector<std::string>{"reconcile.run run:1",
                                               "send_to_correction member:00000001",
                                               "send_to_correction member:00000003",
                                               "close_correction member:00000001"}));
}

TEST_P(ResolveTest, VerdictCountsPerUnitAddUpTheSubtree) {
  const std::string path = tmp_.file("units.csv");
  auto units = reconcile::WriteVerdictCounts(*store_, path);
  ASSERT_TRUE(units.ok()) << units.status().message();
  EXPECT_EQ(*units, 3);
  EXPECT_EQ(testing::ReadFile(path),
            "unit_code,unit_name,kind,members,invalid_id,duplicate_id,id_not_found,deceased,"
            "wrong_person,mismatch,fixable,match,suggestions\n"
            "P,Province,province,3,0,0,1,0,0,0,1,1,1\n"
            "C1,Cell,cell,2,0,0,1,0,0,0,1,0,1\n"
            "C2,Cell 2,cell,1,0,0,0,0,0,0,0,1,0\n");
}

INSTANTIATE_TEST_SUITE_P(reconcile, ResolveTest,
                         ::testing::Values(Backend::kSqlite, Backend::kLivePostgres), BackendName);

}  // namespace
}  // namespace cardex
