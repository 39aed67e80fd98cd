// The lam-dong preset carries the news report's figures (domain.md).
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "cardex/gen/generator.h"
#include "gen/plan.h"
#include "gen_test_util.h"
#include "tests/support/test_env.h"

namespace cardex::gen {
namespace {

using testing::LoadTable;
using testing::Table;

class GenLamDong : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new cardex::testing::TempDir();
    GenOptions o;
    o.preset = Preset::kLamDong;
    o.seed = 5;
    o.members = 12000;
    o.citizens = 30000;
    ASSERT_TRUE(Generate(o, dir_->path().string()).ok());
    units_ = new Table(LoadTable(dir_->file("units.csv")));
    members_ = new Table(LoadTable(dir_->file("members.csv")));
    stations_ = new Table(LoadTable(dir_->file("stations.csv")));
    shifts_ = new Table(LoadTable(dir_->file("shifts.csv")));
    citizens_ = new Table(LoadTable(dir_->file("citizens.csv")));
  }
  static void TearDownTestSuite() {
    delete dir_;
    delete units_;
    delete members_;
    delete stations_;
    delete shifts_;
    delete citizens_;
  }
  // Members and official members per commune code.
  static std::map<std::string, std::pair<int, int>> MembersPerCommune() {
    std::map<std::string, std::string> parent;
    for (const auto& u : units_->rows) parent[u[0]] = u[1];
    std::map<std::string, std::pair<int, int>> count;
    for (const auto& m : members_->rows) {
      auto& c = count[parent[m[5]]];
      ++c.first;
      c.second += m[6] == "official";
    }
    return count;
  }
  static cardex::testing::TempDir* dir_;
  static Table *units_, *members_, *stations_, *shifts_, *citizens_;
};
cardex::testing::TempDir* GenLamDong::dir_ = nullptr;
Table* GenLamDong::units_ = nullptr;
Table* GenLamDong::members_ = nullptr;
Table* GenLamDong::stations_ = nullptr;
Table* GenLamDong::shifts_ = nullptr;
Table* GenLamDong::citizens_ = nullptr;

TEST_F(GenLamDong, HamTienHas47CellsAnd746Members) {
  int cells = 0;
  for (const auto& u : units_->rows) {
    if (u[1] == "LD.HAMTIEN") {
      EXPECT_EQ(u[2], "cell");
      ++cells;
    }
  }
  EXPECT_EQ(cells, 47);
  EXPECT_EQ(MembersPerCommune()["LD.HAMTIEN"].first, 746);
}

TEST_F(GenLamDong, TheReportsCommunes) {
  auto count = MembersPerCommune();
  EXPECT_EQ(count["LD.HAMTHANH"].second, 365);  // official members
  EXPECT_EQ(count["LD.HAMLIEM"].first, 875);
  EXPECT_EQ(count["LD.LIENHUONG"].first, 1699);
  const int lien_huong_station =
      count["LD.LIENHUONG"].first + count["LD.TUYPHONG"].first + count["LD.VINHHAO"].first;
  EXPECT_GT(lien_huong_station, 3500);
  int total = 0;
  for (const auto& [code, c] : count) total += c.first;
  EXPECT_EQ(total, 12000);
  EXPECT_EQ(units_->rows[0][0], "LD");
  EXPECT_EQ(units_->rows[0][2], "province");
}

TEST_F(GenLamDong, TheReportsMembersAreAllAlive) {
  // Their figures are members to exchange a card: none is deceased.
  const Table truth = LoadTable(dir_->file("truth.csv"));
  std::map<std::string, std::string> parent;
  for (const auto& u : units_->rows) parent[u[0]] = u[1];
  const std::set<std::string> named = {"LD.HAMTIEN",    "LD.HAMTHANH", "LD.HAMLIEM",
                                       "LD.LIENHUONG",  "LD.TUYPHONG", "LD.VINHHAO",
                                       "LD.HAMTHUANNAM"};
  int deceased_elsewhere = 0;
  ASSERT_EQ(truth.rows.size(), members_->rows.size());
  for (size_t r = 0; r < truth.rows.size(); ++r) {
    const bool dead = truth.rows[r][4].find("deceased") != std::string::npos;
    if (named.count(parent[members_->rows[r][5]])) {
      EXPECT_FALSE(dead) << truth.rows[r][0];
    } else {
      deceased_elsewhere += dead;
    }
  }
  EXPECT_GT(deceased_elsewhere, 5);
}

