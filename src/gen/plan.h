// The organisation side of a generated campaign: provinces, communes, cells
// with their member counts, and the reception stations that serve them. Small
// (one entry per cell), so it is held in memory.
#ifndef CARDEX_SRC_GEN_PLAN_H_
#define CARDEX_SRC_GEN_PLAN_H_

#include <cstdint>
#include <string>
#include <vector>

#include "cardex/core/status.h"
#include "cardex/gen/generator.h"

namespace cardex::gen {

struct PlanProvince {
  std::string code;  // "LD"
  std::string name;  // "Đảng bộ tỉnh Lâm Đồng"
};

struct PlanCommune {
  std::string code;        // "LD.HAMTIEN"
  std::string short_code;  // "HAMTIEN"
  std::string place;       // "Hàm Tiến"
  std::string name;        // "Đảng bộ xã Hàm Tiến"
  std::string level;       // "xã", "phường" or "đặc khu"
  int province = 0;        // index into Plan::provinces
  int64_t first_member = 0, members = 0;
  int64_t probationary = 0;  // exactly this many of `members`
  int first_cell = 0, cells = 0;
  uint64_t status_multiplier = 1, status_offset = 0;  // permutation of members
};

struct PlanCell {
  std::string code;  // "LD.HAMTIEN.C07"
  std::string name;  // "Chi bộ thôn 7"
  int commune = 0;
  int64_t first_member = 0, members = 0;
};

struct PlanStation {
  std::string code;  // "CA.HAMTIEN"
  std::string name;  // "Công an xã Hàm Tiến"
  int counters = 2;
  int minutes_per_member = 8;
  bool night = false;         // also open 22:00-01:00
  std::vector<int> communes;  // served, first is the station's own
};

struct Plan {
  std::vector<PlanProvince> provinces;
  std::vector<PlanCommune> communes;
  std::vector<PlanCell> cells;
  std::vector<PlanStation> stations;
  int64_t members = 0;

  // The cell of member k (binary search).
  int CellOf(int64_t k) const;
};

// Lays out units and stations for `options` (members already resolved from
// the preset default). `window_days` sizes the stations' counters.
Result<Plan> MakePlan(const GenOptions& options, int64_t members, int window_days);

// Minutes a station is open on a weekday (its shifts, without night).
inline constexpr int kDayShiftMinutes = 270 + 210 + 180;
inline constexpr int kNightShiftMinutes = 180;

// Internal pieces of MakePlan, shared by the presets.
struct NamedCommune {
  const char* place;
  const char* level;     // "xã", "phường", "đặc khu"
  int64_t members;       // 0: share of the rest
  int cells;             // 0: from the members
  int64_t probationary;  // -1: about 3 %
};
// Lâm Đồng's communes: first the ones the report names, then the rest.
const std::vector<NamedCommune>& LamDongCommunes();
inline constexpr int kLamDongNamedCommunes = 7;
// A code from a place name: "Hàm Tiến" -> "HAMTIEN".
std::string CodeFromPlace(const std::string& place);

}  // namespace cardex::gen

#endif  // CARDEX_SRC_GEN_PLAN_H_
