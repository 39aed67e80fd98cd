// FoldSteps (rollup.h): the exchange events since the counters' "folded"
// stamp, added to the state counters and the day-by-day counts in one
// transaction per batch, which moves the stamp on with them: a crash
// keeps either the batch and its stamp or neither.
//
// Why after the desk's commit rather than inside it: every step of a
// province moves its commune's and its province's counters. Written by the
// step, those rows were in every desk transaction (on PostgreSQL each
// desk held their row locks until its commit); the read of the member's
// verdict, the chain and the counter upserts were about 14 % of the desk
// benchmark's journeys a second. Folded, a batch of about a thousand steps
// writes each shared row once, the desk writes only its event, and keeping
// the roll-ups costs about 2 % (docs/benchmarks.md).
#include <optional>
#include <unordered_map>

#include "cardex/core/dates.h"
#include "cardex/progress/daily.h"
#include "cardex/progress/rollup.h"
#include "cardex/store/engine.h"
#include "counted.h"
#include "daily_internal.h"

namespace cardex::progress {
namespace {

// Events per transaction: a backlog (a server down for an hour, a CLI
// session of steps) is folded in bounded transactions, each holding the
// desks back for milliseconds, not seconds.
constexpr int64_t kFoldBatch = 2000;

struct FoldStamps {
  std::optional<int64_t> folded;  // nullopt: Rebuild first
  int64_t generation = 0;
  bool operator==(const FoldStamps&) const = default;
};

// A batch of events summed into the rows they move.
struct Batch {
  std::map<internal::CountKey, int64_t> counts;
  internal::DailyDeltas daily;
  int64_t events = 0, last_event = 0;
};

Result<FoldStamps> ReadFoldStamps(Store& store) {
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows rows,
      store.Query("SELECT metric, value FROM progress_counts WHERE scope = 'stamp' AND code = '' "
                  "AND metric IN (?, ?)",
                  {internal::kFoldedMetric, internal::kGenerationMetric}));
  FoldStamps stamps;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (rows.Text(i, 0) == internal::kFoldedMetric) stamps.folded = rows.Int(i, 1);
    if (rows.Text(i, 0) == internal::kGenerationMetric) stamps.generation = rows.Int(i, 1);
  }
  return stamps;
}

// Reads up to kFoldBatch events after `stamps.folded` and sums them.
Result<Batch> ReadBatch(Store& store, const FoldStamps& stamps) {
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows events,
      store.Query("SELECT e.event_id, m.unit_code, CASE WHEN " + std::string(internal::kToExchange) +
                      " THEN 1 ELSE 0 END, e.version, e.from_state, e.from_reason, e.from_station,"
                      " e.to_state, e.reason, e.station_code, e.at FROM exchange_events e"
                      " LEFT JOIN members m ON m.member_no = e.member_no"
                      " LEFT JOIN reconcile_results r ON r.member_no = e.member_no"
                      " WHERE e.event_id > ? ORDER BY e.event_id LIMIT ?",
                  {*stamps.folded, kFoldBatch}));
  Batch batch;
  batch.events = static_cast<int64_t>(events.size());
  if (events.empty()) return batch;
  batch.last_event = events.Int(events.size() - 1, 0);
  std::unordered_map<std::string, internal::SharedChain> chains;  // this batch's, by unit
  for (size_t i = 0; i < events.size(); ++i) {
    // Members not to exchange count nowhere (a member gone from the list
    // has no unit). Version 0: an event from before schema v11, or written
    // by hand, says nothing of what it left.
    if (events.IsNull(i, 1) || events.Int(i, 2) == 0 || events.Int(i, 3) == 0) continue;
    const std::string unit(events.Text(i, 1));
    auto [found, fresh] = chains.try_emplace(unit);
    if (fresh) {
      CARDEX_ASSIGN_OR_RETURN(found->second, internal::CachedChain(store, unit, stamps.generation));
    }
    const std::vector<std::string>& chain = *found->second;
    // Version 1: the member had no exchange row, so no counted state.
    std::optional<ExchangeState> from;
    if (events.Int(i, 3) > 1) {
      from = ParseState(events.Text(i, 4));
      if (!from) return Status::Internal("exchange_events holds an unknown state");
    }
    const std::optional<ExchangeState> to = ParseState(events.Text(i, 7));
    if (!to) return Status::Internal("exchange_events holds an unknown state");
    auto add = [&](ExchangeState state, std::string_view reason, std::string_view station, int64_t sign) {
      const std::string metric = StateMetric(state, reason);
      for (const std::string& u : chain) batch.counts[{"unit", u, metric}] += sign;
      if (!station.empty()) batch.counts[{"station", std::string(station), metric}] += sign;
    };
    if (from) add(*from, events.Text(i, 5), events.Text(i, 6), -1);
    add(*to, events.Text(i, 8), events.Text(i, 9), +1);
    // A malformed time (never written by ApplyStep) counts today, rather
    // than stop every fold after it.
    std::string day = CampaignDay(events.Text(i, 10));
    if (day.empty()) day = CampaignDay(UtcNowText());
    internal::AddDailyFlows(batch.daily, from, *to, day, events.Text(i, 9), chain);
  }
  return batch;
}

