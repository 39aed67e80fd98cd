// Typos of hand-typed member lists (issue 22), with their truth in the
// `injected` column. Rates:
//   - a member's record has a typo with probability 3 %; one whose citizen
//     id is also wrong (a typo'd, transposed, shortened, foreign-province or
//     other person's id) with probability 45 %: a list that was typed
//     carelessly is careless everywhere;
//   - a record with a typo has a second one, of another kind, with
//     probability 15 %;
//   - the kinds: a letter dropped 20 %, a letter doubled 15 %, two
//     neighbouring words swapped 10 %, day and month swapped 15 % (only where
//     both read as a month; else a year digit), a year digit wrong 15 %
//     (the last digit, or the year one off), an OCR-like confusion 15 %
//     (rn/m, u/v, c/e, l/i, h/b, cl/d), the given name's variant spelling
//     10 % (core/block_keys.h NameVariantPairs; else an OCR confusion).
// Word and date typos change the person before the form is written; letter
// typos change the written name (never a letter carrying a combining mark).
#include <algorithm>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "cardex/core/block_keys.h"
#include "gen/calendar.h"
#include "gen/hash.h"
#include "gen/world.h"

namespace cardex::gen {
namespace {

constexpr double kTypoRate = 0.03;
constexpr double kTypoRateWithIdError = 0.45;
constexpr double kSecondTypoRate = 0.15;

struct KindWeight {
  uint32_t kind;
  double weight;
};
constexpr KindWeight kKinds[] = {
    {kLetterDropped, 0.20}, {kLetterDoubled, 0.15}, {kWordsSwapped, 0.10},
    {kDayMonthSwapped, 0.15}, {kYearDigit, 0.15},   {kOcrConfusion, 0.15},
    {kNickname, 0.10},
};

uint32_t DrawKind(Draw& d) {
  double u = d.Unit();
  for (const KindWeight& k : kKinds) {
    if (u < k.weight) return k.kind;
    u -= k.weight;
  }
  return kKinds[0].kind;
}

bool IsDateKind(uint32_t kind) { return kind == kDayMonthSwapped || kind == kYearDigit; }

// The word of the names table spelled like `folded` (lower case, no
// diacritics), or -1.
int WordByFold(const NameTables& names, std::string_view folded) {
  static const auto* kByFold = [&names] {
    auto* map = new std::unordered_map<std::string, int>;
    for (int w = 0; w < names.word_count(); ++w) map->emplace(names.word(w).fold_key, w);
    return map;
  }();
  auto it = kByFold->find(std::string(folded));
  return it == kByFold->end() ? -1 : it->second;
}

bool AsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Byte positions of ASCII letters not followed by a combining mark (NFD
// writes U+0300-U+036F as 0xCC/0xCD lead bytes), inside words of at least
// three bytes.
std::vector<size_t> PlainLetters(const std::string& name) {
  std::vector<size_t> out;
  size_t word_start = 0;
  for (size_t i = 0; i <= name.size(); ++i) {
    if (i == name.size() || name[i] == ' ') {
      if (i - word_start >= 3) {
        for (size_t j = word_start; j < i; ++j) {
          const bool marked = j + 1 < name.size() &&
                              (static_cast<unsigned char>(name[j + 1]) == 0xCC ||
                               static_cast<unsigned char>(name[j + 1]) == 0xCD);
          if (AsciiLetter(name[j]) && !marked) out.push_back(j);
        }
      }
      word_start = i + 1;
    }
  }
  return out;
}

bool Upper(char c) { return c >= 'A' && c <= 'Z'; }

// OCR-like confusions, lower case; applied in the letter's case.
constexpr std::pair<std::string_view, std::string_view> kOcr[] = {
    {"rn", "m"}, {"m", "rn"}, {"u", "v"}, {"v", "u"}, {"c", "e"}, {"e", "c"},
    {"l", "i"},  {"i", "l"},  {"h", "b"}, {"b", "h"}, {"cl", "d"}, {"d", "cl"},
};

bool ApplyOcr(std::string* name, Draw& d) {
  const std::vector<size_t> letters = PlainLetters(*name);
  if (letters.empty()) return false;
  const size_t start = d.Below(letters.size());
  for (size_t t = 0; t < letters.size(); ++t) {
    const size_t at = letters[(start + t) % letters.size()];
    for (const auto& [from, to] : kOcr) {
      if (at + from.size() > name->size()) continue;
      bool same = true;
      for (size_t k = 0; k < from.size(); ++k) {
        const char c = (*name)[at + k];
        same = same && AsciiLetter(c) && static_cast<char>(c | 0x20) == from[k];
      }
      if (!same) continue;
      std::string repl(to);
      if (Upper((*name)[at])) {
        for (char& c : repl) c = static_cast<char>(c & ~0x20);
      }
      name->replace(at, from.size(), repl);
      return true;
    }
  }
  return false;
}

}  // namespace

TypoPlan World::PlanTypos(const MemberRecord& m) const {
  TypoPlan plan;
  Draw d(typo_seed_, static_cast<uint64_t>(m.k));
  plan.seed = d.Next();
  const bool id_wrong = m.id_error != IdError::kNone && m.id_error != IdError::kDuplicateOf &&
                        m.id_error != IdError::kNotInRegistry;
  if (!d.Chance(id_wrong ? kTypoRateWithIdError : kTypoRate)) return plan;
  plan.kinds[0] = DrawKind(d);
  if (d.Chance(kSecondTypoRate)) {
    for (int attempt = 0; attempt < 8; ++attempt) {
      const uint32_t k = DrawKind(d);
      if (k != plan.kinds[0] && IsDateKind(k) != IsDateKind(plan.kinds[0])) {
        plan.kinds[1] = k;
        break;
      }
    }
  }
  return plan;
}

void World::ApplyWordTypos(const TypoPlan& plan, MemberRecord* m, Person* person,
                           std::vector<int>* words) const {
  Draw d(plan.seed, 1);
  for (uint32_t kind : plan.kinds) {
    switch (kind) {
      case kWordsSwapped:
        if (words->size() >= 2) {
          // Middle and given name, or family and middle: neighbours.
          const size_t at = words->size() >= 3 && d.Chance(0.5) ? 0 : words->size() - 2;
          std::swap((*words)[at], (*words)[at + 1]);
          m->injected |= kWordsSwapped;
        }
        break;
      case kNickname: {
        const std::string& given = names_.word(words->back()).fold_key;
        int variant = -1;
        for (const auto& [a, b] : NameVariantPairs()) {
          if (given == a) variant = WordByFold(names_, b);
          if (given == b) variant = WordByFold(names_, a);
          if (variant >= 0) break;
        }
        if (variant >= 0) {
          words->back() = variant;
          m->injected |= kNickname;
        }
        break;
      }
      case kDayMonthSwapped:
      case kYearDigit: {
        const Ymd date = CivilFromDays(person->birth_days);
        Ymd typo = date;
        if (kind == kDayMonthSwapped && date.day <= 12 && date.day != date.month) {
          std::swap(typo.day, typo.month);
          m->injected |= kDayMonthSwapped;
        } else {
          // The last digit of the year, or the year one off; never past 2006
          // (members are adults) and never onto 29 February of a common year.
          for (int attempt = 0; attempt < 8; ++attempt) {
            int year = date.year;
            if (d.Chance(0.4)) {
              year += d.Chance(0.5) ? 1 : -1;
            } else {
              year = year / 10 * 10 + static_cast<int>((year % 10 + 1 + d.Below(9)) % 10);
            }
            const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
            if (year > 2006 || year < 1900 || (date.month == 2 && date.day == 29 && !leap)) {
              continue;
            }
            typo.year = year;
            m->injected |= kYearDigit;
            break;
          }
        }
        person->birth_days = DaysFromCivil(typo.year, typo.month, typo.day);
        break;
      }
      default:
        break;
    }
  }
}

void World::ApplyLetterTypos(const TypoPlan& plan, MemberRecord* m) const {
  Draw d(plan.seed, 2);
  for (uint32_t kind : plan.kinds) {
    std::string& name = m->full_name;
    switch (kind) {
      case kLetterDropped:
      case kLetterDoubled: {
        const std::vector<size_t> letters = PlainLetters(name);
        if (letters.empty()) break;
        const size_t at = letters[d.Below(letters.size())];
        if (kind == kLetterDropped) {
          name.erase(at, 1);
        } else {
          name.insert(at, 1, name[at]);
        }
        m->injected |= kind;
        break;
      }
      case kOcrConfusion:
      case kNickname:
        // A nickname with no variant spelling in the tables becomes an OCR
        // confusion.
        if (kind == kNickname && (m->injected & kNickname)) break;
        if (ApplyOcr(&name, d)) m->injected |= kOcrConfusion;
        break;
      default:
        break;
    }
  }
}

}  // namespace cardex::gen
