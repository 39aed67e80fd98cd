#include "cardex/store/read_replica.h"

#include <string_view>
#include <utility>

#include "cardex/store/sql.h"

namespace cardex {

Result<std::unique_ptr<ReadReplica>> ReadReplica::Create(std::string url,
                                                        std::chrono::milliseconds retry_after) {
  std::string_view u(url);
  if (!u.starts_with("postgresql://") && !u.starts_with("postgres://")) {
    return Status::InvalidArgument(
        "the standby must be a PostgreSQL URL (postgresql://...); SQLite has no standby");
  }
  return std::unique_ptr<ReadReplica>(new ReadReplica(std::move(url), retry_after));
}

Result<std::unique_ptr<Store>> ReadReplica::Take() {
  {
    std::lock_guard lock(mu_);
    if (!idle_.empty()) {
      auto store = std::move(idle_.back());
      idle_.pop_back();
      return store;
    }
    if (held_off_until_ && std::chrono::steady_clock::now() < *held_off_until_) {
      return Status::Unavailable("the standby failed a moment ago; not tried again yet");
    }
  }
  // Outside the lock: a connect may take connect_timeout per host.
  StoreOptions options;
  options.read_only = true;
  auto opened = OpenStore(url_, options);
  if (!opened.ok()) {
    std::lock_guard lock(mu_);
    held_off_until_ = std::chrono::steady_clock::now() + retry_after_;
    return opened.status();
  }
  std::lock_guard lock(mu_);
  held_off_until_.reset();
  return opened;
}

void ReadReplica::Give(std::unique_ptr<Store> store) {
  if (!store) return;
  std::lock_guard lock(mu_);
  idle_.push_back(std::move(store));
}

void ReadReplica::Lost() {
  std::vector<std::unique_ptr<Store>> dropped;  // closed outside the lock
  std::lock_guard lock(mu_);
  dropped.swap(idle_);
  held_off_until_ = std::chrono::steady_clock::now() + retry_after_;
}

Result<Freshness> ReadFreshness(Store& store) {
  Freshness f;
  if (store.backend() == "sqlite") {
    f.as_of = std::chrono::system_clock::now();
    return f;
  }
  // Microseconds since the epoch; NULL on a standby that has replayed no
  // transaction since it started.
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows rows,
      store.Query("SELECT CASE WHEN pg_is_in_recovery() THEN 1 ELSE 0 END,"
                  " (extract(epoch FROM CASE WHEN pg_is_in_recovery()"
                  " THEN pg_last_xact_replay_timestamp() ELSE now() END) * 1000000)::bigint"));
  f.standby = rows.Int(0, 0) == 1;
  if (!rows.IsNull(0, 1)) {
    f.as_of = std::chrono::system_clock::time_point(std::chrono::microseconds(rows.Int(0, 1)));
  }
  return f;
}

}  // namespace cardex
