// The reconciliation run beyond the verdict table: what an incremental run
// re-checks, the run record, and the registry interface.
#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

#include "cardex/core/vn_name.h"
#include "tests/reconcile/reconcile_test_util.h"
#include "tests/support/test_env.h"

namespace cardex {
namespace {

using testing::MakeMember;
using testing::MustReconcile;
using testing::StoredReport;

constexpr char kHung[] = "068080000123";
constexpr char kLan[] = "068175000456";
constexpr char kTwin[] = "068080000789";
constexpr char kNobody[] = "068080000999";

class ReconcileEngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = testing::OpenReconcileStore(tmp_.file("t.db"));
    ASSERT_NE(store_, nullptr);
    citizens_ = {{kHung, "Nguyễn Văn Hùng", "1980-05-17", "M", "", ""},
                 {kLan, "Trần Thị Lan", "1975-02-03", "F", "", ""}};
    members_ = {MakeMember("00000001", kHung, "NGUYEN VAN HUNG", "1980-05-17", "M"),
                MakeMember("00000002", kLan, "Trần Thị Lan", "1975-02-03", "F"),
                MakeMember("00000003", kNobody, "Nguyen Van Hung", "1980", "M")};
    ASSERT_TRUE(store_->UpsertCitizens(citizens_).ok());
    ASSERT_TRUE(store_->UpsertMembers(members_).ok());
  }

  testing::TempDir tmp_;
  std::unique_ptr<Store> store_;
  std::vector<Citizen> citizens_;
  std::vector<Member> members_;
};

TEST_F(ReconcileEngineTest, FirstRunIsFullAndRecordsItself) {
  auto s = MustReconcile(*store_, /*full=*/false);
  EXPECT_TRUE(s.full);
  EXPECT_EQ(s.checked, 3);
  EXPECT_TRUE(s.asked_candidates);
  EXPECT_EQ(StoredReport(*store_),
            (std::vector<std::string>{"00000001,fixable,full_name,", "00000002,match,,",
                                      "00000003,id_not_found,," + std::string(kHung)}));
  auto last = store_->LastReconcileRun();
  ASSERT_TRUE(last.ok());
  ASSERT_TRUE(last->has_value());
  EXPECT_EQ((*last)->run_id, s.run_id);
  EXPECT_EQ((*last)->members_checked, 3);
  EXPECT_EQ((*last)->revision, *store_->CurrentRevision());
}

TEST_F(ReconcileEngineTest, NothingChangedChecksNobodyAndReadsNoRegistry) {
  MustReconcile(*store_, true);
  auto s = MustReconcile(*store_, false);
  EXPECT_FALSE(s.full);
  EXPECT_EQ(s.checked, 0);
  EXPECT_FALSE(s.asked_candidates);
  EXPECT_EQ(s.verdicts[static_cast<size_t>(Verdict::kFixable)], 1);
  // Re-importing the same rows changes no revision.
  ASSERT_TRUE(store_->UpsertMembers(members_).ok());
  ASSERT_TRUE(store_->UpsertCitizens(citizens_).ok());
  EXPECT_EQ(MustReconcile(*store_, false).checked, 0);
}

TEST_F(ReconcileEngineTest, AChangedMemberAloneIsChecked) {
  MustReconcile(*store_, true);
  members_[1].full_name = "Tran Thi Lan";
  ASSERT_TRUE(store_->UpsertMembers(members_).ok());
  auto s = MustReconcile(*store_, false);
  EXPECT_EQ(s.checked, 1);
  EXPECT_FALSE(s.asked_candidates);  // the checked member needs no suggestion
  EXPECT_EQ(StoredReport(*store_)[1], "00000002,fixable,full_name,");
}

TEST_F(ReconcileEngineTest, AChangedCitizenRechecksItsMemberAndSuggestions) {
  MustReconcile(*store_, true);
  citizens_[1].deceased_on = "2024-01-02";
  ASSERT_TRUE(store_->UpsertCitizens(citizens_).ok());
  auto s = MustReconcile(*store_, false);
  EXPECT_EQ(s.checked, 1);
  EXPECT_EQ(StoredReport(*store_)[1], "00000002,deceased,,");
  // The suggested citizen dies: the suggestion goes.
  citizens_[0].deceased_on = "2024-01-02";
  ASSERT_TRUE(store_->UpsertCitizens(citizens_).ok());
  MustReconcile(*store_, false);
  EXPECT_EQ(StoredReport(*store_)[2], "00000003,id_not_found,,");
}

