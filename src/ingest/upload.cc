// An uploaded member list (upload.h): the file is turned into the CSV the
// import reads, then imported exactly as on the command line.
#include "cardex/ingest/upload.h"

#include <unordered_map>

#include "cardex/io/csv.h"
#include "xlsx_sheet.h"

namespace cardex {
namespace {

void AppendField(std::string* out, std::string_view v) {
  if (v.find_first_of(",\"\r\n") == std::string_view::npos) {
    out->append(v);
    return;
  }
  out->push_back('"');
  for (char c : v) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

size_t Lines(std::string_view v) {
  size_t n = 0;
  for (char c : v) n += c == '\n';
  return n;
}

// The CSV text of a sheet, blank rows left out and short rows padded to the
// header; `line_row` maps each CSV line a record starts on to its sheet row.
// Excel drops the leading zero of a number: a citizen id typed as a number
// gets it back (12 digits), a 9-digit phone number its 0.
std::string SheetToCsv(const std::vector<ingest::SheetRow>& rows,
                       std::unordered_map<int64_t, int64_t>* line_row,
                       std::map<std::string, std::string>* position) {
  std::string out;
  int64_t line = 1;
  size_t width = 0;
  int id_col = -1, phone_col = -1;
  bool header = true;
  for (const ingest::SheetRow& r : rows) {
    bool blank = true;
    for (const auto& c : r.cells) blank = blank && c.text.empty();
    if (blank) continue;
    if (header) {
      width = r.cells.size();
      while (width > 0 && r.cells[width - 1].text.empty()) --width;
      for (size_t i = 0; i < width; ++i) {
        (*position)[r.cells[i].text] = ingest::ColumnLetters(i);
        if (r.cells[i].text == "citizen_id") id_col = static_cast<int>(i);
        if (r.cells[i].text == "phone") phone_col = static_cast<int>(i);
      }
    }
    (*line_row)[line] = r.row;
    std::string record;
    const size_t n = std::max(width, r.cells.size());
    for (size_t i = 0; i < n; ++i) {
      if (i > 0) record.push_back(',');
      if (i >= r.cells.size()) continue;
      std::string v = r.cells[i].text;
      if (!header && r.cells[i].number && v.find_first_not_of("0123456789") == std::string::npos) {
        if (static_cast<int>(i) == id_col && v.size() < 12) v.insert(0, 12 - v.size(), '0');
        if (static_cast<int>(i) == phone_col && v.size() == 9) v.insert(0, 1, '0');
      }
      AppendField(&record, v);
    }
    line += 1 + static_cast<int64_t>(Lines(record));
    out += record;
    out.push_back('\n');
    header = false;
  }
  return out;
}

// A ';'-separated CSV as the ','-separated one the import reads: fields
// re-quoted, line breaks kept (so line numbers stay the file's).
std::string SemicolonToComma(std::string_view in) {
  std::string out, field;
  bool quoted = false, was_quoted = false;
  auto flush = [&] {
    AppendField(&out, field);
    field.clear();
    was_quoted = false;
  };
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (quoted) {
      if (c == '"' && i + 1 < in.size() && in[i + 1] == '"') {
        field.push_back('"');
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field.push_back(c);
      }
    } else if (c == '"' && field.empty() && !was_quoted) {
      quoted = was_quoted = true;
    } else if (c == ';') {
      flush();
      out.push_back(',');
    } else if (c == '\n' || c == '\r') {
      flush();
      if (c == '\r' && i + 1 < in.size() && in[i + 1] == '\n') ++i;
      out.push_back('\n');
    } else {
      field.push_back(c);
    }
  }
  if (!field.empty() || was_quoted) flush();
  return out;
}

// The header line, unquoted, of a CSV text ("" fields when unreadable).
std::vector<std::string> HeaderOf(const std::string& csv) {
  auto reader = CsvReader::FromString(csv.substr(0, csv.find('\n')), "header");
  std::vector<std::string_view> fields;
  auto more = reader->Next(&fields);
  std::vector<std::string> out;
  if (more.ok() && *more) out.assign(fields.begin(), fields.end());
  return out;
}

}  // namespace

Result<UploadResult> ImportMemberUpload(Store& store, std::string_view bytes,
                                        const std::string& name, const std::string& within_unit,
                                        const std::string& actor, size_t max_errors) {
  UploadResult out;
  std::string csv;
  std::unordered_map<int64_t, int64_t> line_row;
  if (ingest::LooksLikeZip(bytes)) {
    out.format = "xlsx";
    auto rows = ingest::ReadFirstSheet(bytes);
    if (!rows.ok()) {
      out.import.errors.push_back(name + ": " + rows.status().message());
      out.import.issues.push_back({0, "", rows.status().message(),
                                   "không đọc được tệp XLSX (" + rows.status().message() + ")"});
      return out;
    }
    csv = SheetToCsv(*rows, &line_row, &out.column_position);
  } else {
    out.format = "csv";
    csv.assign(bytes);
    if (csv.starts_with("\xEF\xBB\xBF")) csv.erase(0, 3);
    const std::string first = csv.substr(0, csv.find('\n'));
    if (first.find(',') == std::string::npos && first.find(';') != std::string::npos) {
      out.format = "csv_semicolon";
      csv = SemicolonToComma(csv);
    }
    const std::vector<std::string> header = HeaderOf(csv);
    for (size_t i = 0; i < header.size(); ++i) out.column_position[header[i]] = std::to_string(i + 1);
  }
  ImportOptions options;
  options.max_errors = max_errors;
  options.within_unit = within_unit;
  options.in_caller_transaction = true;
  options.actor = actor;
  CARDEX_ASSIGN_OR_RETURN(out.import, ImportText(store, RecordKind::kMembers, std::move(csv), name, options));
  if (!line_row.empty()) {
    for (ImportIssue& issue : out.import.issues) {
      auto it = line_row.find(issue.line);
      if (it != line_row.end()) issue.line = it->second;
    }
  }
  return out;
}

}  // namespace cardex
