// Writers for the small files: units.csv, stations.csv, shifts.csv.
#ifndef CARDEX_SRC_GEN_OUTPUT_H_
#define CARDEX_SRC_GEN_OUTPUT_H_

#include <cstdint>
#include <string>

#include "cardex/core/status.h"
#include "gen/world.h"

namespace cardex::gen {

Status WriteUnits(const World& world, const std::string& path, int64_t* rows);
Status WriteStations(const World& world, const std::string& path, int64_t* rows);
// Day shifts 07:00-11:30 and 13:30-17:00 (kind weekend on Saturday and
// Sunday, holiday on public holidays), an evening shift 19:00-22:00 (night)
// every day, and 22:00-01:00 for the stations with the most members.
Status WriteShifts(const World& world, const std::string& path, int64_t* rows);

}  // namespace cardex::gen

#endif  // CARDEX_SRC_GEN_OUTPUT_H_