TEST_F(GenLamDong, StationsAsInTheReport) {
  std::map<std::string, std::string> serves;
  for (const auto& s : stations_->rows) serves[s[0]] = s[4];
  EXPECT_EQ(serves["CA.LIENHUONG"], "LD.LIENHUONG;LD.TUYPHONG;LD.VINHHAO");
  EXPECT_EQ(serves["CA.HAMTHUANNAM"], "LD.HAMTHUANNAM;LD.HAMTHANH");
  EXPECT_EQ(serves["CA.HAMTIEN"], "LD.HAMTIEN");
  EXPECT_FALSE(serves.count("CA.HAMTHANH"));
  EXPECT_FALSE(serves.count("CA.TUYPHONG"));
  for (const auto& s : stations_->rows) {
    if (s[0] == "CA.HAMTIEN") {
      EXPECT_EQ(s[1], "Công an xã Hàm Tiến");
    }
  }
  // Liên Hương's station is big enough to work past midnight too.
  int lien_huong_nights = 0, dates = 0;
  std::set<std::string> days;
  for (const auto& sh : shifts_->rows) {
    if (sh[0] == "CA.LIENHUONG" && sh[2] == "22:00") {
      EXPECT_EQ(sh[3], "01:00");
      EXPECT_EQ(sh[4], "night");
      ++lien_huong_nights;
    }
    days.insert(sh[1]);
  }
  dates = static_cast<int>(days.size());
  EXPECT_EQ(lien_huong_nights, 10);
  EXPECT_EQ(dates, 10);
  EXPECT_EQ(*days.begin(), "2025-08-05");
  EXPECT_EQ(*days.rbegin(), "2025-08-14");
}

TEST_F(GenLamDong, RegistryIsMostlyTheMergedProvince) {
  int local = 0;
  for (const auto& c : citizens_->rows) {
    const std::string p = c[0].substr(0, 3);
    local += p == "068" || p == "060" || p == "067";
  }
  EXPECT_GT(local, 0.7 * citizens_->rows.size());
  EXPECT_LT(local, 0.9 * citizens_->rows.size());
}

TEST(GenLamDongPlan, DefaultSizeIsAWholeProvince) {
  GenOptions o;
  o.preset = Preset::kLamDong;
  auto plan = MakePlan(o, 100000, 10);
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  EXPECT_EQ(plan->communes.size(), 124u);
  int64_t total = 0;
  std::set<std::string> codes;
  for (const auto& c : plan->communes) {
    total += c.members;
    EXPECT_TRUE(codes.insert(c.code).second) << c.code;
    EXPECT_GE(c.members, 60) << c.code;
  }
  EXPECT_EQ(total, 100000);
  for (const auto& c : plan->communes) {
    if (c.code == "LD.HAMTIEN") {
      EXPECT_EQ(c.cells, 47);
      EXPECT_EQ(c.members, 746);
    }
    if (c.code == "LD.HAMTHANH") {
      EXPECT_EQ(c.members - c.probationary, 365);
    }
  }
  std::set<std::string> cell_codes;
  for (const auto& cell : plan->cells) EXPECT_TRUE(cell_codes.insert(cell.code).second);
  EXPECT_EQ(plan->stations.size(), 121u);  // Tuy Phong, Vĩnh Hảo, Hàm Thạnh share
}

}  // namespace
}  // namespace cardex::gen
