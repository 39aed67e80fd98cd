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
// each change: at most one row per level, depth 4, so an event moves at
// most 8 counter rows); per station, the members whose last exchange step
// happened there. ApplyStep (intake/exchange.h), the only writer of
// exchange states, records each step as an exchange event that says what
// the member left and what they entered; FoldSteps adds the events since
// the counters' "folded" stamp to the counters and moves the stamp, in one
// transaction. The running server folds every 200 ms; EnsureCurrent folds
// what is left before a page or a report reads, so what a reader sees
// counts every step committed before it asked. Counter rows are written in
// key order (no two writers deadlock on them); the cell's ancestor chain
// is cached in the process for as long as the counters' generation (a
// random value each Rebuild stamps) stays the same.
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

// Adds the exchange events not yet counted to the counters and the
// day-by-day counts, in transactions of its own (never inside the
// caller's) of a few thousand events each; returns how many it folded.
// Members not to exchange change nothing. Does nothing (0) before the
// first Rebuild; EnsureCurrent runs the one or the other. Cheap when
// nothing waits: two single-row reads, no write lock. Any number of
// threads and processes may fold at once: each batch takes the write lock
// (SQLite) or holds the exchange table against writers (PostgreSQL), so
// no event is counted twice or skipped; desk steps wait for a batch.
Result<int64_t> FoldSteps(Store& store);

// Moves the member's corrections-open counters after its corrections
// changed (opened or closed), in the caller's transaction. Called by every
// writer of `corrections` (intake's wrong-data step, reconcile's
// resolution); a member not to exchange counts nowhere.
Status OnCorrectionChange(Store& store, std::string_view member_no);

// Recomputes every counter from the members, the reconciliation verdicts
// and the exchange (the day-by-day counts from exchange_events), in a
// transaction of its own (not inside the caller's), and stamps the result
// with the last event it counted. Desk steps wait for it rather than be
// lost.
Status Rebuild(Store& store);

// Rebuild() when the stamp says the counters are stale (true when it
// ran); otherwise FoldSteps(). Either way the counters then count every
// step committed before the call.
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
