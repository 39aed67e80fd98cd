#include "cardex/plan/invitations.h"

#include <algorithm>
#include <filesystem>
#include <unordered_map>
#include <vector>

#include "cardex/core/dates.h"
#include "cardex/core/unit_tree.h"
#include "cardex/core/vn_name.h"
#include "cardex/io/csv.h"
#include "cardex/store/lookups.h"
#include "invitation_documents.h"

namespace cardex::plan {
namespace {

// UtcNowText() without its separators, "YYYYMMDDTHHMMSSZ": fit for a file name.
std::string UtcStamp() {
  std::string stamp = UtcNowText();
  std::erase_if(stamp, [](char c) { return c == '-' || c == ':'; });
  return stamp;
}

}  // namespace

std::string SafeFileName(std::string_view code) {
  std::string out(code);
  for (char& c : out) {
    const bool safe = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      c == '.' || c == '_' || c == '-';
    if (!safe) c = '_';
  }
  if (out.empty() || out[0] == '.') out.insert(out.begin(), '_');
  return out;
}

CalendarEvent InvitationEvent(const InvitationInfo& info, std::string_view dtstamp) {
  const StoredAppointment& a = info.appointment;
  const std::string station = info.station_name.empty() ? a.station_code : info.station_name;
  const bool home = a.mode == "home_visit";
  CalendarEvent e;
  // Stable per member: a moved appointment updates the event already in
  // the member's calendar instead of adding a second one.
  e.uid = "appointment-" + a.member_no + "@cardex";
  e.dtstamp = std::string(dtstamp);
  e.dtstart = IcalLocalDateTime(a.slot_start);
  e.dtend = IcalLocalDateTime(a.slot_end);
  // The station's local time, named: a phone set to another zone still
  // shows the hour the member must be there.
  e.tzid = std::string(kVietnamTzid);
  e.summary = "Đổi thẻ đảng viên — " + station;
  e.location = home ? "Tại nhà (tổ lưu động của " + station + ")" : station;
  e.description = std::string(home ? "Cán bộ " + station + " sẽ đến nhà đồng chí.\n" : "") +
                  "Mang theo thẻ đảng viên cũ và CCCD.\nMã mời: " + a.invitation_code;
  return e;
}

namespace {

// One cell's files in `dir`: CELL.csv, one .ics per member, CELL.xlsx, CELL.pdf.
Status WriteCellFiles(const CellHeading& heading, std::span<const InvitationInfo> infos, const std::string& dir,
                      const std::string& stamp, InvitationsWritten* written) {
  written->list_path = (std::filesystem::path(dir) / (SafeFileName(heading.code) + ".csv")).string();
  CARDEX_ASSIGN_OR_RETURN(std::unique_ptr<CsvWriter> list, CsvWriter::OpenFile(written->list_path, CsvAudience::kPerson));
  CARDEX_RETURN_IF_ERROR(list->WriteRow({"member_no", "full_name", "station_name", "station_code",
                                         "date", "start", "end", "mode", "invitation_code"}));
  for (const InvitationInfo& info : infos) {
    const StoredAppointment& a = info.appointment;
    const std::string_view start(a.slot_start), end(a.slot_end);
    CARDEX_RETURN_IF_ERROR(list->WriteRow({a.member_no, info.full_name, info.station_name,
                                           a.station_code, start.substr(0, 10), start.substr(11),
                                           end.substr(11), a.mode, a.invitation_code}));
    const CalendarEvent event = InvitationEvent(info, stamp);
    const std::string ics = FormatCalendar("-//Cardex//Invitations//VI", {&event, 1});
    CARDEX_RETURN_IF_ERROR(WriteFileAtomically(
        (std::filesystem::path(dir) / (SafeFileName(a.member_no) + ".ics")).string(), ics));
    ++written->members;
  }
  CARDEX_RETURN_IF_ERROR(list->Close());
  const std::filesystem::path base = std::filesystem::path(dir) / SafeFileName(heading.code);
  written->xlsx_path = base.string() + ".xlsx";
  CARDEX_RETURN_IF_ERROR(WriteInvitationXlsx(written->xlsx_path, heading, infos));
  written->pdf_path = base.string() + ".pdf";
  return WriteInvitationPdf(written->pdf_path, heading, infos);
}

}  // namespace

Result<InvitationsWritten> WriteInvitations(Store& store, const std::string& unit_code,
                                            const std::string& dir) {
  CARDEX_ASSIGN_OR_RETURN(const UnitTree tree, LoadUnitTree(store));
  const size_t root = tree.Find(unit_code);
  if (root == UnitTree::kNone) return Status::NotFound("no unit has the code " + unit_code);
  auto name_of = [&](const std::string& code) -> std::string {
    const size_t i = tree.Find(code);
    return i == UnitTree::kNone ? std::string() : tree.units()[i].name;
  };
  // The units beneath, depth first, children by name in Vietnamese order:
  // the order cells are printed in.
  std::vector<std::string> order;
  std::vector<size_t> stack = {root};
  while (!stack.empty() && order.size() <= tree.size()) {
    const size_t i = stack.back();
    stack.pop_back();
    std::vector<std::pair<std::string, size_t>> kids;
    for (size_t c : tree.Children(i)) {
      kids.emplace_back(vn_name::CollationKey(tree.units()[c].name) + '\0' + tree.units()[c].code, c);
    }
    std::sort(kids.begin(), kids.end(), std::greater<>());
    for (const auto& kid : kids) stack.push_back(kid.second);
    order.push_back(tree.units()[i].code);
  }
  const bool one_unit = order.size() == 1;

  std::unordered_map<std::string, std::vector<InvitationInfo>> infos_of;
  std::unordered_map<std::string, std::pair<std::string, size_t>> by_member;  // member -> (unit, index)
  std::unordered_map<std::string_view, bool> beneath;
  for (const std::string& code : order) beneath.emplace(code, true);
  AppointmentFilter filter;
  if (one_unit) filter.unit_code = unit_code;
  CARDEX_RETURN_IF_ERROR(store.ScanAppointments(filter, [&](const StoredAppointment& a) {
    if (!beneath.count(a.unit_code)) return Status::Ok();
    auto& infos = infos_of[a.unit_code];
    by_member.emplace(a.member_no, std::pair{a.unit_code, infos.size()});
    infos.push_back(InvitationInfo{a, "", ""});
    return Status::Ok();
  }));
  if (infos_of.empty()) {
    return Status::NotFound("unit " + unit_code + " has no stored appointments; run cardex plan first");
  }
  CARDEX_RETURN_IF_ERROR(store.ScanMembers([&](const Member& m) {
    auto it = by_member.find(m.member_no);
    if (it != by_member.end()) infos_of[it->second.first][it->second.second].full_name = m.full_name;
    return Status::Ok();
  }));
  std::unordered_map<std::string, std::string> station_names;
  CARDEX_RETURN_IF_ERROR(store.ScanStations([&](const Station& s) {
    station_names.emplace(s.code, s.name);
    return Status::Ok();
  }));
  for (auto& [unit, infos] : infos_of) {
    for (InvitationInfo& info : infos) {
      auto it = station_names.find(info.appointment.station_code);
      if (it != station_names.end()) info.station_name = it->second;
    }
  }

  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::IoError("cannot create directory " + dir + ": " + ec.message());
  const std::string stamp = UtcStamp();
  const Date today = Date::Today();
  InvitationsWritten written;
  std::vector<CellInvitations> sections;
  for (const std::string& code : order) {
    auto it = infos_of.find(code);
    if (it == infos_of.end()) continue;
    CellHeading heading{code, name_of(code), "", today};
    if (const size_t parent = tree.Parent(tree.Find(code)); parent != UnitTree::kNone) {
      heading.parent_name = tree.units()[parent].name;
    }
    InvitationsWritten cell;
    CARDEX_RETURN_IF_ERROR(WriteCellFiles(heading, it->second, dir, stamp, &cell));
    written.members += cell.members;
    ++written.cells;
    if (one_unit) {
      written.list_path = cell.list_path;
      written.xlsx_path = cell.xlsx_path;
      written.pdf_path = cell.pdf_path;
    }
    sections.push_back(CellInvitations{std::move(heading), std::move(it->second)});
  }
  if (!one_unit) {
    const std::string unit_name = name_of(unit_code);
    written.unit_pdf_path = (std::filesystem::path(dir) / (SafeFileName(unit_code) + ".pdf")).string();
    const std::string label = unit_name.empty() ? unit_code : unit_name + " (" + unit_code + ")";
    CARDEX_RETURN_IF_ERROR(WriteUnitInvitationPdf(written.unit_pdf_path, label, today, sections));
  }
  return written;
}

}  // namespace cardex::plan
