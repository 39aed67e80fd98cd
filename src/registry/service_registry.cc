// The registry service client (cardex/registry/service_registry.h).
#include "cardex/registry/service_registry.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <fstream>
#include <mutex>
#include <random>
#include <sstream>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "registry/answer_cache.h"
#include "cardex/registry/http_client.h"
#include "registry/wire.h"

namespace cardex::registry {
namespace {

using Clock = std::chrono::steady_clock;

// One request's worth of questions: indexes into the ids to ask, or into
// the distinct queries to ask; filled with the rows answered.
struct Job {
  bool candidates = false;
  std::vector<size_t> items;
  std::vector<wire::Row> rows;
  Status status;
};

// Starts at most `per_second` calls a second across all workers, and holds
// every worker back while the service asked for a pause (429 Retry-After).
class Pacer {
 public:
  explicit Pacer(double per_second)
      : gap_(std::chrono::duration_cast<Clock::duration>(
            std::chrono::duration<double>(1.0 / per_second))) {}

  void Wait() {
    Clock::time_point at;
    {
      std::lock_guard<std::mutex> lock(mu_);
      at = std::max({Clock::now(), next_, paused_until_});
      next_ = at + gap_;
    }
    std::this_thread::sleep_until(at);
  }

  void PauseFor(std::chrono::milliseconds pause) {
    std::lock_guard<std::mutex> lock(mu_);
    paused_until_ = std::max(paused_until_, Clock::now() + pause);
  }

 private:
  const Clock::duration gap_;
  std::mutex mu_;
  Clock::time_point next_{}, paused_until_{};
};

struct AtomicStats {
  std::atomic<int64_t> calls{0}, retries{0}, throttled{0}, server_errors{0}, transport_errors{0},
      restarted{0}, duplicates{0};
};

Result<std::string> ReadToken(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("registry token file " + path + ": cannot be read");
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string token = buffer.str();
  const auto space = [](char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; };
  while (!token.empty() && space(token.back())) token.pop_back();
  size_t start = 0;
  while (start < token.size() && space(token[start])) ++start;
  token.erase(0, start);
  if (token.empty()) return Status::InvalidArgument("registry token file " + path + ": empty");
  for (char c : token) {
    if (static_cast<unsigned char>(c) < 0x21 || c == 0x7f) {
      return Status::InvalidArgument("registry token file " + path +
                                     ": the token holds a control character or a space");
    }
  }
  return token;
}

class Client final : public ServiceRegistry {
 public:
  Client(const ServiceOptions& options, std::unique_ptr<HttpEndpoint> endpoint)
      : options_(options), endpoint_(std::move(endpoint)), pacer_(options.requests_per_second) {}

  void SetProgress(Progress progress) override { progress_ = std::move(progress); }
  Unanswered TakeUnanswered() override { return std::exchange(unanswered_, {}); }

  ServiceStats stats() const override {
    ServiceStats s = totals_;
    s.calls = stats_.calls;
    s.retries = stats_.retries;
    s.throttled = stats_.throttled;
    s.server_errors = stats_.server_errors;
    s.transport_errors = stats_.transport_errors;
    s.restarted = stats_.restarted;
    s.duplicates = stats_.duplicates;
    return s;
  }

  Status Ask(const reconcile::RegistryBatch& batch) override;

 private:
  // Runs every job on at most `concurrency` threads, each with its own
  // connection.
  void RunJobs(std::span<const int64_t> ids, std::span<const reconcile::CandidateQuery> queries,
               std::span<const size_t> query_of_slot, std::vector<Job>& jobs);
  Status RunJob(HttpConnection& conn, std::span<const int64_t> ids,
                std::span<const reconcile::CandidateQuery> queries,
                std::span<const size_t> query_of_slot, Job& job);
  // One page: a 200 (or 410) reply, or the status to give up with; retries
  // transport failures, 429 and 5xx with backoff, counting `failures` (of
  // this page in a row) up to max_attempts.
  Result<HttpReply> Call(HttpConnection& conn, std::string_view path, const std::string& body,
                         int* failures);
  void Backoff(int attempt, int64_t retry_after_seconds);

