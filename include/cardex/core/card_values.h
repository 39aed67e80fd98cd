// What a member's card carries, and whether the member is cleanly
// standardised: the one rule the desk's read-back, the desk's refusal of
// confirm and submit, and card production share, so that no card is signed
// with data the population registry contradicts.
//
// The rule, in order:
//  1. an open correction (sent by the unit, or wrong data found at the desk)
//     → not clean ("unclean.open_correction");
//  2. the registry records a death → not clean ("unclean.deceased");
//  3. standardised values exist (resolution applied the registry's values or
//     a suggested citizen) → clean; the card carries them, each empty one
//     falling back to the recorded value;
//  4. never reconciled, or `match` → clean; the card carries the recorded
//     values (nothing is known to contradict them);
//  5. `fixable` → clean; the card carries the registry's spelling of every
//     field that differs (only in form), the recorded value of the others;
//  6. `mismatch` → not clean ("unclean.open_difference", the fields);
//  7. `invalid_id`, `duplicate_id`, `id_not_found`, `wrong_person` → not
//     clean ("unclean.wrong_id", the verdict).
// The cases are data: tests/cases/card_values/*.case.
//
// Thread safety: a pure function.
#ifndef CARDEX_CORE_CARD_VALUES_H_
#define CARDEX_CORE_CARD_VALUES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cardex {

struct PersonValues {
  std::string citizen_id, full_name, birth_date, gender;
};

// What is known about a member, as stored.
struct CardSource {
  PersonValues recorded;
  std::optional<PersonValues> standard;  // the member_standard row, if any
  std::string verdict;                   // "" when never reconciled
  std::string fields;                    // "full_name;birth_date;gender" subset
  PersonValues registry;                 // the registry's name, birth date, gender
  std::string registry_deceased_on;
  int64_t open_corrections = 0;
};

struct CardValues {
  PersonValues values;  // what the card carries (meaningful when clean)
  // Empty when clean; else the catalogue id of why not (core/messages.h,
  // "unclean.*") and its arguments.
  std::string unclean_id;
  std::vector<std::string> unclean_args;
  bool clean() const { return unclean_id.empty(); }
};

CardValues ResolveCardValues(const CardSource& source);

}  // namespace cardex

#endif  // CARDEX_CORE_CARD_VALUES_H_
