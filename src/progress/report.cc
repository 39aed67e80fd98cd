#include "cardex/progress/report.h"

#include <cstdio>
#include <map>
#include <memory>

#include "cardex/core/dates.h"
#include "cardex/core/unit_tree.h"
#include "cardex/core/vn_format.h"
#include "cardex/core/vn_name.h"
#include "cardex/io/chart.h"
#include "cardex/io/csv.h"
#include "cardex/io/pdf.h"
#include "cardex/io/xlsx.h"
#include "cardex/progress/daily.h"
#include "cardex/progress/rollup.h"
#include "cardex/store/lookups.h"
#include "report_committee.h"

namespace cardex::progress {
namespace {

std::string_view KindVi(std::string_view kind) { return UnitKindLabel(kind); }

// "Tỉnh Lâm Đồng" or "A, B" for several roots.
std::string RootNames(const std::vector<ProgressRow>& rows) {
  std::string names;
  for (const ProgressRow& r : rows) {
    if (r.depth != 0) continue;
    if (!names.empty()) names += ", ";
    names += r.unit_name.empty() ? r.unit_code : r.unit_name;
  }
  return names;
}

std::string Title(const std::vector<ProgressRow>& rows, std::string_view date) {
  std::string title = "Tiến độ đổi thẻ đảng viên";
  const std::string roots = RootNames(rows);
  if (!roots.empty()) title += " — " + roots;
  return title + " — ngày " + std::string(date);
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

double Ratio(int64_t part, int64_t whole) {
  return whole == 0 ? 0.0 : static_cast<double>(part) / static_cast<double>(whole);
}

}  // namespace

std::string PercentReceived(int64_t received, int64_t official_members) {
  if (official_members <= 0) return "0.0";
  // Tenths of a percent in integers: no binary rounding at x.x5.
  const int64_t tenths = (received * 2000 + official_members) / (2 * official_members);
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10);
}

Result<std::vector<ProgressRow>> ProgressRows(Store& store, std::string_view unit_code) {
  return ProgressRows(store, unit_code, CampaignToday());
}

Result<std::vector<ProgressRow>> ProgressRows(Store& store, std::string_view unit_code,
                                              const Date& today) {
  CARDEX_RETURN_IF_ERROR(EnsureCurrent(store).status());
  CARDEX_ASSIGN_OR_RETURN(const UnitTree tree, LoadUnitTree(store));
  std::vector<size_t> starts;
  if (unit_code.empty()) {
    starts = tree.Roots();
  } else {
    const size_t at = tree.Find(unit_code);
    if (at == UnitTree::kNone) return Status::NotFound("no unit " + std::string(unit_code));
    starts = {at};
  }
  CARDEX_ASSIGN_OR_RETURN(const auto figures, AllUnitFigures(store));
  std::vector<ProgressRow> rows;
  for (size_t start : starts) {
    for (size_t u : tree.Subtree(start)) {
      const Unit& unit = tree.units()[u];
      ProgressRow row{unit.code, unit.name, unit.kind, unit.parent_code,
                      tree.Depth(u) - tree.Depth(start), tree.Children(u).empty()};
      if (auto f = figures.find(unit.code); f != figures.end()) {
        row.official_members = f->second.Official();
        row.received = f->second.Received();
        row.handed_over = f->second.HandedOver();
        row.with_appointment = f->second.with_appointment;
        row.corrections_open = f->second.CorrectionsOpen();
        row.oldest_correction_days = f->second.OldestCorrectionDays(today);
        row.mean_correction_days = f->second.MeanCorrectionDays(today);
      }
      rows.push_back(std::move(row));
    }
  }
  return rows;
}

std::vector<ProgressRow> OrderForPeople(const std::vector<ProgressRow>& rows) {
  std::map<std::string_view, size_t> index;
  for (size_t i = 0; i < rows.size(); ++i) index.emplace(rows[i].unit_code, i);
  std::vector<std::vector<size_t>> kids(rows.size());
  std::vector<size_t> tops;
  for (size_t i = 0; i < rows.size(); ++i) {
    auto parent = index.find(rows[i].parent_code);
    if (rows[i].depth == 0 || parent == index.end()) {
      tops.push_back(i);
    } else {
      kids[parent->second].push_back(i);
    }
  }
  std::vector<std::string> keys;
  keys.reserve(rows.size());
  for (const ProgressRow& r : rows) keys.push_back(vn_name::UnitSortKey(r.unit_name.empty() ? r.unit_code : r.unit_name));
  auto by_name = [&](size_t a, size_t b) { return keys[a] < keys[b]; };
  std::stable_sort(tops.begin(), tops.end(), by_name);
  for (auto& k : kids) std::stable_sort(k.begin(), k.end(), by_name);
  std::vector<ProgressRow> out;
  out.reserve(rows.size());
  std::vector<size_t> stack(tops.rbegin(), tops.rend());
  while (!stack.empty()) {
    const size_t i = stack.back();
    stack.pop_back();
    out.push_back(rows[i]);
    for (auto it = kids[i].rbegin(); it != kids[i].rend(); ++it) stack.push_back(*it);
  }
  return out;
}

Status WriteProgressCsv(const std::vector<ProgressRow>& rows, const std::string& path) {
  // For people (officers open it in Excel): a unit name that starts like a
  // formula is neutralised (io/csv.h, CsvAudience).
  CARDEX_ASSIGN_OR_RETURN(std::unique_ptr<CsvWriter> out,
                          CsvWriter::OpenFile(path, CsvAudience::kPerson));
  CARDEX_RETURN_IF_ERROR(out->WriteRow({"unit_code", "unit_name", "kind", "official_members",
                                        "received", "handed_over", "percent_received"}));
  for (const ProgressRow& r : rows) {
    const std::string official = std::to_string(r.official_members);
    const std::string received = std::to_string(r.received);
    const std::string handed = std::to_string(r.handed_over);
    const std::string percent = PercentReceived(r.received, r.official_members);
    CARDEX_RETURN_IF_ERROR(
        out->WriteRow({r.unit_code, r.unit_name, r.kind, official, received, handed, percent}));
  }
  return out->Close();
}

Status WriteProgressXlsx(const std::vector<ProgressRow>& code_rows, const std::string& path,
                         std::string_view date) {
  using Kind = XlsxColumn::Kind;
  const std::vector<ProgressRow> rows = OrderForPeople(code_rows);
  const std::string title = Title(rows, date);
  const std::vector<XlsxColumn> columns = {{"Mã đơn vị", 18},
                                           {"Tên đơn vị", 30},
                                           {"Cấp", 12},
                                           {"Số đảng viên phải đổi thẻ", 14, Kind::kInteger, true},
                                           {"Đã nhận hồ sơ", 12, Kind::kInteger, true},
                                           {"Đã trao thẻ", 12, Kind::kInteger, true},
                                           {"Tỷ lệ đã nhận hồ sơ", 12, Kind::kPercent},
                                           {"Đã có lịch hẹn (được mời)", 14, Kind::kInteger, true},
                                           {"Số chỉnh sửa còn mở", 12, Kind::kInteger, true},
                                           {"Số ngày mở của chỉnh sửa lâu nhất", 14, Kind::kInteger},
                                           {"Số ngày mở trung bình của chỉnh sửa", 14, Kind::kDecimal}};
  CARDEX_ASSIGN_OR_RETURN(std::unique_ptr<XlsxWriter> out, XlsxWriter::OpenFile(path));
  auto write = [&](const ProgressRow& r) {
    // Indented names show the tree in a sheet that cannot nest rows.
    const std::string name = std::string(static_cast<size_t>(r.depth) * 2, ' ') + r.unit_name;
    return out->WriteRow({std::string_view(r.unit_code), std::string_view(name), KindVi(r.kind),
                          static_cast<double>(r.official_members), static_cast<double>(r.received),
                          static_cast<double>(r.handed_over), Ratio(r.received, r.official_members),
                          static_cast<double>(r.with_appointment), static_cast<double>(r.corrections_open),
                          static_cast<double>(r.oldest_correction_days), r.mean_correction_days});
  };
  CARDEX_RETURN_IF_ERROR(out->AddSheet({"Tiến độ", title, columns}));
  for (const ProgressRow& r : rows) CARDEX_RETURN_IF_ERROR(write(r));
  CARDEX_RETURN_IF_ERROR(out->AddSheet({"Chi bộ", title, columns}));
  for (const ProgressRow& r : rows) {
    if (r.leaf) CARDEX_RETURN_IF_ERROR(write(r));
  }
  CARDEX_RETURN_IF_ERROR(out->WriteTotals("Tổng cộng"));
  return out->Close();
}

Status WriteProgressPdf(const std::vector<ProgressRow>& code_rows, const std::string& path,
                        std::string_view date, const CommitteeView* committee) {
  const std::vector<ProgressRow> rows = OrderForPeople(code_rows);
  const std::string roots = RootNames(rows);
  PdfDocument pdf(path, {Title(rows, date), roots + " — ngày " + std::string(date)});
  if (committee != nullptr) AddCommitteePage(pdf, *committee);
  pdf.AddTitle("Tiến độ đổi thẻ đảng viên");
  pdf.AddParagraph("Đơn vị: " + roots + ". Số liệu đến ngày " + std::string(date) + ".");

  // The chart compares the parts of the report's root: its children, or
  // the roots themselves when there are several (or the root is a leaf).
  int roots_count = 0;
  for (const ProgressRow& r : rows) roots_count += r.depth == 0 ? 1 : 0;
  const int chart_depth = roots_count == 1 && rows.size() > 1 ? 1 : 0;
  Chart chart;
  chart.title = "Tỷ lệ đã nhận hồ sơ và đã trao thẻ";
  chart.y_label = "%";
  chart.y_max = 100;
  chart.series = {{"Đã nhận hồ sơ", {}}, {"Đã trao thẻ", {}}};
  for (const ProgressRow& r : rows) {
    if (r.depth != chart_depth) continue;
    const std::string label = r.unit_name.empty() ? r.unit_code : r.unit_name;
    chart.series[0].points.push_back({label, 100 * Ratio(r.received, r.official_members)});
    chart.series[1].points.push_back({label, 100 * Ratio(r.handed_over, r.official_members)});
  }
  pdf.AddChart(std::move(chart), 220);
  pdf.AddSpace(12);

  using Align = PdfTable::Column::Align;
  PdfTable table;
  table.columns = {{"Mã đơn vị", 2.0},
                   {"Tên đơn vị", 3.2},
                   {"Cấp", 1.5},
                   {"Phải đổi thẻ", 1.3, Align::kRight},
                   {"Được mời", 1.2, Align::kRight},
                   {"Đã nhận hồ sơ", 1.3, Align::kRight},
                   {"Đã trao thẻ", 1.3, Align::kRight},
                   {"Tỷ lệ đã nhận (%)", 1.3, Align::kRight},
                   {"Chỉnh sửa còn mở", 1.3, Align::kRight},
                   {"Lâu nhất (ngày)", 1.2, Align::kRight},
                   {"Trung bình (ngày)", 1.3, Align::kRight}};
  for (const ProgressRow& r : rows) {
    table.rows.push_back({r.unit_code, std::string(static_cast<size_t>(r.depth) * 2, ' ') + r.unit_name,
                          std::string(KindVi(r.kind)), vn_format::Integer(r.official_members),
                          vn_format::Integer(r.with_appointment), vn_format::Integer(r.received),
                          vn_format::Integer(r.handed_over),
                          vn_format::Decimal(100 * Ratio(r.received, r.official_members), 1),
                          vn_format::Integer(r.corrections_open), vn_format::Integer(r.oldest_correction_days),
                          vn_format::Decimal(r.mean_correction_days, 1)});
  }
  pdf.AddTable(std::move(table));
  return pdf.Close();
}

Result<int64_t> WriteProgressReport(Store& store, std::string_view unit_code,
                                    const std::string& path) {
  const bool csv = EndsWith(path, ".csv"), xlsx = EndsWith(path, ".xlsx"), pdf = EndsWith(path, ".pdf");
  if (!csv && !xlsx && !pdf) {
    return Status::InvalidArgument(path + ": the report is written as .csv, .xlsx or .pdf");
  }
  const Date today = CampaignToday();
  CARDEX_ASSIGN_OR_RETURN(const std::vector<ProgressRow> rows, ProgressRows(store, unit_code, today));
  const std::string date = vn_format::DateText(today);
  if (csv) CARDEX_RETURN_IF_ERROR(WriteProgressCsv(rows, path));
  if (xlsx) CARDEX_RETURN_IF_ERROR(WriteProgressXlsx(rows, path, date));
  if (pdf) {
    CARDEX_ASSIGN_OR_RETURN(const CommitteeView committee, LoadCommitteeView(store, unit_code, today));
    CARDEX_RETURN_IF_ERROR(WriteProgressPdf(rows, path, date, &committee));
  }
  return static_cast<int64_t>(rows.size());
}

}  // namespace cardex::progress
