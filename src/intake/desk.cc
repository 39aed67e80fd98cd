#include "cardex/intake/desk.h"

#include "cardex/intake/exchange.h"
#include "cardex/plan/appointments.h"

namespace cardex::intake {

namespace {

// The advice's catalogue id and arguments, from the verdict.
void Advise(VerificationView* v) {
  const std::string& verdict = v->verdict;
  std::string id;
  std::vector<std::string> args;
  if (verdict.empty()) {
    id = "advice.not_reconciled";
  } else if (verdict == "match" || !v->std_source.empty()) {
    id.clear();
  } else if (verdict == "fixable") {
    id = "advice.fixable";
    args = {"@fields:" + v->fields};
  } else if (verdict == "mismatch") {
    id = "advice.mismatch";
    args = {"@fields:" + v->fields};
  } else if (verdict == "deceased") {
    id = "advice.deceased";
  } else {
    id = "advice.wrong_id";
    args = {"@verdict." + verdict};
  }
  v->advice_vi = id.empty() ? "" : Msg(Lang::kVi, id, args);
  v->advice_en = id.empty() ? "" : Msg(Lang::kEn, id, args);
}

}  // namespace

Result<std::vector<DayEntry>> StationDay(Store& store, std::string_view station_code,
                                         std::string_view date) {
  std::string from = std::string(date) + "T00:00", to = std::string(date) + "T99:99";
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows rows,
      store.Query("SELECT a.member_no, m.full_name, a.unit_code, a.slot_start, a.slot_end, a.mode, "
                  "e.state, a.status, m.citizen_id FROM appointments a "
                  "JOIN members m ON m.member_no = a.member_no "
                  "LEFT JOIN exchange e ON e.member_no = a.member_no "
                  "WHERE a.station_code = ? AND a.slot_start >= ? AND a.slot_start <= ? "
                  "ORDER BY a.slot_start, a.member_no",
                  {station_code, from, to}));
  std::vector<DayEntry> out;
  out.reserve(rows.size());
  for (size_t r = 0; r < rows.size(); ++r) {
    DayEntry e;
    e.member_no = rows.Text(r, 0);
    e.full_name = rows.Text(r, 1);
    e.unit_code = rows.Text(r, 2);
    e.slot_start = rows.Text(r, 3);
    e.slot_end = rows.Text(r, 4);
    e.mode = rows.Text(r, 5);
    e.state = rows.IsNull(r, 6) ? std::string(StateName(StateBeforeFirstStep(e.mode)))
                                : std::string(rows.Text(r, 6));
    e.citizen_id = rows.Text(r, 8);
    out.push_back(std::move(e));
  }
  return out;
}

Result<std::string> MemberByInvitationCode(Store& store, std::string_view code) {
  std::string canonical = plan::CanonicalInvitationCode(code);
  if (!plan::InvitationCodeChecks(canonical)) {
    return Status::Coded(StatusCode::kInvalidArgument, "invitation.invalid");
  }
  CARDEX_ASSIGN_OR_RETURN(SqlRows rows,
                          store.Query("SELECT member_no FROM appointments WHERE invitation_code = ?",
                                      {std::string_view(canonical)}));
  if (!rows.empty()) return std::string(rows.Text(0, 0));
  // A code a re-plan or a catch-up replaced: the member still holds the
  // printed invitation; the desk shows their current appointment.
  CARDEX_ASSIGN_OR_RETURN(rows, store.Query("SELECT member_no FROM superseded_invitations WHERE invitation_code = ?",
                                            {std::string_view(canonical)}));
  if (rows.empty()) return Status::Coded(StatusCode::kNotFound, "invitation.unknown");
  return std::string(rows.Text(0, 0));
}

Result<std::vector<std::string>> MembersByCitizenId(Store& store, std::string_view citizen_id) {
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows rows,
      store.Query("SELECT member_no FROM members WHERE citizen_id = ? UNION "
                  "SELECT member_no FROM member_standard WHERE citizen_id = ? ORDER BY 1",
                  {citizen_id, citizen_id}));
  std::vector<std::string> out;
  for (size_t r = 0; r < rows.size(); ++r) out.emplace_back(rows.Text(r, 0));
  return out;
}

