// Progress roll-ups: how far the exchange has come, for any unit's subtree
// and for each station, read without scanning the members.
//
// What is counted. Only members who are to exchange a card: status
// `official` and a reconciliation verdict other than `deceased` (or no
// verdict yet). Among them, those with an exchange row are counted by the
// state of that row, split by its reason for the exception states
// ("closed/deceased", "rescheduled/absent", ...). A member with no exchange
// row yet (listed, or invited by the plan but not seen at a desk) is in
// none of the state counters: `to_exchange` minus the state counters.
//
// How it is kept. The table progress_counts (schema v5) holds, per unit,
// the figures of the unit's WHOLE subtree (the unit and every ancestor get
// each change: at most one row per level, depth 4, so an event writes at
// most 8 counter rows); per station, the members whose last exchange step
// happened there. ApplyStep (intake/exchange.h), the only writer of
// exchange states, calls OnStateChange in its own transaction, so the
// counters move with the state or not at all. The counter rows are updated
// in key order, so two desks never deadlock on them, in one statement; the
// cell's ancestor chain is cached in the process for as long as the
// counters' generation (a random value each Rebuild stamps) stays the same.
//
// Corrections open and members with an appointment (Figures) are kept the
// same way: corrections by OnCorrectionChange in the transaction that opens
// or closes one, appointments by Rebuild when a plan run changed them (the
// plan run is part of the stamp).
//
// What the exchange does not move: which members are to exchange (imports,
// reconciliation verdicts, resolution) and the unit tree. Rebuild()
// recomputes every counter from the members; EnsureCurrent() runs it when
// the store changed under the counters since they were built (the store's
// revision, the last reconciliation run, the last plan run, or the unit
// tree's version differ from the stamp Rebuild left), so a reader after an
// import, a reconciliation or a change of the tree pays one rebuild and the
// following readers none. The tree's version (schema v10) is bumped by the
// database itself on every insert or delete of a unit and every change of
// a unit's code or parent, so a unit moved to another parent is noticed
// too; reading the stamp is a few single-row reads, never a scan.
//
// Thread safety: functions take the caller's Store (one per thread).
#ifndef CARDEX_PROGRESS_ROLLUP_H_
#define CARDEX_PROGRESS_ROLLUP_H_

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "cardex/core/dates.h"
#include "cardex/core/exchange.h"
#include "cardex/core/status.h"
#include "cardex/store/store.h"

namespace cardex::progress {

// The figures of a unit's subtree or of a station.
struct Figures {
  // Members who are to exchange (see above), deaths found at the desk not
  // yet subtracted; 0 for a station.
  int64_t to_exchange = 0;
  // Members with an exchange row, by "state" or "state/reason".
  std::map<std::string, int64_t, std::less<>> by_state;
  // Invited: members to exchange who hold an appointment (the plan's slot;
  // metric "with_appointment"), whether or not they came yet.
  int64_t with_appointment = 0;
  // Corrections open: members to exchange with an open row in
  // `corrections` (a difference the reconciliation sent back to the unit,
  // or wrong data found at the desk, which always opens one), by the day
  // their oldest open correction was opened (metric
  // "corrections_open/YYYY-MM-DD"). A member in the exchange's `correction`
  // state whose correction the unit has closed waits for a catch-up slot:
  // counted in by_state, not here. See docs/architecture.md.
  std::map<std::string, int64_t, std::less<>> corrections_by_day;