  const ServiceOptions options_;
  std::unique_ptr<HttpEndpoint> endpoint_;
  Pacer pacer_;
  AtomicStats stats_;
  ServiceStats totals_;
  Progress progress_;
  Unanswered unanswered_;
};

void Client::Backoff(int attempt, int64_t retry_after_seconds) {
  // Exponential with full jitter (half to all of the step), never shorter
  // than what the service asked.
  const int64_t step =
      std::min(options_.backoff_max_ms, options_.backoff_initial_ms << std::min(attempt - 1, 20));
  thread_local std::mt19937_64 random(std::random_device{}());
  std::uniform_int_distribution<int64_t> jitter(step / 2, std::max<int64_t>(step, 1));
  int64_t ms = jitter(random);
  if (retry_after_seconds >= 0) {
    const int64_t asked = retry_after_seconds * 1000;
    pacer_.PauseFor(std::chrono::milliseconds(asked));
    ms = std::max(ms, asked);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(ms));
}

Result<HttpReply> Client::Call(HttpConnection& conn, std::string_view path,
                               const std::string& body, int* failures) {
  for (;;) {
    pacer_.Wait();
    ++stats_.calls;
    Result<HttpReply> reply =
        conn.Post(path, body, std::chrono::milliseconds(options_.call_deadline_ms));
    int64_t retry_after = -1;
    Status failure;
    if (!reply.ok()) {
      ++stats_.transport_errors;
      failure = reply.status();
    } else if (reply->status == 200 || reply->status == 410) {
      return reply;
    } else if (reply->status == 429) {
      ++stats_.throttled;
      retry_after = reply->retry_after_seconds;
      failure = Status::Unavailable("registry service: too many requests (429)");
    } else if (reply->status >= 500) {
      ++stats_.server_errors;
      retry_after = reply->retry_after_seconds;
      failure = Status::Unavailable("registry service: HTTP " + std::to_string(reply->status));
    } else if (reply->status == 401 || reply->status == 403) {
      return Status::PermissionDenied("registry service refused the credentials (HTTP " +
                                      std::to_string(reply->status) + ")");
    } else {
      // The service's 400 message names the field, never a value.
      std::string said = reply->body.substr(0, 200);
      return Status::Unavailable("registry service: HTTP " + std::to_string(reply->status) +
                                 ": " + said);
    }
    if (++*failures >= options_.max_attempts) {
      return failure.WithContext("gave up after " + std::to_string(*failures) + " attempts");
    }
    ++stats_.retries;
    Backoff(*failures, retry_after);
  }
}

Status Client::RunJob(HttpConnection& conn, std::span<const int64_t> ids,
                      std::span<const reconcile::CandidateQuery> queries,
                      std::span<const size_t> query_of_slot, Job& job) {
  // The request's own questions, in order; its answer rows name them by
  // id (lookups) or by position (candidates).
  std::vector<int64_t> asked_ids;
  std::vector<reconcile::CandidateQuery> asked_queries;
  if (job.candidates) {
    for (size_t slot : job.items) asked_queries.push_back(queries[query_of_slot[slot]]);
  } else {
    for (size_t k : job.items) asked_ids.push_back(ids[k]);
  }
  const std::string_view path = job.candidates ? wire::kCandidatesPath : wire::kLookupPath;
  int restarts = 0;
  for (;;) {  // from the first page, again when a page went missing
    std::vector<wire::Row> rows;
    std::string token;
    int64_t total = -1;
    Status bad;
    for (;;) {
      const std::string body = job.candidates
                                   ? wire::EncodeCandidatesRequest(asked_queries, token)
                                   : wire::EncodeLookupRequest(asked_ids, token);
      int failures = 0;  // of this page in a row
      CARDEX_ASSIGN_OR_RETURN(HttpReply reply, Call(conn, path, body, &failures));
      if (reply.status == 410) {
        bad = Status::Unavailable("registry service: a page of the answer is gone (410)");
        break;
      }
      Result<wire::Page> page = job.candidates ? wire::DecodeCandidatesPage(reply.body)
                                               : wire::DecodeLookupPage(reply.body);
      if (!page.ok()) {
        bad = page.status().WithContext("registry service: bad answer");
        break;
      }
      if (total >= 0 && page->total != total) {
        bad = Status::Unavailable("registry service: the answer's total changed between pages");
        break;
      }
      total = page->total;
      for (wire::Row& r : page->rows) rows.push_back(std::move(r));
      if (page->next_page_token.empty()) break;
      token = std::move(page->next_page_token);
    }
    if (bad.ok() && static_cast<int64_t>(rows.size()) != total) {
      bad = Status::Unavailable("registry service: the pages held " + std::to_string(rows.size()) +
                                " of " + std::to_string(total) + " rows (a page missing)");
    }
    // Every row must answer a question asked.
    if (bad.ok()) {
      for (const wire::Row& r : rows) {
        const bool known =
            job.candidates
                ? r.query >= 0 && static_cast<size_t>(r.query) < asked_queries.size()
                : std::binary_search(asked_ids.begin(), asked_ids.end(), r.citizen_id);
        if (!known) {
          bad = Status::Unavailable("registry service: a row answers no question asked");
          break;
        }
      }
    }
    if (bad.ok()) {
      job.rows = std::move(rows);
      return Status::Ok();
    }
    ++stats_.restarted;
    if (++restarts >= options_.max_attempts) {
      return bad.WithContext("gave up after " + std::to_string(restarts) + " attempts");
    }
    ++stats_.retries;
    Backoff(restarts, -1);
  }
}

void Client::RunJobs(std::span<const int64_t> ids,
                     std::span<const reconcile::CandidateQuery> queries,
                     std::span<const size_t> query_of_slot, std::vector<Job>& jobs) {
  std::atomic<size_t> next{0};
  auto work = [&] {
    std::unique_ptr<HttpConnection> conn = endpoint_->Connect();
    for (size_t j; (j = next.fetch_add(1)) < jobs.size();) {
      jobs[j].status = RunJob(*conn, ids, queries, query_of_slot, jobs[j]);
    }
  };
  const size_t threads =
      std::min(jobs.size(), static_cast<size_t>(std::max(1, options_.concurrency)));
  std::vector<std::thread> pool;
  for (size_t t = 1; t < threads; ++t) pool.emplace_back(work);
  if (threads > 0) work();
  for (std::thread& t : pool) t.join();
}

Status Client::Ask(const reconcile::RegistryBatch& batch) {
  unanswered_ = {};
  const std::span<const int64_t> ids = batch.ids;
  const std::span<const reconcile::CandidateQuery> queries = batch.queries;
  std::optional<AnswerCache> cache;
  if (options_.cache != nullptr) cache.emplace(*options_.cache, options_.cache_since);

  // Ids: the cache's answers first, the rest asked.
  using IdState = AnswerCache::IdState;
  std::vector<IdState> id_state(ids.size(), IdState::kMissing);
  std::vector<wire::Row> id_rows;
  if (cache && !ids.empty()) {
    CARDEX_RETURN_IF_ERROR(cache->LookupIds(ids, &id_state, &id_rows));
  } else {
    id_rows.resize(ids.size());
  }
  std::vector<Job> jobs;
  for (size_t k = 0; k < ids.size(); ++k) {
    if (id_state[k] != IdState::kMissing) {
      ++totals_.cached_ids;
      continue;
    }
    if (jobs.empty() || jobs.back().items.size() >= options_.ids_per_request) jobs.emplace_back();
    jobs.back().items.push_back(k);
    ++totals_.asked_ids;
  }
  const size_t id_jobs = jobs.size();

  // Queries: members with the same recorded values ask once (a slot).
  std::vector<size_t> slot_of(queries.size());
  std::vector<size_t> query_of_slot;
  std::vector<std::string> slot_keys;
  {
    std::unordered_map<std::string, size_t> slots;
    for (size_t q = 0; q < queries.size(); ++q) {
      std::string key = AnswerCache::QueryKey(queries[q].full_name, queries[q].birth_date,
                                              queries[q].gender);
      auto [it, added] = slots.emplace(key, query_of_slot.size());
      if (added) {
        query_of_slot.push_back(q);
        slot_keys.push_back(std::move(key));
      }
      slot_of[q] = it->second;
    }
  }
  std::vector<std::optional<std::vector<wire::Row>>> slot_rows(query_of_slot.size());
  if (cache && !slot_keys.empty()) CARDEX_RETURN_IF_ERROR(cache->LookupQueries(slot_keys, &slot_rows));
  for (size_t s = 0; s < slot_rows.size(); ++s) {
    if (slot_rows[s]) {
      ++totals_.cached_queries;
      continue;
    }
    if (jobs.size() == id_jobs || jobs.back().items.size() >= options_.queries_per_request) {
      jobs.emplace_back();
      jobs.back().candidates = true;
    }
    jobs.back().items.push_back(s);
    ++totals_.asked_queries;
  }

  RunJobs(ids, queries, query_of_slot, jobs);

  // What was answered: into place, duplicates dropped, and into the cache
  // (whatever else failed: the next run then asks only the rest).
  Status failed;
  std::vector<int64_t> new_ids;
  std::vector<const wire::Row*> new_id_rows;
  std::vector<std::string> new_keys;
  std::vector<const std::vector<wire::Row>*> new_answers;
  int64_t duplicates = 0;
  for (Job& job : jobs) {
    if (!job.status.ok()) {
      if (failed.ok()) failed = job.status;
      if (job.candidates) {
        for (size_t s : job.items) slot_rows[s].reset();
      } else {
        for (size_t k : job.items) unanswered_.ids.push_back(k);
      }
      continue;
    }
    if (job.candidates) {
      std::vector<std::unordered_set<int64_t>> seen(job.items.size());
      for (size_t s : job.items) slot_rows[s].emplace();
      for (wire::Row& r : job.rows) {
        const size_t q = static_cast<size_t>(r.query);
        if (!seen[q].insert(r.citizen_id).second) {
          ++duplicates;
          continue;
        }
        slot_rows[job.items[q]]->push_back(std::move(r));
      }
      for (size_t s : job.items) {
        new_keys.push_back(slot_keys[s]);
        new_answers.push_back(&*slot_rows[s]);
      }
    } else {
      // Ids ascend within a job, as in the batch.
      for (wire::Row& r : job.rows) {
        auto it = std::lower_bound(job.items.begin(), job.items.end(), r.citizen_id,
                                   [&](size_t k, int64_t id) { return ids[k] < id; });
        const size_t k = *it;
        if (id_state[k] == IdState::kFound) {
          ++duplicates;
          continue;
        }
        id_state[k] = IdState::kFound;
        id_rows[k] = std::move(r);
      }
      for (size_t k : job.items) {
        if (id_state[k] == IdState::kMissing) id_state[k] = IdState::kAbsent;
        new_ids.push_back(ids[k]);
        new_id_rows.push_back(id_state[k] == IdState::kFound ? &id_rows[k] : nullptr);
      }
    }
  }
  stats_.duplicates += duplicates;
  if (cache) {
    CARDEX_RETURN_IF_ERROR(cache->StoreIds(new_ids, new_id_rows));
    CARDEX_RETURN_IF_ERROR(cache->StoreQueries(new_keys, new_answers));
  }
  if (!failed.ok()) {
    std::sort(unanswered_.ids.begin(), unanswered_.ids.end());
    for (size_t q = 0; q < queries.size(); ++q) {
      if (!slot_rows[slot_of[q]]) unanswered_.queries.push_back(q);
    }
    return Status::Unavailable("registry service: " + std::to_string(unanswered_.ids.size()) +
                               " of " + std::to_string(ids.size()) + " ids and " +
                               std::to_string(unanswered_.queries.size()) + " of " +
                               std::to_string(queries.size()) +
                               " suggestion queries went unanswered (" + failed.message() + ")");
  }

  CitizenView view;
  auto fill = [&](const wire::Row& r) {
    view.citizen_id = r.citizen_id;
    view.full_name = r.full_name;
    view.birth_date = r.birth_date;
    view.gender = r.gender;
    view.deceased_on = r.deceased_on;
    return view;
  };
  for (size_t k = 0; k < ids.size(); ++k) {
    if (id_state[k] == IdState::kFound) CARDEX_RETURN_IF_ERROR(batch.on_record(k, fill(id_rows[k])));
  }
  for (size_t q = 0; q < queries.size(); ++q) {
    for (const wire::Row& r : *slot_rows[slot_of[q]]) {
      CARDEX_RETURN_IF_ERROR(batch.on_candidate(q, fill(r)));
    }
  }
  if (progress_) progress_(static_cast<int64_t>(ids.size() + queries.size()), 0);
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<ServiceRegistry>> MakeServiceRegistry(const ServiceOptions& options) {
  if (options.concurrency < 1 || options.concurrency > 64) {
    return Status::InvalidArgument("registry concurrency: between 1 and 64");
  }
  if (!(options.requests_per_second > 0)) {
    return Status::InvalidArgument("registry rate: more than 0 requests a second");
  }
  if (options.max_attempts < 1 || options.call_deadline_ms < 1 || options.backoff_initial_ms < 0 ||
      options.backoff_max_ms < options.backoff_initial_ms) {
    return Status::InvalidArgument("registry retries: attempts, deadline and backoff out of range");
  }
  if (options.ids_per_request < 1 || options.ids_per_request > 10'000 ||
      options.queries_per_request < 1 || options.queries_per_request > 10'000) {
    return Status::InvalidArgument("registry request size: between 1 and 10,000");
  }
  if (!options.cache_since.empty() &&
      (options.cache_since.size() != 20 || options.cache_since[4] != '-' ||
       options.cache_since[10] != 'T' || options.cache_since[19] != 'Z')) {
    return Status::InvalidArgument("registry cache since: expected YYYY-MM-DDTHH:MM:SSZ (UTC)");
  }
  EndpointOptions endpoint;
  endpoint.base_url = options.base_url;
  endpoint.client_cert_file = options.client_cert_file;
  endpoint.client_key_file = options.client_key_file;
  endpoint.ca_file = options.ca_file;
  if (!options.token_file.empty()) {
    CARDEX_ASSIGN_OR_RETURN(endpoint.bearer_token, ReadToken(options.token_file));
  }
  CARDEX_ASSIGN_OR_RETURN(std::unique_ptr<HttpEndpoint> made, MakeHttpEndpoint(endpoint));
  return std::unique_ptr<ServiceRegistry>(std::make_unique<Client>(options, std::move(made)));
}

}  // namespace cardex::registry
