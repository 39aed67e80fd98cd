// Field-by-field comparison of a member's recorded values with one registry
// citizen, at graded levels (the comparison vector of Fellegi-Sunter). Level
// 0 is the closest agreement; the last level of each field is "different".
// The levels are a public vocabulary: the reasons of a suggestion name them
// (reconcile/match_reasons.h), and the case files under
// tests/cases/comparison pin them down.
//
// Thread safety: pure functions; a Subject is read-only once built.
#ifndef CARDEX_SRC_RECONCILE_COMPARE_H_
#define CARDEX_SRC_RECONCILE_COMPARE_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cardex::reconcile {

enum class Field : uint8_t { kName, kBirthDate, kGender, kCitizenId };
inline constexpr int kFieldCount = 4;

enum NameLevel : uint8_t {
  kNameSame,         // equal, or differs only in form (formats.md)
  kNameDiacritics,   // the same letters, other diacritics (Hùng / Hưng)
  kNameReordered,    // the same words in another order
  kNameVariant,      // one word another spelling of the same name (Phúc / Phước)
  kNameTypo,         // one word one edit away (a letter dropped, doubled, misread)
  kNameTwoEdits,     // one word two edits away (rn read for m)
  kNameWordMissing,  // one word more or less, the rest in order
  kNameSimilar,      // Jaro-Winkler of the folded names at least 0.9, of the given names 0.8
  kNameDifferent,
  kNameLevels
};

enum DateLevel : uint8_t {
  kDateSame,      // equal, or the recorded partial date agrees
  kDateSwapped,   // day and month the other way round
  kDateOneDigit,  // one digit wrong, or two neighbouring digits swapped
  kDateYearOff,   // the year one off, day and month the same
  kDatePartly,    // two of year, month and day agree
  kDateDifferent,
  kDateLevels
};

enum GenderLevel : uint8_t { kGenderSame, kGenderDifferent, kGenderLevels };

enum IdLevel : uint8_t {
  kIdOneEdit,       // one digit wrong, two neighbours swapped, or the leading zero lost
  kIdProvinceOnly,  // only the first three digits (the province) differ
  kIdTwoEdits,      // two digits wrong
  // Far from the candidate's, and the recorded id is another living
  // citizen's (wrong_person). Kept apart from kIdDifferent because the two
  // say different things: a list whose ids name the wrong people says
  // little about this candidate, while an id that names nobody was most
  // often mistyped from the person's own, so a candidate far from it is
  // less likely the person. The model learns both (fs_model.h).
  kIdOtherPerson,
  kIdDifferent,
  kIdLevels
};

inline constexpr std::array<int, kFieldCount> kLevelCounts = {kNameLevels, kDateLevels,
                                                              kGenderLevels, kIdLevels};

// Stable names of fields and levels, used in the stored reasons.
std::string_view FieldName(Field f);
std::string_view LevelName(Field f, int level);
// The level of `f` named `name`; -1 when unknown.
int LevelByName(Field f, std::string_view name);

using Levels = std::array<uint8_t, kFieldCount>;

// The member's side, prepared once for all its candidates.
struct Subject {
  std::string full_name, birth_date, gender, citizen_id;  // as recorded
  std::vector<std::string> words;                         // folded
  std::string folded;                                     // words joined by ' '
  // The recorded id is another living citizen's (verdict wrong_person).
  bool id_names_other = false;
};
Subject MakeSubject(std::string_view full_name, std::string_view birth_date,
                    std::string_view gender, std::string_view citizen_id,
                    bool id_names_other = false);

// A registry citizen (registry.h's view, the id as 12 digits).
struct CandidateFacts {
  std::string_view full_name, birth_date, gender;
  int64_t citizen_id = 0;
};

// `words` is FoldedWords(c.full_name), when the caller has it (else empty:
// it is computed).
Levels Compare(const Subject& s, const CandidateFacts& c,
               const std::vector<std::string>* words = nullptr);

// Exposed for the tests.
NameLevel CompareNames(const Subject& s, std::string_view registry_name,
                       const std::vector<std::string>& registry_words);
DateLevel CompareDates(std::string_view recorded, std::string_view registry);
IdLevel CompareIds(std::string_view recorded, std::string_view registry12);
double JaroWinkler(std::string_view a, std::string_view b);
// Optimal string alignment distance (adjacent transpositions count one),
// giving up above `limit` (returns limit + 1).
int EditDistance(std::string_view a, std::string_view b, int limit);

}  // namespace cardex::reconcile

#endif  // CARDEX_SRC_RECONCILE_COMPARE_H_
