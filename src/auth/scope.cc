// ScopeResolver: the unit tree as parent indexes, so a subtree test is a
// walk up from the unit to the ancestor's depth.
#include "cardex/auth/scope.h"

#include <utility>

namespace cardex {

std::shared_ptr<const ScopeResolver> ScopeResolver::FromRecords(
    const std::vector<Unit>& units, const std::vector<Station>& stations) {
  auto r = std::make_shared<ScopeResolver>();
  r->nodes_.resize(units.size());
  r->units_.reserve(units.size());
  for (size_t i = 0; i < units.size(); ++i) r->units_.emplace(units[i].code, static_cast<int>(i));
  for (size_t i = 0; i < units.size(); ++i) {
    int parent = units[i].parent_code.empty() ? -1 : r->Index(units[i].parent_code);
    r->nodes_[i].parent = parent == static_cast<int>(i) ? -1 : parent;
  }
  // Depths by memoised walks up; a cycle (which import refuses) is cut at
  // the unit where it closes, so every walk ends.
  std::vector<int> state(units.size(), 0);  // 0 new, 1 on the walk, 2 done
  std::vector<int> path;
  for (size_t start = 0; start < units.size(); ++start) {
    path.clear();
    int at = static_cast<int>(start);
    while (at >= 0 && state[at] == 0) {
      state[at] = 1;
      path.push_back(at);
      at = r->nodes_[at].parent;
    }
    if (at >= 0 && state[at] == 1) r->nodes_[at].parent = -1, r->nodes_[at].depth = 0, state[at] = 2;
    for (auto it = path.rbegin(); it != path.rend(); ++it) {
      if (state[*it] == 2) continue;
      Node& n = r->nodes_[*it];
      n.depth = n.parent < 0 ? 0 : r->nodes_[n.parent].depth + 1;
      state[*it] = 2;
    }
  }
  for (const Station& s : stations) r->stations_[s.code] = s.serves;
  return r;
}

Result<std::shared_ptr<const ScopeResolver>> ScopeResolver::Load(Store& store) {
  std::vector<Unit> units;
  std::vector<Station> stations;
  CARDEX_RETURN_IF_ERROR(store.ScanUnits([&](const Unit& u) {
    units.push_back(u);
    return Status::Ok();
  }));
  CARDEX_RETURN_IF_ERROR(store.ScanStations([&](const Station& s) {
    stations.push_back(s);
    return Status::Ok();
  }));
  return FromRecords(units, stations);
}

int ScopeResolver::Index(std::string_view code) const {
  // unordered_map<std::string> has no heterogeneous find without a custom
  // hash; codes are short, so the copy stays in the small-string buffer.
  auto it = units_.find(std::string(code));
  return it == units_.end() ? -1 : it->second;
}

bool ScopeResolver::HasUnit(std::string_view code) const { return Index(code) >= 0; }

bool ScopeResolver::HasStation(std::string_view code) const {
  return stations_.count(std::string(code)) != 0;
}

bool ScopeResolver::IsWithin(std::string_view unit, std::string_view ancestor) const {
  int at = Index(unit);
  if (at < 0) return false;
  if (ancestor.empty()) return true;
  int top = Index(ancestor);
  if (top < 0) return false;
  int top_depth = nodes_[top].depth;
  while (at >= 0 && nodes_[at].depth > top_depth) at = nodes_[at].parent;
  return at == top;
}

const std::vector<std::string>& ScopeResolver::Serves(std::string_view station) const {
  static const std::vector<std::string> kNone;
  auto it = stations_.find(std::string(station));
  return it == stations_.end() ? kNone : it->second;
}

bool ScopeResolver::StationCovers(std::string_view station, std::string_view unit) const {
  for (const std::string& served : Serves(station)) {
    if (IsWithin(unit, served)) return true;
  }
  return false;
}

ScopeCache::ScopeCache(std::shared_ptr<const ScopeResolver> initial)
    : current_(std::move(initial)) {}

std::shared_ptr<const ScopeResolver> ScopeCache::Get() const {
  std::lock_guard lock(mu_);
  return current_;
}

Status ScopeCache::Reload(Store& store) {
  CARDEX_ASSIGN_OR_RETURN(std::shared_ptr<const ScopeResolver> fresh, ScopeResolver::Load(store));
  Set(std::move(fresh));
  return Status::Ok();
}

void ScopeCache::Set(std::shared_ptr<const ScopeResolver> scopes) {
  std::lock_guard lock(mu_);
  current_ = std::move(scopes);
}

}  // namespace cardex
