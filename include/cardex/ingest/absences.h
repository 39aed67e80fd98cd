// The absence file of `cardex plan --catch-up --absent FILE.csv`: the
// members who missed their appointment and why.
//
// Columns: member_no,reason, where reason is `busy`, `ill` or `wrong_data`
// (extra columns are ignored). Checked like an import: every bad row is
// reported as FILE:LINE: column: message (up to `max_errors`), and a file
// with any is refused whole. A member must exist and be one the plan
// receives (official, not deceased, not past reception), and appear once. Messages never repeat
// the member number.
#ifndef CARDEX_INGEST_ABSENCES_H_
#define CARDEX_INGEST_ABSENCES_H_

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "cardex/core/status.h"

namespace cardex {

struct AbsenceRow {
  std::string member_no;
  std::string reason;  // busy, ill or wrong_data
};

struct AbsenceFile {
  std::vector<AbsenceRow> rows;     // in file order; empty when refused
  std::vector<std::string> errors;  // capped at max_errors
  bool errors_truncated = false;
};

// Reads `path`. `refusal` says why a member number may not be planned again
// ("no member has this number", "the member is not to be received: past
// reception (submitted)", ...: plan::WhyNotFn), "" when it may; its answer
// is the row's error. Fails only when the file cannot be opened; a bad file
// is an AbsenceFile with errors.
Result<AbsenceFile> ReadAbsenceFile(const std::string& path,
                                    const std::function<std::string(std::string_view)>& refusal,
                                    size_t max_errors = 100);

}  // namespace cardex

#endif  // CARDEX_INGEST_ABSENCES_H_
