// The progress report (`cardex report progress [--unit CODE] --out FILE`,
// formats.md "The progress report"), read from the roll-ups (rollup.h).
//
// One row per unit of the chosen subtree (every root when no unit is
// given), parents before children (depth first, children in code order in
// the CSV, in Vietnamese order of their names in the XLSX and PDF).
// Definitions, exactly as the CSV states them:
//   official_members  status official, verdict not `deceased`, and not
//                     closed at the desk with reason `deceased`
//                     (Figures::Official): a death found either way takes
//                     the member out;
//   received          of those, documents submitted by a station
//                     (IsReceived: submitted, card_produced,
//                     card_delivered, handed_over);
//   handed_over       of those, the new card in hand (IsHandedOver);
//   percent_received  received / official_members × 100, one decimal,
//                     rounded half up; "0.0" when official_members is 0.
//
// The output follows the file's extension:
//   .csv   the contract above, nothing else;
// The XLSX and PDF (never the CSV, whose columns formats.md fixes) add the
// roll-ups' other figures for the same subtree: invited (members to
// exchange holding an appointment, Figures::with_appointment), corrections
// open, and the age in days of the oldest open correction and their mean
// age (Figures::OldestCorrectionDays / MeanCorrectionDays on the report's
// day, the campaign day in Vietnam).
//
//   .xlsx  for people: sheet "Tiến độ" (every row, Vietnamese headers, the
//          unit and date in the title) and sheet "Chi bộ" (the units with
//          no child, i.e. the cells, with a totals row: nested rows cannot
//          be summed, the leaves can);
//   .pdf   for people: the committee's first page (below), then title
//          with the unit and date, a bar chart of the
//          percent received and handed over per child unit of the root
//          (per root when several), and the table.
#ifndef CARDEX_PROGRESS_REPORT_H_
#define CARDEX_PROGRESS_REPORT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cardex/core/dates.h"
#include "cardex/core/status.h"
#include "cardex/progress/committee_view.h"
#include "cardex/store/store.h"

namespace cardex::progress {

struct ProgressRow {
  std::string unit_code, unit_name, kind, parent_code;
  int depth = 0;  // 0 for the report's root(s)
  bool leaf = true;
  int64_t official_members = 0, received = 0, handed_over = 0;
  // For people only (XLSX, PDF): not in the CSV contract.
  int64_t with_appointment = 0, corrections_open = 0;
  int oldest_correction_days = 0;     // 0 when none is open
  double mean_correction_days = 0;    // 0 when none is open
};

// The rows for people (XLSX, PDF): the same tree, depth first, siblings
// in Vietnamese order of their names (vn_name::UnitSortKey) rather than
// code order; the CSV keeps the contract's code order.
std::vector<ProgressRow> OrderForPeople(const std::vector<ProgressRow>& rows);

// received / official × 100 with one decimal, rounded half up; "0.0" for 0/0.
std::string PercentReceived(int64_t received, int64_t official_members);

// The rows of `unit_code`'s subtree ("" for every root). Brings the
// roll-ups up to date first (EnsureCurrent). kNotFound for an unknown unit.
// Correction ages are counted on `today` (the first form: CampaignToday()).
Result<std::vector<ProgressRow>> ProgressRows(Store& store, std::string_view unit_code);
Result<std::vector<ProgressRow>> ProgressRows(Store& store, std::string_view unit_code,
                                              const Date& today);

// Writes the report for the rows to `path` (.csv, .xlsx or .pdf; another
// extension is kInvalidArgument). `date` is shown in the XLSX and PDF
// titles ("dd/mm/yyyy").
Status WriteProgressCsv(const std::vector<ProgressRow>& rows, const std::string& path);
Status WriteProgressXlsx(const std::vector<ProgressRow>& rows, const std::string& path,
                         std::string_view date);
// With `committee` (WriteProgressReport always gives it), the PDF opens
// with the committee's page (committee_view.h): the day curve against the
// targets and the forecast, the label with why and what to do, and the
// units needing action; the chart and tables follow from the next page.
Status WriteProgressPdf(const std::vector<ProgressRow>& rows, const std::string& path,
                        std::string_view date, const CommitteeView* committee = nullptr);
// By extension, with today's date (correction ages on the campaign day);
// returns the rows written.
Result<int64_t> WriteProgressReport(Store& store, std::string_view unit_code,
                                    const std::string& path);

}  // namespace cardex::progress

#endif  // CARDEX_PROGRESS_REPORT_H_
