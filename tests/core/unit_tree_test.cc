// core/unit_tree.h: the kinds and their labels, and the tree's walks.
#include "cardex/core/unit_tree.h"

#include <gtest/gtest.h>

namespace cardex {
namespace {

TEST(UnitKind, NamesRoundTripAndLabelsAreOneSet) {
  for (UnitKind k : {UnitKind::kProvince, UnitKind::kDistrict, UnitKind::kCommune,
                     UnitKind::kBranch, UnitKind::kCell}) {
    EXPECT_EQ(ParseUnitKind(UnitKindName(k)), k);
    EXPECT_FALSE(UnitKindLabel(k).empty());
    EXPECT_FALSE(UnitKindLabel(k, /*english=*/true).empty());
  }
  EXPECT_FALSE(ParseUnitKind("Commune").has_value());
  EXPECT_EQ(UnitKindLabel("province"), "Tỉnh, thành phố");
  EXPECT_EQ(UnitKindLabel("district"), "Quận, huyện");
  EXPECT_EQ(UnitKindLabel("commune"), "Xã, phường");
  EXPECT_EQ(UnitKindLabel("branch"), "Đảng bộ bộ phận");
  EXPECT_EQ(UnitKindLabel("cell"), "Chi bộ");
  EXPECT_EQ(UnitKindLabel("commune", true), "Commune");
  // A kind this build does not know is shown as stored.
  EXPECT_EQ(UnitKindLabel("ward"), "ward");
}

UnitTree Sample() {
  // Out of order on purpose; X's parent is not in the tree (a root).
  return UnitTree({{"P.B", "P", "commune", "B"},
                   {"P", "", "province", "P"},
                   {"P.A.1", "P.A", "cell", "1"},
                   {"P.A", "P", "commune", "A"},
                   {"X", "GONE", "cell", "X"}});
}

TEST(UnitTree, ChainsAndSubtrees) {
  const UnitTree t = Sample();
  EXPECT_EQ(t.size(), 5u);
  EXPECT_EQ(t.Chain("P.A.1"), (std::vector<std::string>{"P.A.1", "P.A", "P"}));
  EXPECT_EQ(t.Chain("X"), std::vector<std::string>{"X"});
  EXPECT_TRUE(t.Chain("NOPE").empty());
  EXPECT_TRUE(t.IsWithin("P.A.1", "P"));
  EXPECT_TRUE(t.IsWithin("P.A.1", "P.A.1"));
  EXPECT_TRUE(t.IsWithin("P.A.1", ""));
  EXPECT_FALSE(t.IsWithin("P.B", "P.A"));
  EXPECT_FALSE(t.IsWithin("P", "P.A"));
  EXPECT_FALSE(t.IsWithin("NOPE", ""));
  EXPECT_FALSE(t.IsWithin("P.A", "NOPE"));

  std::vector<std::string> order;
  for (size_t u : t.Preorder()) order.push_back(t.units()[u].code);
  EXPECT_EQ(order, (std::vector<std::string>{"P", "P.A", "P.A.1", "P.B", "X"}));
  std::vector<std::string> below;
  for (size_t u : t.Subtree(t.Find("P.A"))) below.push_back(t.units()[u].code);
  EXPECT_EQ(below, (std::vector<std::string>{"P.A", "P.A.1"}));
  EXPECT_EQ(t.Depth(t.Find("P.A.1")), 2);
  EXPECT_EQ(t.NearestOfKind("P.A.1", UnitKind::kCommune), "P.A");
  EXPECT_EQ(t.NearestOfKind("P.A", UnitKind::kCommune), "P.A");
  EXPECT_EQ(t.NearestOfKind("P", UnitKind::kCommune), "");
  EXPECT_EQ(t.NearestOfKind("X", UnitKind::kCommune), "");
  EXPECT_EQ(t.NearestOfKind("NOPE", UnitKind::kProvince), "");
  EXPECT_EQ(t.Parent(t.Find("P")), UnitTree::kNone);
}

TEST(UnitTree, ACycleIsCutSoEveryWalkEnds) {
  const UnitTree t({{"A", "C", "commune", ""}, {"B", "A", "cell", ""}, {"C", "B", "cell", ""}});
  EXPECT_LE(t.Chain("B").size(), 3u);
  EXPECT_EQ(t.Roots().size(), 1u);
  EXPECT_EQ(t.Preorder().size(), 3u);
  EXPECT_TRUE(t.IsWithin("B", t.units()[t.Roots()[0]].code));
}

}  // namespace
}  // namespace cardex
