// Vietnamese personal names: normalisation, folding, comparison, collation.
//
// All functions take and return UTF-8. Input that is not valid UTF-8 is
// handled without crashing (invalid bytes become U+FFFD); import refuses such
// files before names reach here.
//
// Thread safety: all functions are safe to call concurrently.
#ifndef CARDEX_CORE_VN_NAME_H_
#define CARDEX_CORE_VN_NAME_H_

#include <string>
#include <string_view>

namespace cardex::vn_name {

// Unicode NFC.
std::string Nfc(std::string_view name);

// Collapses every run of Unicode white space (including U+00A0 no-break
// space, U+2007, U+202F, tabs) to one ASCII space; none at the ends.
std::string CollapseSpaces(std::string_view name);

// NFC + collapsed spaces; case and diacritics kept. The display form.
std::string Normalize(std::string_view name);

// NFC + full Unicode case folding + collapsed spaces. Two names with the same
// FormKey differ only in form (formats.md).
std::string FormKey(std::string_view name);

// Removes every diacritic (tone and vowel marks) and maps đ→d, Đ→D; keeps
// case and spacing. "Nguyễn Đức" → "Nguyen Duc".
std::string StripDiacritics(std::string_view name);

// True when the name has any letter that StripDiacritics would change.
bool HasDiacritics(std::string_view name);

// FormKey of StripDiacritics: the key under which namesakes are found
// ("NGUYEN VAN HUNG", "Nguyễn Văn Hùng" and "Nguyễn Văn Hưng" share it).
std::string FoldKey(std::string_view name);

// formats.md: the recorded name differs from the registry's only in form
// when their FormKeys are equal, or when the recorded name carries no
// diacritics at all and its FormKey equals the FormKey of the registry's name
// with diacritics removed.
bool DiffersOnlyInForm(std::string_view recorded, std::string_view registry);

// A byte string whose byte order is Vietnamese collation order (ICU "vi").
// Use it to sort lists for people.
std::string CollationKey(std::string_view name);

// The key of a person in a list for people (domain.md): by given name (the
// last word), then by the rest of the name in order, each in Vietnamese
// collation; byte order of keys is list order. "Trần Văn An" comes before
// "Lê Thị Bình", and "Nguyễn Văn An" after "Lê Văn An".
std::string PersonSortKey(std::string_view full_name);

// The key of a unit (or station, or any named place) in a list for people:
// Vietnamese collation with numbers in numeric order ("Chi bộ 2" before
// "Chi bộ 10"; "Di Linh" before "Đạ Huoai"; "D'Ran" among the D's).
std::string UnitSortKey(std::string_view name);

}  // namespace cardex::vn_name

#endif  // CARDEX_CORE_VN_NAME_H_
