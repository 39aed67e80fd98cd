// Spreadsheets for people (XLSX, on libxlsxwriter): one or more sheets, each
// a table with a title row, a bold header row, set column widths, the header
// frozen while scrolling, an autofilter, and an optional totals row.
//
// Layout of a sheet:
//   row 1  the title (bold, larger, merged across the columns), e.g.
//          "Danh sách mời — Chi bộ thôn 1 — ngày 05/08/2025"
//   row 2  the column headers (bold, shaded, wrapped), frozen with row 1
//   row 3… the data rows, in the order written
//   last   the totals row when WriteTotals() is called (bold): the label in
//          the first column, the sum of every column marked `total`
//
// Numbers are written as numbers (never as text), in the column's format;
// dates and times as Excel serial values with a date/time format, so that
// sorting and sums work in the spreadsheet. Identifiers that look like
// numbers (member_no, citizen ids) belong in text columns: they keep their
// leading zeros.
//
// Rows are streamed (libxlsxwriter's constant-memory mode): memory does not
// grow with the row count. A sheet holds at most 1,048,576 rows; when a
// sheet is full the rows continue on a new sheet named "NAME (2)", "NAME (3)"
// … with the same title and header, so a national list still fits.
//
// The file appears under its name only when Close() succeeds (written to a
// temporary file beside it, then renamed), like CsvWriter.
//
// Thread safety: one writer is used by one thread at a time.
#ifndef CARDEX_IO_XLSX_H_
#define CARDEX_IO_XLSX_H_

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "cardex/core/status.h"

namespace cardex {

struct XlsxColumn {
  enum class Kind {
    kText,      // as given
    kInteger,   // "#,##0"
    kDecimal,   // "#,##0.0" (one decimal, like percent_received)
    kPercent,   // value 0.25 shows as "25.0%"
    kDate,      // serial days (XlsxDateSerial), shown "dd/mm/yyyy"
    kTime,      // fraction of a day (XlsxTimeSerial), shown "hh:mm"
  };
  std::string header;   // UTF-8, e.g. "Họ và tên"
  double width = 12;    // in characters of the default font
  Kind kind = Kind::kText;
  bool total = false;   // summed in the totals row (numeric kinds only)
};

struct XlsxSheet {
  std::string name;   // tab name; at most 31 characters, none of []:*?/\ (replaced by '_')
  std::string title;  // row 1; "" for none (the header is then row 1)
  std::vector<XlsxColumn> columns;
};

// A cell: empty, text, or a number (for kDate/kTime columns a serial value).
using XlsxCell = std::variant<std::monostate, std::string_view, double>;

// Excel's serial day of a date given as days since 1970-01-01 (Date::days()).
inline double XlsxDateSerial(int days_since_1970) { return days_since_1970 + 25569.0; }
// The fraction of a day that `minutes` after midnight is.
inline double XlsxTimeSerial(int minutes) { return minutes / 1440.0; }

class XlsxWriter {
 public:
  struct Options {
    // Rows per sheet before the rest continue on "NAME (2)": Excel's limit
    // (tests use a small one).
    int64_t max_sheet_rows = 1048576;
  };
  // Creates the workbook that Close() will put at `path` (a directory beside
  // it must be writable). kIoError naming the path otherwise.
  static Result<std::unique_ptr<XlsxWriter>> OpenFile(const std::string& path);
  static Result<std::unique_ptr<XlsxWriter>> OpenFile(const std::string& path, Options options);

  virtual ~XlsxWriter() = default;

  // Starts a sheet; rows written after go to it. The previous sheet is
  // finished (no more rows can go to it). At least one column.
  virtual Status AddSheet(const XlsxSheet& sheet) = 0;

  // One data row: cells for the columns in order (fewer cells leave the
  // rest empty; more is kInvalidArgument). Text in a numeric column, or a
  // number in a text column, is written as given (text stays text).
  virtual Status WriteRow(std::span<const XlsxCell> cells) = 0;
  Status WriteRow(std::initializer_list<XlsxCell> cells) {
    return WriteRow(std::span<const XlsxCell>(cells.begin(), cells.size()));
  }

  // The totals row of the current sheet: `label` in the first column and,
  // in every column marked `total`, a SUM formula over the data rows of
  // this sheet (with its value cached, so readers that do not compute
  // formulas see it too). Ends the sheet's data.
  virtual Status WriteTotals(std::string_view label) = 0;

  // Data rows written to the current sheet (continuation sheets included).
  virtual int64_t rows() const = 0;

  // Writes the workbook and renames it into place. Idempotent. A writer
  // destroyed without Close() leaves nothing behind.
  virtual Status Close() = 0;
};

}  // namespace cardex

#endif  // CARDEX_IO_XLSX_H_
