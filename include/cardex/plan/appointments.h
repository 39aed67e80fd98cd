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
// station's counters or shifts changed mid-campaign. A stored appointment
// is settled when its slot starts before DAY or its status is no longer
// "invited" (the member came). A cell with any settled appointment stays
// exactly as stored, all of it: moving only its later members would break
// its one block (a block partly in the past stays as it is). Every other
// cell is planned again, whole, from DAY on, with every member now to be
// received in it (new members too), around the kept appointments. Moved
// members get the code of their new appointment (codes name the
// appointment: an old invitation shown at a station is recognised as
// superseded); kept ones keep theirs.
struct Replan {
  // The plan to make: `full`'s stations and shifts, the window from the
  // later of DAY and full.from to full.to, the cells to move (in full's
  // order) and every kept appointment at a station of `full` as fixed.
  PlanInput input;
  std::vector<StoredAppointment> kept;  // in the order `stored` gave them
  int64_t kept_cells = 0;
  // Members to be received in a kept cell who have no stored appointment:
  // they are not planned here (they would make a second block): catch-up.
  int64_t waiting = 0;
};

// `stored`: every stored appointment, or at least every one of each cell
// that has a settled one (the others only decide which cells move). Fails (kInvalidArgument) when DAY
// comes after full.to, or a stored slot is malformed.
Result<Replan> ReplanInput(const PlanInput& full, std::span<const StoredAppointment> stored, Date day);

}  // namespace cardex::plan

#endif  // CARDEX_PLAN_APPOINTMENTS_H_
