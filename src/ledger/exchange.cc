#include "cardex/ledger/exchange.h"

#include <optional>

#include "cardex/core/limits.h"
#include "cardex/progress/rollup.h"

namespace cardex::ledger {

namespace {

// Correction times are "YYYY-MM-DD HH:MM:SS" (Store::Correction).
std::string CorrectionTime(std::string_view utc) {
  std::string t(utc.substr(0, 19));
  if (t.size() > 10) t[10] = ' ';
  return t;
}

}  // namespace

Result<MemberExchange> GetExchange(Store& store, std::string_view member_no) {
  // One round trip: the member, their exchange row and, while there is
  // none, their appointment's mode (StateBeforeFirstStep).
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows row,
      store.Query("SELECT m.unit_code, e.member_no, e.state, e.reason, e.station_code, "
                  "e.updated_at, e.updated_by, e.version, a.mode FROM members m "
                  "LEFT JOIN exchange e ON e.member_no = m.member_no "
                  "LEFT JOIN appointments a ON e.member_no IS NULL AND a.member_no = m.member_no "
                  "WHERE m.member_no = ?",
                  {member_no}));
  if (row.empty()) return Status::Coded(StatusCode::kNotFound, "not_found.member", {std::string(member_no)});
  MemberExchange out;
  out.member_no = std::string(member_no);
  out.unit_code = std::string(row.Text(0, 0));
  if (row.IsNull(0, 1)) {
    out.state = StateBeforeFirstStep(row.IsNull(0, 8) ? std::nullopt
                                              : std::optional<std::string_view>(row.Text(0, 8)));
    return out;
  }
  auto state = ParseState(row.Text(0, 2));
  if (!state) return Status::Internal("exchange row holds an unknown state");
  out.state = *state;
  out.reason = std::string(row.Text(0, 3));
  out.station_code = std::string(row.Text(0, 4));
  out.updated_at = std::string(row.Text(0, 5));
  out.updated_by = std::string(row.Text(0, 6));
  out.version = row.Int(0, 7);
  return out;
}

Result<StepOutcome> ApplyStep(Store& store, const StepRequest& request) {
  CARDEX_RETURN_IF_ERROR(limits::CheckLength("note", request.note, limits::kNote));
  CARDEX_ASSIGN_OR_RETURN(MemberExchange current, GetExchange(store, request.member_no));
  if (request.expect_version >= 0 && request.expect_version != current.version) {
    return Status::Coded(StatusCode::kFailedPrecondition, "exchange.stale", {request.member_no});
  }
  CARDEX_ASSIGN_OR_RETURN(ExchangeState next,
                          NextState(current.state, request.step, request.reason));
  std::string_view next_name = StateName(next);
  std::string_view from_name = StateName(current.state);
  const int64_t version = current.version + 1;
  SqlRows written;
  if (current.version == 0) {
    CARDEX_ASSIGN_OR_RETURN(
        written,
        store.Query("INSERT INTO exchange (member_no, unit_code, state, reason, station_code, "
                    "updated_at, updated_by, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT (member_no) DO NOTHING",
                    {request.member_no, current.unit_code, next_name, request.reason,
                     request.station_code, request.at, request.actor, version}));
  } else {
    CARDEX_ASSIGN_OR_RETURN(
        written,
        store.Query("UPDATE exchange SET state = ?, reason = ?, station_code = ?, updated_at = ?, "
                    "updated_by = ?, version = ? WHERE member_no = ? AND version = ?",
                    {next_name, request.reason, request.station_code, request.at, request.actor,
                     version, request.member_no, current.version}));
  }
  if (written.affected() != 1) {
    return Status::Coded(StatusCode::kFailedPrecondition, "exchange.raced", {request.member_no});
  }
  // The event is the whole step, what it left included: the progress
  // roll-ups are folded from it (progress::FoldSteps), after this commit.
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows event,
      store.Query("INSERT INTO exchange_events (member_no, unit_code, from_state, from_reason, "
                  "from_station, to_state, reason, station_code, at, actor, version) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING event_id",
                  {request.member_no, current.unit_code, from_name, current.reason,
                   current.station_code, next_name, request.reason, request.station_code,
                   request.at, request.actor, version}));
  CARDEX_RETURN_IF_ERROR(store.Exec("UPDATE appointments SET status = ? WHERE member_no = ?",
                                    {next_name, request.member_no}));
  std::string after(next_name);
  if (!request.reason.empty()) after += " (" + request.reason + ")";
  if (!request.note.empty()) after += ": " + request.note;
  AuditEntry audit{"", request.actor, "exchange." + std::string(StepName(request.step)),
                   request.member_no, std::string(from_name), after};
  CARDEX_RETURN_IF_ERROR(store.AppendAudit({&audit, 1}));
  if (request.step == ExchangeStep::kMarkWrongData) {
    Correction correction;
    correction.member_no = request.member_no;
    correction.unit_code = current.unit_code;
    correction.note = request.note.empty() ? "wrong data found at the station" : request.note;
    correction.opened_by = request.actor;
    correction.opened_at = CorrectionTime(request.at);
    CARDEX_RETURN_IF_ERROR(store.OpenCorrection(correction).status());
    CARDEX_RETURN_IF_ERROR(progress::OnCorrectionChange(store, request.member_no));
  }
  return StepOutcome{current.state, next, version, event.Int(0, 0)};
}

Result<StepOutcome> ApplyStepAtomically(Store& store, const StepRequest& request) {
  Transaction tx(store);
  CARDEX_RETURN_IF_ERROR(tx.Begin());
  CARDEX_ASSIGN_OR_RETURN(StepOutcome outcome, ApplyStep(store, request));
  CARDEX_RETURN_IF_ERROR(tx.Commit());
  return outcome;
}

}  // namespace cardex::ledger
