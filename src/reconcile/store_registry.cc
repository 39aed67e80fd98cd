// The registry that is the store's citizens table (registry.h).
#include <algorithm>

#include "cardex/reconcile/registry.h"
#include "reconcile/candidate_index.h"

namespace cardex::reconcile {
namespace {

class StoreRegistry final : public Registry {
 public:
  explicit StoreRegistry(Store& store) : store_(store) {}

  void SetProgress(Progress progress) override { progress_ = std::move(progress); }

  Status Ask(const RegistryBatch& batch) override {
    // Ids are looked up by key, in key order: even a million of them cost
    // less than reading every citizen. Candidates need a pass over all.
    CARDEX_RETURN_IF_ERROR(Lookup(batch));
    if (batch.queries.empty()) return Status::Ok();
    return Scan(batch);
  }

 private:
  Status Lookup(const RegistryBatch& batch) {
    if (batch.ids.empty()) return Status::Ok();
    return store_.LookupCitizens(batch.ids, [&](const CitizenView& c) -> Status {
      auto it = std::lower_bound(batch.ids.begin(), batch.ids.end(), c.citizen_id);
      if (it == batch.ids.end() || *it != c.citizen_id) return Status::Ok();
      return batch.on_record(static_cast<size_t>(it - batch.ids.begin()), c);
    });
  }

  Status Scan(const RegistryBatch& batch) {
    const CandidateIndex index(batch.queries);
    // No total: counting 20 million rows costs a second; the bar shows
    // citizens read and the rate.
    const int64_t total = 0;
    if (progress_) progress_(0, total);
    int64_t seen = 0;
    Status s = store_.ScanCitizenViews(-1, [&](const CitizenView& c) -> Status {
      if (c.deceased_on.empty()) {
        Status found;
        index.ForEachQuery(c.full_name, c.gender, c.birth_date, [&](size_t q) {
          if (found.ok()) found = batch.on_candidate(q, c);
        });
        CARDEX_RETURN_IF_ERROR(found);
      }
      if ((++seen & 0xffff) == 0 && progress_) progress_(seen, total);
      return Status::Ok();
    });
    if (s.ok() && progress_) progress_(seen, total);
    return s;
  }

  Store& store_;
  Progress progress_;
};

}  // namespace

std::unique_ptr<Registry> MakeStoreRegistry(Store& store) {
  return std::make_unique<StoreRegistry>(store);
}

}  // namespace cardex::reconcile
