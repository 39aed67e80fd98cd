#include "cardex/station/overview.h"

namespace cardex::station {

Result<std::vector<StationSyncRow>> ListStationSyncs(Store& store) {
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows r,
      store.Query("SELECT c.station_code, c.join_id, c.created_at, c.revoked_at, c.last_push_at, "
                  "c.last_pull_at, c.acked_seq, c.outbox_depth, "
                  "(SELECT count(*) FROM sync_steps s WHERE s.join_id = c.join_id AND s.outcome = 'conflict'), "
                  "(SELECT count(*) FROM sync_steps s WHERE s.join_id = c.join_id AND s.outcome = 'held') "
                  "FROM sync_credentials c ORDER BY c.station_code, c.created_at, c.join_id"));
  std::vector<StationSyncRow> out(r.size());
  for (size_t i = 0; i < r.size(); ++i) {
    StationSyncRow& s = out[i];
    std::string* cols[] = {&s.station_code, &s.join_id,      &s.created_at,
                           &s.revoked_at,   &s.last_push_at, &s.last_pull_at};
    for (size_t c = 0; c < std::size(cols); ++c) *cols[c] = r.Text(i, c);
    s.acked_seq = r.Int(i, 6);
    s.outbox_depth = r.Int(i, 7);
    s.conflicts = r.Int(i, 8);
    s.held = r.Int(i, 9);
  }
  return out;
}

Result<std::vector<SyncIssue>> ListSyncIssues(Store& store, std::string_view station_code) {
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows r, store.Query("SELECT station_code, join_id, member_no, step, actor, at, outcome, reason, "
                             "applied_at, seq FROM sync_steps WHERE outcome <> 'accepted' "
                             "AND (? = '' OR station_code = ?) ORDER BY applied_at, join_id, seq",
                             {station_code, station_code}));
  std::vector<SyncIssue> out(r.size());
  for (size_t i = 0; i < r.size(); ++i) {
    SyncIssue& s = out[i];
    std::string* cols[] = {&s.station_code, &s.join_id, &s.member_no, &s.step,      &s.actor,
                           &s.at,           &s.outcome, &s.reason,    &s.applied_at};
    for (size_t c = 0; c < std::size(cols); ++c) *cols[c] = r.Text(i, c);
    s.seq = r.Int(i, 9);
  }
  return out;
}

std::string WhatToDo(std::string_view outcome, bool vietnamese) {
  if (outcome == "conflict") {
    return vietnamese ? "Đảng viên đã được tiếp nhận ở điểm khác: đối chiếu hồ sơ hai nơi, "
                        "báo điểm tiếp nhận này để hủy bản ghi trùng; không cần tiếp nhận lại."
                      : "The member was received at another station: compare both records and tell "
                        "this station to discard its duplicate; no new reception is needed.";
  }
  if (outcome == "pending") {
    return vietnamese ? "Chưa đồng bộ: sẽ gửi khi có đường truyền."
                      : "Not synced yet: it is sent when the line is back.";
  }
  return vietnamese ? "Bước chưa được ghi nhận ở trung tâm: xem lý do, kiểm tra lại thông tin "
                      "đảng viên và thực hiện lại bước khi có mạng."
                    : "The step was not recorded centrally: read the reason, check the member's "
                      "data again and take the step again online.";
}

std::string DescribeReason(std::string_view reason, bool vietnamese) {
  if (!vietnamese) return std::string(reason);
  auto after = [&](std::string_view prefix) { return std::string(reason.substr(prefix.size())); };
  constexpr std::string_view kServed = "member was already served at station ";
  constexpr std::string_view kChanged = "member changed centrally";
  constexpr std::string_view kCorrected = "the member's data was corrected centrally";
  constexpr std::string_view kEarlier = "an earlier step of this member (#";
  constexpr std::string_view kRefused = "refused by the exchange rules";
  constexpr std::string_view kNotDesk = "not a step a station takes offline";
  if (reason.starts_with(kServed)) {
    std::string rest = after(kServed);
    return "Đảng viên đã được tiếp nhận tại điểm " + rest.substr(0, rest.find(' '));
  }
  if (reason.starts_with(kChanged)) {
    return "Hồ sơ đổi thẻ của đảng viên đã thay đổi ở trung tâm sau khi điểm tiếp nhận lấy bản sao";
  }
  if (reason.starts_with(kCorrected)) {
    return "Thông tin đảng viên đã được sửa ở trung tâm; đảng viên đã xác nhận thông tin cũ";
  }
  if (reason.starts_with(kEarlier)) {
    std::string rest = after(kEarlier);
    return "Một bước trước đó của đảng viên này (#" + rest.substr(0, rest.find(')')) +
           ") chưa được ghi nhận";
  }
  if (reason.starts_with(kRefused)) return "Quy tắc đổi thẻ không cho phép bước này";
  if (reason.starts_with(kNotDesk)) return "Bước này chỉ thực hiện được khi có mạng";
  return std::string(reason);
}

Result<OutboxCounts> CountOutbox(Store& store) {
  CARDEX_ASSIGN_OR_RETURN(SqlRows r,
                          store.Query("SELECT outcome, count(*) FROM station_outbox GROUP BY outcome"));
  OutboxCounts c;
  for (size_t i = 0; i < r.size(); ++i) {
    std::string_view o = r.Text(i, 0);
    int64_t n = r.Int(i, 1);
    if (o == "pending") c.pending = n;
    else if (o == "accepted") c.accepted = n;
    else if (o == "held") c.held = n;
    else if (o == "conflict") c.conflicts = n;
  }
  return c;
}

Result<std::vector<OutboxEntry>> ListOutboxIssues(Store& store) {
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows r, store.Query("SELECT seq, member_no, step, actor, at, outcome, outcome_reason "
                             "FROM station_outbox WHERE outcome <> 'accepted' ORDER BY seq"));
  std::vector<OutboxEntry> out(r.size());
  for (size_t i = 0; i < r.size(); ++i) {
    OutboxEntry& e = out[i];
    e.seq = r.Int(i, 0);
    std::string* cols[] = {&e.member_no, &e.step, &e.actor, &e.at, &e.outcome, &e.outcome_reason};
    for (size_t c = 0; c < std::size(cols); ++c) *cols[c] = r.Text(i, c + 1);
  }
  return out;
}

}  // namespace cardex::station
