// The registry that is the store's citizens table (registry.h).
#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
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

  // The living citizens of a (gender, birth date) some query asks about,
  // copied out of the store for the matcher thread.
  struct Rows {
    std::vector<int64_t> ids;
    std::vector<uint32_t> ends;  // of each row's name, birth date, gender in text
    std::string text;
    void Clear() {
      ids.clear();
      ends.clear();
      text.clear();
    }
  };

  // Two stages on two threads: this one steps through the store and keeps
  // the few citizens whose gender and birth date some query asks about; a
  // matcher thread folds their names and probes the index (folding costs
  // about as much as reading). Batches go through a small bounded queue.
  Status Scan(const RegistryBatch& batch) {
    const CandidateIndex index(batch.queries);
    // No total: counting 20 million rows costs a second; the bar shows
    // citizens read and the rate.
    const int64_t total = 0;
    if (progress_) progress_(0, total);
    constexpr size_t kBatchRows = 4096, kQueued = 4;
    std::mutex mu;
    std::condition_variable cv;
    std::deque<Rows> full;
    std::vector<Rows> spare;
    bool done = false, stop = false;
    Status matched;
    std::thread matcher([&] {
      Rows rows;
      while (true) {
        {
          std::unique_lock<std::mutex> lock(mu);
          cv.wait(lock, [&] { return !full.empty() || done; });
          if (full.empty()) return;
          rows = std::move(full.front());
          full.pop_front();
        }
        cv.notify_all();
        Status s = Match(index, batch, rows);
        rows.Clear();
        {
          std::lock_guard<std::mutex> lock(mu);
          spare.push_back(std::move(rows));
          if (!s.ok()) {
            matched = s;
            stop = true;
          }
        }
        if (!s.ok()) {
          cv.notify_all();
          return;
        }
      }
    });
    auto hand_over = [&](Rows* rows) {
      std::unique_lock<std::mutex> lock(mu);
      cv.wait(lock, [&] { return full.size() < kQueued || stop; });
      full.push_back(std::move(*rows));
      if (!spare.empty()) {
        *rows = std::move(spare.back());
        spare.pop_back();
      } else {
        *rows = Rows();
      }
      lock.unlock();
      cv.notify_all();
    };
    int64_t seen = 0;
    Rows rows;
    Status s = store_.ScanCitizenViews(-1, [&](const CitizenView& c) -> Status {
      if (c.deceased_on.empty() && index.MayAnswer(c.gender, c.birth_date)) {
        rows.ids.push_back(c.citizen_id);
        rows.text.append(c.full_name);
        rows.ends.push_back(static_cast<uint32_t>(rows.text.size()));
        rows.text.append(c.birth_date);
        rows.ends.push_back(static_cast<uint32_t>(rows.text.size()));
        rows.text.append(c.gender);
        rows.ends.push_back(static_cast<uint32_t>(rows.text.size()));
        if (rows.ids.size() == kBatchRows) hand_over(&rows);
      }
      if ((++seen & 0xffff) == 0) {
        if (progress_) progress_(seen, total);
        std::lock_guard<std::mutex> lock(mu);
        if (stop) return Status::Internal("stopped");  // the matcher's error is returned
      }
      return Status::Ok();
    });
    if (!rows.ids.empty()) hand_over(&rows);
    {
      std::lock_guard<std::mutex> lock(mu);
      done = true;
    }
    cv.notify_all();
    matcher.join();
    CARDEX_RETURN_IF_ERROR(matched);
    CARDEX_RETURN_IF_ERROR(s);
    if (progress_) progress_(seen, total);
    return Status::Ok();
  }

  static Status Match(const CandidateIndex& index, const RegistryBatch& batch, const Rows& rows) {
    CitizenView c;
    Status found;
    uint32_t begin = 0;
    for (size_t r = 0; r < rows.ids.size(); ++r) {
      const std::string_view text(rows.text);
      const uint32_t name_end = rows.ends[3 * r], date_end = rows.ends[3 * r + 1],
                     gender_end = rows.ends[3 * r + 2];
      c.citizen_id = rows.ids[r];
      c.full_name = text.substr(begin, name_end - begin);
      c.birth_date = text.substr(name_end, date_end - name_end);
      c.gender = text.substr(date_end, gender_end - date_end);
      begin = gender_end;
      index.ForEachQuery(c.full_name, c.gender, c.birth_date, [&](size_t q) {
        if (found.ok()) found = batch.on_candidate(q, c);
      });
      CARDEX_RETURN_IF_ERROR(found);
    }
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
