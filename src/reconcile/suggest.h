// The suggestion rule: which candidate, if any, a member that needs a
// suggestion is given, and why.
//
// Every candidate blocking found is compared with the member
// (reconcile/compare.h) and scored by the run's Fellegi-Sunter model
// (reconcile/fs_model.h). The best candidate is suggested only when
//   - its probability of being the person meant, against the other
//     candidates and against "none of them" (2^s / (1 + sum 2^s_k)), is at
//     least rule.min_probability, and it scores at least
//     rule.min_margin_bits more than the runner-up; or it is formats.md's
//     confident match (name up to diacritics, birth date and gender agree);
//   - its name and birth date each agree at least partly (a near id alone
//     never names a person);
//   - no other candidate agrees with the member at least as well on name,
//     birth date and gender, unless the best is nearer the recorded id and
//     the other does not agree exactly as well (namesakes born the same
//     day: whatever the recorded id says, formats.md wants no suggestion;
//     but a record whose date and id were both mistyped keeps its person
//     against a stranger born on the typed date).
// Precision comes first: a wrong suggestion costs an officer more than none.
//
// Thread safety: pure functions; SuggestAll uses up to `threads` threads.
#ifndef CARDEX_SRC_RECONCILE_SUGGEST_H_
#define CARDEX_SRC_RECONCILE_SUGGEST_H_

#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cardex/reconcile/match_reasons.h"
#include "reconcile/compare.h"
#include "reconcile/fs_model.h"

namespace cardex::reconcile {

struct SuggestRule {
  double min_probability = 0.9999;
  double min_margin_bits = 6.0;
};

struct ScoredCandidate {
  Levels levels{};
  double score = 0;
  // The name's weight when adjusted for how common the name is (Splink's
  // term-frequency adjustment); NaN: the model's weight of the level.
  double name_weight = std::numeric_limits<double>::quiet_NaN();
};

struct Choice {
  int index = -1;  // into the candidates; -1: no suggestion
  double probability = 0;
  double margin = 0;  // bits above the runner-up (99 when none)
};

Choice Choose(std::span<const ScoredCandidate> candidates, const SuggestRule& rule);

MatchReasons ReasonsFor(const FsModel& model, const ScoredCandidate& chosen, const Choice& choice);

// One candidate of one member, as the registry gave it.
struct CandidateRow {
  uint32_t subject = 0;  // index into the subjects
  int64_t citizen_id = 0;
  std::string_view full_name, birth_date, gender;
  // The citizen the recorded id names (wrong_person): it competes, so that a
  // record that is only mistyped keeps its own person, but is never
  // suggested.
  bool own = false;
};

struct Outcome {
  int64_t citizen_id = -1;  // -1: none
  std::string reasons;      // EncodeMatchReasons, empty without a suggestion
};

// `rows` grouped by subject (ascending). Fits the model on a sample of the
// pairs (stored in *model when not null) and decides every subject.
std::vector<Outcome> SuggestAll(std::span<const Subject> subjects,
                                std::span<const CandidateRow> rows, const SuggestRule& rule,
                                int threads = 2, FsModel* model = nullptr);

}  // namespace cardex::reconcile

#endif  // CARDEX_SRC_RECONCILE_SUGGEST_H_
