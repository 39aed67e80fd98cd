#include "cardex/core/unit_tree.h"

#include <algorithm>
#include <array>

namespace cardex {

namespace {

struct KindRow {
  UnitKind kind;
  std::string_view name, vi, en;
};

// One set of labels for every page and report. Vietnamese as the
// organisation writes its levels: "tỉnh, thành phố" (a centrally governed
// city is a province-level unit), "quận, huyện", "xã, phường".
constexpr std::array<KindRow, 5> kKinds = {{
    {UnitKind::kProvince, "province", "Tỉnh, thành phố", "Province"},
    {UnitKind::kDistrict, "district", "Quận, huyện", "District"},
    {UnitKind::kCommune, "commune", "Xã, phường", "Commune"},
    {UnitKind::kBranch, "branch", "Đảng bộ bộ phận", "Branch"},
    {UnitKind::kCell, "cell", "Chi bộ", "Cell"},
}};

}  // namespace

std::string_view UnitKindName(UnitKind kind) {
  for (const KindRow& r : kKinds) {
    if (r.kind == kind) return r.name;
  }
  return "";
}

std::optional<UnitKind> ParseUnitKind(std::string_view name) {
  for (const KindRow& r : kKinds) {
    if (r.name == name) return r.kind;
  }
  return std::nullopt;
}

std::string_view UnitKindLabel(UnitKind kind, bool english) {
  for (const KindRow& r : kKinds) {
    if (r.kind == kind) return english ? r.en : r.vi;
  }
  return "";
}

std::string_view UnitKindLabel(std::string_view kind, bool english) {
  auto parsed = ParseUnitKind(kind);
  return parsed ? UnitKindLabel(*parsed, english) : kind;
}

UnitTree::UnitTree(std::vector<Unit> units) {
  std::stable_sort(units.begin(), units.end(),
                   [](const Unit& a, const Unit& b) { return a.code < b.code; });
  // Of two units with one code, the later (in the order given) is kept.
  for (const Unit& u : units) {
    auto [it, fresh] = index_.try_emplace(u.code, units_.size());
    if (fresh) {
      units_.push_back(u);
    } else {
      units_[it->second] = u;
    }
  }
  const size_t n = units_.size();
  parent_.assign(n, kNone);
  depth_.assign(n, 0);
  children_.resize(n);
  for (size_t i = 0; i < n; ++i) {
    const size_t p = units_[i].parent_code.empty() ? kNone : Find(units_[i].parent_code);
    parent_[i] = p == i ? kNone : p;
  }
  // Depths by memoised walks up; a cycle is cut at the unit where the walk
  // finds it closing, so every later walk ends.
  std::vector<char> state(n, 0);  // 0 new, 1 on the walk, 2 done
  std::vector<size_t> path;
  for (size_t start = 0; start < n; ++start) {
    path.clear();
    size_t at = start;
    while (at != kNone && state[at] == 0) {
      state[at] = 1;
      path.push_back(at);
      at = parent_[at];
    }
    if (at != kNone && state[at] == 1) {
      parent_[at] = kNone;
      depth_[at] = 0;
      state[at] = 2;
    }
    for (auto it = path.rbegin(); it != path.rend(); ++it) {
      if (state[*it] == 2) continue;
      depth_[*it] = parent_[*it] == kNone ? 0 : depth_[parent_[*it]] + 1;
      state[*it] = 2;
    }
  }
  for (size_t i = 0; i < n; ++i) {
    if (parent_[i] == kNone) {
      roots_.push_back(i);
    } else {
      children_[parent_[i]].push_back(i);  // by code: i grows
    }
  }
}

size_t UnitTree::Find(std::string_view code) const {
  auto it = index_.find(std::string(code));
  return it == index_.end() ? kNone : it->second;
}

std::vector<size_t> UnitTree::Subtree(size_t root) const {
  std::vector<size_t> order, stack = {root};
  while (!stack.empty()) {
    const size_t u = stack.back();
    stack.pop_back();
    order.push_back(u);
    for (auto it = children_[u].rbegin(); it != children_[u].rend(); ++it) stack.push_back(*it);
  }
  return order;
}

std::vector<size_t> UnitTree::Preorder() const {
  std::vector<size_t> order;
  order.reserve(units_.size());
  for (size_t r : roots_) {
    for (size_t u : Subtree(r)) order.push_back(u);
  }
  return order;
}

std::vector<std::string> UnitTree::Chain(std::string_view code) const {
  std::vector<std::string> chain;
  for (size_t at = Find(code); at != kNone; at = parent_[at]) chain.push_back(units_[at].code);
  return chain;
}

std::string_view UnitTree::NearestOfKind(std::string_view code, UnitKind kind) const {
  const std::string_view name = UnitKindName(kind);
  for (size_t at = Find(code); at != kNone; at = parent_[at]) {
    if (units_[at].kind == name) return units_[at].code;
  }
  return "";
}

bool UnitTree::IsWithin(std::string_view code, std::string_view ancestor) const {
  size_t at = Find(code);
  if (at == kNone) return false;
  if (ancestor.empty()) return true;
  const size_t top = Find(ancestor);
  if (top == kNone) return false;
  while (at != kNone && depth_[at] > depth_[top]) at = parent_[at];
  return at == top;
}

}  // namespace cardex
