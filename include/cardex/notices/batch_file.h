// Notices as batch files for an operator's gateway that takes files rather
// than calls (docs/notices.md, "Batch files"), and its delivery reports
// read back.
//
// The batch (CSV, UTF-8, formats.md's rules): message_id,to,text,kind,
// send_from,send_until; send_from and send_until are local
// "YYYY-MM-DDTHH:MM" (now, and the start of the quiet hours or of the
// appointment, whichever comes first): the gateway sends nothing outside
// them. Every exported notice becomes `exported` with the batch's name.
//
// The delivery reports (CSV): message_id,status,reported_at[,error] with
// status `delivered` or `failed` and reported_at a UTC
// "YYYY-MM-DDTHH:MM[:SS][Z]". All or nothing: a file with any bad line
// changes nothing and the error names every bad line (up to 50), its
// column and what is wrong. A report for a notice that already has one is
// counted as unchanged (a report delivered twice changes nothing).
//
// Thread safety: one call per store connection.
#ifndef CARDEX_NOTICES_BATCH_FILE_H_
#define CARDEX_NOTICES_BATCH_FILE_H_

#include <cstdint>
#include <string>

#include "cardex/core/status.h"
#include "cardex/notices/clock.h"
#include "cardex/store/store.h"

namespace cardex::notices {

struct ExportOptions {
  QuietHours quiet;
  std::string now;  // UTC; "" for the clock's
  int64_t limit = 1000000;
};

struct ExportReport {
  int64_t exported = 0;
  int64_t superseded = 0, expired = 0;
  bool quiet = false;        // quiet hours: no file was written
  std::string next_allowed;  // UTC, when `quiet`
  std::string batch;         // the file's name, as stored with each notice
};

// Writes the pending notices to `path` (replaced whole, or not at all) and
// marks them exported, in one transaction. Nothing is written in quiet
// hours, nor when nothing is pending (`exported` 0, no file).
Result<ExportReport> ExportBatch(Store& store, const std::string& path, const ExportOptions& options);

struct ImportReport {
  int64_t delivered = 0, failed = 0;
  int64_t unchanged = 0;  // a report already imported, or for a notice sent over HTTP and reported
};

// Imports the delivery reports in `path` (see above).
Result<ImportReport> ImportReports(Store& store, const std::string& path);

}  // namespace cardex::notices

#endif  // CARDEX_NOTICES_BATCH_FILE_H_
