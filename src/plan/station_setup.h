// Checks a PlanInput and builds each station's tracks. Internal; shared by
// the planner and the checker so both read shifts the same way.
#ifndef CARDEX_SRC_PLAN_STATION_SETUP_H_
#define CARDEX_SRC_PLAN_STATION_SETUP_H_

#include <string>
#include <unordered_map>
#include <vector>

#include "cardex/core/status.h"
#include "cardex/plan/schedule.h"
#include "timeline.h"

namespace cardex::plan::internal {

struct Stations {
  std::unordered_map<std::string, int32_t> index;  // code -> position in input
  // Per station: its shifts clipped to the window, sorted by start.
  std::vector<std::vector<OpenInterval>> shifts;
  std::vector<Timeline> counter_track;  // step minutes_per_member, counters
  std::vector<Timeline> mobile_track;   // step home-visit minutes, teams
};

Result<Stations> SetUpStations(const PlanInput& in);

int HomeVisitMinutes(const StationInput& station);

}  // namespace cardex::plan::internal

#endif  // CARDEX_SRC_PLAN_STATION_SETUP_H_
