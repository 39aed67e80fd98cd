// The member's side of blocking: under which keys (core/verdict.h
// SuggestionKey, core/block_keys.h GivenBlockKey and FamilyBlockKey) the
// registry is asked for a member's candidates. One typo must not hide the
// person meant, so besides the keys of the recorded values the member asks
// for
//   - its name's words in other orders (each word may be the given name),
//     and its given name's variant spellings;
//   - its birth date read in the ways hand-typed dates go wrong: day and
//     month swapped, one digit changed, two neighbouring digits swapped,
//     the year one off;
//   - the other gender, with the recorded name and date.
// A partial birth date asks for every full date it stands for, without the
// date variants. Every probe is a key; hash collisions only cost a
// candidate that the comparison then rejects.
//
// Thread safety: pure functions.
#ifndef CARDEX_SRC_RECONCILE_BLOCKING_H_
#define CARDEX_SRC_RECONCILE_BLOCKING_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cardex::reconcile {

enum class KeyKind : uint8_t { kSuggestion, kGiven, kFamily };
inline constexpr int kKeyKinds = 3;

struct Probe {
  KeyKind kind;
  int64_t key;
};

// The probes of one member, duplicates removed.
std::vector<Probe> ProbesFor(std::string_view full_name, std::string_view birth_date,
                             std::string_view gender);

// The well-formed 12-digit ids one common slip away from a recorded id
// (as typed, digits only): the leading zero a spreadsheet drops (11
// digits), or two neighbouring digits swapped (12 digits). Asked by key
// with a member's candidates: a person whose name and date were both
// mistyped is found by no name key, but by the id. One-digit substitutions
// (108 per id) are not asked: they cost more lookups than the members'
// own ids.
std::vector<int64_t> NearIds(std::string_view recorded);

// The full dates a hand-typed `date` (YYYY-MM-DD) may have been meant as,
// without `date` itself: valid dates only, years 1900-2100.
std::vector<std::string> DateVariants(std::string_view date);

}  // namespace cardex::reconcile

#endif  // CARDEX_SRC_RECONCILE_BLOCKING_H_
