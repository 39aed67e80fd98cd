#include "invitation_documents.h"

#include <array>
#include <cstdio>

#include "cardex/io/pdf.h"
#include "cardex/io/xlsx.h"

namespace cardex::plan {
namespace {

// What a member brings to the station (Directive 51-CT/TW practice): the
// old card is retired there, the identity card is checked against the
// registry.
constexpr const char* kBring = "Thẻ đảng viên cũ, Căn cước công dân";

std::string Dmy(const Date& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d/%02d/%04d", d.day(), d.month(), d.year());
  return buf;
}

std::string CellLabel(const CellHeading& cell) {
  std::string label = cell.name.empty() ? cell.code : cell.name + " (" + cell.code + ")";
  if (!cell.parent_name.empty()) label += ", " + cell.parent_name;
  return label;
}

std::string StationLabel(const InvitationInfo& info) {
  return info.station_name.empty() ? info.appointment.station_code : info.station_name;
}

bool IsHome(const InvitationInfo& info) { return info.appointment.mode == "home_visit"; }

std::string Place(const InvitationInfo& info) {
  const std::string station = StationLabel(info);
  return IsHome(info) ? "Tại nhà (tổ lưu động của " + station + ")" : station;
}

std::string_view Hm(const std::string& local) {
  return local.size() >= 16 ? std::string_view(local).substr(11, 5) : std::string_view(local);
}

std::string TimeRange(const InvitationInfo& info) {
  return std::string(Hm(info.appointment.slot_start)) + " – " + std::string(Hm(info.appointment.slot_end));
}

}  // namespace

std::string VietnameseDay(std::string_view iso_date_time) {
  static constexpr std::array<const char*, 7> kDays = {"Thứ Hai", "Thứ Ba",  "Thứ Tư",  "Thứ Năm",
                                                       "Thứ Sáu", "Thứ Bảy", "Chủ nhật"};
  auto date = Date::Parse(iso_date_time.substr(0, 10));
  if (!date.ok()) return std::string(iso_date_time);
  return std::string(kDays[static_cast<size_t>(date->weekday())]) + ", " + Dmy(*date);
}

Status WriteInvitationXlsx(const std::string& path, const CellHeading& cell,
                           std::span<const InvitationInfo> infos) {
  using Kind = XlsxColumn::Kind;
  CARDEX_ASSIGN_OR_RETURN(std::unique_ptr<XlsxWriter> out, XlsxWriter::OpenFile(path));
  CARDEX_RETURN_IF_ERROR(out->AddSheet(
      {"Danh sách mời",
       "Danh sách mời đổi thẻ đảng viên — " + CellLabel(cell) + " — lập ngày " + Dmy(cell.made_on),
       {{"STT", 5, Kind::kInteger},
        {"Số thẻ đảng viên", 14},
        {"Họ và tên", 28},
        {"Ngày", 11, Kind::kDate},
        {"Từ", 7, Kind::kTime},
        {"Đến", 7, Kind::kTime},
        {"Địa điểm", 34},
        {"Mã điểm", 10},
        {"Hình thức", 18},
        {"Mã mời", 14}}}));
  int64_t n = 0;
  for (const InvitationInfo& info : infos) {
    const StoredAppointment& a = info.appointment;
    XlsxCell day, from, to;
    if (auto d = Date::Parse(std::string_view(a.slot_start).substr(0, 10)); d.ok()) {
      day = XlsxDateSerial(d->days());
    }
    if (auto t = TimeOfDay::Parse(Hm(a.slot_start)); t.ok()) from = XlsxTimeSerial(t->minutes());
    if (auto t = TimeOfDay::Parse(Hm(a.slot_end)); t.ok()) to = XlsxTimeSerial(t->minutes());
    const std::string place = Place(info);
    CARDEX_RETURN_IF_ERROR(out->WriteRow(
        {static_cast<double>(++n), std::string_view(a.member_no), std::string_view(info.full_name), day,
         from, to, std::string_view(place), std::string_view(a.station_code),
         std::string_view(IsHome(info) ? "Tại nhà" : "Tại điểm tiếp nhận"),
         std::string_view(a.invitation_code)}));
  }
  return out->Close();
}

namespace {

// One cell's list, then one card per member (from a new page).
Status AddCellInvitations(PdfDocument& doc, const CellHeading& cell, std::span<const InvitationInfo> infos) {
  doc.AddTitle("Danh sách mời đổi thẻ đảng viên");
  doc.AddParagraph(CellLabel(cell) + ". Lập ngày " + Dmy(cell.made_on) + ". " +
                   std::to_string(infos.size()) +
                   " đảng viên được mời theo khung giờ dưới đây; mỗi đồng chí nhận một giấy mời ở "
                   "các trang sau.");
  using Align = PdfTable::Column::Align;
  PdfTable table{{{"STT", 0.6, Align::kRight},
                  {"Số thẻ", 1.1},
                  {"Họ và tên", 2.4},
                  {"Ngày", 2.0},
                  {"Giờ", 1.35, Align::kCenter},
                  {"Địa điểm", 2.25}},
                 {}};
  int n = 0;
  for (const InvitationInfo& info : infos) {
    table.rows.push_back({std::to_string(++n), info.appointment.member_no, info.full_name,
                          VietnameseDay(info.appointment.slot_start), TimeRange(info), Place(info)});
  }
  doc.AddTable(std::move(table));
  doc.AddPageBreak();
  for (const InvitationInfo& info : infos) {
    const StoredAppointment& a = info.appointment;
    PdfCard card;
    card.heading = "GIẤY MỜI ĐỔI THẺ ĐẢNG VIÊN";
    card.fields = {{"Kính gửi đồng chí", info.full_name},
                   {"Số thẻ đảng viên", a.member_no},
                   {"Chi bộ", (cell.name.empty() ? cell.code : cell.name) +
                                  (cell.parent_name.empty() ? "" : ", " + cell.parent_name)},
                   {"Địa điểm", Place(info)},
                   {"Ngày", VietnameseDay(a.slot_start)},
                   {"Giờ", TimeRange(info)},
                   {"Mang theo", kBring}};
    card.note = IsHome(info) ? "Cán bộ " + StationLabel(info) +
                                   " sẽ đến nhà đồng chí trong khung giờ trên. Xin đưa mã QR này cho "
                                   "cán bộ tiếp nhận."
                             : "Xin đồng chí đến đúng giờ để không phải chờ lâu, và đưa mã QR này cho "
                               "cán bộ tiếp nhận.";
    if (!a.invitation_code.empty()) {
      CARDEX_ASSIGN_OR_RETURN(QrCode qr, QrCode::Encode(a.invitation_code));
      card.qr = std::move(qr);
      card.qr_caption = "Mã mời: " + a.invitation_code;
    }
    doc.AddCard(std::move(card));
  }
  return Status::Ok();
}

}  // namespace

Status WriteInvitationPdf(const std::string& path, const CellHeading& cell,
                          std::span<const InvitationInfo> infos) {
  PdfDocument doc(path, {"Giấy mời đổi thẻ đảng viên — " + CellLabel(cell),
                         CellLabel(cell) + " — lập ngày " + Dmy(cell.made_on)});
  CARDEX_RETURN_IF_ERROR(AddCellInvitations(doc, cell, infos));
  return doc.Close();
}

Status WriteUnitInvitationPdf(const std::string& path, const std::string& unit_label, Date made_on,
                              std::span<const CellInvitations> cells) {
  PdfDocument doc(path, {"Giấy mời đổi thẻ đảng viên — " + unit_label, unit_label + " — lập ngày " + Dmy(made_on)});
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) doc.AddPageBreak();
    CARDEX_RETURN_IF_ERROR(AddCellInvitations(doc, cells[i].heading, cells[i].infos));
  }
  return doc.Close();
}

}  // namespace cardex::plan
