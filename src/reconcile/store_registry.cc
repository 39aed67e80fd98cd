// The registry that is the store's citizens table (registry.h).
#include <algorithm>
#include <string>
#include <vector>

#include "cardex/reconcile/registry.h"
#include "reconcile/candidate_index.h"

namespace cardex::reconcile {
namespace {

class StoreRegistry final : public Registry {
 public:
  explicit StoreRegistry(Store& store) : store_(store) {}

  void SetProgress(Progress progress) override { progress_ = std::move(progress); }

  Status Ask(const RegistryBatch& batch) override {
    CARDEX_RETURN_IF_ERROR(Lookup(batch));
    if (batch.queries.empty()) return Status::Ok();
    return Candidates(batch);
  }

 private:
  // Ids by key, in key order.
  Status Lookup(const RegistryBatch& batch) {
    if (batch.ids.empty()) return Status::Ok();
    return store_.LookupCitizens(batch.ids, [&](const CitizenView& c) -> Status {
      auto it = std::lower_bound(batch.ids.begin(), batch.ids.end(), c.citizen_id);
      if (it == batch.ids.end() || *it != c.citizen_id) return Status::Ok();
      return batch.on_record(static_cast<size_t>(it - batch.ids.begin()), c);
    });
  }

  // Every citizen that shares a query's suggestion key, through the store's
  // index on the keys: a few namesakes per query, however large the
  // registry. The index then sorts out collisions and dates.
  Status Candidates(const RegistryBatch& batch) {
    const CandidateIndex index(batch.queries);
    if (index.empty()) return Status::Ok();
    Status found;
    CARDEX_RETURN_IF_ERROR(
        store_.LookupCitizensBySuggestionKey(index.keys(), [&](const CitizenView& c) -> Status {
          if (!c.deceased_on.empty()) return Status::Ok();
          index.ForEachQuery(c.full_name, c.gender, c.birth_date, [&](size_t q) {
            if (found.ok()) found = batch.on_candidate(q, c);
          });
          return found;
        }));
    if (progress_) progress_(static_cast<int64_t>(index.keys().size()), 0);
    return Status::Ok();
  }

  Store& store_;
  Progress progress_;
};

}  // namespace

std::unique_ptr<Registry> MakeStoreRegistry(Store& store) {
  return std::make_unique<StoreRegistry>(store);
}

}  // namespace cardex::reconcile
