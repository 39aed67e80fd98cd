// Blocking keys: under which keys the registry files every citizen, so that
// a member whose name or birth date was mistyped still finds the person the
// organisation meant (reconcile's probabilistic suggestions, issue 22).
//
// Besides SuggestionKey (core/verdict.h: the whole folded name), a citizen
// is filed under two more keys, each leaving out the part of the name that
// one typo most often hits:
//   GivenBlockKey:  gender, birth date, the given name's variant class
//                   (the last word, folded, GivenNameClass): finds the
//                   person through a typo in the family or middle names;
//   FamilyBlockKey: gender, birth date, the folded family name and the
//                   given name's first letter: finds the person through a
//                   typo in the given name after its first letter, or a
//                   variant of it.
// The member's side asks for these keys, for the name's words taken in
// other orders, and for its birth date read in the other ways a hand-typed
// date goes wrong (reconcile/blocking.h).
//
// The store keeps every citizen's keys: a change to these functions, to
// FoldKey or to the variant table must come with a schema migration that
// recomputes them.
//
// Thread safety: all functions are safe to call concurrently.
#ifndef CARDEX_CORE_BLOCK_KEYS_H_
#define CARDEX_CORE_BLOCK_KEYS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cardex {

// The words of vn_name::FoldKey(name), in order ("nguyen", "van", "hung").
std::vector<std::string> FoldedWords(std::string_view name);

// The class of a folded given name among the spellings that stand for the
// same name in Vietnamese lists: the southern variants (Phúc/Phước,
// Hoàng/Huỳnh, Vũ/Võ, Hoa/Huê, Cảnh/Kiểng, ...) and the i/y spellings
// (Vy/Vi, Ly/Li, My/Mi, Thy/Thi). A word outside the table is its own
// class. Returns a view of a static string or of `folded_word`.
std::string_view GivenNameClass(std::string_view folded_word);

// True when two folded words are variants of one name (same class, not equal).
bool AreNameVariants(std::string_view a, std::string_view b);

// Every variant pair of the table (folded, lower case), for the generator.
const std::vector<std::pair<std::string_view, std::string_view>>& NameVariantPairs();

int64_t GivenBlockKey(std::string_view gender, std::string_view birth_date,
                      std::string_view given_class);
int64_t FamilyBlockKey(std::string_view gender, std::string_view birth_date,
                       std::string_view family, char given_initial);

struct CitizenBlockKeys {
  int64_t given = 0;
  int64_t family = 0;
};

// A registry row's keys (its birth date as written, YYYY-MM-DD).
CitizenBlockKeys BlockKeysOf(std::string_view full_name, std::string_view birth_date,
                             std::string_view gender);
// The same from the name's folded words (FoldedWords), without folding again.
CitizenBlockKeys BlockKeysOfWords(const std::vector<std::string>& words,
                                  std::string_view birth_date, std::string_view gender);

// core/verdict.h SuggestionKey of a name already folded (vn_name::FoldKey).
int64_t SuggestionKeyOfFold(std::string_view folded_name, std::string_view birth_date,
                            std::string_view gender);

}  // namespace cardex

#endif  // CARDEX_CORE_BLOCK_KEYS_H_
