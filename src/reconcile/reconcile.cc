// The reconciliation run (reconcile.h): which members to check, one batched
// registry question for their ids (and, when needed, their suggestion
// candidates), the verdict rules of core/verdict.h, one transaction to store.
#include "cardex/reconcile/reconcile.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <span>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "cardex/core/verdict.h"
#include "cardex/io/csv.h"
#include "reconcile/blocking.h"
#include "reconcile/member_table.h"
#include "reconcile/suggest.h"

namespace cardex::reconcile {
namespace {

constexpr size_t kStoreBatch = 4096;

// The candidates the registry gave for each query, packed as they arrive.
struct Candidates {
  struct Row {
    uint32_t query;
    int64_t citizen_id;
    uint64_t begin;                 // into text
    uint32_t name, date, gender;    // lengths, in this order
    bool by_id = false;             // found as a near id (blocking.h NearIds)
  };
  std::vector<Row> rows;
  std::string text;
};

class Run {
 public:
  Run(Store& store, Registry& registry, const ReconcileOptions& options)
      : store_(store), registry_(registry), options_(options) {}

  Result<ReconcileSummary> Go();

 private:
  // The registry's answer for each id asked (index k into the sorted ids),
  // packed into one buffer as it arrives: answers come in id order, members
  // are in member_no order, and writing them straight into results_ would
  // scatter four strings per answer over a large array.
  static constexpr uint64_t kNoAnswer = ~uint64_t{0};
  struct Answer {
    uint64_t begin = kNoAnswer;  // into Answers::text
    uint32_t name = 0, date = 0, gender = 0, deceased = 0;  // lengths, in this order
  };
  struct Answers {
    std::vector<Answer> answers;  // per k
    std::string text;
  };
  static constexpr uint32_t kNotAsked = ~uint32_t{0};

  // Ends the step that began at the last Lap (or at the start).
  void Lap(const char* step) {
    const auto now = std::chrono::steady_clock::now();
    summary_.seconds.emplace_back(step, std::chrono::duration<double>(now - lap_).count());
    lap_ = now;
  }
  void Progress(std::string_view stage, int64_t done, int64_t total) const {
    if (options_.progress) options_.progress(stage, done, total);
  }
  Status ChooseMembersToCheck(const std::optional<ReconcileRun>& last);
  // Asks the registry for the ids of the members in [begin, end) to check
  // and, when `with_queries`, for candidates for `queries_`.
  Status AskRegistry(size_t begin, size_t end, bool with_queries, Answers* into = nullptr);
  // Looks up and assesses the members to check a slice at a time while
  // another thread stores the slices done (registry.IndependentOfStore()).
  // With `slice_lookups`, a slice's ids are looked up (on a thread of their
  // own) while the slice before is assessed; otherwise all ids first.
  Status Pipelined(int64_t revision, bool slice_lookups, std::vector<uint32_t>* wanting);
  // The members that need a suggestion (their queries added to queries_).
  void CollectWanting(std::vector<uint32_t>* wanting);
  void AddQuery(size_t i);
  // The registry could not answer part of a batch: names the members that
  // could not be checked (options_.unchecked_path) and fails the run.
  Status Unchecked(Status failure, std::span<const int64_t> ids, bool with_queries);
  void Assess(size_t i, const Answers& from);
  // Decides every query's suggestion from the candidates seen
  // (reconcile/suggest.h) into outcomes_.
  void DecideSuggestions();
  // Sets the member's suggestion from its outcome; true when it changed.
  bool Suggest(size_t i);
  // Opens the run's transaction, records the run and, in a full run, clears
  // the stored results; StoreRows stores results_[i] for every rows[i],
  // neighbours together; Commit ends it.
  Status BeginSave(int64_t revision);
  Status StoreRows(const std::vector<uint8_t>& rows, bool report) {
    return StoreRange(rows, 0, rows.size(), report);
  }
  Status StoreRange(const std::vector<uint8_t>& rows, size_t begin, size_t end, bool report);
  // The run in the audit log, with the transaction that stores it.
  Status Commit() {
    AuditEntry audit{"", options_.actor, "reconcile.run", "run:" + std::to_string(summary_.run_id), "",
                     std::string(summary_.full ? "full" : "incremental") + ", " +
                         std::to_string(summary_.checked) + " of " +
                         std::to_string(summary_.members) + " members checked"};
    CARDEX_RETURN_IF_ERROR(store_.AppendAudit({&audit, 1}));
    return txn_.Commit();
  }