// Folds up to kFoldBatch events in a transaction of its own; the number
// folded (fewer than kFoldBatch: no more are waiting).
Result<int64_t> FoldBatch(Store& store) {
  // Where writers take turns (SQLite): the batch is read and summed
  // before the write lock, which every desk waits for, is taken; under it
  // come only the writes, when no other fold and no rebuild moved the
  // stamps meanwhile (otherwise the batch is read again, under the lock).
  // Events are never deleted and a new row gets the highest id yet, so
  // every event committed after the read lies beyond the batch.
  const bool read_first = WritersTakeTurns(store);
  std::optional<FoldStamps> seen;
  Batch batch;
  if (read_first) {
    CARDEX_ASSIGN_OR_RETURN(seen, ReadFoldStamps(store));
    if (!seen->folded) return int64_t{0};
    CARDEX_ASSIGN_OR_RETURN(batch, ReadBatch(store, *seen));
    if (batch.events == 0) return int64_t{0};
  }
  Transaction tx(store);
  CARDEX_RETURN_IF_ERROR(tx.Begin());
  // Otherwise (PostgreSQL): a step takes its event id after writing its
  // exchange row, so once no writer holds the exchange table, every event
  // up to the highest id is committed and none will appear below it: the
  // batch is read in full, with the exchange's writers held back. Desks
  // wait for the batch (milliseconds).
  CARDEX_RETURN_IF_ERROR(HoldWriters(store, {"exchange"}));
  CARDEX_ASSIGN_OR_RETURN(const FoldStamps stamps, ReadFoldStamps(store));
  if (!stamps.folded) return int64_t{0};
  if (!seen || *seen != stamps) {
    CARDEX_ASSIGN_OR_RETURN(batch, ReadBatch(store, stamps));
  }
  if (batch.events == 0) return int64_t{0};
  CARDEX_RETURN_IF_ERROR(internal::AddCounts(store, batch.counts));
  CARDEX_RETURN_IF_ERROR(internal::AddDaily(store, batch.daily));
  CARDEX_RETURN_IF_ERROR(
      store.Exec("UPDATE progress_counts SET value = ? WHERE scope = 'stamp' AND code = '' AND metric = ?",
                 {batch.last_event, internal::kFoldedMetric}));
  CARDEX_RETURN_IF_ERROR(tx.Commit());
  return batch.events;
}

}  // namespace

Result<int64_t> FoldSteps(Store& store) {
  // Whether anything waits, without the write lock a batch takes: most
  // readers (every dashboard page) find nothing, or what the server's
  // folder is about to take.
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows pending,
      store.Query("SELECT (SELECT value FROM progress_counts WHERE scope = 'stamp' AND code = '' "
                  "AND metric = ?), (SELECT MAX(event_id) FROM exchange_events)",
                  {internal::kFoldedMetric}));
  if (pending.IsNull(0, 0) || pending.IsNull(0, 1) || pending.Int(0, 1) <= pending.Int(0, 0)) {
    return int64_t{0};
  }
  int64_t folded = 0;
  for (;;) {
    CARDEX_ASSIGN_OR_RETURN(const int64_t n, FoldBatch(store));
    folded += n;
    if (n < kFoldBatch) return folded;
  }
}

}  // namespace cardex::progress
