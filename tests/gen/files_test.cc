// The generated files keep formats.md: exact columns, valid values, codes
// that resolve, unique keys, and registry ids that agree with the person.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "cardex/core/citizen_id.h"
#include "cardex/core/dates.h"
#include "cardex/core/vn_name.h"
#include "cardex/gen/generator.h"
#include "gen_test_util.h"
#include "tests/support/test_env.h"

namespace cardex::gen {
namespace {

using testing::LoadTable;
using testing::Table;

class GenFiles : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new cardex::testing::TempDir();
    GenOptions o;
    o.seed = 11;
    o.members = 2000;
    o.citizens = 20000;
    o.members_per_commune = 400;
    ASSERT_TRUE(Generate(o, dir_->path().string()).ok());
    for (const char* f : {"units", "members", "citizens", "stations", "shifts", "truth"}) {
      (*tables_)[f] = LoadTable(dir_->file(std::string(f) + ".csv"));
    }
  }
  static void TearDownTestSuite() {
    delete dir_;
    tables_->clear();
  }
  static const Table& T(const std::string& name) { return (*tables_)[name]; }

  static cardex::testing::TempDir* dir_;
  static std::map<std::string, Table>* tables_;
};
cardex::testing::TempDir* GenFiles::dir_ = nullptr;
std::map<std::string, Table>* GenFiles::tables_ = new std::map<std::string, Table>();

TEST_F(GenFiles, HeadersAreTheContract) {
  using H = std::vector<std::string>;
  EXPECT_EQ(T("units").header, (H{"code", "parent_code", "kind", "name"}));
  EXPECT_EQ(T("members").header, (H{"member_no", "citizen_id", "full_name", "birth_date", "gender",
                                    "unit_code", "status", "phone", "home_visit"}));
  EXPECT_EQ(T("citizens").header,
            (H{"citizen_id", "full_name", "birth_date", "gender", "origin", "deceased_on"}));
  EXPECT_EQ(T("stations").header, (H{"code", "name", "counters", "minutes_per_member", "serves"}));
  EXPECT_EQ(T("shifts").header, (H{"station_code", "date", "start", "end", "kind"}));
  EXPECT_EQ(T("truth").header,
            (H{"member_no", "verdict", "fields", "suggested_citizen_id", "injected",
               "intended_citizen_id"}));
}

TEST_F(GenFiles, UnitTreeHasParentsFirst) {
  std::map<std::string, std::string> kind_of;
  for (const auto& row : T("units").rows) {
    const std::string& code = row[0];
    const std::string& parent = row[1];
    const std::string& kind = row[2];
    EXPECT_FALSE(row[3].empty());
    EXPECT_TRUE(kind_of.emplace(code, kind).second) << "duplicate unit " << code;
    if (kind == "province") {
      EXPECT_TRUE(parent.empty());
    } else {
      ASSERT_TRUE(kind_of.count(parent)) << code << " comes before its parent";
      EXPECT_EQ(kind_of[parent], kind == "commune" ? "province" : "commune") << code;
      EXPECT_EQ(code.rfind(parent + ".", 0), 0u) << code;
    }
  }
  EXPECT_GE(kind_of.size(), 5u);
}

TEST_F(GenFiles, MembersBelongToCellsAndAreWellFormed) {
  std::set<std::string> cells;
  for (const auto& row : T("units").rows) {
    if (row[2] == "cell") cells.insert(row[0]);
  }
  const Table& m = T("members");
  ASSERT_EQ(m.rows.size(), 2000u);
  std::string previous;
  int probationary = 0, home_visits = 0, phones = 0;
  for (const auto& row : m.rows) {
    EXPECT_GT(row[0], previous) << "member_no order";
    previous = row[0];
    EXPECT_EQ(row[0].size(), 8u);
    EXPECT_TRUE(cells.count(row[5])) << row[5] << " is not a cell";
    EXPECT_TRUE(row[4] == "M" || row[4] == "F");
    EXPECT_TRUE(PartialDate::Parse(row[3]).ok()) << row[3];
    EXPECT_TRUE(row[6] == "official" || row[6] == "probationary");
    EXPECT_TRUE(row[8] == "1" || row[8].empty());
    EXPECT_FALSE(row[2].empty());
    if (!row[7].empty()) {
      ++phones;
      EXPECT_EQ(row[7].size(), 10u);
      EXPECT_EQ(row[7][0], '0');
    }
    probationary += row[6] == "probationary";
    home_visits += row[8] == "1";
  }
  EXPECT_GT(probationary, 20);
  EXPECT_LT(probationary, 120);
  EXPECT_GT(home_visits, 5);
  EXPECT_LT(home_visits, 120);
  EXPECT_GT(phones, 1700);
}

