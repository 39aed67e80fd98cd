// The schema v2 part of the Store contract (store.h): change revisions,
// citizen views and lookups, reconciliation runs and results. Run against
// SQLite and the live PostgreSQL of the pg_server fixture.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "cardex/store/store.h"
#include "tests/store/record_samples.h"
#include "tests/support/store_backend_test.h"

namespace cardex {
namespace {

class StoreReconcileTest : public testing::StoreBackendTest {
 protected:
  int64_t Revision() {
    auto r = store_->CurrentRevision();
    EXPECT_TRUE(r.ok()) << r.status().message();
    return r.ok() ? *r : -1;
  }

  // citizen_id -> revision of the citizens changed after `after`.
  std::vector<std::pair<int64_t, int64_t>> CitizensAfter(int64_t after) {
    std::vector<std::pair<int64_t, int64_t>> out;
    Status s = store_->ScanCitizenViews(after, [&](const CitizenView& c) {
      out.emplace_back(c.citizen_id, c.revision);
      return Status::Ok();
    });
    EXPECT_TRUE(s.ok()) << s.message();
    return out;
  }

  std::vector<std::pair<std::string, int64_t>> MemberRevisions() {
    std::vector<std::pair<std::string, int64_t>> out;
    Status s = store_->ScanMembersForReconcile([&](const Member& m, int64_t rev) {
      out.emplace_back(m.member_no, rev);
      return Status::Ok();
    });
    EXPECT_TRUE(s.ok()) << s.message();
    return out;
  }

};

TEST_P(StoreReconcileTest, ChangedRowsAndOnlyThoseTakeANewRevision) {
  EXPECT_EQ(Revision(), 0);
  std::vector<Citizen> citizens = testing::ManyCitizens(50);
  ASSERT_TRUE(store_->UpsertCitizens(citizens).ok());
  const int64_t first = Revision();
  EXPECT_GT(first, 0);
  EXPECT_EQ(CitizensAfter(-1).size(), 50u);
  EXPECT_EQ(CitizensAfter(first).size(), 0u);

  // The same rows again change nothing; one changed row is stamped anew.
  ASSERT_TRUE(store_->UpsertCitizens(citizens).ok());
  EXPECT_EQ(CitizensAfter(first).size(), 0u);
  citizens[7].deceased_on = "2024-02-29";
  ASSERT_TRUE(store_->UpsertCitizens(citizens).ok());
  const int64_t second = Revision();
  EXPECT_GT(second, first);
  auto changed = CitizensAfter(first);
  ASSERT_EQ(changed.size(), 1u);
  int64_t key = std::stoll(citizens[7].citizen_id);
  EXPECT_EQ(changed[0], std::make_pair(key, second));

  // One transaction stamps all its rows with one revision.
  ASSERT_TRUE(store_->Begin().ok());
  std::vector<Member> members = testing::SampleMembers();
  ASSERT_TRUE(store_->UpsertMembers(members).ok());
  citizens[8].full_name = "Lê Văn Tám";
  ASSERT_TRUE(store_->UpsertCitizens(citizens).ok());
  ASSERT_TRUE(store_->Commit().ok());
  const int64_t third = Revision();
  EXPECT_EQ(third, second + 1);
  for (const auto& [no, rev] : MemberRevisions()) EXPECT_EQ(rev, third) << no;
  EXPECT_EQ(CitizensAfter(second).size(), 1u);
}

TEST_P(StoreReconcileTest, CitizenViewsCarryTheValues) {
  std::vector<Citizen> citizens = testing::SampleCitizens();
  ASSERT_TRUE(store_->UpsertCitizens(citizens).ok());
  std::vector<Citizen> sorted = testing::Sorted(citizens);
  std::vector<std::string> seen;
  ASSERT_TRUE(store_
                  ->ScanCitizenViews(-1,
                                     [&](const CitizenView& c) {
                                       seen.push_back(std::to_string(c.citizen_id) + "|" +
                                                      std::string(c.full_name) + "|" +
                                                      std::string(c.birth_date) + "|" +
                                                      std::string(c.gender) + "|" +
                                                      std::string(c.deceased_on));
                                       return Status::Ok();
                                     })
                  .ok());
  std::sort(seen.begin(), seen.end());  // in no particular order
  std::sort(sorted.begin(), sorted.end(), [](const Citizen& a, const Citizen& b) {
    return std::to_string(std::stoll(a.citizen_id)) < std::to_string(std::stoll(b.citizen_id));
  });
  ASSERT_EQ(seen.size(), sorted.size());
  for (size_t i = 0; i < sorted.size(); ++i) {
    const Citizen& c = sorted[i];
    EXPECT_EQ(seen[i], std::to_string(std::stoll(c.citizen_id)) + "|" + c.full_name + "|" +
                           c.birth_date + "|" + c.gender + "|" + c.deceased_on);
  }
}

TEST_P(StoreReconcileTest, LookupFindsEachExistingIdOnce) {
  std::vector<Citizen> citizens = testing::ManyCitizens(30000);
  ASSERT_TRUE(store_->UpsertCitizens(citizens).ok());
  std::vector<int64_t> ids;
  for (size_t i = 0; i < citizens.size(); i += 2) ids.push_back(std::stoll(citizens[i].citizen_id));
  ids.push_back(ids.front());  // asked twice, answered once
  ids.push_back(1);            // nobody
  std::vector<int64_t> found;
  ASSERT_TRUE(store_
                  ->LookupCitizens(ids,
                                   [&](const CitizenView& c) {
                                     found.push_back(c.citizen_id);
                                     return Status::Ok();
                                   })
                  .ok());
  std::sort(found.begin(), found.end());
  std::vector<int64_t> expected(ids.begin(), ids.end() - 2);
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(found, expected);
}

TEST_P(StoreReconcileTest, RunsAndResultsRoundTrip) {
  auto none = store_->LastReconcileRun();
  ASSERT_TRUE(none.ok()) << none.status().message();
  EXPECT_FALSE(none->has_value());
  ReconcileRun run;
  run.full = false;
  run.revision = 12;
  run.members_checked = 3;
  run.members_total = 40;
  auto first = store_->AddReconcileRun(run);
  ASSERT_TRUE(first.ok()) << first.status().message();
  auto second = store_->AddReconcileRun(run);
  ASSERT_TRUE(second.ok());
  EXPECT_GT(*second, *first);
  auto last = store_->LastReconcileRun();
  ASSERT_TRUE(last.ok() && last->has_value());
  EXPECT_EQ((*last)->run_id, *second);
  EXPECT_FALSE((*last)->full);
  EXPECT_EQ((*last)->revision, 12);
  EXPECT_EQ((*last)->members_checked, 3);
  EXPECT_EQ((*last)->members_total, 40);
  EXPECT_FALSE((*last)->started_at.empty());

  std::vector<ReconcileResultRow> rows(3);
  rows[0] = {"b",
             Verdict::kFixable,
             kFieldFullName | kFieldBirthDate,
             "",
             "Nguyễn\tVăn\\Hùng",
             "1980-05-17",
             "M",
             "",
             *first};
  rows[1] = {"a", Verdict::kIdNotFound, 0, "068080000123", "", "", "", "", *first};
  rows[2] = {"b", Verdict::kDeceased, 0, "", "X", "1990-01-01", "F", "2020-01-01", *second};
  ASSERT_TRUE(store_->UpsertReconcileResults(rows).ok());
  std::vector<ReconcileResultRow> back;
  ASSERT_TRUE(store_
                  ->ScanReconcileResults([&](const ReconcileResultRow& r) {
                    back.push_back(r);
                    return Status::Ok();
                  })
                  .ok());
  ASSERT_EQ(back.size(), 2u);  // by member_no; the later "b" won
  EXPECT_EQ(back[0].member_no, "a");
  EXPECT_EQ(back[0].verdict, Verdict::kIdNotFound);
  EXPECT_EQ(back[0].suggested_citizen_id, "068080000123");
  EXPECT_EQ(back[1].verdict, Verdict::kDeceased);
  EXPECT_EQ(back[1].registry_deceased_on, "2020-01-01");
  EXPECT_EQ(back[1].run_id, *second);
  rows.resize(1);  // an update with awkward text
  ASSERT_TRUE(store_->UpsertReconcileResults(rows).ok());
  back.clear();
  ASSERT_TRUE(store_
                  ->ScanReconcileResults([&](const ReconcileResultRow& r) {
                    back.push_back(r);
                    return Status::Ok();
                  })
                  .ok());
  EXPECT_EQ(back[1].registry_full_name, "Nguyễn\tVăn\\Hùng");
  EXPECT_EQ(back[1].fields, kFieldFullName | kFieldBirthDate);
}

INSTANTIATE_TEST_SUITE_P(store, StoreReconcileTest,
                         testing::kBothBackends, testing::BackendName);

}  // namespace
}  // namespace cardex