Result<std::vector<CellMember>> CellMembers(Store& store, std::string_view cell_code) {
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows rows,
      store.Query("SELECT m.member_no, m.full_name, m.citizen_id, e.state, a.mode "
                  "FROM members m LEFT JOIN exchange e ON e.member_no = m.member_no "
                  "LEFT JOIN appointments a ON a.member_no = m.member_no "
                  "WHERE m.unit_code = ? ORDER BY m.member_no",
                  {cell_code}));
  std::vector<CellMember> out;
  out.reserve(rows.size());
  for (size_t r = 0; r < rows.size(); ++r) {
    CellMember m{std::string(rows.Text(r, 0)), std::string(rows.Text(r, 1)),
                 std::string(rows.Text(r, 2)), ExchangeState::kListed};
    if (rows.IsNull(r, 3)) {
      m.state = StateBeforeFirstStep(rows.IsNull(r, 4) ? std::nullopt
                                                       : std::optional<std::string_view>(rows.Text(r, 4)));
    } else {
      auto state = ParseState(rows.Text(r, 3));
      if (!state) return Status::Internal("exchange row holds an unknown state");
      m.state = *state;
    }
    out.push_back(std::move(m));
  }
  return out;
}

Result<std::vector<std::string>> MembersInState(Store& store, ExchangeState state) {
  CARDEX_ASSIGN_OR_RETURN(SqlRows rows,
                          store.Query("SELECT member_no FROM exchange WHERE state = ? ORDER BY member_no",
                                      {StateName(state)}));
  std::vector<std::string> out;
  out.reserve(rows.size());
  for (size_t r = 0; r < rows.size(); ++r) out.emplace_back(rows.Text(r, 0));
  return out;
}

Result<VerificationView> Verify(Store& store, std::string_view member_no) {
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows m,
      store.Query("SELECT m.unit_code, u.name, m.status, m.citizen_id, m.full_name, m.birth_date, "
                  "m.gender, s.citizen_id, s.full_name, s.birth_date, s.gender, s.source, "
                  "r.verdict, r.fields, r.suggested_citizen_id, r.registry_full_name, "
                  "r.registry_birth_date, r.registry_gender, r.registry_deceased_on, "
                  "a.station_code, a.slot_start, a.slot_end, a.mode, a.invitation_code, "
                  "(SELECT count(*) FROM photos p WHERE p.member_no = m.member_no), "
                  "(SELECT count(*) FROM corrections c WHERE c.member_no = m.member_no "
                  "AND c.closed_at = '') "
                  "FROM members m LEFT JOIN units u ON u.code = m.unit_code "
                  "LEFT JOIN member_standard s ON s.member_no = m.member_no "
                  "LEFT JOIN reconcile_results r ON r.member_no = m.member_no "
                  "LEFT JOIN appointments a ON a.member_no = m.member_no "
                  "WHERE m.member_no = ?",
                  {member_no}));
  if (m.empty()) return Status::Coded(StatusCode::kNotFound, "not_found.member", {std::string(member_no)});
  VerificationView v;
  v.member_no = std::string(member_no);
  std::string* cols[] = {&v.unit_code,           &v.unit_name,          &v.status,
                         &v.citizen_id,          &v.full_name,          &v.birth_date,
                         &v.gender,              &v.std_citizen_id,     &v.std_full_name,
                         &v.std_birth_date,      &v.std_gender,         &v.std_source,
                         &v.verdict,             &v.fields,             &v.suggested_citizen_id,
                         &v.registry_full_name,  &v.registry_birth_date, &v.registry_gender,
                         &v.registry_deceased_on, &v.station_code,      &v.slot_start,
                         &v.slot_end,            &v.mode,               &v.invitation_code};
  for (size_t c = 0; c < std::size(cols); ++c) *cols[c] = m.Text(0, c);
  // The photo and the open corrections come with the member (one round
  // trip instead of three).
  v.has_photo = m.Int(0, std::size(cols)) > 0;
  v.open_corrections = m.Int(0, std::size(cols) + 1);
  CARDEX_ASSIGN_OR_RETURN(MemberExchange ex, GetExchange(store, member_no));
  v.state = ex.state;
  v.version = ex.version;
  Advise(&v);
  return v;
}

}  // namespace cardex::intake
