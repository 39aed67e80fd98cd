#include "cardex/ingest/absences.h"

#include <array>
#include <unordered_map>

#include "cardex/io/csv.h"
#include "row_check.h"

namespace cardex {
namespace {

using ingest::ColumnSpec;
constexpr std::array<ColumnSpec, 2> kColumns = {{{"member_no", true}, {"reason", true}}};
constexpr size_t kNo = 0, kReason = 1;

}  // namespace

Result<AbsenceFile> ReadAbsenceFile(const std::string& path,
                                    const std::function<std::string(std::string_view)>& refusal,
                                    size_t max_errors) {
  CARDEX_ASSIGN_OR_RETURN(std::unique_ptr<CsvReader> reader, CsvReader::OpenFile(path));
  AbsenceFile result;
  ingest::RowErrors errors(path, max_errors);
  auto finish = [&]() {
    if (errors.any()) {
      result.rows.clear();
      result.errors = errors.Take();
      result.errors_truncated = errors.total() > result.errors.size();
    }
    return result;
  };
  std::vector<std::string_view> fields;
  auto header = reader->Next(&fields);
  if (!header.ok()) {
    errors.AddFile(header.status().message(), "không đọc được tệp CSV: " + header.status().message());
    return finish();
  }
  if (!*header) {
    errors.AddFile("the file is empty; expected a header line with the columns member_no,reason",
                   "tệp rỗng; cần dòng tiêu đề với các cột member_no,reason");
    return finish();
  }
  ingest::HeaderMap map;
  if (!map.Build(kColumns, fields, errors)) return finish();
  std::unordered_map<std::string, int64_t> seen;  // member_no -> line
  while (!errors.full()) {
    auto more = reader->Next(&fields);
    if (!more.ok()) {
      errors.AddFile(more.status().message(), "không đọc được tệp CSV: " + more.status().message());
      break;
    }
    if (!*more) break;
    ingest::RowReader row(kColumns, map, fields, reader->record_line(), errors);
    if (!row.well_formed()) continue;
    std::string_view reason;
    const bool reason_ok = row.Enum(kReason, {"busy", "ill", "wrong_data"}, &reason);
    std::string_view no = row.Get(kNo);
    if (no.empty()) continue;
    if (std::string why = refusal(no); !why.empty()) {
      // The reason is the caller's (the command line's, in English).
      row.Error(kNo, why, why);
      continue;
    }
    auto [it, fresh] = seen.emplace(std::string(no), row.line());
    if (!fresh) {
      row.Error(kNo, "the member appears twice in the file (first on line " +
                         std::to_string(it->second) + ")",
                "đảng viên xuất hiện hai lần trong tệp (lần đầu ở dòng " + std::to_string(it->second) + ")");
      continue;
    }
    if (reason_ok) result.rows.push_back(AbsenceRow{std::string(no), std::string(reason)});
  }
  if (errors.full()) {
    errors.AddFile("stopped reading after " + std::to_string(max_errors) + " errors",
                   "đã dừng đọc sau " + std::to_string(max_errors) + " lỗi");
  }
  return finish();
}

}  // namespace cardex
