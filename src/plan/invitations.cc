#include "cardex/plan/invitations.h"

#include <filesystem>
#include <unordered_map>
#include <vector>

#include "cardex/core/dates.h"
#include "cardex/io/csv.h"
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
  e.summary = "Đổi thẻ đảng viên — " + station;
  e.location = home ? "Tại nhà (tổ lưu động của " + station + ")" : station;
  e.description = std::string(home ? "Cán bộ " + station + " sẽ đến nhà đồng chí.\n" : "") +
                  "Mang theo thẻ đảng viên cũ và CCCD.\nMã mời: " + a.invitation_code;
  return e;
}

Result<InvitationsWritten> WriteInvitations(Store& store, const std::string& unit_code,
                                            const std::string& dir) {
  bool unit_found = false;
  std::unordered_map<std::string, std::string> unit_names;
  std::string parent_code;
  CARDEX_RETURN_IF_ERROR(store.ScanUnits([&](const Unit& u) {
    if (u.code == unit_code) {
      unit_found = true;
      parent_code = u.parent_code;
    }
    unit_names.emplace(u.code, u.name);
    return Status::Ok();
  }));
  if (!unit_found) return Status::NotFound("no unit has the code " + unit_code);
  CellHeading heading{unit_code, unit_names[unit_code], "", Date::Today()};
  if (auto parent = unit_names.find(parent_code); !parent_code.empty() && parent != unit_names.end()) {
    heading.parent_name = parent->second;
  }

  std::vector<InvitationInfo> infos;
  std::unordered_map<std::string, size_t> by_member;
  CARDEX_RETURN_IF_ERROR(
      store.ScanAppointments({.unit_code = unit_code}, [&](const StoredAppointment& a) {
        by_member.emplace(a.member_no, infos.size());
        infos.push_back(InvitationInfo{a, "", ""});
        return Status::Ok();
      }));
  if (infos.empty()) {
    return Status::NotFound("unit " + unit_code + " has no stored appointments; run cardex plan first");
  }
  CARDEX_RETURN_IF_ERROR(store.ScanMembers([&](const Member& m) {
    auto it = by_member.find(m.member_no);
    if (it != by_member.end()) infos[it->second].full_name = m.full_name;
    return Status::Ok();
  }));
  std::unordered_map<std::string, std::string> station_names;
  CARDEX_RETURN_IF_ERROR(store.ScanStations([&](const Station& s) {
    station_names.emplace(s.code, s.name);
    return Status::Ok();
  }));
  for (InvitationInfo& info : infos) {
    auto it = station_names.find(info.appointment.station_code);
    if (it != station_names.end()) info.station_name = it->second;
  }

  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::IoError("cannot create directory " + dir + ": " + ec.message());
  InvitationsWritten written;
  written.list_path = (std::filesystem::path(dir) / (SafeFileName(unit_code) + ".csv")).string();
  CARDEX_ASSIGN_OR_RETURN(std::unique_ptr<CsvWriter> list, CsvWriter::OpenFile(written.list_path, CsvAudience::kPerson));
  CARDEX_RETURN_IF_ERROR(list->WriteRow({"member_no", "full_name", "station_name", "station_code",
                                         "date", "start", "end", "mode", "invitation_code"}));
  const std::string stamp = UtcStamp();
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
    ++written.members;
  }
  CARDEX_RETURN_IF_ERROR(list->Close());
  const std::filesystem::path base = std::filesystem::path(dir) / SafeFileName(unit_code);
  written.xlsx_path = base.string() + ".xlsx";
  CARDEX_RETURN_IF_ERROR(WriteInvitationXlsx(written.xlsx_path, heading, infos));
  written.pdf_path = base.string() + ".pdf";
  CARDEX_RETURN_IF_ERROR(WriteInvitationPdf(written.pdf_path, heading, infos));
  return written;
}

}  // namespace cardex::plan