  Store& store_;
  Registry& registry_;
  const ReconcileOptions& options_;
  ReconcileSummary summary_;
  std::chrono::steady_clock::time_point lap_ = std::chrono::steady_clock::now();

  std::vector<MemberRow> members_;
  std::vector<ReconcileResultRow> results_;
  std::vector<bool> stored_;               // results_[i] came from the store
  std::vector<bool> check_;                // the verdict is computed afresh
  // results_[i] is to be stored; bytes, not bits: the storing thread reads
  // one slice while the calling thread writes the next.
  std::vector<uint8_t> dirty_;
  std::vector<uint32_t> asked_;  // per member: its k in the Answers of its slice, or kNotAsked
  // Two, so that one slice is looked up while the one before is assessed.
  Answers answers_[2];
  std::vector<int64_t> changed_citizens_;  // sorted; incremental runs
  std::vector<CandidateQuery> queries_;
  std::vector<uint32_t> query_owner_;
  Candidates candidates_;
  std::vector<Outcome> outcomes_;       // per query
  std::vector<uint32_t> query_of_;      // per member: its query, or kNotAsked
  Transaction txn_{store_};
};

Status Run::ChooseMembersToCheck(const std::optional<ReconcileRun>& last) {
  const size_t n = members_.size();
  check_.assign(n, true);
  if (summary_.full) return Status::Ok();
  CARDEX_RETURN_IF_ERROR(store_.ScanCitizenViews(last->revision, [&](const CitizenView& c) {
    changed_citizens_.push_back(c.citizen_id);
    return Status::Ok();
  }));
  std::sort(changed_citizens_.begin(), changed_citizens_.end());
  auto changed = [&](int64_t id) {
    return id >= 0 && std::binary_search(changed_citizens_.begin(), changed_citizens_.end(), id);
  };
  for (size_t i = 0; i < n; ++i) {
    const MemberRow& m = members_[i];
    const ReconcileResultRow& r = results_[i];
    const bool was_duplicate = r.verdict == Verdict::kDuplicateId;
    int64_t suggested = -1;
    if (!r.suggested_citizen_id.empty()) suggested = std::stoll(r.suggested_citizen_id);
    check_[i] = !stored_[i] || m.revision > last->revision ||
                (m.id >= 0 && was_duplicate != m.duplicate) || changed(m.id) || changed(suggested);
  }
  return Status::Ok();
}

void Run::AddQuery(size_t i) {
  const MemberRow& m = members_[i];
  query_of_[i] = static_cast<uint32_t>(queries_.size());
  queries_.push_back({m.full_name, m.birth_date, m.gender});
  query_owner_.push_back(static_cast<uint32_t>(i));
}

Status Run::AskRegistry(size_t begin, size_t end, bool with_queries, Answers* into) {
  if (into == nullptr) into = &answers_[0];
  std::vector<Answer>& answers = into->answers;
  std::string& answer_text = into->text;
  std::vector<int64_t> ids;
  if (begin < end) {
    std::vector<std::pair<int64_t, uint32_t>> owners;
    for (size_t i = begin; i < end; ++i) {
      if (check_[i] && members_[i].id >= 0 && !members_[i].duplicate) {
        owners.emplace_back(members_[i].id, static_cast<uint32_t>(i));
      }
    }
    std::sort(owners.begin(), owners.end());  // ids are unique: duplicates are left out
    ids.resize(owners.size());
    for (size_t k = 0; k < owners.size(); ++k) {
      ids[k] = owners[k].first;
      asked_[owners[k].second] = static_cast<uint32_t>(k);
    }
    answers.assign(ids.size(), Answer());
    answer_text.clear();
    answer_text.reserve(ids.size() * 32);
  }

  // With the candidates, the citizens one slip of a recorded id away
  // (blocking.h NearIds), looked up by key like the members' own ids.
  std::vector<std::pair<int64_t, uint32_t>> near;  // (id, query)
  if (with_queries && begin == end) {
    for (uint32_t q = 0; q < queries_.size(); ++q) {
      for (int64_t id : NearIds(members_[query_owner_[q]].citizen_id)) near.emplace_back(id, q);
    }
    std::sort(near.begin(), near.end());
    for (const auto& [id, q] : near) {
      if (ids.empty() || ids.back() != id) ids.push_back(id);
    }
  }
  auto add_candidate = [&](size_t q, const CitizenView& c, bool by_id) {
    const size_t i = query_owner_[q];
    // A member's own citizen is never its suggestion: the recorded id
    // already names it (wrong_person).
    if (c.citizen_id == members_[i].id || !c.deceased_on.empty()) return;
    candidates_.rows.push_back({static_cast<uint32_t>(q), c.citizen_id, candidates_.text.size(),
                                static_cast<uint32_t>(c.full_name.size()),
                                static_cast<uint32_t>(c.birth_date.size()),
                                static_cast<uint32_t>(c.gender.size()), by_id});
    candidates_.text.append(c.full_name).append(c.birth_date).append(c.gender);
  };

  RegistryBatch batch;
  batch.ids = ids;
  if (with_queries) batch.queries = queries_;
  if (!near.empty()) {
    batch.on_record = [&](size_t k, const CitizenView& c) -> Status {
      auto it = std::lower_bound(near.begin(), near.end(), std::make_pair(ids[k], uint32_t{0}));
      for (; it != near.end() && it->first == ids[k]; ++it) add_candidate(it->second, c, true);
      return Status::Ok();
    };
  } else {
    batch.on_record = [&](size_t k, const CitizenView& c) -> Status {
      Answer& a = answers[k];
      a.begin = answer_text.size();
      a.name = static_cast<uint32_t>(c.full_name.size());
      a.date = static_cast<uint32_t>(c.birth_date.size());
      a.gender = static_cast<uint32_t>(c.gender.size());
      a.deceased = static_cast<uint32_t>(c.deceased_on.size());
      answer_text.append(c.full_name).append(c.birth_date).append(c.gender).append(c.deceased_on);
      return Status::Ok();
    };
  }
  batch.on_candidate = [&](size_t q, const CitizenView& c) -> Status {
    add_candidate(q, c, false);
    return Status::Ok();
  };
  if (with_queries || ids.size() > 0) {
    summary_.asked_candidates = summary_.asked_candidates || with_queries;
    Status s = registry_.Ask(batch);
    if (!s.ok()) return Unchecked(std::move(s), ids, with_queries);
  }
  if (near.empty()) return Status::Ok();

  // A citizen found only through a near id may have a namesake born the
  // same day, whom no key of the member's found: formats.md wants no
  // suggestion between such twins, so each such citizen's twins are asked
  // for and compete. (A citizen found by a key brings its twins under the
  // same key.) Few members need this: those whose name and date were both
  // mistyped.
  std::vector<std::pair<uint32_t, int64_t>> by_key;
  for (const Candidates::Row& r : candidates_.rows) {
    if (!r.by_id) by_key.emplace_back(r.query, r.citizen_id);
  }
  std::sort(by_key.begin(), by_key.end());
  std::vector<std::string> facts;  // name, date, gender of each twin query
  std::vector<uint32_t> twin_owner;
  std::vector<int64_t> twin_of;
  for (const Candidates::Row& r : candidates_.rows) {
    if (!r.by_id || std::binary_search(by_key.begin(), by_key.end(),
                                       std::make_pair(r.query, r.citizen_id))) {
      continue;
    }
    const std::string_view text(candidates_.text);
    facts.emplace_back(text.substr(r.begin, r.name));
    facts.emplace_back(text.substr(r.begin + r.name, r.date));
    facts.emplace_back(text.substr(r.begin + r.name + r.date, r.gender));
    twin_owner.push_back(r.query);
    twin_of.push_back(r.citizen_id);
  }
  if (twin_owner.empty()) return Status::Ok();
  std::vector<CandidateQuery> twins;
  std::vector<int64_t> twin_key;
  for (size_t t = 0; t < twin_owner.size(); ++t) {
    twins.push_back({facts[3 * t], facts[3 * t + 1], facts[3 * t + 2]});
    twin_key.push_back(SuggestionKey(facts[3 * t], facts[3 * t + 1], facts[3 * t + 2]));
  }
  RegistryBatch again;
  again.queries = twins;
  again.on_record = [](size_t, const CitizenView&) { return Status::Ok(); };
  again.on_candidate = [&](size_t t, const CitizenView& c) -> Status {
    if (c.citizen_id != twin_of[t] &&
        SuggestionKey(c.full_name, c.birth_date, c.gender) == twin_key[t]) {
      add_candidate(twin_owner[t], c, false);
    }
    return Status::Ok();
  };
  return registry_.Ask(again);
}

Status Run::Unchecked(Status failure, std::span<const int64_t> ids, bool with_queries) {
  const Registry::Unanswered unanswered = registry_.TakeUnanswered();
  if (unanswered.ids.empty() && unanswered.queries.empty()) return failure;
  // The members whose ids went unanswered: those asked with them (ids are
  // unique among the members asked).
  std::vector<std::pair<std::string_view, std::string_view>> members;
  if (!unanswered.ids.empty()) {
    std::unordered_map<int64_t, size_t> owner;
    for (size_t i = 0; i < members_.size(); ++i) {
      if (check_[i] && members_[i].id >= 0 && !members_[i].duplicate) owner[members_[i].id] = i;
    }
    for (size_t k : unanswered.ids) {
      auto it = owner.find(ids[k]);
      if (it != owner.end()) members.emplace_back(members_[it->second].member_no, "id");
    }
  }
  if (with_queries) {
    for (size_t q : unanswered.queries) {
      members.emplace_back(members_[query_owner_[q]].member_no, "suggestion");
    }
  }
  std::sort(members.begin(), members.end());
  std::string message = std::to_string(members.size()) + " members could not be checked";
  if (!options_.unchecked_path.empty()) {
    CARDEX_ASSIGN_OR_RETURN(std::unique_ptr<CsvWriter> out,
                            CsvWriter::OpenFile(options_.unchecked_path));
    CARDEX_RETURN_IF_ERROR(out->WriteRow({"member_no", "question"}));
    for (const auto& [member_no, question] : members) {
      CARDEX_RETURN_IF_ERROR(out->WriteRow({member_no, question}));
    }
    CARDEX_RETURN_IF_ERROR(out->Close());
    message += " (listed in " + options_.unchecked_path + ")";
  }
  return failure.WithContext(message + "; no verdict was stored");
}

void Run::Assess(size_t i, const Answers& from) {
  const MemberRow& m = members_[i];
  ReconcileResultRow& r = results_[i];
  const Answer* answer = asked_[i] == kNotAsked ? nullptr : &from.answers[asked_[i]];
  if (answer != nullptr && answer->begin == kNoAnswer) answer = nullptr;
  if (answer == nullptr) {
    r.registry_full_name.clear();
    r.registry_birth_date.clear();
    r.registry_gender.clear();
    r.registry_deceased_on.clear();
  } else {
    const std::string_view text(from.text);
    size_t at = answer->begin;
    auto next = [&](uint32_t length) {
      std::string_view field = text.substr(at, length);
      at += length;
      return field;
    };
    r.registry_full_name = next(answer->name);
    r.registry_birth_date = next(answer->date);
    r.registry_gender = next(answer->gender);
    r.registry_deceased_on = next(answer->deceased);
  }
  const RegistryFacts citizen{r.registry_full_name, r.registry_birth_date, r.registry_gender,
                              r.registry_deceased_on};
  const Assessment a = cardex::Assess(m.facts(), m.duplicate, answer ? &citizen : nullptr);
  r.member_no = m.member_no;
  r.verdict = a.verdict;
  r.fields = a.fields;
  r.suggested_citizen_id.clear();
  r.suggestion_reasons.clear();
  dirty_[i] = 1;
}

void Run::DecideSuggestions() {
  std::vector<Subject> subjects;
  subjects.reserve(queries_.size());
  for (size_t q = 0; q < queries_.size(); ++q) {
    const MemberRow& m = members_[query_owner_[q]];
    subjects.push_back(MakeSubject(m.full_name, m.birth_date, m.gender, m.citizen_id,
                                   results_[query_owner_[q]].verdict == Verdict::kWrongPerson));
  }
  // Grouped by query; within a query in the registry's order, made
  // deterministic by the citizen id.
  std::vector<Candidates::Row>& packed = candidates_.rows;
  std::sort(packed.begin(), packed.end(), [](const Candidates::Row& a, const Candidates::Row& b) {
    return a.query != b.query ? a.query < b.query : a.citizen_id < b.citizen_id;
  });
  // A citizen found both by a key and as a near id is one candidate.
  packed.erase(std::unique(packed.begin(), packed.end(),
                           [](const Candidates::Row& a, const Candidates::Row& b) {
                             return a.query == b.query && a.citizen_id == b.citizen_id;
                           }),
               packed.end());
  const std::string_view text(candidates_.text);
  std::vector<CandidateRow> rows;
  rows.reserve(packed.size() + queries_.size());
  size_t next = 0;
  for (uint32_t q = 0; q < queries_.size(); ++q) {
    for (; next < packed.size() && packed[next].query == q; ++next) {
      const Candidates::Row& p = packed[next];
      rows.push_back({p.query, p.citizen_id, text.substr(p.begin, p.name),
                      text.substr(p.begin + p.name, p.date),
                      text.substr(p.begin + p.name + p.date, p.gender)});
    }
    // wrong_person: the citizen the id names competes (never suggested).
    const size_t i = query_owner_[q];
    const ReconcileResultRow& r = results_[i];
    if (r.verdict == Verdict::kWrongPerson && members_[i].id >= 0) {
      rows.push_back({q, members_[i].id, r.registry_full_name, r.registry_birth_date,
                      r.registry_gender, /*own=*/true});
    }
  }
  SuggestRule rule;
  rule.min_probability = options_.suggestion_min_probability;
  rule.min_margin_bits = options_.suggestion_min_margin_bits;
  outcomes_ = SuggestAll(subjects, rows, rule, /*threads=*/2);
}

bool Run::Suggest(size_t i) {
  ReconcileResultRow& r = results_[i];
  std::string suggestion, reasons;
  if (WantsSuggestion(r.verdict) && query_of_[i] != kNotAsked) {
    const Outcome& o = outcomes_[query_of_[i]];
    if (o.citizen_id >= 0) {
      suggestion = FormatCitizenId(o.citizen_id);
      reasons = o.reasons;
    }
  }
  if (suggestion == r.suggested_citizen_id && reasons == r.suggestion_reasons) return false;
  r.suggested_citizen_id = std::move(suggestion);
  r.suggestion_reasons = std::move(reasons);
  dirty_[i] = 1;
  return true;
}

Status Run::BeginSave(int64_t revision) {
  ReconcileRun run;
  run.full = summary_.full;
  run.revision = revision;
  run.members_checked = summary_.checked;
  run.members_total = summary_.members;
  CARDEX_RETURN_IF_ERROR(txn_.Begin());
  CARDEX_ASSIGN_OR_RETURN(summary_.run_id, store_.AddReconcileRun(run));
  // A full run rewrites every result: into an emptied table the rows go in
  // key order, appended, instead of each overwriting its old row.
  if (summary_.full) CARDEX_RETURN_IF_ERROR(store_.ClearReconcileResults());
  return Status::Ok();
}

Status Run::StoreRange(const std::vector<uint8_t>& rows, size_t begin, size_t n, bool report) {
  // Long runs of neighbours go to the store in place; scattered rows are
  // copied into batches (a PostgreSQL call costs a few round trips, however
  // few its rows).
  constexpr size_t kInPlace = 256;
  const int64_t total = static_cast<int64_t>(results_.size());
  std::vector<ReconcileResultRow> gathered;
  auto flush = [&]() -> Status {
    if (gathered.empty()) return Status::Ok();
    Status s = store_.UpsertReconcileResults(gathered);
    gathered.clear();
    return s;
  };
  for (size_t i = begin; i < n;) {
    if (!rows[i]) {
      ++i;
      continue;
    }
    size_t end = i;
    while (end < n && end - i < kStoreBatch && rows[end]) results_[end++].run_id = summary_.run_id;
    if (end - i >= kInPlace) {
      CARDEX_RETURN_IF_ERROR(flush());
      CARDEX_RETURN_IF_ERROR(store_.UpsertReconcileResults(
          std::span<const ReconcileResultRow>(results_).subspan(i, end - i)));
    } else {
      gathered.insert(gathered.end(), results_.begin() + static_cast<std::ptrdiff_t>(i),
                      results_.begin() + static_cast<std::ptrdiff_t>(end));
      if (gathered.size() >= kStoreBatch) CARDEX_RETURN_IF_ERROR(flush());
    }
    if (report) Progress("storing", static_cast<int64_t>(end), total);
    i = end;
  }
  CARDEX_RETURN_IF_ERROR(flush());
  if (report && n == results_.size()) Progress("storing", total, total);
  return Status::Ok();
}

void Run::CollectWanting(std::vector<uint32_t>* wanting) {
  // The model is fitted on every member that wants a suggestion, so when
  // any of them is looked for again, all are: an incremental run then
  // decides as a full run would.
  bool any = false;
  for (size_t i = 0; i < members_.size() && !any; ++i) {
    any = WantsSuggestion(results_[i].verdict) && (check_[i] || !changed_citizens_.empty());
  }
  if (!any) return;
  for (size_t i = 0; i < members_.size(); ++i) {
    if (WantsSuggestion(results_[i].verdict)) {
      AddQuery(i);
      wanting->push_back(static_cast<uint32_t>(i));
    }
  }
}

Status Run::Pipelined(int64_t revision, bool slice_lookups, std::vector<uint32_t>* wanting) {
  // Slices in member_no order, so that the store appends each after the
  // last; within a slice the ids are looked up in id order.
  constexpr size_t kSlices = 8, kMinSlice = 4096;
  const size_t n = members_.size();
  const size_t slice = std::max(kMinSlice, (n + kSlices - 1) / kSlices);
  std::mutex mu;
  std::condition_variable cv;
  size_t ready = 0;     // members [0, ready) are assessed
  size_t saved = 0;     // members [0, saved) are stored
  bool quit = false;    // the calling thread failed
  Status saver_status;
  std::thread saver([&] {
    Status s = BeginSave(revision);
    size_t done = 0;
    while (s.ok() && done < n) {
      size_t upto;
      {
        std::unique_lock<std::mutex> lock(mu);
        cv.wait(lock, [&] { return ready > done || quit; });
        if (quit) break;
        upto = ready;
      }
      s = StoreRange(dirty_, done, upto, /*report=*/false);
      done = upto;
      std::lock_guard<std::mutex> lock(mu);
      saved = done;
    }
    saver_status = s;
  });
  auto stop = [&](Status s) {
    {
      std::lock_guard<std::mutex> lock(mu);
      quit = true;
    }
    cv.notify_all();
    saver.join();
    return s;
  };

  // A thread of its own asks the registry for the ids a slice at a time,
  // into the two answer sets in turn, while this one assesses the slice
  // before and the saver stores the one before that.
  const size_t slices = (n + slice - 1) / slice;
  size_t looked_up = 0;  // slices [0, looked_up) are answered
  size_t assessed = 0;   // slices [0, assessed) are assessed: their answer set is free
  Status lookup_status;
  double lookup = 0, verdicts = 0;
  std::condition_variable looked;
  if (!slice_lookups) {
    const auto t0 = std::chrono::steady_clock::now();
    Status s = AskRegistry(0, n, /*with_queries=*/false, &answers_[0]);
    if (!s.ok()) return stop(s);
    lookup = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    looked_up = slices;
  }
  std::thread asker([&] {
    if (!slice_lookups) return;
    const auto t0 = std::chrono::steady_clock::now();
    for (size_t k = 0; k < slices; ++k) {
      {
        std::unique_lock<std::mutex> lock(mu);
        cv.wait(lock, [&] { return assessed + 2 > k || quit; });
        if (quit) break;
      }
      Status s = AskRegistry(k * slice, std::min(n, (k + 1) * slice), /*with_queries=*/false,
                             &answers_[k % 2]);
      {
        std::lock_guard<std::mutex> lock(mu);
        if (!s.ok()) lookup_status = s;
        looked_up = s.ok() ? k + 1 : slices;
      }
      looked.notify_one();
      if (!s.ok()) break;
    }
    lookup = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  });
  for (size_t k = 0; k < slices; ++k) {
    {
      std::unique_lock<std::mutex> lock(mu);
      looked.wait(lock, [&] { return looked_up > k; });
      if (!lookup_status.ok()) break;
    }
    const size_t begin = k * slice, end = std::min(n, begin + slice);
    const auto t1 = std::chrono::steady_clock::now();
    for (size_t i = begin; i < end; ++i) {
      if (check_[i]) Assess(i, answers_[slice_lookups ? k % 2 : 0]);
    }
    verdicts += std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();
    size_t stored;
    {
      std::lock_guard<std::mutex> lock(mu);
      ready = end;
      assessed = k + 1;
      stored = saved;
    }
    cv.notify_all();
    Progress("storing", static_cast<int64_t>(stored), static_cast<int64_t>(n));
  }
  asker.join();
  if (!lookup_status.ok()) return stop(lookup_status);
  // "lookup" is the asking thread's time, which "verdicts" overlaps.
  summary_.seconds.emplace_back("lookup", lookup);
  summary_.seconds.emplace_back("verdicts", verdicts);
  lap_ = std::chrono::steady_clock::now();

  // The candidates are asked for while the last slices are stored.
  CollectWanting(wanting);
  Status asked = Status::Ok();
  if (!queries_.empty()) asked = AskRegistry(0, 0, /*with_queries=*/true);
  if (asked.ok() && !queries_.empty()) DecideSuggestions();
  saver.join();
  CARDEX_RETURN_IF_ERROR(asked);
  return saver_status;
}

Result<ReconcileSummary> Run::Go() {
  // Noted before anything is read: a change stamped later is seen next time.
  CARDEX_ASSIGN_OR_RETURN(const int64_t revision, store_.CurrentRevision());
  CARDEX_ASSIGN_OR_RETURN(const std::optional<ReconcileRun> last, store_.LastReconcileRun());
  summary_.full = options_.full || !last.has_value();

  Progress("members", 0, 0);
  CARDEX_RETURN_IF_ERROR(LoadMembers(store_, &members_));
  const size_t n = members_.size();
  summary_.members = static_cast<int64_t>(n);
  Progress("members", summary_.members, summary_.members);
  if (summary_.full) {
    results_.assign(n, ReconcileResultRow());
    stored_.assign(n, false);
  } else {
    CARDEX_RETURN_IF_ERROR(LoadStoredResults(store_, members_, &results_, &stored_));
  }
  dirty_.assign(n, 0);
  asked_.assign(n, kNotAsked);
  query_of_.assign(n, kNotAsked);
  CARDEX_RETURN_IF_ERROR(ChooseMembersToCheck(last));
  for (size_t i = 0; i < n; ++i) summary_.checked += check_[i] ? 1 : 0;
  Lap("members");

  // First the recorded ids of the members to check (looked up by key), then,
  // for those of them that need a suggestion, the candidates (looked up by
  // suggestion key). After a registry change every member that needs a
  // suggestion asks again: a citizen that changed may have stopped being,
  // or become, someone's candidate.
  std::vector<uint32_t> wanting;
  std::vector<uint8_t> rows;
  if (registry_.IndependentOfStore()) {
    // The registry does not use the store's connection: the results are
    // stored on another thread a slice at a time as they are assessed, and
    // while the candidates are asked for; the members whose suggestion then
    // changes are stored again. With a database server, whose processes do
    // the lookups and the writing, the slices are also looked up one at a
    // time, overlapping the storing. With SQLite all of that work is this
    // process's and slices cost locality (each probes the whole citizens
    // table): there the ids are looked up in one sorted pass first.
    CARDEX_RETURN_IF_ERROR(
        Pipelined(revision, /*slice_lookups=*/store_.backend() != "sqlite", &wanting));
    rows.assign(n, 0);
    for (uint32_t i : wanting) rows[i] = Suggest(i);
    Lap("candidates");
  } else {
    CARDEX_RETURN_IF_ERROR(AskRegistry(0, n, /*with_queries=*/false));
    Lap("lookup");
    for (size_t i = 0; i < n; ++i) {
      if (check_[i]) Assess(i, answers_[0]);
    }
    Lap("verdicts");
    CollectWanting(&wanting);
    if (!queries_.empty()) {
      CARDEX_RETURN_IF_ERROR(AskRegistry(0, 0, /*with_queries=*/true));
      DecideSuggestions();
    }
    rows = dirty_;
    for (uint32_t i : wanting) rows[i] = Suggest(i) || rows[i];
    Lap("candidates");
    CARDEX_RETURN_IF_ERROR(BeginSave(revision));
  }
  CARDEX_RETURN_IF_ERROR(StoreRows(rows, /*report=*/true));
  CARDEX_RETURN_IF_ERROR(Commit());
  for (size_t i = 0; i < n; ++i) {
    ++summary_.verdicts[static_cast<size_t>(results_[i].verdict)];
    if (!results_[i].suggested_citizen_id.empty()) ++summary_.suggestions;
  }
  Lap("store");
  if (!options_.report_path.empty()) {
    CARDEX_RETURN_IF_ERROR(WriteReport(results_, options_.report_path));
  }
  Lap("report");
  return summary_;
}

}  // namespace

Result<ReconcileSummary> Reconcile(Store& store, Registry& registry,
                                   const ReconcileOptions& options) {
  Run run(store, registry, options);
  return run.Go();
}

Result<int64_t> WriteStoredReport(Store& store, const std::string& path) {
  std::vector<ReconcileResultRow> results;
  CARDEX_RETURN_IF_ERROR(store.ScanReconcileResults([&](const ReconcileResultRow& r) {
    results.push_back(r);
    return Status::Ok();
  }));
  CARDEX_RETURN_IF_ERROR(WriteReport(results, path));
  return static_cast<int64_t>(results.size());
}

}  // namespace cardex::reconcile
