#include "cardex/selfservice/member_view.h"

#include <map>

#include "cardex/core/limits.h"
#include "cardex/core/text.h"

namespace cardex::selfservice {

Stage StageOf(ExchangeState state) {
  switch (state) {
    case ExchangeState::kCheckedIn:
    case ExchangeState::kCaptured:
    case ExchangeState::kConfirmed:
    case ExchangeState::kSubmitted: return Stage::kReceived;
    case ExchangeState::kCardProduced: return Stage::kCardProduced;
    case ExchangeState::kCardDelivered: return Stage::kReady;
    case ExchangeState::kHandedOver: return Stage::kHandedOver;
    case ExchangeState::kClosed: return Stage::kClosed;
    default: return Stage::kInvited;
  }
}

std::string_view StageName(Stage stage) {
  switch (stage) {
    case Stage::kInvited: return "invited";
    case Stage::kReceived: return "received";
    case Stage::kCardProduced: return "card_produced";
    case Stage::kReady: return "ready";
    case Stage::kHandedOver: return "handed_over";
    case Stage::kClosed: return "closed";
  }
  return "invited";
}

Result<MemberPage> LoadMemberPage(Store& store, std::string_view member_no) {
  // One round trip: the page is what the load test measures.
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows r,
      store.Query("SELECT m.full_name, a.invitation_code, a.station_code, s.name, sa.address, "
                  "a.slot_start, a.slot_end, a.mode, e.state, "
                  "(SELECT count(*) FROM member_moves mv WHERE mv.member_no = m.member_no), "
                  "q.kind, q.reason "
                  "FROM members m LEFT JOIN appointments a ON a.member_no = m.member_no "
                  "LEFT JOIN stations s ON s.code = a.station_code "
                  "LEFT JOIN station_addresses sa ON sa.station_code = a.station_code "
                  "LEFT JOIN exchange e ON e.member_no = m.member_no "
                  "LEFT JOIN member_requests q ON q.member_no = m.member_no AND q.closed_at = '' "
                  "WHERE m.member_no = ?",
                  {member_no}));
  if (r.empty()) return Status::Coded(StatusCode::kNotFound, "not_found.member", {std::string(member_no)});
  MemberPage p;
  p.member_no = std::string(member_no);
  p.full_name = r.Text(0, 0);
  p.code = r.Text(0, 1);
  p.station_code = r.Text(0, 2);
  p.station_name = r.Text(0, 3);
  p.station_address = r.Text(0, 4);
  p.slot_start = r.Text(0, 5);
  p.slot_end = r.Text(0, 6);
  p.mode = r.Text(0, 7);
  if (r.IsNull(0, 8)) {
    p.state = StateBeforeFirstStep(r.IsNull(0, 7) ? std::nullopt : std::optional<std::string_view>(p.mode));
  } else {
    auto state = ParseState(r.Text(0, 8));
    if (!state) return Status::Internal("exchange row holds an unknown state");
    p.state = *state;
  }
  p.moves_done = static_cast<int>(r.Int(0, 9));
  p.request_kind = r.Text(0, 10);
  p.request_reason = r.Text(0, 11);
  return p;
}

Status SetStationAddress(Store& store, std::string_view station_code, std::string_view address,
                         std::string_view actor, std::string_view at) {
  if (address.size() > limits::kNote || FindInvalidUtf8(address) || FindControlChar(address)) {
    return Status::Coded(StatusCode::kInvalidArgument, "station.bad_address");
  }
  CARDEX_ASSIGN_OR_RETURN(SqlRows st, store.Query("SELECT 1 FROM stations WHERE code = ?", {station_code}));
  if (st.empty()) return Status::Coded(StatusCode::kNotFound, "not_found.station", {std::string(station_code)});
  if (address.empty()) {
    CARDEX_RETURN_IF_ERROR(store.Exec("DELETE FROM station_addresses WHERE station_code = ?", {station_code}));
  } else {
    CARDEX_RETURN_IF_ERROR(store.Exec(
        "INSERT INTO station_addresses (station_code, address) VALUES (?, ?) "
        "ON CONFLICT (station_code) DO UPDATE SET address = excluded.address",
        {station_code, address}));
  }
  AuditEntry audit{std::string(at), std::string(actor), "station.address", "station:" + std::string(station_code), "",
                   std::string(address)};
  return store.AppendAudit({&audit, 1});
}

Result<std::vector<CellSelfService>> CellSelfServiceList(Store& store, std::string_view cell_code) {
  std::map<std::string, CellSelfService> by_member;
  auto entry = [&](std::string_view no, std::string_view name) -> CellSelfService& {
    CellSelfService& e = by_member[std::string(no)];
    e.member_no = std::string(no);
    e.full_name = std::string(name);
    return e;
  };
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows locked, store.Query("SELECT m.member_no, m.full_name FROM member_page_guard g "
                                  "JOIN members m ON m.member_no = g.member_no "
                                  "WHERE m.unit_code = ? AND g.locked_at <> ''",
                                  {cell_code}));
  for (size_t i = 0; i < locked.size(); ++i) entry(locked.Text(i, 0), locked.Text(i, 1)).locked = true;
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows moves, store.Query("SELECT m.member_no, m.full_name, count(*), max(mv.moved_at) FROM member_moves mv "
                                 "JOIN members m ON m.member_no = mv.member_no WHERE m.unit_code = ? "
                                 "GROUP BY m.member_no, m.full_name",
                                 {cell_code}));
  for (size_t i = 0; i < moves.size(); ++i) {
    CellSelfService& e = entry(moves.Text(i, 0), moves.Text(i, 1));
    e.moves = static_cast<int>(moves.Int(i, 2));
    e.last_move_at = moves.Text(i, 3);
  }
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows asks, store.Query("SELECT m.member_no, m.full_name, q.kind, q.reason, q.note, q.asked_at "
                                "FROM member_requests q JOIN members m ON m.member_no = q.member_no "
                                "WHERE m.unit_code = ? AND q.closed_at = ''",
                                {cell_code}));
  for (size_t i = 0; i < asks.size(); ++i) {
    CellSelfService& e = entry(asks.Text(i, 0), asks.Text(i, 1));
    e.request_kind = asks.Text(i, 2);
    e.request_reason = asks.Text(i, 3);
    e.request_note = asks.Text(i, 4);
    e.request_at = asks.Text(i, 5);
  }
  std::vector<CellSelfService> out;
  out.reserve(by_member.size());
  for (auto& [no, e] : by_member) out.push_back(std::move(e));
  return out;
}

}  // namespace cardex::selfservice
