// Same options, same bytes: the generator is a pure function of its options.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cardex/gen/generator.h"
#include "tests/support/test_env.h"

namespace cardex::gen {
namespace {

using cardex::testing::ReadFile;
using cardex::testing::TempDir;

constexpr const char* kFiles[] = {"units.csv",    "members.csv", "citizens.csv",
                                  "stations.csv", "shifts.csv",  "truth.csv"};

GenOptions SmallOptions(uint64_t seed) {
  GenOptions o;
  o.seed = seed;
  o.members = 1200;
  o.citizens = 9000;
  o.members_per_commune = 300;
  return o;
}

TEST(GenDeterminism, SameSeedGivesByteIdenticalFiles) {
  TempDir a, b;
  ASSERT_TRUE(Generate(SmallOptions(7), a.path().string()).ok());
  ASSERT_TRUE(Generate(SmallOptions(7), b.path().string()).ok());
  for (const char* f : kFiles) {
    const std::string left = ReadFile(a.file(f));
    EXPECT_FALSE(left.empty()) << f;
    EXPECT_TRUE(left == ReadFile(b.file(f))) << f << " differs between two runs";
  }
}

TEST(GenDeterminism, OtherSeedGivesOtherPeople) {
  TempDir a, b;
  ASSERT_TRUE(Generate(SmallOptions(7), a.path().string()).ok());
  ASSERT_TRUE(Generate(SmallOptions(8), b.path().string()).ok());
  EXPECT_NE(ReadFile(a.file("citizens.csv")), ReadFile(b.file("citizens.csv")));
  EXPECT_NE(ReadFile(a.file("members.csv")), ReadFile(b.file("members.csv")));
}

TEST(GenDeterminism, ProgressReachesEveryTotal) {
  TempDir a;
  int64_t citizens_done = -1, truth_done = -1;
  std::vector<std::string> stages;
  auto progress = [&](std::string_view stage, int64_t done, int64_t total) {
    EXPECT_LE(done, total);
    if (done == 0) stages.emplace_back(stage);
    if (stage == "citizens") citizens_done = done;
    if (stage == "truth") truth_done = done;
  };
  GenSummary summary;
  ASSERT_TRUE(Generate(SmallOptions(3), a.path().string(), progress, &summary).ok());
  EXPECT_EQ(stages, (std::vector<std::string>{"duplicates", "members", "citizens", "truth"}));
  EXPECT_EQ(citizens_done, 9000);
  EXPECT_EQ(truth_done, 1200);
  EXPECT_EQ(summary.members, 1200);
  EXPECT_EQ(summary.citizens, 9000);
  int64_t verdicts = 0;
  for (int64_t n : summary.verdicts) verdicts += n;
  EXPECT_EQ(verdicts, 1200);
}

TEST(GenDeterminism, RefusesImpossibleOptions) {
  TempDir a;
  GenOptions o = SmallOptions(1);
  o.citizens = 1300;  // a quarter are children: too few adults
  EXPECT_EQ(Generate(o, a.path().string()).code(), StatusCode::kInvalidArgument);
  o = SmallOptions(1);
  o.preset = Preset::kLamDong;  // 1,200 members cannot hold the named communes
  EXPECT_EQ(Generate(o, a.path().string()).code(), StatusCode::kInvalidArgument);
  o = SmallOptions(1);
  o.from = "2025-08-14";
  o.to = "2025-08-05";
  EXPECT_EQ(Generate(o, a.path().string()).code(), StatusCode::kInvalidArgument);
  o = SmallOptions(1);
  o.to = "2025-02-30";
  EXPECT_EQ(Generate(o, a.path().string()).code(), StatusCode::kInvalidArgument);
  EXPECT_FALSE(ParsePreset("hanoi").ok());
  EXPECT_EQ(*ParsePreset("lam-dong"), Preset::kLamDong);
}

}  // namespace
}  // namespace cardex::gen
