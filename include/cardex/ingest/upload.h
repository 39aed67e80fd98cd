// A member list uploaded by a unit officer on the web: CSV as formats.md
// describes it, CSV separated by ';' (Excel in a Vietnamese locale), or an
// XLSX workbook (its first sheet, read with libzip and expat). The file
// goes through the same import as `cardex import members` (ImportText),
// all or nothing, limited to the officer's unit, in the caller's
// transaction: a refused file has written rows the caller must roll back
// (the HTTP pipeline does for every refusal).
//
// Lines in issues are the file's: the CSV line, or the sheet's row number.
#ifndef CARDEX_INGEST_UPLOAD_H_
#define CARDEX_INGEST_UPLOAD_H_

#include <map>
#include <string>
#include <string_view>

#include "cardex/ingest/import.h"

namespace cardex {

struct UploadResult {
  ImportResult import;
  // "csv", "csv_semicolon" or "xlsx": how the file was read.
  std::string format;
  // Where each header column sits, for people: "D" in a sheet, "4" in a CSV.
  std::map<std::string, std::string> column_position;
};

// `name` stands for the file in the English errors. A Status that is not
// ok means the import could not be attempted (an unknown unit, the
// database); a file that cannot be read at all is a refusal (one issue at
// line 0), like any bad row. `actor` is who uploaded, for the audit entry
// "import.members" written in the caller's transaction with the rows.
Result<UploadResult> ImportMemberUpload(Store& store, std::string_view bytes,
                                        const std::string& name, const std::string& within_unit,
                                        const std::string& actor, size_t max_errors = 200);

}  // namespace cardex

#endif  // CARDEX_INGEST_UPLOAD_H_
