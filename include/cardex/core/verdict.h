// The reconciliation verdicts of formats.md ("The reconciliation report") as
// pure functions: what a member's recorded values and the registry's values
// for the recorded citizen_id make of the member, and whether a citizen is a
// confident match for a member (the suggestion rule).
//
// Nothing here does I/O or knows other members: whether the recorded id is
// carried by another member (duplicate_id) is the caller's to say.
//
// Thread safety: all functions are safe to call concurrently.
#ifndef CARDEX_CORE_VERDICT_H_
#define CARDEX_CORE_VERDICT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cardex {

// In the order the rules apply: the first that applies is the verdict.
enum class Verdict : uint8_t {
  kInvalidId,
  kDuplicateId,
  kIdNotFound,
  kDeceased,
  kWrongPerson,
  kMismatch,
  kFixable,
  kMatch,
};
inline constexpr int kVerdictCount = 8;

std::string_view VerdictName(Verdict verdict);  // "invalid_id", ...
std::optional<Verdict> ParseVerdict(std::string_view name);

// Verdicts for which a suggestion is looked for.
inline bool WantsSuggestion(Verdict v) {
  return v == Verdict::kInvalidId || v == Verdict::kIdNotFound || v == Verdict::kWrongPerson;
}

// The fields that differ "in any way" (byte for byte), as a bit set.
enum FieldBit : uint8_t { kFieldFullName = 1, kFieldBirthDate = 2, kFieldGender = 4 };
// "full_name;birth_date;gender" order; "" for none.
std::string FieldsText(uint8_t fields);
// The inverse of FieldsText; nullopt for an unknown name.
std::optional<uint8_t> ParseFields(std::string_view text);

// A member's values as recorded (formats.md members.csv).
struct RecordedFacts {
  std::string_view citizen_id;
  std::string_view full_name;
  std::string_view birth_date;  // YYYY, YYYY-MM or YYYY-MM-DD
  std::string_view gender;      // "M" or "F"
};

// The registry's values for one citizen (formats.md citizens.csv).
struct RegistryFacts {
  std::string_view full_name;
  std::string_view birth_date;  // YYYY-MM-DD
  std::string_view gender;
  std::string_view deceased_on;  // "" while alive
};

struct Assessment {
  Verdict verdict = Verdict::kMatch;
  uint8_t fields = 0;  // FieldBits; non-zero only for mismatch and fixable
};

// The verdict for a member. `duplicate_id`: another member carries the same
// (well-formed) citizen_id. `citizen`: the registry's row for the recorded
// id, or null when there is none (ignored for invalid and duplicate ids).
Assessment Assess(const RecordedFacts& member, bool duplicate_id, const RegistryFacts* citizen);

// formats.md: a partial recorded birth date that agrees with the registry's
// full date differs only in form. True for equal strings too.
bool BirthDateDiffersOnlyInForm(std::string_view recorded, std::string_view registry);

// The suggestion rule: the citizen is living, has the member's gender, a
// birth date the recorded (possibly partial) one agrees with, and a name
// from which the recorded name differs only in form.
bool IsConfidentMatch(const RecordedFacts& member, const RegistryFacts& citizen);

// The key under which suggestion candidates are found: a 64-bit hash of
// the folded name (vn_name::FoldKey), the gender and the birth date as
// written. A citizen that is a confident match for a member with a full
// birth date has the member's key; for a partial date ("1980", "1980-05"),
// the key of one of the full dates it stands for (formats.md's agreement)
// with the member's name and gender. Other citizens may share a key (hash
// collisions), so a candidate found by key is still decided with
// IsConfidentMatch.
//
// The store keeps every citizen's key (Store::LookupCitizensBySuggestionKey):
// a change to this function or to FoldKey must come with a schema migration
// that recomputes the stored keys.
int64_t SuggestionKey(std::string_view full_name, std::string_view birth_date,
                      std::string_view gender);

}  // namespace cardex

#endif  // CARDEX_CORE_VERDICT_H_
