// The organisation's unit tree: the kinds of unit, their labels for people,
// and the walks every capability needs (up a unit's chain of ancestors,
// down a subtree, parents before children). The one home of these rules:
// scopes (auth), the roll-ups and reports (progress), the reconciliation
// reports and the import's checks all walk this tree.
//
// A tree is built from units in any order. A unit whose parent is "" or not
// in the tree is a root. Import refuses cycles (ingest), but a tree read
// from a database is never trusted to be free of them: every walk ends,
// a cycle is cut at the unit where a walk finds it closing.
//
// Thread safety: a built tree is immutable; share it freely.
#ifndef CARDEX_CORE_UNIT_TREE_H_
#define CARDEX_CORE_UNIT_TREE_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "cardex/core/records.h"

namespace cardex {

// The levels of the organisation (formats.md, units.csv `kind`).
enum class UnitKind { kProvince, kDistrict, kCommune, kBranch, kCell };

// "province", "district", "commune", "branch", "cell".
std::string_view UnitKindName(UnitKind kind);
std::optional<UnitKind> ParseUnitKind(std::string_view name);

// The kind as people read it, in Vietnamese ("Xã, phường") or English
// ("Commune"); a stored kind this build does not know is shown as stored.
std::string_view UnitKindLabel(UnitKind kind, bool english = false);
std::string_view UnitKindLabel(std::string_view kind, bool english = false);

// Deeper than this, a chain is taken to be a cycle and cut.
inline constexpr int kMaxUnitDepth = 32;

class UnitTree {
 public:
  static constexpr size_t kNone = static_cast<size_t>(-1);

  UnitTree() = default;
  // Takes the units (any order; of two with one code the later is kept).
  explicit UnitTree(std::vector<Unit> units);

  // Units by code; indexes below refer to this vector.
  const std::vector<Unit>& units() const { return units_; }
  size_t size() const { return units_.size(); }
  // The unit's index, or kNone.
  size_t Find(std::string_view code) const;
  bool Has(std::string_view code) const { return Find(code) != kNone; }
  // kNone for a root (or a unit whose parent closed a cycle).
  size_t Parent(size_t i) const { return parent_[i]; }
  int Depth(size_t i) const { return depth_[i]; }
  // By code.
  const std::vector<size_t>& Children(size_t i) const { return children_[i]; }
  const std::vector<size_t>& Roots() const { return roots_; }

  // Every unit, depth first from the roots: parents before children,
  // siblings by code.
  std::vector<size_t> Preorder() const;
  // The unit `root` and everything below it, in the same order.
  std::vector<size_t> Subtree(size_t root) const;
  // The unit's code and its ancestors' up to its root, nearest first
  // (empty when the tree does not hold it).
  std::vector<std::string> Chain(std::string_view code) const;
  // The code of the unit `code` or its nearest ancestor whose kind is
  // `kind` ("" when none is, or the tree does not hold `code`): a cell's
  // commune, say.
  std::string_view NearestOfKind(std::string_view code, UnitKind kind) const;
  // Whether `code` is `ancestor` or lies below it; any known unit lies
  // within "" (everything). False for an unknown unit.
  bool IsWithin(std::string_view code, std::string_view ancestor) const;

 private:
  std::vector<Unit> units_;
  std::unordered_map<std::string, size_t> index_;
  std::vector<size_t> parent_;
  std::vector<int> depth_;
  std::vector<std::vector<size_t>> children_;
  std::vector<size_t> roots_;
};

}  // namespace cardex

#endif  // CARDEX_CORE_UNIT_TREE_H_
