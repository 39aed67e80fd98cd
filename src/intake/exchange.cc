#include "cardex/intake/exchange.h"

#include <optional>

#include "cardex/progress/rollup.h"

namespace cardex::intake {

namespace {

// The state of a member who has not taken a step yet (see the header),
// from their appointment's mode (nullopt: no appointment).
ExchangeState InitialState(std::optional<std::string_view> appointment_mode) {
  if (!appointment_mode) return ExchangeState::kListed;
  return *appointment_mode == "home_visit" ? ExchangeState::kHomeVisit : ExchangeState::kInvited;
}

// Correction times are "YYYY-MM-DD HH:MM:SS" (Store::Correction).
std::string CorrectionTime(std::string_view utc) {
  std::string t(utc.substr(0, 19));
  if (t.size() > 10) t[10] = ' ';
  return t;
}

}  // namespace

namespace {

// GetExchange, and with `facts` also what the roll-ups need about the
// member (progress::MemberFacts), in the same query: ApplyStep passes them
// on so that OnStateChange writes without reading the member again.
Result<MemberExchange> ReadExchange(Store& store, std::string_view member_no,
                                    progress::MemberFacts* facts) {
  // One round trip: the member, their exchange row and, while there is
  // none, their appointment's mode (InitialState).
  std::string sql =
      "SELECT m.unit_code, e.member_no, e.state, e.reason, e.station_code, "
      "e.updated_at, e.updated_by, e.version, a.mode";
  if (facts != nullptr) sql.append(", ").append(progress::MemberFactsColumns());
  sql +=
      " FROM members m "
      "LEFT JOIN exchange e ON e.member_no = m.member_no "
      "LEFT JOIN appointments a ON e.member_no IS NULL AND a.member_no = m.member_no";
  if (facts != nullptr) sql.append(progress::MemberFactsJoin());
  sql += " WHERE m.member_no = ?";
  CARDEX_ASSIGN_OR_RETURN(SqlRows row, store.Query(sql, {member_no}));
  if (row.empty()) return Status::NotFound("no member " + std::string(member_no));
  MemberExchange out;
  out.member_no = std::string(member_no);
  out.unit_code = std::string(row.Text(0, 0));
  if (facts != nullptr) {
    facts->unit_code = out.unit_code;
    facts->to_exchange = row.Int(0, 9) != 0;
    facts->generation = row.IsNull(0, 10) ? 0 : row.Int(0, 10);
  }
  if (row.IsNull(0, 1)) {
    out.state = InitialState(row.IsNull(0, 8) ? std::nullopt
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

}  // namespace

Result<MemberExchange> GetExchange(Store& store, std::string_view member_no) {
  return ReadExchange(store, member_no, nullptr);
}

Result<StepOutcome> ApplyStep(Store& store, const StepRequest& request) {
  // The roll-ups' facts come with the member (see OnStateChange below);
  // none when the benchmark switched the roll-ups off.
  const bool rollups = !progress::RollupsSwitchedOff();
  const std::string returning = rollups ? std::string(progress::GenerationSql()) : "0";
  progress::MemberFacts facts;
  CARDEX_ASSIGN_OR_RETURN(MemberExchange current,
                          ReadExchange(store, request.member_no, rollups ? &facts : nullptr));
  if (request.expect_version >= 0 && request.expect_version != current.version) {
    return Status::FailedPrecondition("member " + request.member_no +
                                      " changed since it was shown (version " +
                                      std::to_string(current.version) + ", expected " +
                                      std::to_string(request.expect_version) + "); reload");
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
                    "ON CONFLICT (member_no) DO NOTHING RETURNING " + returning,
                    {request.member_no, current.unit_code, next_name, request.reason,
                     request.station_code, request.at, request.actor, version}));
  } else {
    CARDEX_ASSIGN_OR_RETURN(
        written,
        store.Query("UPDATE exchange SET state = ?, reason = ?, station_code = ?, updated_at = ?, "
                    "updated_by = ?, version = ? WHERE member_no = ? AND version = ? RETURNING " + returning,
                    {next_name, request.reason, request.station_code, request.at, request.actor,
                     version, request.member_no, current.version}));
  }
  if (written.affected() != 1) {
    return Status::FailedPrecondition("member " + request.member_no +
                                      " was changed by another desk meanwhile; reload");
  }
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows event,
      store.Query("INSERT INTO exchange_events (member_no, unit_code, from_state, to_state, reason, "
                  "station_code, at, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING event_id",
                  {request.member_no, current.unit_code, from_name, next_name, request.reason,
                   request.station_code, request.at, request.actor}));
  CARDEX_RETURN_IF_ERROR(store.Exec("UPDATE appointments SET status = ? WHERE member_no = ?",
                                    {next_name, request.member_no}));
  // The roll-ups move with the state, in the same transaction. Their
  // counter rows and the audit chain's head are what every desk's step
  // writes: on PostgreSQL a step holds those row locks until it commits,
  // so they are taken last, after the rows only this member's step writes.
  // The exchange write returned the counters' generation: when a Rebuild
  // ran since the read (PostgreSQL: the write waited for it), the facts
  // read before it may be stale, and OnStateChange reads them again.
  progress::StateChange change{request.member_no, std::nullopt, current.reason,
                               current.station_code, next, request.reason,
                               request.station_code};
  if (current.version != 0) change.from = current.state;
  change.at = request.at;
  const int64_t generation = written.size() == 1 && !written.IsNull(0, 0) ? written.Int(0, 0) : 0;
  if (generation == facts.generation) change.facts = &facts;
  CARDEX_RETURN_IF_ERROR(progress::OnStateChange(store, change));
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

}  // namespace cardex::intake
