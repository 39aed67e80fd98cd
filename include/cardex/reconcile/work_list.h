// The corrections work list of a unit officer: the members of a unit's
// subtree whose record still differs from the registry (a difference the
// last reconciliation found and no resolution standardised yet) or who
// have a correction open, each with the recorded values, the registry's
// and the suggestion side by side; and each unit's backlog (count, age).
//
// Read only; one recursive read of the subtree's members with their
// results, one of the runs' start times, one per suggested citizen, and a
// scan of the open corrections. The acting is resolve.h's.
//
// Citizen ids come as stored: the caller masks them for roles that must
// not see them. Times are UTC "YYYY-MM-DD HH:MM:SS"; `now` empty means the
// clock's. Thread safety: as Store.
#ifndef CARDEX_RECONCILE_WORK_LIST_H_
#define CARDEX_RECONCILE_WORK_LIST_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cardex/core/status.h"
#include "cardex/store/store.h"

namespace cardex::reconcile {

struct WorkItem {
  std::string member_no, unit_code, unit_name;
  // As the organisation recorded them.
  std::string citizen_id, full_name, birth_date, gender;
  // The last reconciliation's verdict ("" when never reconciled), the
  // fields that differ (FieldBits) and the registry's values.
  std::string verdict;
  uint8_t fields = 0;
  std::string registry_full_name, registry_birth_date, registry_gender;
  // The suggested citizen and the registry's values for them ("" when none).
  std::string suggested_citizen_id, suggested_full_name, suggested_birth_date, suggested_gender;
  // The difference is still open: not standardised by any resolution.
  bool difference_open = false;
  std::string found_at;  // when the run that found the difference started
  // The oldest open correction ("" opened_at when none).
  std::string correction_note, correction_opened_by, correction_opened_at;
  double age_days = 0;  // since found, or since the correction opened, the older

  bool correction_open() const { return !correction_opened_at.empty(); }
  bool fixable() const { return difference_open && verdict == "fixable"; }
};

struct WorkFilter {
  // A verdict name, "correction" (a correction open), or "" for all.
  std::string verdict;
  double min_age_days = 0;
};

// One unit's backlog: its subtree's items (before the filter).
struct UnitBacklog {
  std::string unit_code, unit_name, kind;
  int64_t open = 0;         // members listed
  int64_t fixable = 0;      // of them, fixable by the registry's values
  int64_t corrections = 0;  // of them, with a correction open
  double oldest_days = 0, mean_days = 0;
};

struct WorkList {
  std::vector<WorkItem> items;     // filtered, by given name in Vietnamese order
  std::vector<UnitBacklog> units;  // the root's children (the root alone for a cell), by name
  UnitBacklog total;               // the root's whole subtree
};

// `unit_code` "" means every unit. kNotFound for an unknown unit;
// kInvalidArgument for an unknown verdict in the filter.
Result<WorkList> LoadWorkList(Store& store, const std::string& unit_code, const WorkFilter& filter,
                              std::string now = "");

// "YYYY-MM-DD HH:MM:SS" in UTC from a stored time, which may carry a
// fraction and a UTC offset ("2026-12-07 18:01:02.5+07" as PostgreSQL
// prints a timestamptz); "" when unreadable.
std::string UtcText(std::string_view stored);

}  // namespace cardex::reconcile

#endif  // CARDEX_RECONCILE_WORK_LIST_H_
