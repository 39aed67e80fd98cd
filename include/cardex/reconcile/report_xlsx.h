// The reconciliation report for people (`cardex reconcile --out FILE.xlsx`):
// the stored results of the last run as a spreadsheet in Vietnamese, for
// the unit officers who fix member data. The CSV report (formats.md) stays
// the machine-readable contract; this is its readable companion.
//
// Sheet "Đảng viên", one row per member in member_no order: Số thẻ đảng
// viên, Họ và tên (as recorded), Ngày sinh (as recorded), Chi bộ (unit
// name), Mã chi bộ, Số CCCD đã ghi (masked: MaskCitizenId, the officers
// recognise it, the list does not spread it), Kết quả (the verdict in
// Vietnamese), Mã kết quả (the verdict's code, as in the CSV), Thông tin
// sai khác (the fields, in Vietnamese), Số CCCD đề xuất (the suggestion in
// full: the officers need it to correct the record), and for mismatch and
// fixable only the registry's Họ tên / Ngày sinh theo CSDL dân cư (for
// other verdicts the registry row may be someone else's), and with a
// suggestion its Khả năng đúng người (probability) and Lý do đề xuất (each
// field's agreement and weight, match_reasons.h DescribeMatchFields).
//
// Sheet "Theo đơn vị", one row per unit, parents before children: code,
// name, level, members with a result, one count column per verdict
// ("Khớp (match)", …), suggestions, and the share that match. Counts cover
// the unit's whole subtree. No citizen id appears there.
//
// Both sheets have a title row naming the root units and the date.
#ifndef CARDEX_RECONCILE_REPORT_XLSX_H_
#define CARDEX_RECONCILE_REPORT_XLSX_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "cardex/core/status.h"
#include "cardex/core/verdict.h"
#include "cardex/store/store.h"

namespace cardex::reconcile {

// "Khớp", "Số CCCD không hợp lệ", …: the verdict as a person reads it.
std::string_view VerdictLabelVi(Verdict verdict);
// "Họ tên; Ngày sinh; Giới tính" order of FieldsText; "" for none.
std::string FieldsLabelVi(uint8_t fields);

// Writes the report of the stored results to `path`; returns the member
// rows written. kFailedPrecondition when reconcile never ran.
Result<int64_t> WriteReportXlsx(Store& store, const std::string& path);

}  // namespace cardex::reconcile

#endif  // CARDEX_RECONCILE_REPORT_XLSX_H_