  // Official members to exchange: to_exchange less those closed at the
  // desk as deceased (the report's official_members).
  int64_t Official() const { return to_exchange - Count("closed/deceased"); }
  // In a state, whatever the reason.
  int64_t InState(ExchangeState state) const;
  // In any exception state with this reason ("absent", "deceased", ...).
  int64_t WithReason(std::string_view reason) const;
  // Documents submitted by a station (IsReceived) / new card held.
  int64_t Received() const;
  int64_t HandedOver() const;
  int64_t Count(std::string_view metric) const;
  int64_t CorrectionsOpen() const;
  // Age in days on `today` of the oldest open correction, and the mean age
  // (0 when none is open).
  int OldestCorrectionDays(const Date& today) const;
  double MeanCorrectionDays(const Date& today) const;
};

// What OnStateChange must know about the member besides the move: read by
// OnStateChange itself unless the caller read them already with the
// member (ApplyStep does, in the one query that reads the member's
// exchange row: see MemberFactsColumns).
struct MemberFacts {
  std::string unit_code;
  // Whether the member is to exchange (see "What is counted").
  bool to_exchange = false;
  // The counters' generation when the facts were read (the chain cache's
  // key): 0 when no rebuild stamped them yet.
  int64_t generation = 0;
};

// SQL for reading MemberFacts with the member. MemberFactsJoin() joins the
// member's verdict to `members m`; MemberFactsColumns() are two columns
// over it: to_exchange (0 or 1) and the generation (NULL when none).
// GenerationSql() is the generation alone, a scalar subquery: a writer
// that returns it from its own write learns whether a Rebuild ran between
// its read of the facts and its write (on PostgreSQL, whose Rebuild locks
// the exchange table, the write waits for it); then the facts may be stale
// and the caller passes none.
std::string_view MemberFactsJoin();
std::string_view MemberFactsColumns();
std::string_view GenerationSql();

// One member's move, as ApplyStep saw it. `from` is nullopt when the
// member had no exchange row before this step.
struct StateChange {
  std::string_view member_no;
  std::optional<ExchangeState> from;
  std::string_view from_reason, from_station;
  ExchangeState to = ExchangeState::kListed;
  std::string_view to_reason, to_station;
  // When the step happened, UTC "YYYY-MM-DDTHH:MM:SSZ" (the day-by-day
  // curve, daily.h; "" counts it now).
  std::string_view at;
  // The member's facts when the caller read them (in the same transaction,
  // under the same generation of the counters); null: OnStateChange
  // reads them (one query more).
  const MemberFacts* facts = nullptr;
};

// Moves the member's counters from the old state to the new one, and for a
// step into a received or handed-over state adds it to the day's counts
// (daily.h), in the caller's transaction. Members who are not to exchange change nothing.
// kNotFound when no member has that number.
Status OnStateChange(Store& store, const StateChange& change);

// True when CARDEX_BENCH_NO_ROLLUPS=1 is set: OnStateChange does nothing,
// and writers skip what they read or write only for the roll-ups (ApplyStep's
// facts), so that the desk benchmark measures everything keeping them
// costs. Never in service: the counters go wrong until the next Rebuild().
bool RollupsSwitchedOff();

// Moves the member's corrections-open counters after its corrections
// changed (opened or closed), in the caller's transaction. Called by every
// writer of `corrections` (intake's wrong-data step, reconcile's
// resolution); a member not to exchange counts nowhere.
Status OnCorrectionChange(Store& store, std::string_view member_no);

// Recomputes every counter from the members, the reconciliation verdicts
// and the exchange (the day-by-day counts from exchange_events), in a transaction of its own (not inside the caller's),
// and stamps the result. Desk steps wait for it rather than be lost.
Status Rebuild(Store& store);

// Rebuild() when the stamp says the counters are stale; true when it ran.
Result<bool> EnsureCurrent(Store& store);

// The figures of `unit_code`'s subtree (all zero for a unit with no
// member). kNotFound for an unknown unit. Reads the counters as they are:
// call EnsureCurrent() first where an import may have happened.
Result<Figures> UnitFigures(Store& store, std::string_view unit_code);
Result<Figures> StationFigures(Store& store, std::string_view station_code);
// The figures of the named units (a parent's children), by code, in one
// query per few hundred codes; a unit with no counter maps to zero figures.
Result<std::map<std::string, Figures, std::less<>>> UnitsFigures(Store& store,
                                                                 std::span<const std::string> codes);
// Every unit that has a counter, by code.
Result<std::map<std::string, Figures, std::less<>>> AllUnitFigures(Store& store);

// "state" or "state/reason": the metric a member in that state counts in.
std::string StateMetric(ExchangeState state, std::string_view reason);

}  // namespace cardex::progress

#endif  // CARDEX_PROGRESS_ROLLUP_H_