TEST_F(ReconcileEngineTest, ANewNamesakeTakesTheSuggestionAwayAndBack) {
  MustReconcile(*store_, true);
  std::vector<Citizen> twin = {{kTwin, "Nguyễn Văn Hùng", "1980-11-30", "M", "", ""}};
  ASSERT_TRUE(store_->UpsertCitizens(twin).ok());
  auto s = MustReconcile(*store_, false);
  EXPECT_TRUE(s.asked_candidates);
  EXPECT_EQ(StoredReport(*store_)[2], "00000003,id_not_found,,");  // born "1980": two fit
  // The namesake's name is corrected to someone else's: one candidate again,
  // though the run never saw the namesake's old name.
  twin[0].full_name = "Lê Văn Tám";
  ASSERT_TRUE(store_->UpsertCitizens(twin).ok());
  MustReconcile(*store_, false);
  EXPECT_EQ(StoredReport(*store_)[2], "00000003,id_not_found,," + std::string(kHung));
}

// With a second connection the results that need no suggestion are stored
// while the candidates are asked for: the same reports, full and incremental.
TEST_F(ReconcileEngineTest, ASecondConnectionGivesTheSameReports) {
  const std::string spec = tmp_.file("t.db");
  auto s = MustReconcile(*store_, true, "", spec);
  EXPECT_EQ(s.suggestions, 1);
  EXPECT_EQ(StoredReport(*store_),
            (std::vector<std::string>{"00000001,fixable,full_name,", "00000002,match,,",
                                      "00000003,id_not_found,," + std::string(kHung)}));
  std::vector<Citizen> twin = {{kTwin, "Nguyễn Văn Hùng", "1980-11-30", "M", "", ""}};
  ASSERT_TRUE(store_->UpsertCitizens(twin).ok());
  MustReconcile(*store_, false, "", spec);
  EXPECT_EQ(StoredReport(*store_)[2], "00000003,id_not_found,,");
  twin[0].full_name = "Lê Văn Tám";
  ASSERT_TRUE(store_->UpsertCitizens(twin).ok());
  members_[1].full_name = "Trần Thị Lan Anh";
  ASSERT_TRUE(store_->UpsertMembers(members_).ok());
  s = MustReconcile(*store_, false, "", spec);
  EXPECT_EQ(s.checked, 1);  // member 2; member 3 only asks again
  EXPECT_EQ(StoredReport(*store_),
            (std::vector<std::string>{"00000001,fixable,full_name,", "00000002,mismatch,full_name,",
                                      "00000003,id_not_found,," + std::string(kHung)}));
}

TEST_F(ReconcileEngineTest, JoiningAndLeavingADuplicateGroupRechecksBoth) {
  MustReconcile(*store_, true);
  members_[1].citizen_id = kHung;  // now two members carry kHung
  ASSERT_TRUE(store_->UpsertMembers(members_).ok());
  auto s = MustReconcile(*store_, false);
  EXPECT_EQ(s.checked, 2);
  auto report = StoredReport(*store_);
  EXPECT_EQ(report[0], "00000001,duplicate_id,,");
  EXPECT_EQ(report[1], "00000002,duplicate_id,,");
  members_[1].citizen_id = kLan;
  ASSERT_TRUE(store_->UpsertMembers(members_).ok());
  EXPECT_EQ(MustReconcile(*store_, false).checked, 2);
  EXPECT_EQ(StoredReport(*store_)[0], "00000001,fixable,full_name,");
}

TEST_F(ReconcileEngineTest, ResultsKeepTheRegistryValuesComparedWith) {
  MustReconcile(*store_, true);
  std::vector<ReconcileResultRow> rows;
  ASSERT_TRUE(store_
                  ->ScanReconcileResults([&](const ReconcileResultRow& r) {
                    rows.push_back(r);
                    return Status::Ok();
                  })
                  .ok());
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].registry_full_name, "Nguyễn Văn Hùng");
  EXPECT_EQ(rows[0].registry_birth_date, "1980-05-17");
  EXPECT_EQ(rows[0].registry_gender, "M");
  EXPECT_EQ(rows[2].registry_full_name, "");  // id_not_found: nothing compared
}

