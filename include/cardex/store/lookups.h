// Single-record reads of the imported records (units, stations, members)
// for the request paths: a page's unit and its children, a station's name,
// the cell a member belongs to. One portable SQL text each (sql.h), so the
// HTTP layer and the command line ask a function, never write a query.
//
// Scans of whole tables stay Store methods (ScanUnits, ScanStations, ...).
// Every function reads only; errors are the store's (kInternal,
// kUnavailable). Thread safety: as Store (one per thread).
#ifndef CARDEX_STORE_LOOKUPS_H_
#define CARDEX_STORE_LOOKUPS_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cardex/core/records.h"
#include "cardex/core/status.h"
#include "cardex/core/unit_tree.h"
#include "cardex/store/store.h"

namespace cardex {

// The unit `code`, or nullopt when the tree does not hold it.
Result<std::optional<Unit>> FindUnit(Store& store, std::string_view code);

// The units whose parent is `parent_code`, by code; `parent_code` "" gives
// the roots.
Result<std::vector<Unit>> ChildUnits(Store& store, std::string_view parent_code);

// The station `code` (its `serves` left empty), or nullopt.
Result<std::optional<Station>> FindStation(Store& store, std::string_view code);

// The stations that serve `unit_code`, `parent_code` or a unit whose parent
// is `unit_code` (a commune's own, a province's communes', a cell's
// commune's), each once, by code; `serves` left empty.
Result<std::vector<Station>> StationsServingArea(Store& store, std::string_view unit_code,
                                                 std::string_view parent_code);

// The whole unit tree (one scan of the units).
Result<UnitTree> LoadUnitTree(Store& store);

// The cell (unit code) of member `member_no`, or nullopt when there is no
// such member.
Result<std::optional<std::string>> MemberUnit(Store& store, std::string_view member_no);

}  // namespace cardex

#endif  // CARDEX_STORE_LOOKUPS_H_
