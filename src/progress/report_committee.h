// Internal to the progress report: the committee's first page of the PDF
// (report.h), drawn from a CommitteeView.
#ifndef CARDEX_SRC_PROGRESS_REPORT_COMMITTEE_H_
#define CARDEX_SRC_PROGRESS_REPORT_COMMITTEE_H_

#include "cardex/io/chart.h"
#include "cardex/io/pdf.h"
#include "cardex/progress/committee_view.h"

namespace cardex::progress {

// The day curve: x from the window's first day (or the first day counted)
// to the deadline (or today, or a finish at most 14 days past the
// deadline); the target as the straight line to the deadline, the plan's
// appointments summed day by day, the received and handed-over curves up
// to today, and the forecast from today to its expected finish (dashed).
Chart CommitteeChart(const CommitteeView& view);

// The first page: the figures in one paragraph, the chart, the label with
// why and what to do, and the units needing action; then a page break.
void AddCommitteePage(PdfDocument& pdf, const CommitteeView& view);

}  // namespace cardex::progress

#endif  // CARDEX_SRC_PROGRESS_REPORT_COMMITTEE_H_
