#include "cardex/ledger/outbox.h"

namespace cardex::ledger {

namespace {

// One expression for both sides: the station records it with the step, the
// central computes it again before applying a confirmation.
constexpr std::string_view kDataSeen =
    "(SELECT m.citizen_id || '|' || m.full_name || '|' || m.birth_date || '|' || m.gender "
    "|| '|' || COALESCE(s.citizen_id, '') || '|' || COALESCE(s.full_name, '') || '|' "
    "|| COALESCE(s.birth_date, '') || '|' || COALESCE(s.gender, '') FROM members m "
    "LEFT JOIN member_standard s ON s.member_no = m.member_no WHERE m.member_no = ?)";

}  // namespace

Status RecordInOutbox(Store& store, const StepRequest& request, int64_t base_version) {
  // One statement whatever the database: on the central (no station_self
  // row) it inserts nothing.
  static const std::string sql =
      "INSERT INTO station_outbox (member_no, step, reason, note, station_code, actor, at, "
      "base_version, data_seen, photo_sha256, detail) SELECT ?, ?, ?, ?, ?, ?, ?, ?, "
      "COALESCE(" + std::string(kDataSeen) + ", ''), "
      "CASE WHEN ? = 'capture' THEN COALESCE((SELECT sha256 FROM photos WHERE member_no = ?), '') "
      "ELSE '' END, ? FROM station_self";
  std::string_view step = StepName(request.step);
  return store.Exec(sql, {request.member_no, step, request.reason, request.note,
                          request.station_code, request.actor, request.at, base_version,
                          request.member_no, step, request.member_no, request.sync_detail});
}

Result<std::string> MemberDataSeen(Store& store, std::string_view member_no) {
  static const std::string sql = "SELECT COALESCE(" + std::string(kDataSeen) + ", '')";
  CARDEX_ASSIGN_OR_RETURN(SqlRows rows, store.Query(sql, {member_no}));
  return std::string(rows.empty() ? "" : rows.Text(0, 0));
}

}  // namespace cardex::ledger
