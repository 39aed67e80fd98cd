// What the operators see of the station sync: the central's view of every
// station (last sync, outbox depth, conflicts and held steps) for the
// dashboard, /metrics and `cardex station list`; the issues with what to
// do; and a station copy's own status and outbox for the station chief.
//
// Thread safety: functions take the caller's Store (one per thread).
#ifndef CARDEX_STATION_OVERVIEW_H_
#define CARDEX_STATION_OVERVIEW_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cardex/core/status.h"
#include "cardex/store/store.h"

namespace cardex::station {

// Central: one row per join (a station re-joined has several), by station.
struct StationSyncRow {
  std::string station_code, join_id, created_at, revoked_at, last_push_at, last_pull_at;
  int64_t acked_seq = 0;
  int64_t outbox_depth = 0;  // what the station still held at its last push
  int64_t conflicts = 0, held = 0;
};
Result<std::vector<StationSyncRow>> ListStationSyncs(Store& store);

// A step that was not applied, with why and what to do. `station_code` ""
// lists every station's.
struct SyncIssue {
  std::string station_code, join_id, member_no, step, actor, at, outcome, reason, applied_at;
  int64_t seq = 0;
};
Result<std::vector<SyncIssue>> ListSyncIssues(Store& store, std::string_view station_code);

// What to do about an issue, in Vietnamese and English.
std::string WhatToDo(std::string_view outcome, bool vietnamese);

// Why a step was not applied, for people: the central's reason (English, as
// recorded and audited) in Vietnamese, or as recorded for English.
std::string DescribeReason(std::string_view reason, bool vietnamese);

// Station: the copy's outbox by outcome, and its unsettled or refused steps.
struct OutboxCounts {
  int64_t pending = 0, accepted = 0, held = 0, conflicts = 0;
};
Result<OutboxCounts> CountOutbox(Store& store);

struct OutboxEntry {
  int64_t seq = 0;
  std::string member_no, step, actor, at, outcome, outcome_reason;
};
// The steps not accepted (pending, held, conflict), by seq.
Result<std::vector<OutboxEntry>> ListOutboxIssues(Store& store);

}  // namespace cardex::station

#endif  // CARDEX_STATION_OVERVIEW_H_
