// The member's own page (self-service): its settings (docs/settings.md,
// "The member's page"), one struct for every function of the capability.
#ifndef CARDEX_SELFSERVICE_OPTIONS_H_
#define CARDEX_SELFSERVICE_OPTIONS_H_

#include <cstdint>

namespace cardex::selfservice {

struct SelfServiceOptions {
  // Moves a member may make themselves over the campaign.
  int max_moves = 2;
  // No move within this many hours before the appointment held; a new slot
  // starts at least this far ahead too (the station prepares its list).
  int min_hours_before = 24;
  // Wrong birth dates typed with a member's codes before the page locks
  // (only the cell secretary unlocks it).
  int max_wrong_birth_dates = 5;
  // How long the signed pass a member gets after proving code and birth
  // date stays valid.
  int pass_minutes = 15;
  // Free slots offered per station.
  int slots_per_station = 24;
};

// The local minute (Vietnam, UTC+7; plan::LocalMinute's scale) of a UTC
// time "YYYY-MM-DDTHH:MM[:SS]Z"; -1 when `utc` is not in that form.
int64_t LocalMinuteOfUtc(const char* utc);

}  // namespace cardex::selfservice

#endif  // CARDEX_SELFSERVICE_OPTIONS_H_
