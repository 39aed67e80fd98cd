#include "cardex/plan/plan_io.h"

#include <unordered_map>
#include <unordered_set>

#include "cardex/core/exchange.h"
#include "cardex/core/unit_tree.h"
#include "cardex/io/csv.h"
#include "cardex/store/lookups.h"
#include "cardex/store/sql.h"

namespace cardex::plan {

namespace {

// Official members whom an exchange step took past reception or out of the
// exchange, with WhyNotPlannable's reason. Only those states are read: a
// campaign's other rows (invited, rescheduled, ...) do not matter here.
Status ScanUnplannable(Store& store, std::unordered_map<std::string, std::string>* why) {
  std::string states;
  for (int s = 0; s <= static_cast<int>(ExchangeState::kClosed); ++s) {
    const auto state = static_cast<ExchangeState>(s);
    if (WhyNotPlannable(state).empty()) continue;
    states += states.empty() ? "'" : ", '";
    states += StateName(state);
    states += "'";
  }
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows rows, store.Query("SELECT member_no, state, reason FROM exchange WHERE state IN (" + states + ")", {}));
  for (size_t i = 0; i < rows.size(); ++i) {
    auto state = ParseState(rows.Text(i, 1));
    if (!state) return Status::Internal("an exchange row holds an unknown state");
    (*why)[std::string(rows.Text(i, 0))] = WhyNotPlannable(*state, rows.Text(i, 2));
  }
  return Status::Ok();
}

}  // namespace

Result<PlanInput> LoadPlanInput(Store& store, Date from, Date to, std::vector<LeftOut>* left_out) {
  PlanInput input;
  input.from = from;
  input.to = to;

  CARDEX_ASSIGN_OR_RETURN(const UnitTree units, LoadUnitTree(store));
  auto commune_of = [&](const std::string& code) {
    return std::string(units.NearestOfKind(code, UnitKind::kCommune));
  };

  // formats.md: members whose reconciliation verdict is `deceased` are not
  // scheduled.
  std::unordered_map<std::string, std::string> why_not;
  CARDEX_RETURN_IF_ERROR(ScanUnplannable(store, &why_not));
  CARDEX_RETURN_IF_ERROR(store.ScanReconcileResults([&](const ReconcileResultRow& r) {
    if (r.verdict == Verdict::kDeceased) why_not[r.member_no] = "reconciled as deceased";
    return Status::Ok();
  }));

  std::unordered_map<std::string, size_t> cell_index;
  CARDEX_RETURN_IF_ERROR(store.ScanMembers([&](const Member& m) {
    if (m.status != "official") return Status::Ok();
    if (auto it = why_not.find(m.member_no); it != why_not.end()) {
      if (left_out) left_out->push_back(LeftOut{m.member_no, m.unit_code, it->second});
      return Status::Ok();
    }
    auto [it, fresh] = cell_index.emplace(m.unit_code, input.cells.size());
    if (fresh) input.cells.push_back(CellInput{m.unit_code, commune_of(m.unit_code), {}});
    input.cells[it->second].members.push_back(MemberInput{m.member_no, m.home_visit});
    return Status::Ok();
  }));

  CARDEX_RETURN_IF_ERROR(store.ScanStations([&](const Station& s) {
    StationInput st;
    st.code = s.code;
    st.counters = s.counters;
    st.minutes_per_member = s.minutes_per_member;
    st.serves = s.serves;
    input.stations.push_back(std::move(st));
    return Status::Ok();
  }));
  CARDEX_RETURN_IF_ERROR(store.ScanShifts([&](const Shift& s) {
    auto date = Date::Parse(s.date);
    auto start = TimeOfDay::Parse(s.start);
    auto end = TimeOfDay::Parse(s.end);
    if (!date.ok() || !start.ok() || !end.ok()) {
      return Status::Internal("a stored shift of station " + s.station_code + " is malformed");
    }
    input.shifts.push_back(ShiftInput{s.station_code, *date, *start, *end});
    return Status::Ok();
  }));
  return input;
}

Status WriteScheduleCsv(const PlanInput& input, const PlanOutput& output, const std::string& path,
                        std::span<const StoredAppointment> kept) {
  CARDEX_ASSIGN_OR_RETURN(std::unique_ptr<CsvWriter> out, CsvWriter::OpenFile(path));
  CARDEX_RETURN_IF_ERROR(
      out->WriteRow({"member_no", "unit_code", "station_code", "slot_start", "slot_end", "mode"}));
  for (const StoredAppointment& a : kept) {
    CARDEX_RETURN_IF_ERROR(
        out->WriteRow({a.member_no, a.unit_code, a.station_code, a.slot_start, a.slot_end, a.mode}));
  }
  for (const Appointment& a : output.appointments) {
    const CellInput& cell = input.cells[a.cell];
    std::string start = FormatLocalMinute(a.start);
    std::string end = FormatLocalMinute(a.end);
    CARDEX_RETURN_IF_ERROR(out->WriteRow({cell.members[a.member].member_no, cell.unit_code,
                                          input.stations[a.station].code, start, end,
                                          ModeName(a.mode)}));
  }
  return out->Close();
}

}  // namespace cardex::plan
