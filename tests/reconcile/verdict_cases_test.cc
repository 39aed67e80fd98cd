// The verdict and suggestion rules as tables: every tests/cases/verdicts/*.case
// and tests/cases/suggestions/*.case is a tiny member list and registry,
// reconciled in full and then incrementally after touching every row; both
// must give the expected report.
//
//   member.N:  citizen_id|full_name|birth_date|gender   (member_no 0000000N)
//   citizen.N: citizen_id|full_name|birth_date|gender|deceased_on
//   expect.N:  verdict|fields|suggested_citizen_id       (for member.N)
//   reasons.N: field=level;...  (optional) levels the suggestion's stored
//              reasons must show (reconcile/match_reasons.h)
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "cardex/reconcile/match_reasons.h"

#include "tests/core/case_file.h"
#include "tests/reconcile/reconcile_test_util.h"
#include "tests/support/test_env.h"

namespace cardex {
namespace {

std::vector<std::string> Split(const std::string& text) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream in(text);
  while (std::getline(in, part, '|')) parts.push_back(part);
  if (!text.empty() && text.back() == '|') parts.emplace_back();
  return parts;
}

std::string MemberNo(int i) {
  std::string no = std::to_string(i);
  return std::string(8 - no.size(), '0') + no;
}

// The field=level parts of the stored reasons of member `member_no`.
std::vector<std::string> StoredReasonLevels(Store& store, const std::string& member_no) {
  std::vector<std::string> levels;
  Status s = store.ScanReconcileResults([&](const ReconcileResultRow& r) {
    if (r.member_no != member_no) return Status::Ok();
    auto reasons = reconcile::DecodeMatchReasons(r.suggestion_reasons);
    EXPECT_TRUE(reasons.ok()) << r.suggestion_reasons;
    if (reasons.ok()) {
      for (const auto& f : reasons->fields) levels.push_back(f.field + "=" + f.level);
    }
    return Status::Ok();
  });
  EXPECT_TRUE(s.ok());
  return levels;
}

void ExpectReasons(Store& store, const testing::CaseFile& c, int members) {
  for (int i = 1; i <= members; ++i) {
    const std::string key = "reasons." + std::to_string(i);
    if (!c.Has(key)) continue;
    const auto stored = StoredReasonLevels(store, MemberNo(i));
    std::istringstream in(c.Get(key));
    std::string part;
    while (std::getline(in, part, ';')) {
      EXPECT_NE(std::find(stored.begin(), stored.end(), part), stored.end())
          << key << " wants " << part;
    }
  }
}

TEST(VerdictCases, EveryCaseGivesItsReport) {
  ASSERT_GE(testing::LoadCases("verdicts").size(), 30u);
  ASSERT_GE(testing::LoadCases("suggestions").size(), 12u);
}

// Each file of tests/cases/verdicts/ and tests/cases/suggestions/ is a test
// of its own.
class VerdictCasesFile : public ::testing::TestWithParam<testing::CaseFile> {};

TEST_P(VerdictCasesFile, Holds) {
  const testing::CaseFile& c = GetParam();
  testing::TempDir tmp;
  auto store = testing::OpenReconcileStore(tmp.file("t.db"));
  ASSERT_NE(store, nullptr);
  std::vector<Member> members;
  std::vector<Citizen> citizens;
  std::vector<std::string> expected;
  for (int i = 1; c.Has("member." + std::to_string(i)); ++i) {
    auto f = Split(c.Get("member." + std::to_string(i)));
    ASSERT_EQ(f.size(), 4u) << "member." << i;
    members.push_back(testing::MakeMember(MemberNo(i), f[0], f[1], f[2], f[3]));
    auto e = Split(c.Get("expect." + std::to_string(i)));
    ASSERT_EQ(e.size(), 3u) << "expect." << i;
    expected.push_back(MemberNo(i) + "," + e[0] + "," + e[1] + "," + e[2]);
  }
  for (int i = 1; c.Has("citizen." + std::to_string(i)); ++i) {
    auto f = Split(c.Get("citizen." + std::to_string(i)));
    ASSERT_EQ(f.size(), 5u) << "citizen." << i;
    citizens.push_back(Citizen{f[0], f[1], f[2], f[3], "", f[4]});
  }
  ASSERT_TRUE(store->UpsertMembers(members).ok());
  ASSERT_TRUE(store->UpsertCitizens(citizens).ok());
  testing::MustReconcile(*store, /*full=*/true);
  EXPECT_EQ(testing::StoredReport(*store), expected) << "full run";
  ExpectReasons(*store, c, static_cast<int>(members.size()));

  // Touch every row (a value changes and changes back in two imports), so
  // that an incremental run re-checks everything through its own path.
  for (int round = 0; round < 2; ++round) {
    for (Member& m : members) m.phone = round == 0 ? "x" : "";
    for (Citizen& z : citizens) z.origin = round == 0 ? "x" : "";
    ASSERT_TRUE(store->UpsertMembers(members).ok());
    ASSERT_TRUE(store->UpsertCitizens(citizens).ok());
  }
  auto summary = testing::MustReconcile(*store, /*full=*/false);
  EXPECT_FALSE(summary.full);
  EXPECT_EQ(testing::StoredReport(*store), expected) << "incremental run";
  ExpectReasons(*store, c, static_cast<int>(members.size()));
}

INSTANTIATE_TEST_SUITE_P(Files, VerdictCasesFile, ::testing::ValuesIn(testing::LoadCases("verdicts")),
                         testing::CaseFileName);
INSTANTIATE_TEST_SUITE_P(Suggestions, VerdictCasesFile,
                         ::testing::ValuesIn(testing::LoadCases("suggestions")),
                         testing::CaseFileName);

}  // namespace
}  // namespace cardex