TEST_F(GenFiles, CitizenIdsAreUniqueAndAgreeWithThePerson) {
  const Table& c = T("citizens");
  ASSERT_EQ(c.rows.size(), 20000u);
  std::set<std::string> ids;
  int adults = 0, deceased = 0;
  const Date start_of_2025 = *Date::Parse("2025-01-01");
  for (const auto& row : c.rows) {
    EXPECT_TRUE(ids.insert(row[0]).second) << "duplicate citizen id";
    auto id = CitizenId::Parse(row[0]);
    ASSERT_TRUE(id.ok()) << row[0];
    auto birth = Date::Parse(row[2]);
    ASSERT_TRUE(birth.ok()) << row[2];
    ASSERT_TRUE(row[3] == "M" || row[3] == "F");
    EXPECT_TRUE(id->AgreesWith(row[3][0], birth->year())) << row[0] << " " << row[2];
    EXPECT_EQ(vn_name::Nfc(row[1]), row[1]) << "registry names are NFC";
    EXPECT_EQ(vn_name::Normalize(row[1]), row[1]);
    EXPECT_FALSE(row[4].empty());
    if (!row[5].empty()) {
      auto death = Date::Parse(row[5]);
      ASSERT_TRUE(death.ok());
      EXPECT_GT(*death, *birth);
      ++deceased;
    }
    if (birth->year() <= 2006) ++adults;
    EXPECT_LT(*birth, start_of_2025);
  }
  // About three quarters adults, a few deceased.
  EXPECT_GT(adults, 13000);
  EXPECT_LT(adults, 17000);
  EXPECT_GT(deceased, 20);
  EXPECT_LT(deceased, 400);
}

TEST_F(GenFiles, StationsServeEveryCommuneOnce) {
  std::set<std::string> communes;
  for (const auto& row : T("units").rows) {
    if (row[2] == "commune") communes.insert(row[0]);
  }
  std::map<std::string, int> served;
  std::set<std::string> stations;
  for (const auto& row : T("stations").rows) {
    EXPECT_TRUE(stations.insert(row[0]).second);
    const int counters = std::stoi(row[2]);
    const int minutes = std::stoi(row[3]);
    EXPECT_GE(counters, 2);
    EXPECT_LE(counters, 8);
    EXPECT_GE(minutes, 6);
    EXPECT_LE(minutes, 10);
    std::string serves = row[4];
    size_t start = 0;
    while (start <= serves.size()) {
      const size_t end = std::min(serves.find(';', start), serves.size());
      ++served[serves.substr(start, end - start)];
      start = end + 1;
    }
  }
  for (const auto& c : communes) EXPECT_EQ(served[c], 1) << c;
  EXPECT_EQ(served.size(), communes.size());
  // Every station has day and evening shifts on each of the 10 days.
  std::map<std::string, std::set<std::string>> days;
  for (const auto& row : T("shifts").rows) {
    ASSERT_TRUE(stations.count(row[0]));
    ASSERT_TRUE(Date::Parse(row[1]).ok());
    ASSERT_TRUE(TimeOfDay::Parse(row[2]).ok());
    ASSERT_TRUE(TimeOfDay::Parse(row[3]).ok());
    EXPECT_TRUE(row[4] == "day" || row[4] == "night" || row[4] == "weekend" || row[4] == "holiday");
    EXPECT_GE(row[1], "2025-08-05");
    EXPECT_LE(row[1], "2025-08-14");
    if ((row[1] == "2025-08-09" || row[1] == "2025-08-10") && row[2] == "07:00") {
      EXPECT_EQ(row[4], "weekend");
    }
    days[row[0]].insert(row[1]);
  }
  for (const auto& s : stations) EXPECT_EQ(days[s].size(), 10u) << s;
}

TEST_F(GenFiles, TruthFollowsMembers) {
  const Table& truth = T("truth");
  const Table& members = T("members");
  ASSERT_EQ(truth.rows.size(), members.rows.size());
  std::set<std::string_view> names(InjectedErrorNames().begin(), InjectedErrorNames().end());
  names.insert("none");
  int clean = 0;
  for (size_t r = 0; r < truth.rows.size(); ++r) {
    EXPECT_EQ(truth.rows[r][0], members.rows[r][0]);
    std::string injected = truth.rows[r][4];
    size_t start = 0;
    while (start <= injected.size()) {
      const size_t end = std::min(injected.find(';', start), injected.size());
      EXPECT_TRUE(names.count(injected.substr(start, end - start))) << injected;
      start = end + 1;
    }
    clean += injected == "none";
  }
  // About 90 % clean.
  EXPECT_GT(clean, 1700);
  EXPECT_LT(clean, 1900);
}

}  // namespace
}  // namespace cardex::gen
