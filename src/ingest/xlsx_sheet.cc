// The first worksheet of an XLSX file (xlsx_sheet.h): libzip opens the
// archive in memory, expat streams each XML part through small handlers.
#include "xlsx_sheet.h"

#include <expat.h>
#include <zip.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <memory>
#include <set>

#include "cardex/core/dates.h"

namespace cardex::ingest {
namespace {

constexpr zip_uint64_t kMaxPart = 64u << 20;

struct ZipCloser {
  void operator()(zip_t* z) const { zip_discard(z); }
};
using Zip = std::unique_ptr<zip_t, ZipCloser>;

// The part `name`, or "" with *found false when the archive lacks it.
Result<std::string> ReadPart(zip_t* zip, const std::string& name, bool* found) {
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat(zip, name.c_str(), 0, &st) != 0) {
    *found = false;
    return std::string();
  }
  *found = true;
  if (!(st.valid & ZIP_STAT_SIZE) || st.size > kMaxPart) {
    return Status::InvalidArgument("the workbook part " + name + " is larger than 64 MB");
  }
  zip_file_t* f = zip_fopen(zip, name.c_str(), 0);
  if (!f) return Status::InvalidArgument("the workbook part " + name + " cannot be read");
  std::string out(static_cast<size_t>(st.size), '\0');
  zip_int64_t n = zip_fread(f, out.data(), st.size);
  zip_fclose(f);
  if (n < 0 || static_cast<zip_uint64_t>(n) != st.size) {
    return Status::InvalidArgument("the workbook part " + name + " is damaged");
  }
  return out;
}

// An element's local name: expat reports "namespace|local" (ParserCreateNS).
std::string_view Local(const XML_Char* name) {
  std::string_view n(name);
  size_t bar = n.rfind('|');
  return bar == std::string_view::npos ? n : n.substr(bar + 1);
}

std::string Attr(const XML_Char** attrs, std::string_view local) {
  for (int i = 0; attrs[i]; i += 2) {
    if (Local(attrs[i]) == local) return attrs[i + 1];
  }
  return "";
}

// Streams `xml` through `start`, `end` and `text` handlers.
struct Handlers {
  std::function<void(std::string_view, const XML_Char**)> start;
  std::function<void(std::string_view)> end;
  std::function<void(std::string_view)> text;
};

Status Parse(const std::string& xml, const std::string& part, Handlers& h) {
  std::unique_ptr<std::remove_pointer_t<XML_Parser>, decltype(&XML_ParserFree)> parser(
      XML_ParserCreateNS("UTF-8", '|'), &XML_ParserFree);
  if (!parser) return Status::Internal("expat could not start");
  XML_SetUserData(parser.get(), &h);
  XML_SetElementHandler(
      parser.get(),
      [](void* d, const XML_Char* name, const XML_Char** attrs) {
        auto* hh = static_cast<Handlers*>(d);
        if (hh->start) hh->start(Local(name), attrs);
      },
      [](void* d, const XML_Char* name) {
        auto* hh = static_cast<Handlers*>(d);
        if (hh->end) hh->end(Local(name));
      });
  XML_SetCharacterDataHandler(parser.get(), [](void* d, const XML_Char* s, int len) {
    auto* hh = static_cast<Handlers*>(d);
    if (hh->text) hh->text(std::string_view(s, static_cast<size_t>(len)));
  });
  if (XML_Parse(parser.get(), xml.data(), static_cast<int>(xml.size()), XML_TRUE) == XML_STATUS_ERROR) {
    return Status::InvalidArgument("the workbook part " + part + " is not well-formed XML (line " +
                                   std::to_string(XML_GetCurrentLineNumber(parser.get())) + ": " +
                                   XML_ErrorString(XML_GetErrorCode(parser.get())) + ")");
  }
  return Status::Ok();
}

// Built-in number formats that are dates (ECMA-376 18.8.30).
bool BuiltinDate(int id) { return (id >= 14 && id <= 22) || (id >= 45 && id <= 47); }

// A custom format is a date when it has d, m or y outside quotes and
// brackets (colours, conditions) and is not only a time.
bool CustomDate(std::string_view code) {
  bool quoted = false, bracket = false, date = false;
  for (size_t i = 0; i < code.size(); ++i) {
    char c = code[i];
    if (c == '"') quoted = !quoted;
    else if (quoted) continue;
    else if (c == '\\') ++i;
    else if (c == '[') bracket = true;
    else if (c == ']') bracket = false;
    else if (!bracket && (c == 'd' || c == 'D' || c == 'y' || c == 'Y')) date = true;
  }
  return date;
}

// Column index of a reference like "AB12" (0-based), or -1.
int ColumnOf(std::string_view ref) {
  int col = 0;
  size_t i = 0;
  while (i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z') col = col * 26 + (ref[i++] - 'A' + 1);
  return i == 0 || col > 16384 ? -1 : col - 1;
}

std::string NumberText(const std::string& v) {
  char* end = nullptr;
  double d = std::strtod(v.c_str(), &end);
  if (end == v.c_str() || *end != '\0' || !std::isfinite(d)) return v;
  if (d == std::floor(d) && std::fabs(d) < 1e15) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f", d);
    return buf;
  }
  return v;
}

}  // namespace

