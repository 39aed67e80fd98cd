// Internal to ingest: the first worksheet of an XLSX workbook as text
// cells, read with libzip (the package) and expat (its XML parts), for
// member lists uploaded from a spreadsheet. Shared strings, inline
// strings, numbers and dates (a number in a date format becomes
// YYYY-MM-DD, in the 1900 or 1904 date system) are read; formulas give
// their cached value; everything else of the workbook is ignored.
#ifndef CARDEX_SRC_INGEST_XLSX_SHEET_H_
#define CARDEX_SRC_INGEST_XLSX_SHEET_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cardex/core/status.h"

namespace cardex::ingest {

struct SheetCell {
  std::string text;
  bool number = false;  // a numeric cell that is not a date
};

struct SheetRow {
  int64_t row = 0;               // the sheet's row number (1-based)
  std::vector<SheetCell> cells;  // by column, A first; gaps are empty cells
};

// True when `bytes` start like a zip archive (an XLSX is one).
bool LooksLikeZip(std::string_view bytes);

// kInvalidArgument naming what is wrong (not a zip, no worksheet, a part
// too large or not well-formed XML). Parts are capped at 64 MB unpacked.
Result<std::vector<SheetRow>> ReadFirstSheet(std::string_view bytes);

// "A" for 0, "AB" for 27.
std::string ColumnLetters(size_t column);

}  // namespace cardex::ingest

#endif  // CARDEX_SRC_INGEST_XLSX_SHEET_H_
