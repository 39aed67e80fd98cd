#include "cardex/progress/plan_days.h"

#include <string_view>

namespace cardex::progress {
namespace {

// A member counts as received in the states IsReceived (core/exchange.h)
// names.
constexpr std::string_view kReceivedCase =
    "SUM(CASE WHEN e.state IN ('submitted', 'card_produced', 'card_delivered', 'handed_over') "
    "THEN 1 ELSE 0 END)";

Status AddRow(const SqlRows& rows, size_t i, size_t day_col, std::vector<PlanDay>& out) {
  auto day = Date::Parse(rows.Text(i, day_col));
  if (!day.ok()) return Status::Internal("appointments hold a malformed slot day");
  out.push_back({*day, rows.Int(i, day_col + 1), rows.Int(i, day_col + 2)});
  return Status::Ok();
}

}  // namespace

Result<std::map<std::string, std::vector<PlanDay>, std::less<>>> UnitsPlanDays(
    Store& store, std::span<const std::string> unit_codes) {
  std::map<std::string, std::vector<PlanDay>, std::less<>> out;
  for (const std::string& code : unit_codes) out[code];
  if (unit_codes.empty()) return out;
  std::string marks;
  std::vector<SqlParam> params;
  for (const std::string& code : unit_codes) {
    marks += marks.empty() ? "?" : ", ?";
    params.emplace_back(std::string_view(code));
  }
  // Each unit's subtree, named by the unit it hangs from (root).
  const std::string sql =
      "WITH RECURSIVE sub (root, code, depth) AS (SELECT code, code, 0 FROM units WHERE code IN (" + marks +
      ") UNION ALL SELECT s.root, u.code, s.depth + 1 FROM units u JOIN sub s ON u.parent_code = s.code"
      " WHERE s.depth < 32) "
      "SELECT s.root, substr(a.slot_start, 1, 10) AS day, COUNT(*), " +
      std::string(kReceivedCase) +
      " FROM sub s JOIN appointments a ON a.unit_code = s.code"
      " LEFT JOIN exchange e ON e.member_no = a.member_no"
      " GROUP BY s.root, substr(a.slot_start, 1, 10) ORDER BY s.root, day";
  CARDEX_ASSIGN_OR_RETURN(SqlRows rows, store.Query(sql, params));
  for (size_t i = 0; i < rows.size(); ++i) {
    CARDEX_RETURN_IF_ERROR(AddRow(rows, i, 1, out[std::string(rows.Text(i, 0))]));
  }
  return out;
}

Result<std::vector<PlanDay>> AllPlanDays(Store& store) {
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows rows, store.Query("SELECT substr(a.slot_start, 1, 10) AS day, COUNT(*), " + std::string(kReceivedCase) +
                                " FROM appointments a LEFT JOIN exchange e ON e.member_no = a.member_no"
                                " GROUP BY substr(a.slot_start, 1, 10) ORDER BY day"));
  std::vector<PlanDay> out;
  for (size_t i = 0; i < rows.size(); ++i) CARDEX_RETURN_IF_ERROR(AddRow(rows, i, 0, out));
  return out;
}

}  // namespace cardex::progress
