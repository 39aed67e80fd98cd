// LoginThrottle: a token bucket per client address (see accounts.h).
#include <algorithm>
#include <cmath>

#include "cardex/auth/accounts.h"

namespace cardex {
namespace {

double Refilled(double tokens, std::chrono::steady_clock::duration elapsed,
                const LoginThrottleOptions& o) {
  double add = std::chrono::duration<double>(elapsed).count() /
               std::chrono::duration<double>(o.refill).count();
  return std::min<double>(o.burst, tokens + std::max(0.0, add));
}

}  // namespace

bool LoginThrottle::TryAcquire(std::string_view client, std::chrono::steady_clock::time_point now,
                               std::chrono::seconds* retry_after) {
  std::lock_guard lock(mu_);
  auto it = buckets_.find(std::string(client));
  if (it == buckets_.end()) {
    if (buckets_.size() >= options_.max_clients) Prune(now);
    it = buckets_.emplace(std::string(client), Bucket{static_cast<double>(options_.burst), now}).first;
  }
  Bucket& b = it->second;
  b.tokens = Refilled(b.tokens, now - b.updated, options_);
  b.updated = now;
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return true;
  }
  if (retry_after) {
    double wait = (1.0 - b.tokens) * std::chrono::duration<double>(options_.refill).count();
    *retry_after = std::chrono::seconds(static_cast<int64_t>(std::ceil(wait)));
  }
  return false;
}

void LoginThrottle::Prune(std::chrono::steady_clock::time_point now) {
  std::erase_if(buckets_, [&](const auto& entry) {
    const Bucket& b = entry.second;
    return Refilled(b.tokens, now - b.updated, options_) >= options_.burst;
  });
  if (buckets_.size() >= options_.max_clients) buckets_.clear();
}

}  // namespace cardex
