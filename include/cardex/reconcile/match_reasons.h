// Why a suggestion was made: the probability that the suggested citizen is
// the person the organisation meant, the match score, and for each field
// how it agreed and with what weight (a waterfall, as Splink draws it). The
// run stores them with the result (ReconcileResultRow::suggestion_reasons);
// the report, the XLSX and the corrections work list show them.
//
// Encoding (stored, and the report's suggestion_reasons column), fields in
// a fixed order, numbers with '.' and two decimals:
//   p=0.99990;score=31.20;margin=18.20;prior=-4.10;name=same:+9.91;
//   birth_date=swapped:+6.30;gender=same:+0.97;citizen_id=one_edit:+20.00
// `p` is the probability (0-1), `score` the sum of prior and weights in
// bits, `margin` how many bits the runner-up scored less (99.00 when there
// was none). Field names and levels are those of reconcile/compare.h.
//
// Thread safety: pure functions.
#ifndef CARDEX_RECONCILE_MATCH_REASONS_H_
#define CARDEX_RECONCILE_MATCH_REASONS_H_

#include <string>
#include <string_view>
#include <vector>

#include "cardex/core/status.h"

namespace cardex::reconcile {

struct FieldReason {
  std::string field;  // name, birth_date, gender, citizen_id
  std::string level;  // e.g. same, swapped, one_edit
  double weight = 0;  // bits
};

struct MatchReasons {
  double probability = 0;
  double score = 0;
  double margin = 0;
  double prior = 0;
  std::vector<FieldReason> fields;
};

std::string EncodeMatchReasons(const MatchReasons& reasons);
// InvalidArgument naming the part that is not understood.
Result<MatchReasons> DecodeMatchReasons(std::string_view text);

// For people: "Khả năng đúng người: 99,99 %. Họ tên: trùng khớp (+9,9);
// Ngày sinh: đảo ngày và tháng (+6,3); ..." (English when `english`).
std::string DescribeMatchReasons(const MatchReasons& reasons, bool english = false);
// The fields' part alone: "Họ tên: trùng khớp (+9,9); Ngày sinh: ...".
std::string DescribeMatchFields(const MatchReasons& reasons, bool english = false);
// The label of a field, and of one of its levels ("" when unknown).
std::string_view FieldLabel(std::string_view field, bool english = false);
std::string_view LevelLabel(std::string_view field, std::string_view level, bool english = false);

}  // namespace cardex::reconcile

#endif  // CARDEX_RECONCILE_MATCH_REASONS_H_
