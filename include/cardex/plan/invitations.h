// The invitations of one cell (`cardex invitations --unit CELL --out DIR`;
// any unit: every cell beneath it, see WriteInvitations),
// from the stored appointments: the list the cell's secretary hands out,
// DIR/CELL.csv, the same list for people as DIR/CELL.xlsx, a printable
// DIR/CELL.pdf, and one iCalendar file per member, DIR/MEMBER_NO.ics.
//
// CELL.xlsx: one sheet "Danh sách mời", title row "Danh sách mời đổi thẻ
// đảng viên — CELL NAME (CODE), PARENT NAME — lập ngày DD/MM/YYYY" (the day
// it was made), Vietnamese headers (STT, Số thẻ đảng viên, Họ và tên, Ngày,
// Từ, Đến, Địa điểm, Mã điểm, Hình thức, Mã mời), the date and times as
// spreadsheet dates and times.
//
// CELL.pdf (A4): the list (STT, number, name, day, time, place), then one
// cut-out card per member: "GIẤY MỜI ĐỔI THẺ ĐẢNG VIÊN", the member's name
// and member_no, the cell, the place (the station's name: stations have no
// address yet; a home visit says "Tại nhà"), the weekday and date, the time
// slot, what to bring ("Thẻ đảng viên cũ, Căn cước công dân") and a QR code
// holding exactly the invitation code, printed under it too.
//
// No citizen id appears in any of these files: they go to the members.
//
// CELL.csv columns: member_no,full_name,station_name,station_code,date,
// start,end,mode,invitation_code, in slot order; full_name as recorded,
// date YYYY-MM-DD and start/end HH:MM local (a slot past midnight carries
// the date it starts on). Each .ics holds one VEVENT: DTSTART/DTEND in the
// station's local time with TZID=Asia/Ho_Chi_Minh (and its VTIMEZONE), SUMMARY "Đổi thẻ đảng viên —
// STATION", LOCATION, and a DESCRIPTION of what to bring and the code.
// File names are the codes with every byte outside [A-Za-z0-9._-] (and a
// leading '.') replaced by '_'.
#ifndef CARDEX_PLAN_INVITATIONS_H_
#define CARDEX_PLAN_INVITATIONS_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "cardex/core/status.h"
#include "cardex/io/icalendar.h"
#include "cardex/store/store.h"

namespace cardex::plan {

struct InvitationInfo {
  StoredAppointment appointment;
  std::string full_name;     // as recorded
  std::string station_name;  // "" when the station is no longer stored
};

// The iCalendar event of one invitation; `dtstamp` is UTC
// "YYYYMMDDTHHMMSSZ".
CalendarEvent InvitationEvent(const InvitationInfo& info, std::string_view dtstamp);

// A name safe to use as a file name (see above).
std::string SafeFileName(std::string_view code);

struct InvitationsWritten {
  int64_t members = 0;
  int64_t cells = 0;      // cells with files
  std::string list_path;  // CELL.csv (a cell's own: empty for a unit above cells)
  std::string xlsx_path;  // CELL.xlsx
  std::string pdf_path;   // CELL.pdf
  std::string unit_pdf_path;  // UNIT.pdf: a unit above cells only
};

// Writes the cell's files into `dir` (created if missing). For any other
// unit (a commune, a province), the files of every cell beneath it with
// stored appointments, and UNIT.pdf: all their lists and cards in one
// document for bulk printing, cells in tree order (children by name in
// Vietnamese order), each from a new page. Fails with kNotFound when the
// unit does not exist or nothing beneath it has stored appointments.
Result<InvitationsWritten> WriteInvitations(Store& store, const std::string& unit_code,
                                            const std::string& dir);

}  // namespace cardex::plan

#endif  // CARDEX_PLAN_INVITATIONS_H_
