// The population registry as reconciliation asks it, behind an interface:
// the imported citizens table is one implementation (StoreRegistry); a
// registry service could be another (docs/registry_service.md describes its
// contract). Every question is asked in batches, so that a remote registry
// costs a few round trips per run, not one per member.
//
// Thread safety: an implementation is used from one thread at a time.
#ifndef CARDEX_RECONCILE_REGISTRY_H_
#define CARDEX_RECONCILE_REGISTRY_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "cardex/core/status.h"
#include "cardex/store/store.h"

namespace cardex::reconcile {

// Whom a member may be: the values the organisation recorded.
struct CandidateQuery {
  std::string_view full_name;
  std::string_view birth_date;  // YYYY, YYYY-MM or YYYY-MM-DD
  std::string_view gender;
};

// One batch of questions.
//   ids: citizen ids as integers, sorted ascending, no duplicates. The
//     registry answers each id it holds, once, through on_record(index into
//     ids, citizen).
//   queries: for each, the registry calls on_candidate(index into queries,
//     citizen) for every LIVING citizen that shares a key with the query's
//     probes (reconcile/blocking.h ProbesFor: suggestion keys and the
//     blocking keys of core/block_keys.h), among them every citizen with
//     the query's gender and folded name whose birth date the query's
//     (possibly partial) date agrees with. The caller compares and decides
//     (reconcile/suggest.h). It may report a few more (hash collisions),
//     never fewer. A citizen may be reported for several queries, once per
//     query.
// Callbacks may come in any order, interleaved; the views they get are
// valid during the call only. A callback's non-ok Status stops the batch
// and is returned.
struct RegistryBatch {
  std::span<const int64_t> ids;
  std::span<const CandidateQuery> queries;
  std::function<Status(size_t, const CitizenView&)> on_record;
  std::function<Status(size_t, const CitizenView&)> on_candidate;
};

class Registry {
 public:
  virtual ~Registry() = default;
  virtual Status Ask(const RegistryBatch& batch) = 0;
  // True when Ask never uses the Store that the run writes its results to,
  // so that the run may store results on another thread meanwhile.
  virtual bool IndependentOfStore() const { return false; }
  // Called now and then during a long Ask with citizens looked at so far and
  // in all (0 when unknown).
  using Progress = std::function<void(int64_t done, int64_t total)>;
  virtual void SetProgress(Progress progress) = 0;
  // After an Ask that returned kUnavailable because the registry (a remote
  // service) could not answer part of the batch: which ids and queries went
  // unanswered, as indexes into the batch's spans, ascending. Empty
  // otherwise. Taking them clears them.
  struct Unanswered {
    std::vector<size_t> ids, queries;
  };
  virtual Unanswered TakeUnanswered() { return {}; }
};

// The registry that is the store's citizens table. Ids are looked up by key
// (Store::LookupCitizens, in key order); candidate queries by their probes
// (Store::LookupCitizensBySuggestionKey and LookupCitizensByBlockKey). `second` and
// `third`, when given, are other connections to the same database
// (read-only is enough): every question then goes to them and never to
// `store` (IndependentOfStore), and with both, large id batches are split
// between them and looked up on two threads. Callbacks still come on the
// calling thread.
std::unique_ptr<Registry> MakeStoreRegistry(Store& store, std::unique_ptr<Store> second = nullptr,
                                            std::unique_ptr<Store> third = nullptr);

}  // namespace cardex::reconcile

#endif  // CARDEX_RECONCILE_REGISTRY_H_
