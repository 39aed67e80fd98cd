// ScopeResolver: core's UnitTree (parent indexes and depths, so a subtree
// test is a walk up from the unit to the ancestor's depth) and the stations.
#include "cardex/auth/scope.h"

#include <utility>

namespace cardex {

std::shared_ptr<const ScopeResolver> ScopeResolver::FromRecords(
    const std::vector<Unit>& units, const std::vector<Station>& stations) {
  auto r = std::make_shared<ScopeResolver>();
  r->tree_ = UnitTree(units);
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

bool ScopeResolver::HasUnit(std::string_view code) const { return tree_.Has(code); }

bool ScopeResolver::HasStation(std::string_view code) const {
  return stations_.count(std::string(code)) != 0;
}

bool ScopeResolver::IsWithin(std::string_view unit, std::string_view ancestor) const {
  return tree_.IsWithin(unit, ancestor);
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
