// WriteChangedInvitations, RecordSupersededCodes (changed_invitations.h).
#include "cardex/plan/changed_invitations.h"

#include <filesystem>
#include <map>
#include <unordered_map>
#include <vector>

#include "cardex/io/csv.h"
#include "cardex/store/sql.h"
#include "invitation_documents.h"

namespace cardex::plan {

Result<int64_t> WriteChangedInvitations(Store& store, std::span<const ChangedInvitation> changes,
                                        const std::string& dir) {
  if (changes.empty()) return int64_t{0};
  std::vector<std::string> cells;  // in the order of their first change
  std::unordered_map<std::string, std::vector<const ChangedInvitation*>> of_cell;
  std::unordered_map<std::string, std::string> names;
  for (const ChangedInvitation& c : changes) {
    auto [it, fresh] = of_cell.try_emplace(c.before.unit_code);
    if (fresh) cells.push_back(c.before.unit_code);
    it->second.push_back(&c);
    names.emplace(c.before.member_no, "");
  }
  CARDEX_RETURN_IF_ERROR(store.ScanMembers([&](const Member& m) {
    if (auto it = names.find(m.member_no); it != names.end()) it->second = m.full_name;
    return Status::Ok();
  }));
  std::unordered_map<std::string, std::string> station_names;
  CARDEX_RETURN_IF_ERROR(store.ScanStations([&](const Station& s) {
    station_names.emplace(s.code, s.name);
    return Status::Ok();
  }));
  std::unordered_map<std::string, std::pair<std::string, std::string>> units;  // code -> (name, parent)
  CARDEX_RETURN_IF_ERROR(store.ScanUnits([&](const Unit& u) {
    units.emplace(u.code, std::pair{u.name, u.parent_code});
    return Status::Ok();
  }));

  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::IoError("cannot create directory " + dir + ": " + ec.message());
  for (const std::string& cell : cells) {
    const std::filesystem::path base = std::filesystem::path(dir) / SafeFileName(cell);
    CARDEX_ASSIGN_OR_RETURN(std::unique_ptr<CsvWriter> csv, CsvWriter::OpenFile(base.string() + ".csv"));
    CARDEX_RETURN_IF_ERROR(csv->WriteRow({"member_no", "full_name", "reason", "old_station_code", "old_slot_start",
                                          "old_invitation_code", "station_code", "slot_start", "slot_end", "mode",
                                          "invitation_code"}));
    std::vector<InvitationInfo> reprint;
    for (const ChangedInvitation* c : of_cell[cell]) {
      const StoredAppointment& b = c->before;
      const StoredAppointment none;
      const StoredAppointment& a = c->after ? *c->after : none;
      CARDEX_RETURN_IF_ERROR(csv->WriteRow({b.member_no, names[b.member_no], MoveReasonName(c->reason),
                                            b.station_code, b.slot_start, b.invitation_code, a.station_code,
                                            a.slot_start, a.slot_end, c->after ? a.mode : "",
                                            a.invitation_code}));
      if (c->after) {
        auto station = station_names.find(a.station_code);
        reprint.push_back(
            InvitationInfo{a, names[b.member_no], station == station_names.end() ? "" : station->second});
      }
    }
    CARDEX_RETURN_IF_ERROR(csv->Close());
    if (reprint.empty()) continue;
    CellHeading heading{cell, "", "", Date::Today()};
    if (auto u = units.find(cell); u != units.end()) {
      heading.name = u->second.first;
      if (auto p = units.find(u->second.second); p != units.end()) heading.parent_name = p->second.first;
    }
    CARDEX_RETURN_IF_ERROR(WriteInvitationXlsx(base.string() + ".xlsx", heading, reprint));
    CARDEX_RETURN_IF_ERROR(WriteInvitationPdf(base.string() + ".pdf", heading, reprint));
  }
  return static_cast<int64_t>(cells.size());
}

Status RecordSupersededCodes(Store& store, std::span<const ChangedInvitation> changes, int64_t plan_run) {
  constexpr size_t kRows = 300;  // 900 parameters: within both engines' limits
  for (size_t from = 0; from < changes.size(); from += kRows) {
    const size_t to = std::min(changes.size(), from + kRows);
    std::string sql = "INSERT INTO superseded_invitations (invitation_code, member_no, plan_run) VALUES ";
    std::vector<SqlParam> params;
    for (size_t i = from; i < to; ++i) {
      sql += i == from ? "(?, ?, ?)" : ", (?, ?, ?)";
      params.emplace_back(std::string_view(changes[i].before.invitation_code));
      params.emplace_back(std::string_view(changes[i].before.member_no));
      params.emplace_back(plan_run);
    }
    sql += " ON CONFLICT (invitation_code) DO NOTHING";
    CARDEX_RETURN_IF_ERROR(store.Query(sql, params).status());
  }
  return Status::Ok();
}

}  // namespace cardex::plan
