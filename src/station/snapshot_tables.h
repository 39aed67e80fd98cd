// Internal: the tables a station's snapshot carries, one list for the
// central that reads them and the station that writes them, so the two can
// never disagree on a column.
#ifndef CARDEX_SRC_STATION_SNAPSHOT_TABLES_H_
#define CARDEX_SRC_STATION_SNAPSHOT_TABLES_H_

#include <string_view>

namespace cardex::station {

enum class Keep {
  kReplace,        // the station's rows are replaced by the central's
  kPendingLocal,   // per member: rows of members with unpushed steps stay local
  kUsers,          // upserted, the local lock-out state kept
  kSettings,       // the named keys upserted, the copy's own settings kept
};

struct SnapshotTable {
  std::string_view name;
  std::string_view columns;  // as listed in the SELECT and the INSERT
  // The central's WHERE (after "FROM name"), on the scope CTE; its
  // parameters are ScopeParams.
  std::string_view where;
  Keep keep;
};

// The members a station's copy holds: those with an appointment at the
// station in its window, and those whose reception is under way there.
// Parameters: station, window start, window end (exclusive), station.
inline constexpr std::string_view kScopeCte =
    "WITH RECURSIVE scope (member_no) AS ("
    "SELECT member_no FROM appointments WHERE station_code = ? AND slot_start >= ? AND slot_start < ? "
    "UNION SELECT member_no FROM exchange WHERE station_code = ? AND state IN "
    "('checked_in', 'captured', 'confirmed', 'rescheduled', 'correction', 'home_visit')), "
    "chain (code) AS (SELECT m.unit_code FROM members m JOIN scope s ON s.member_no = m.member_no "
    "UNION SELECT unit_code FROM station_serves WHERE station_code = ? "
    "UNION SELECT u.parent_code FROM units u JOIN chain c ON u.code = c.code "
    "WHERE u.parent_code <> '') ";

// Every table's WHERE may use `scope`, `chain` and one more parameter,
// the station code (`?` at most once after the CTE's five).
inline constexpr SnapshotTable kSnapshotTables[] = {
    {"units", "code, parent_code, kind, name", "WHERE code IN (SELECT code FROM chain)",
     Keep::kReplace},
    {"stations", "code, name, counters, minutes_per_member, serves", "WHERE code = ?",
     Keep::kReplace},
    {"station_serves", "station_code, unit_code", "WHERE station_code = ?", Keep::kReplace},
    {"shifts", "station_code, date, start_time, end_time, kind", "WHERE station_code = ?",
     Keep::kReplace},
    {"members",
     "member_no, citizen_id, full_name, birth_date, gender, unit_code, status, phone, home_visit, "
     "imported_at, updated_at",
     "WHERE member_no IN (SELECT member_no FROM scope)", Keep::kPendingLocal},
    {"member_standard", "member_no, citizen_id, full_name, birth_date, gender, source, updated_at",
     "WHERE member_no IN (SELECT member_no FROM scope)", Keep::kPendingLocal},
    {"reconcile_results",
     "member_no, run_id, verdict, fields, suggested_citizen_id, registry_full_name, "
     "registry_birth_date, registry_gender, registry_deceased_on",
     "WHERE member_no IN (SELECT member_no FROM scope)", Keep::kPendingLocal},
    {"appointments",
     "member_no, unit_code, station_code, slot_start, slot_end, mode, invitation_code, status, "
     "planned_at, plan_run",
     "WHERE member_no IN (SELECT member_no FROM scope)", Keep::kPendingLocal},
    {"superseded_invitations", "invitation_code, member_no, plan_run",
     "WHERE member_no IN (SELECT member_no FROM scope)", Keep::kPendingLocal},
    {"exchange",
     "member_no, unit_code, state, reason, station_code, updated_at, updated_by, version",
     "WHERE member_no IN (SELECT member_no FROM scope)", Keep::kPendingLocal},
    {"corrections", "member_no, unit_code, note, opened_by, opened_at, closed_at",
     "WHERE closed_at = '' AND member_no IN (SELECT member_no FROM scope)", Keep::kPendingLocal},
    {"users", "login, display_name, role, scope, password_hash, disabled, created_at, password_changed_at",
     "WHERE role = 'station_officer' AND scope = ?", Keep::kUsers},
    {"revocations", "card_no, reason, revoked_at, revoked_by", "", Keep::kReplace},
    {"settings", "key, value", "WHERE key IN ('invitation_secret', 'plan_window_from', 'plan_window_to')",
     Keep::kSettings},
};

// Whether a table's WHERE takes the station code.
inline bool TakesStation(std::string_view where) { return where.find('?') != std::string_view::npos; }

}  // namespace cardex::station

#endif  // CARDEX_SRC_STATION_SNAPSHOT_TABLES_H_
