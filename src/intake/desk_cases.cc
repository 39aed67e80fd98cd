#include "cardex/intake/desk_cases.h"

namespace cardex::intake {

namespace {

// The station's appointments of members not yet at the desk (no exchange
// row, or invited), today's first; `condition` narrows them on m, r, s.
constexpr std::string_view kCandidates =
    "SELECT a.member_no, a.slot_start, COALESCE(r.fields, ''), "
    "COALESCE(r.suggested_citizen_id, '') FROM appointments a "
    "JOIN members m ON m.member_no = a.member_no "
    "LEFT JOIN exchange e ON e.member_no = a.member_no "
    "LEFT JOIN reconcile_results r ON r.member_no = a.member_no "
    "LEFT JOIN member_standard s ON s.member_no = a.member_no "
    "WHERE a.station_code = ? AND a.mode = 'station' ";

constexpr std::string_view kOrder =
    " ORDER BY CASE WHEN a.slot_start >= ? AND a.slot_start <= ? THEN 0 ELSE 1 END, "
    "a.slot_start, a.member_no LIMIT 1";

}  // namespace

Result<std::vector<DeskCase>> DeskCasesToTry(Store& store, std::string_view station_code,
                                             std::string_view today) {
  const std::string from = std::string(today) + "T00:00", to = std::string(today) + "T99:99";
  const std::string no_open_correction =
      "AND NOT EXISTS (SELECT 1 FROM corrections c WHERE c.member_no = a.member_no "
      "AND c.closed_at = '') ";
  const struct {
    std::string_view kind;
    std::string condition;
  } kinds[] = {
      {"open_difference", "AND (e.state IS NULL OR e.state = 'invited') AND r.verdict = 'mismatch' "
                          "AND s.member_no IS NULL " + no_open_correction},
      {"wrong_id", "AND (e.state IS NULL OR e.state = 'invited') "
                   "AND r.verdict IN ('id_not_found', 'wrong_person', 'invalid_id') "
                   "AND COALESCE(r.suggested_citizen_id, '') <> '' AND s.member_no IS NULL " +
                       no_open_correction},
      {"open_correction", "AND e.state = 'correction' AND EXISTS (SELECT 1 FROM corrections c "
                          "WHERE c.member_no = a.member_no AND c.closed_at = '') "},
  };
  std::vector<DeskCase> out;
  for (const auto& k : kinds) {
    const std::string sql = std::string(kCandidates) + k.condition + std::string(kOrder);
    CARDEX_ASSIGN_OR_RETURN(SqlRows rows, store.Query(sql, {station_code, from, to}));
    if (rows.empty()) continue;
    DeskCase c;
    c.kind = std::string(k.kind);
    c.member_no = rows.Text(0, 0);
    c.slot_start = rows.Text(0, 1);
    c.fields = rows.Text(0, 2);
    if (c.kind == "wrong_id") c.registry_citizen_id = rows.Text(0, 3);
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace cardex::intake
