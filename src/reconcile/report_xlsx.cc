#include "cardex/core/unit_tree.h"
#include "cardex/reconcile/report_xlsx.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <set>
#include <unordered_map>
#include <vector>

#include "cardex/core/citizen_id.h"
#include "cardex/core/dates.h"
#include "cardex/core/vn_name.h"
#include "cardex/io/xlsx.h"
#include "cardex/progress/daily.h"
#include "cardex/reconcile/match_reasons.h"
#include "unit_counts.h"

namespace cardex::reconcile {
namespace {

// What the report keeps per member between the two scans: only what it
// prints, so that a national run stays in memory.
struct ResultCells {
  std::string member_no;
  Verdict verdict;
  uint8_t fields;
  std::string suggested;
  std::string registry_name, registry_birth;  // mismatch and fixable only
  double probability = -1;                    // of the suggestion; -1 without one
  std::string reasons;                        // DescribeMatchFields, Vietnamese
};

std::string_view KindLabelVi(std::string_view kind) { return UnitKindLabel(kind); }

std::string Title(const std::vector<UnitVerdictCounts>& units) {
  std::set<std::string> codes;
  for (const auto& u : units) codes.insert(u.unit.code);
  std::string roots;
  for (const auto& u : units) {
    if (!u.unit.parent_code.empty() && codes.count(u.unit.parent_code)) continue;
    if (!roots.empty()) roots += ", ";
    roots += u.unit.name.empty() ? u.unit.code : u.unit.name;
  }
  // Vietnam's date (Asia/Ho_Chi_Minh), not the server's: a UTC server is
  // still on yesterday until 07:00 in Vietnam.
  const Date today = progress::CampaignToday();
  char date[16];
  std::snprintf(date, sizeof date, "%02d/%02d/%04d", today.day(), today.month(), today.year());
  std::string title = "Kết quả đối soát với CSDL quốc gia về dân cư";
  if (!roots.empty()) title += " — " + roots;
  return title + " — ngày " + date;
}

}  // namespace

std::string_view VerdictLabelVi(Verdict verdict) {
  switch (verdict) {
    case Verdict::kInvalidId: return "Số CCCD không hợp lệ";
    case Verdict::kDuplicateId: return "Số CCCD trùng với đảng viên khác";
    case Verdict::kIdNotFound: return "Không có số CCCD này trong CSDL dân cư";
    case Verdict::kDeceased: return "Đã từ trần (theo CSDL dân cư)";
    case Verdict::kWrongPerson: return "Số CCCD là của người khác";
    case Verdict::kMismatch: return "Thông tin khác với CSDL dân cư";
    case Verdict::kFixable: return "Chỉ khác cách ghi, sửa theo CSDL được";
    case Verdict::kMatch: return "Khớp";
  }
  return "";
}

// "1960-05-17" → "17/05/1960", "1960-05" → "05/1960"; anything else
// (a bare year, nothing) as it is.
std::string DateForPeople(const std::string& iso) {
  if (iso.size() == 10 && iso[4] == '-' && iso[7] == '-') {
    return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
  }
  if (iso.size() == 7 && iso[4] == '-') return iso.substr(5, 2) + "/" + iso.substr(0, 4);
  return iso;
}

std::string FieldsLabelVi(uint8_t fields) {
  static constexpr std::array<std::pair<uint8_t, const char*>, 3> kNames = {
      {{kFieldFullName, "Họ tên"}, {kFieldBirthDate, "Ngày sinh"}, {kFieldGender, "Giới tính"}}};
  std::string out;
  for (const auto& [bit, name] : kNames) {
    if ((fields & bit) == 0) continue;
    if (!out.empty()) out += "; ";
    out += name;
  }
  return out;
}

Result<int64_t> WriteReportXlsx(Store& store, const std::string& path) {
  CARDEX_ASSIGN_OR_RETURN(const std::optional<ReconcileRun> run, store.LastReconcileRun());
  if (!run.has_value()) return Status::FailedPrecondition("no reconciliation has run yet");
  CARDEX_ASSIGN_OR_RETURN(const std::vector<UnitVerdictCounts> units, CountVerdictsByUnit(store));
  std::unordered_map<std::string, std::string> unit_names;
  for (const auto& u : units) unit_names.emplace(u.unit.code, u.unit.name);

  std::vector<ResultCells> results;
  CARDEX_RETURN_IF_ERROR(store.ScanReconcileResults([&](const ReconcileResultRow& r) {
    ResultCells c{r.member_no, r.verdict, r.fields, r.suggested_citizen_id, "", "", -1, ""};
    if (!r.suggestion_reasons.empty()) {
      auto reasons = DecodeMatchReasons(r.suggestion_reasons);
      if (reasons.ok()) {
        c.probability = reasons->probability;
        c.reasons = DescribeMatchFields(*reasons);
      }
    }
    if (r.verdict == Verdict::kMismatch || r.verdict == Verdict::kFixable) {
      c.registry_name = r.registry_full_name;
      c.registry_birth = r.registry_birth_date;
    }
    results.push_back(std::move(c));
    return Status::Ok();
  }));

  using Kind = XlsxColumn::Kind;
  const std::string title = Title(units);
  CARDEX_ASSIGN_OR_RETURN(std::unique_ptr<XlsxWriter> out, XlsxWriter::OpenFile(path));
  CARDEX_RETURN_IF_ERROR(out->AddSheet({"Đảng viên",
                                        title,
                                        {{"Số thẻ đảng viên", 14},
                                         {"Họ và tên", 26},
                                         {"Ngày sinh", 11},
                                         {"Chi bộ", 24},
                                         {"Mã chi bộ", 16},
                                         {"Số CCCD đã ghi", 15},
                                         {"Kết quả", 30},
                                         {"Mã kết quả", 13},
                                         {"Thông tin sai khác", 18},
                                         {"Số CCCD đề xuất", 15},
                                         {"Họ tên theo CSDL dân cư", 26},
                                         {"Ngày sinh theo CSDL dân cư", 13},
                                         {"Khả năng đúng người", 11, Kind::kPercent},
                                         {"Lý do đề xuất", 60}}}));
  // Members and results are both in member_no order: merge; then the rows
  // go out as a list for people: by unit name, then by the member's given
  // name and the rest (Vietnamese order). Both CCCDs are masked: the
  // suggestion is a citizen's id like the member's own.
  struct Line {
    std::string unit_key, person_key;
    std::string member_no, full_name, birth_date, unit_name, unit_code, masked, suggested;
    size_t result = 0;
  };
  std::vector<Line> lines;
  size_t i = 0;
  CARDEX_RETURN_IF_ERROR(store.ScanMembers([&](const Member& m) {
    while (i < results.size() && results[i].member_no < m.member_no) ++i;
    if (i == results.size() || results[i].member_no != m.member_no) return Status::Ok();
    const auto unit = unit_names.find(m.unit_code);
    const std::string unit_name = unit == unit_names.end() ? "" : unit->second;
    lines.push_back({vn_name::UnitSortKey(unit_name), vn_name::PersonSortKey(m.full_name), m.member_no,
                     m.full_name, DateForPeople(m.birth_date), unit_name, m.unit_code,
                     MaskCitizenId(m.citizen_id),
                     results[i].suggested.empty() ? std::string() : MaskCitizenId(results[i].suggested), i});
    return Status::Ok();
  }));
  std::stable_sort(lines.begin(), lines.end(), [](const Line& a, const Line& b) {
    if (a.unit_key != b.unit_key) return a.unit_key < b.unit_key;
    if (a.unit_code != b.unit_code) return a.unit_code < b.unit_code;
    return a.person_key < b.person_key;
  });
  int64_t written = 0;
  for (const Line& l : lines) {
    const ResultCells& r = results[l.result];
    const std::string fields = FieldsLabelVi(r.fields);
    const std::string registry_birth = DateForPeople(r.registry_birth);
    ++written;
    CARDEX_RETURN_IF_ERROR(out->WriteRow(
        {std::string_view(l.member_no), std::string_view(l.full_name), std::string_view(l.birth_date),
         std::string_view(l.unit_name), std::string_view(l.unit_code), std::string_view(l.masked),
         VerdictLabelVi(r.verdict), VerdictName(r.verdict), std::string_view(fields), std::string_view(l.suggested),
         std::string_view(r.registry_name), std::string_view(registry_birth),
         r.probability >= 0 ? XlsxCell(r.probability) : XlsxCell(), std::string_view(r.reasons)}));
  }

  std::vector<XlsxColumn> columns = {{"Mã đơn vị", 18}, {"Tên đơn vị", 28}, {"Cấp", 12},
                                     {"Số đảng viên", 11, Kind::kInteger}};
  for (int v = 0; v < kVerdictCount; ++v) {
    const auto verdict = static_cast<Verdict>(v);
    columns.push_back({std::string(VerdictLabelVi(verdict)) + " (" + std::string(VerdictName(verdict)) + ")",
                       14, Kind::kInteger});
  }
  columns.push_back({"Có số CCCD đề xuất", 12, Kind::kInteger});
  columns.push_back({"Tỷ lệ khớp", 10, Kind::kPercent});
  CARDEX_RETURN_IF_ERROR(out->AddSheet({"Theo đơn vị", title, std::move(columns)}));
  std::vector<XlsxCell> cells;
  for (const UnitVerdictCounts& u : units) {
    cells = {std::string_view(u.unit.code), std::string_view(u.unit.name), KindLabelVi(u.unit.kind),
             static_cast<double>(u.members)};
    for (int64_t n : u.verdicts) cells.emplace_back(static_cast<double>(n));
    cells.emplace_back(static_cast<double>(u.suggestions));
    if (u.members > 0) {
      cells.emplace_back(static_cast<double>(u.verdicts[static_cast<size_t>(Verdict::kMatch)]) /
                         static_cast<double>(u.members));
    }
    CARDEX_RETURN_IF_ERROR(out->WriteRow(cells));
  }
  CARDEX_RETURN_IF_ERROR(out->Close());
  return written;
}

}  // namespace cardex::reconcile