bool LooksLikeZip(std::string_view bytes) { return bytes.substr(0, 4) == std::string_view("PK\x03\x04", 4); }

std::string ColumnLetters(size_t column) {
  std::string out;
  for (size_t n = column + 1; n > 0; n = (n - 1) / 26) out.insert(out.begin(), static_cast<char>('A' + (n - 1) % 26));
  return out;
}

Result<std::vector<SheetRow>> ReadFirstSheet(std::string_view bytes) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (!src) return Status::InvalidArgument("the file cannot be read as a zip archive");
  Zip zip(zip_open_from_source(src, ZIP_RDONLY, &error));
  if (!zip) {
    zip_source_free(src);
    zip_error_fini(&error);
    return Status::InvalidArgument("the file is not an XLSX workbook (not a zip archive)");
  }
  zip_error_fini(&error);
  bool found = false;

  // The workbook: the first sheet's relationship id, the date system.
  CARDEX_ASSIGN_OR_RETURN(std::string workbook, ReadPart(zip.get(), "xl/workbook.xml", &found));
  if (!found) return Status::InvalidArgument("the file is not an XLSX workbook (no xl/workbook.xml)");
  std::string sheet_rel;
  bool date1904 = false;
  {
    Handlers h;
    h.start = [&](std::string_view name, const XML_Char** a) {
      if (name == "sheet" && sheet_rel.empty()) sheet_rel = Attr(a, "id");
      if (name == "workbookPr") {
        std::string v = Attr(a, "date1904");
        date1904 = v == "1" || v == "true";
      }
    };
    CARDEX_RETURN_IF_ERROR(Parse(workbook, "xl/workbook.xml", h));
  }
  std::string sheet_path = "xl/worksheets/sheet1.xml";
  CARDEX_ASSIGN_OR_RETURN(std::string rels, ReadPart(zip.get(), "xl/_rels/workbook.xml.rels", &found));
  if (found && !sheet_rel.empty()) {
    Handlers h;
    h.start = [&](std::string_view name, const XML_Char** a) {
      if (name != "Relationship" || Attr(a, "Id") != sheet_rel) return;
      std::string target = Attr(a, "Target");
      sheet_path = target.starts_with("/") ? target.substr(1) : "xl/" + target;
    };
    CARDEX_RETURN_IF_ERROR(Parse(rels, "xl/_rels/workbook.xml.rels", h));
  }

  // Shared strings: each <si>'s text runs, phonetic runs left out.
  std::vector<std::string> shared;
  CARDEX_ASSIGN_OR_RETURN(std::string sst, ReadPart(zip.get(), "xl/sharedStrings.xml", &found));
  if (found) {
    bool in_t = false;
    int phonetic = 0;
    Handlers h;
    h.start = [&](std::string_view name, const XML_Char**) {
      if (name == "si") shared.emplace_back();
      if (name == "rPh") ++phonetic;
      if (name == "t") in_t = true;
    };
    h.end = [&](std::string_view name) {
      if (name == "rPh") --phonetic;
      if (name == "t") in_t = false;
    };
    h.text = [&](std::string_view s) {
      if (in_t && phonetic == 0 && !shared.empty()) shared.back() += s;
    };
    CARDEX_RETURN_IF_ERROR(Parse(sst, "xl/sharedStrings.xml", h));
  }

  // Styles: which cell formats are dates.
  std::vector<bool> xf_is_date;
  CARDEX_ASSIGN_OR_RETURN(std::string styles, ReadPart(zip.get(), "xl/styles.xml", &found));
  if (found) {
    std::set<int> custom_dates;
    bool in_xfs = false;
    Handlers h;
    h.start = [&](std::string_view name, const XML_Char** a) {
      if (name == "numFmt" && CustomDate(Attr(a, "formatCode"))) {
        custom_dates.insert(std::atoi(Attr(a, "numFmtId").c_str()));
      }
      if (name == "cellXfs") in_xfs = true;
      if (name == "xf" && in_xfs) {
        int id = std::atoi(Attr(a, "numFmtId").c_str());
        xf_is_date.push_back(BuiltinDate(id) || custom_dates.count(id) > 0);
      }
    };
    h.end = [&](std::string_view name) {
      if (name == "cellXfs") in_xfs = false;
    };
    CARDEX_RETURN_IF_ERROR(Parse(styles, "xl/styles.xml", h));
  }

  CARDEX_ASSIGN_OR_RETURN(std::string sheet, ReadPart(zip.get(), sheet_path, &found));
  if (!found) return Status::InvalidArgument("the workbook has no worksheet (" + sheet_path + ")");
  std::vector<SheetRow> rows;
  struct {
    int col = -1;
    std::string type, value;
    int style = 0;
    bool in_value = false;
  } cell;
  int next_col = 0;
  int64_t next_row = 1;
  Handlers h;
  h.start = [&](std::string_view name, const XML_Char** a) {
    if (name == "row") {
      std::string r = Attr(a, "r");
      rows.push_back({r.empty() ? next_row : std::atoll(r.c_str()), {}});
      next_row = rows.back().row + 1;
      next_col = 0;
    } else if (name == "c" && !rows.empty()) {
      int col = ColumnOf(Attr(a, "r"));
      cell.col = col < 0 ? next_col : col;
      cell.type = Attr(a, "t");
      cell.style = std::atoi(Attr(a, "s").c_str());
      cell.value.clear();
    } else if (name == "v" || (name == "t" && cell.type == "inlineStr")) {
      cell.in_value = true;
    }
  };
  h.text = [&](std::string_view s) {
    if (cell.in_value) cell.value += s;
  };
  h.end = [&](std::string_view name) {
    if (name == "v" || name == "t") cell.in_value = false;
    if (name != "c" || rows.empty() || cell.col < 0) return;
    SheetCell out;
    if (cell.type == "s") {
      size_t i = static_cast<size_t>(std::atoll(cell.value.c_str()));
      out.text = i < shared.size() ? shared[i] : "";
    } else if (cell.type == "str" || cell.type == "inlineStr" || cell.type == "e") {
      out.text = cell.value;
    } else if (cell.type == "b") {
      out.text = cell.value == "1" ? "1" : "0";
    } else if (!cell.value.empty()) {
      const bool date = cell.style >= 0 && static_cast<size_t>(cell.style) < xf_is_date.size() &&
                        xf_is_date[static_cast<size_t>(cell.style)];
      char* end = nullptr;
      double serial = std::strtod(cell.value.c_str(), &end);
      if (date && end != cell.value.c_str() && serial >= 1 && serial < 2958466) {
        // Day 0 is 1899-12-30 (Excel's 1900 system, past its leap-year bug)
        // or 1904-01-01; 1970-01-01 is day 25569 or 24107.
        int days = static_cast<int>(std::floor(serial)) - (date1904 ? 24107 : 25569);
        out.text = Date::FromDays(days).ToString();
      } else {
        out.text = NumberText(cell.value);
        out.number = true;
      }
    }
    auto& cells = rows.back().cells;
    if (cells.size() <= static_cast<size_t>(cell.col)) cells.resize(static_cast<size_t>(cell.col) + 1);
    cells[static_cast<size_t>(cell.col)] = std::move(out);
    next_col = cell.col + 1;
    cell.col = -1;
  };
  CARDEX_RETURN_IF_ERROR(Parse(sheet, sheet_path, h));
  return rows;
}

}  // namespace cardex::ingest