// A registry that is not the store: an in-memory list, as a service client
// would be. It checks the batch contract and counts the questions.
class ListRegistry final : public reconcile::Registry {
 public:
  explicit ListRegistry(std::vector<Citizen> citizens) : citizens_(std::move(citizens)) {}
  void SetProgress(Progress) override {}
  Status Ask(const reconcile::RegistryBatch& batch) override {
    ++asks;
    EXPECT_TRUE(std::is_sorted(batch.ids.begin(), batch.ids.end()));
    EXPECT_EQ(std::adjacent_find(batch.ids.begin(), batch.ids.end()), batch.ids.end());
    for (const Citizen& c : citizens_) {
      CitizenView v{
          std::stoll(c.citizen_id), c.full_name, c.birth_date, c.gender, c.deceased_on, 0};
      auto it = std::lower_bound(batch.ids.begin(), batch.ids.end(), v.citizen_id);
      if (it != batch.ids.end() && *it == v.citizen_id) {
        CARDEX_RETURN_IF_ERROR(batch.on_record(static_cast<size_t>(it - batch.ids.begin()), v));
      }
      if (!c.deceased_on.empty()) continue;
      for (size_t q = 0; q < batch.queries.size(); ++q) {
        const auto& query = batch.queries[q];
        if (query.gender == c.gender &&
            query.birth_date.substr(0, 4) == c.birth_date.substr(0, 4) &&
            vn_name::FoldKey(query.full_name) == vn_name::FoldKey(c.full_name)) {
          CARDEX_RETURN_IF_ERROR(batch.on_candidate(q, v));
        }
      }
    }
    return Status::Ok();
  }
  int asks = 0;

 private:
  std::vector<Citizen> citizens_;
};

TEST_F(ReconcileEngineTest, AnyRegistryBehindTheInterfaceGivesTheSameReport) {
  ListRegistry registry(citizens_);
  auto s = reconcile::Reconcile(*store_, registry, {});
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(registry.asks, 2);  // the ids in one batch, then the candidates in one
  EXPECT_EQ(StoredReport(*store_),
            (std::vector<std::string>{"00000001,fixable,full_name,", "00000002,match,,",
                                      "00000003,id_not_found,," + std::string(kHung)}));
}

// The store registry with a second connection splits a large id batch over
// two threads; every id is still answered once, with its own values, and
// every callback comes on the calling thread.
TEST(StoreRegistryTest, TwoReadersAnswerEveryIdOnceOnTheCallingThread) {
  testing::TempDir tmp;
  const std::string path = tmp.file("two.db");
  auto store = testing::OpenReconcileStore(path);
  ASSERT_NE(store, nullptr);
  constexpr int kCitizens = 150000;  // asked for every other: above the split size
  std::vector<Citizen> citizens;
  for (int i = 0; i < kCitizens; ++i) {
    std::string serial = std::to_string(i);
    citizens.push_back({"001080" + std::string(6 - serial.size(), '0') + serial,
                        "Công dân " + serial, "1980-01-01", i % 2 ? "F" : "M", "", ""});
  }
  ASSERT_TRUE(store->UpsertCitizens(citizens).ok());
  StoreOptions read_only;
  read_only.read_only = true;
  auto second = OpenStore(path, read_only);
  ASSERT_TRUE(second.ok()) << second.status().message();
  auto third = OpenStore(path, read_only);
  ASSERT_TRUE(third.ok()) << third.status().message();
  auto registry =
      reconcile::MakeStoreRegistry(*store, std::move(second).value(), std::move(third).value());
  EXPECT_TRUE(registry->IndependentOfStore());

  std::vector<int64_t> ids;
  for (int i = 0; i < kCitizens; i += 2) ids.push_back(std::stoll(citizens[i].citizen_id));
  ids.push_back(1080099999);  // nobody
  std::vector<int> answered(ids.size(), 0);
  const auto caller = std::this_thread::get_id();
  reconcile::RegistryBatch batch;
  batch.ids = ids;
  batch.on_record = [&](size_t k, const CitizenView& c) -> Status {
    EXPECT_EQ(std::this_thread::get_id(), caller);
    EXPECT_EQ(c.citizen_id, ids[k]);
    const Citizen& want = citizens[2 * k];
    EXPECT_EQ(c.full_name, want.full_name);
    EXPECT_EQ(c.gender, want.gender);
    ++answered[k];
    return Status::Ok();
  };
  ASSERT_TRUE(registry->Ask(batch).ok());
  EXPECT_EQ(std::count(answered.begin(), answered.end() - 1, 1),
            static_cast<std::ptrdiff_t>(ids.size() - 1));
  EXPECT_EQ(answered.back(), 0);
}

}  // namespace
}  // namespace cardex
