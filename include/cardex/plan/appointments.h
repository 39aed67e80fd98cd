// Appointments as the store keeps them (schema v3): invitation codes, the
// rows a plan stores, and the catch-up input built from what is stored.
//
// Invitation codes. Each appointment carries a code the member shows at the
// station (and that the HTTP layer will accept as proof of an invitation),
// so it must not be guessable: it is SipHash-2-4, keyed with a 128-bit
// per-database secret (getrandom(2), kept in the settings table), of the
// member number, station, slot start and mode. The same appointment thus
// keeps its code across re-runs of the same plan, a moved one gets a new
// code, and without the secret no code can be derived from the others. The
// code is 50 bits of the hash in 10 Crockford base32 symbols and Crockford's
// mod-37 check symbol (11 characters), e.g. "7K3QZ0M8XH~".
#ifndef CARDEX_PLAN_APPOINTMENTS_H_
#define CARDEX_PLAN_APPOINTMENTS_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cardex/core/status.h"
#include "cardex/plan/schedule.h"
#include "cardex/store/store.h"

namespace cardex::plan {

// SipHash-2-4 of `data` under the 128-bit key (k0, k1) (Aumasson and
// Bernstein; k0 is the key's first 8 bytes read little-endian).
uint64_t SipHash24(uint64_t k0, uint64_t k1, std::string_view data);

struct InvitationKey {
  uint64_t k0 = 0, k1 = 0;
};

// The database's invitation secret, created on first use from getrandom(2)
// (kept under the setting "invitation_secret"; of two first uses racing,
// both get the one stored first).
Result<InvitationKey> LoadInvitationKey(Store& store);

// The code of one appointment (see the header comment).
std::string InvitationCode(const InvitationKey& key, std::string_view member_no,
                           std::string_view station_code, std::string_view slot_start,
                           std::string_view mode);
// The same in parts: the 50-bit value (salt > 0 hashes a different message,
// for an appointment whose plain code another of the plan already has) and
// its 11-symbol form. InvitationCode is FormatInvitationCode(value, salt 0).
uint64_t InvitationValue(const InvitationKey& key, std::string_view member_no, std::string_view station_code,
                         std::string_view slot_start, std::string_view mode, int salt);
std::string FormatInvitationCode(uint64_t value);
// The value of a code that checks (InvitationCodeChecks), else nullopt.
std::optional<uint64_t> InvitationCodeValue(std::string_view code);
// True when `code` is 10 Crockford symbols and the right check symbol
// (lower case and the Crockford aliases I, L, O accepted).
bool InvitationCodeChecks(std::string_view code);
// The stored spelling of a typed or scanned code: upper case, Crockford's
// aliases (I, L → 1; O → 0) resolved. Other characters are kept as they
// are (InvitationCodeChecks then refuses them).
std::string CanonicalInvitationCode(std::string_view code);

// The rows to store for a plan's appointments, in the output's order.
std::vector<StoredAppointment> ToStoredAppointments(const PlanInput& input, const PlanOutput& output,
                                                    const InvitationKey& key, int64_t plan_run);

// Stores a plan as the whole stored plan, inside the caller's transaction
// (Store::BeginReplaceAppointments ... EndReplaceAppointments): the
// output's appointments and `kept`, stored rows that stay as they are (a
// re-plan's past; they keep their code, status and planned_at and take
// `plan_run`); every other stored appointment is deleted. Rows are made and
// written a batch at a time in member_no order, so memory stays at a batch
// beyond one index per row. Codes are unique in the stored plan: 50-bit
// codes collide in about one national plan (5.4 million) in eighty, so an
// appointment whose code `kept` or an earlier one (in member_no order) of the
// plan already has gets InvitationValue with salt 1, 2, ... instead (the same
// plan thus gets the same codes again). Fails with kInvalidArgument when a
// member has two rows.
Status StorePlan(Store& store, const PlanInput& input, const PlanOutput& output, const InvitationKey& key,
                 int64_t plan_run, std::span<const StoredAppointment> kept = {});

// Parses "YYYY-MM-DDTHH:MM" (FormatLocalMinute's form).
Result<int64_t> ParseLocalMinute(std::string_view text);

// Catch-up. Why a member missed the appointment: "busy", "ill" (received
// at home instead) or "wrong_data" (the record had to be corrected first).
enum class AbsenceReason : uint8_t { kBusy, kIll, kWrongData };
bool ParseAbsenceReason(std::string_view text, AbsenceReason* reason);

struct Absence {
  std::string member_no;
  AbsenceReason reason = AbsenceReason::kBusy;
};

// The planning input for a catch-up run: from `full` (LoadPlanInput for
// the window) only the absent members, in their cells and in full's order,
// ill members as home visits; every stored appointment of anyone else
// becomes a FixedAppointment (stations unknown to `full` skipped), so no one
// already invited moves; cells may be split across days. Fails
// (kInvalidArgument) when an absent member is not in `full`.
Result<PlanInput> CatchUpInput(const PlanInput& full, std::span<const StoredAppointment> stored,
                               std::span<const Absence> absent);

// Re-planning from a day on (`cardex plan --replan-from DAY`), after a
// station's counters or shifts changed mid-campaign. A re-plan moves only
// the members it must: a printed invitation that the new stations and
// shifts can still keep stays as it is.
//
// A stored appointment is settled when its slot starts before DAY or its
// status is no longer "invited" (the member came). A cell with any settled
// appointment stays exactly as stored, all of it (a block partly in the
// past stays as it is). Of the other cells, one whose every appointment is
// still valid stays too; valid means: its station still exists and serves
// the cell's commune, its mode still matches the member's home_visit flag,
// and its slot is still one of the station's slots (inside a shift, on the
// shift's grid of minutes_per_member, or of home-visit minutes), with the
// counters (teams) the station has now: where fewer remain than the stored
// slots hold, cells are kept in slot order while they fit and the rest
// move. A cell with any invalid appointment moves whole (its one block).
// Cells with no stored appointment (left out by the last plan, or new) are
// planned too: the room a station gained goes to them, never to members
// who already hold a valid invitation. Moved members get the code of their
// new appointment; the old one stays known as superseded (the desk finds
// the member by it).
enum class MoveReason : uint8_t {
  kStationGone,       // the station was removed or no longer serves the commune
  kShiftChanged,      // the slot is no longer inside a shift (or off its grid)
  kFewerCounters,     // the station has fewer counters (teams) than the slots held
  kModeChanged,       // the member's home_visit flag changed
  kWithTheCell,       // valid, but the cell's one block moved
  kCatchUp,           // missed (a catch-up gave a new slot)
};
// "station_gone", "shift_changed", "fewer_counters", "mode_changed",
// "with_the_cell", "catch_up".
const char* MoveReasonName(MoveReason reason);

// A member whose stored appointment the re-plan gives up.
struct Move {
  StoredAppointment before;
  MoveReason reason = MoveReason::kWithTheCell;
};

struct Replan {
  // The plan to make: `full`'s stations and shifts, the window from the
  // later of DAY and full.from to full.to, the cells to place (moved cells
  // and cells with no stored appointment, in full's order) and every kept
  // appointment at a station of `full` as fixed.
  PlanInput input;
  std::vector<StoredAppointment> kept;  // in the order `stored` gave them
  int64_t kept_cells = 0;     // cells kept as stored (settled or still valid)
  int64_t settled_cells = 0;  // of them, cells with a settled appointment
  // Members to be received in a kept cell who have no stored appointment:
  // they are not planned here (they would make a second block): catch-up.
  int64_t waiting = 0;
  // Members whose appointment is given up, with why, by cell in full's
  // order (members in cell order).
  std::vector<Move> moves;
  // Stored appointments of members no longer to be received (left out of
  // `full`): dropped, not moved.
  int64_t dropped = 0;
};

// `stored`: every stored appointment. Fails (kInvalidArgument) when DAY
// comes after full.to, or a stored slot is malformed.
Result<Replan> ReplanInput(const PlanInput& full, std::span<const StoredAppointment> stored, Date day);

}  // namespace cardex::plan

#endif  // CARDEX_PLAN_APPOINTMENTS_H_
