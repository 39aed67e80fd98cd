// Importing the public CSV files (formats.md) into a Store, all or nothing.
//
// Every row is checked: required columns present and non-empty, values of
// the right form, dates that exist and birth dates not in the future, codes
// that exist in the file or the database, keys unique within the file, a unit
// tree without cycles, no control characters. Bad rows are reported each as
//   FILE:LINE: column: what is wrong, what was expected
// up to `max_errors`; when there is any, nothing is written. Re-importing a
// row updates it by its key (units and stations by code, members by
// member_no, citizens by citizen_id, shifts by station, date and start).
//
// Messages never repeat personal values (ids, names, dates): they name the
// place and the rule.
#ifndef CARDEX_INGEST_IMPORT_H_
#define CARDEX_INGEST_IMPORT_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "cardex/core/records.h"
#include "cardex/core/status.h"
#include "cardex/store/store.h"

namespace cardex {

// Called now and then with bytes read so far and the file's size (0 when
// unknown), and rows accepted so far.
using ImportProgress = std::function<void(int64_t bytes_done, int64_t bytes_total, int64_t rows)>;

struct ImportOptions {
  size_t max_errors = 100;   // stop reporting (and reading) after this many
  size_t batch_rows = 4096;  // rows handed to the Store per call
  ImportProgress progress;   // may be empty
  // Who imported, for the audit entry "import.KIND" (subject: the file's
  // name without its directory; after: the rows written), appended in the
  // import's transaction. A refused file writes nothing, the entry included.
  // Also the actor of member.status.official (members a list makes official
  // who were probationary).
  std::string actor = "cli";
  // Members only: when set, every row's unit must lie within this unit's
  // subtree, and a member already recorded in a unit outside it is not
  // moved (a unit officer's upload: their own units only).
  std::optional<std::string> within_unit;
  // Run in the caller's transaction instead of one of its own (the HTTP
  // pipeline's); a refused file has then written rows the caller must roll
  // back, as the pipeline does for any refusal.
  bool in_caller_transaction = false;
};

// One bad row (or the file as a whole: line 0) for people: where, and why
// in English and in Vietnamese.
struct ImportIssue {
  int64_t line = 0;
  std::string column;  // "" when the row or file as a whole is wrong
  std::string message, message_vi;
};

struct ImportResult {
  int64_t rows = 0;                 // rows written (0 when refused)
  std::vector<std::string> errors;  // "FILE:LINE: column: message", capped
  std::vector<ImportIssue> issues;  // the same errors, structured
  bool errors_truncated = false;    // more bad rows than max_errors
  bool ok() const { return errors.empty(); }
};

// Imports `path` as `kind` into `store` in one transaction. A Status that is
// not ok means the import could not be attempted or the database failed
// (nothing written). An ok Status with errors means the file was refused
// (nothing written).
Result<ImportResult> ImportFile(Store& store, RecordKind kind, const std::string& path,
                                const ImportOptions& options = {});

// The same from CSV text in memory (`name` stands for the path in errors).
Result<ImportResult> ImportText(Store& store, RecordKind kind, std::string data,
                                const std::string& name, const ImportOptions& options = {});

// Writes every stored row of `kind` to `path` in the columns of formats.md,
// values as recorded, in key order. The file appears only when complete.
// Returns the number of rows written.
// `formula_fields`, when given, receives how many values were written that
// a spreadsheet would run as formulas (io/csv.h): export stays exact, the
// caller warns.
Result<int64_t> ExportFile(Store& store, RecordKind kind, const std::string& path,
                           int64_t* formula_fields = nullptr);

}  // namespace cardex

#endif  // CARDEX_INGEST_IMPORT_H_
