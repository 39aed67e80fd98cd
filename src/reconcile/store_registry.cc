// The registry that is the store's citizens table (registry.h).
#include <algorithm>
#include <cstdint>
#include <span>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

#include "cardex/reconcile/registry.h"
#include "reconcile/candidate_index.h"

namespace cardex::reconcile {
namespace {

// The citizens one thread looked up for another, packed, to be handed to
// on_record on the calling thread.
struct Packed {
  struct Row {
    uint32_t k;
    uint32_t name, date, gender, deceased;  // lengths in text, in this order
    int64_t citizen_id, revision;
  };
  std::vector<Row> rows;
  std::string text;
};

class StoreRegistry final : public Registry {
 public:
  StoreRegistry(Store& store, std::unique_ptr<Store> second, std::unique_ptr<Store> third)
      : store_(store), second_(std::move(second)), third_(std::move(third)) {
    if (second_ == nullptr) second_ = std::move(third_);
  }

  void SetProgress(Progress progress) override { progress_ = std::move(progress); }
  // With other connections, `store` is not used at all.
  bool IndependentOfStore() const override { return second_ != nullptr; }

  Status Ask(const RegistryBatch& batch) override {
    CARDEX_RETURN_IF_ERROR(Lookup(batch));
    if (batch.queries.empty()) return Status::Ok();
    return Candidates(batch);
  }

 private:
  // Ids by key, in key order, on the second connection (else the store's).
  // With a third, the upper part of the ids is looked up on it by another
  // thread meanwhile; this thread also runs every on_record (the contract
  // keeps callbacks on the calling thread), so it takes the smaller part.
  Status Lookup(const RegistryBatch& batch) {
    const std::span<const int64_t> ids = batch.ids;
    if (ids.empty()) return Status::Ok();
    Store& first = second_ ? *second_ : store_;
    if (third_ == nullptr || ids.size() < kSplitAbove) {
      return LookupPart(first, ids, [&](size_t k, const CitizenView& c) {
        return batch.on_record(k, c);
      });
    }
    const size_t split = ids.size() * 2 / 5;
    Packed packed;
    Status second_status;
    std::thread other([&] {
      second_status = LookupPart(*third_, ids.subspan(split), [&](size_t k, const CitizenView& c) {
        packed.rows.push_back({static_cast<uint32_t>(k), static_cast<uint32_t>(c.full_name.size()),
                               static_cast<uint32_t>(c.birth_date.size()),
                               static_cast<uint32_t>(c.gender.size()),
                               static_cast<uint32_t>(c.deceased_on.size()), c.citizen_id,
                               c.revision});
        packed.text.append(c.full_name).append(c.birth_date).append(c.gender).append(c.deceased_on);
        return Status::Ok();
      });
    });
    Status s = LookupPart(first, ids.first(split), [&](size_t k, const CitizenView& c) {
      return batch.on_record(k, c);
    });
    other.join();
    CARDEX_RETURN_IF_ERROR(s);
    CARDEX_RETURN_IF_ERROR(second_status);
    const std::string_view text(packed.text);
    size_t at = 0;
    CitizenView c;
    for (const Packed::Row& row : packed.rows) {
      auto next = [&](uint32_t length) {
        std::string_view field = text.substr(at, length);
        at += length;
        return field;
      };
      c.citizen_id = row.citizen_id;
      c.revision = row.revision;
      c.full_name = next(row.name);
      c.birth_date = next(row.date);
      c.gender = next(row.gender);
      c.deceased_on = next(row.deceased);
      CARDEX_RETURN_IF_ERROR(batch.on_record(split + row.k, c));
    }
    return Status::Ok();
  }

  // Looks `ids` (sorted) up in `store`; fn(index into ids, citizen).
  template <class Fn>
  static Status LookupPart(Store& store, std::span<const int64_t> ids, Fn&& fn) {
    // The store answers in no promised order; SQLite's is the ids' own, so
    // the few ids after the last answer are tried before a binary search.
    size_t next = 0;
    return store.LookupCitizens(ids, [&](const CitizenView& c) -> Status {
      size_t k = next;
      while (k < ids.size() && k < next + 8 && ids[k] < c.citizen_id) ++k;
      if (k >= ids.size() || ids[k] != c.citizen_id) {
        auto it = std::lower_bound(ids.begin(), ids.end(), c.citizen_id);
        if (it == ids.end() || *it != c.citizen_id) return Status::Ok();
        k = static_cast<size_t>(it - ids.begin());
      }
      next = k + 1;
      return fn(k, c);
    });
  }

  // Every living citizen that shares a key with a query's probes
  // (reconcile/blocking.h), through the store's indexes on the keys: a few
  // dozen people per query, however large the registry. A citizen found
  // under several keys is handed on once per query.
  Status Candidates(const RegistryBatch& batch) {
    const CandidateIndex index(batch.queries);
    if (index.empty()) return Status::Ok();
    Store& store = second_ ? *second_ : store_;
    std::unordered_set<int64_t> seen;
    Status found;
    auto visit = [&](const CitizenView& c) -> Status {
      if (!c.deceased_on.empty() || !seen.insert(c.citizen_id).second) return Status::Ok();
      index.ForEachQuery(c.full_name, c.gender, c.birth_date, [&](size_t q) {
        if (found.ok()) found = batch.on_candidate(q, c);
      });
      return found;
    };
    CARDEX_RETURN_IF_ERROR(
        store.LookupCitizensBySuggestionKey(index.keys(KeyKind::kSuggestion), visit));
    CARDEX_RETURN_IF_ERROR(store.LookupCitizensByBlockKey(Store::BlockKey::kGiven,
                                                          index.keys(KeyKind::kGiven), visit));
    CARDEX_RETURN_IF_ERROR(store.LookupCitizensByBlockKey(Store::BlockKey::kFamily,
                                                          index.keys(KeyKind::kFamily), visit));
    if (progress_) progress_(static_cast<int64_t>(index.probes()), 0);
    return Status::Ok();
  }

  // Below this many ids a second thread is not worth starting.
  static constexpr size_t kSplitAbove = 4096;

  Store& store_;
  std::unique_ptr<Store> second_, third_;
  Progress progress_;
};

}  // namespace

std::unique_ptr<Registry> MakeStoreRegistry(Store& store, std::unique_ptr<Store> second,
                                            std::unique_ptr<Store> third) {
  return std::make_unique<StoreRegistry>(store, std::move(second), std::move(third));
}

}  // namespace cardex::reconcile
