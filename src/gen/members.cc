// Members: member k is about adult citizen IntendedCitizen(k) and carries
// the errors real member lists have, drawn independently per kind (id,
// substance, form) so that they combine as they do in real lists.
#include <algorithm>
#include <string_view>
#include <utility>

#include "gen/calendar.h"
#include "gen/hash.h"
#include "gen/world.h"

namespace cardex::gen {
namespace {

// Vietnamese mobile prefixes (Viettel, Vinaphone, Mobifone, Vietnamobile).
const char* const kPhonePrefixes[] = {"032", "033", "034", "035", "036", "037", "038", "039",
                                      "086", "096", "097", "098", "081", "082", "083", "084",
                                      "085", "088", "091", "094", "070", "076", "077", "078",
                                      "079", "089", "090", "093", "056", "058"};

void ChangeOneDigit(std::string* id, Draw& d) {
  const size_t pos = 3 + d.Below(9);
  const char old = (*id)[pos];
  (*id)[pos] = static_cast<char>('0' + (old - '0' + 1 + static_cast<int>(d.Below(9))) % 10);
}

}  // namespace

void World::DraftId(MemberRecord* m, const Person& person) const {
  Draw d(id_seed_ ^ 0x2545f4914f6cdd1dULL, static_cast<uint64_t>(m->k));
  const IdError error = m->id_error;
  if (error == IdError::kNotInRegistry) {
    for (int attempt = 0; attempt < 100; ++attempt) {
      // A province as common as the registry's, the person's gender and year,
      // a serial nobody has.
      CitizenSlot slot =
          registry_.At(static_cast<int64_t>(d.Below(static_cast<uint64_t>(citizens()))));
      slot.gender = person.gender;
      slot.year = CivilFromDays(person.birth_days).year;
      slot.serial = static_cast<int>(d.Below(1000000));
      std::string id(12, '0');
      Registry::WriteId(slot, id.data());
      if (!registry_.Lookup(id)) {
        m->citizen_id = std::move(id);
        break;
      }
    }
    m->injected |= kNotInRegistry;
    return;
  }
  std::string id = CleanId(m->intended);
  switch (error) {
    case IdError::kNone:
      break;
    case IdError::kMissingLeadingZero:
      id.erase(0, 1);
      m->injected |= kIdMissingLeadingZero;
      break;
    case IdError::kUnknownProvince: {
      const int code = unknown_provinces_[d.Below(unknown_provinces_.size())];
      id[0] = static_cast<char>('0' + code / 100);
      id[1] = static_cast<char>('0' + code / 10 % 10);
      id[2] = static_cast<char>('0' + code % 10);
      m->injected |= kIdUnknownProvince;
      break;
    }
    case IdError::kTransposed: {
      bool done = false;
      for (int attempt = 0; attempt < 16 && !done; ++attempt) {
        const size_t pos = 3 + d.Below(8);
        if (id[pos] != id[pos + 1]) {
          std::swap(id[pos], id[pos + 1]);
          done = true;
        }
      }
      if (done) {
        m->injected |= kIdTransposed;
        break;
      }
      ChangeOneDigit(&id, d);
      m->injected |= kIdTypoDigit;
      break;
    }
    case IdError::kTypoDigit:
      ChangeOneDigit(&id, d);
      m->injected |= kIdTypoDigit;
      break;
    case IdError::kOtherPerson: {
      bool done = false;
      for (int attempt = 0; attempt < 32 && !done; ++attempt) {
        const auto other = static_cast<int64_t>(d.Below(static_cast<uint64_t>(citizens())));
        if (other != m->intended && MemberOfCitizen(other) < 0) {
          id = CleanId(other);
          done = true;
        }
      }
      if (done) {
        m->injected |= kIdOfOtherPerson;
        break;
      }
      ChangeOneDigit(&id, d);
      m->injected |= kIdTypoDigit;
      break;
    }
    case IdError::kDuplicateOf: {
      // Most often the row above copied by mistake.
      if (members() < 2) break;
      int64_t other;
      if (m->k >= 1) {
        other = m->k - 1 -
                static_cast<int64_t>(d.Below(static_cast<uint64_t>(std::min<int64_t>(3, m->k))));
      } else {
        other = 1 + static_cast<int64_t>(
                        d.Below(static_cast<uint64_t>(std::min<int64_t>(3, members() - 1))));
      }
      id = CleanId(IntendedCitizen(other));
      m->injected |= kDuplicateOf;
      break;
    }
    case IdError::kNotInRegistry:
      break;
  }
  m->citizen_id = std::move(id);
}

void World::ApplySubstance(MemberRecord* m, Person* person, std::vector<int>* words) const {
  Draw d(substance_seed_, static_cast<uint64_t>(m->k));
  const double u = d.Unit();
  if (u >= 0.02) return;
  int kind = u < 0.005 ? 0 : u < 0.008 ? 1 : u < 0.010 ? 2 : u < 0.016 ? 3 : 4;
  if (kind == 0) {
    const int partner = names_.word(words->back()).swap_partner;
    if (partner >= 0) {
      words->back() = partner;
      m->injected |= kDiacriticSwap;
      return;
    }
    kind = 3;
  }
  if (kind == 1) {
    if (words->size() >= 3) {
      words->erase(words->begin() + 1, words->end() - 1);
      m->injected |= kDroppedMiddle;
      return;
    }
    kind = 3;
  }
  if (kind == 2) {
    std::rotate(words->begin(), words->end() - 1, words->end());
    m->injected |= kSwappedOrder;
    return;
  }
  if (kind == 3) {
    const Ymd date = CivilFromDays(person->birth_days);
    Ymd typo = date;
    if (date.day <= 12 && date.day != date.month && d.Chance(0.4)) {
      std::swap(typo.day, typo.month);  // day and month read the other way
    } else {
      const int days_in_month = DaysFromCivil(date.month == 12 ? date.year + 1 : date.year,
                                              date.month == 12 ? 1 : date.month + 1, 1) -
                                DaysFromCivil(date.year, date.month, 1);
      typo.day = 1 + (date.day - 1 + 1 +
                      static_cast<int>(d.Below(static_cast<uint64_t>(days_in_month - 1)))) %
                         days_in_month;
    }
    person->birth_days = DaysFromCivil(typo.year, typo.month, typo.day);
    m->injected |= kDobTypo;
    return;
  }
  person->gender = person->gender == 'M' ? 'F' : 'M';
  m->injected |= kGenderWrong;
}

void World::ApplyForm(MemberRecord* m, const Person& person, const std::vector<int>& words) const {
  Draw d(form_seed_, static_cast<uint64_t>(m->k));
  const double u = d.Unit();
  const int kind = u >= 0.05   ? -1
                   : u < 0.008 ? 0   // NFD
                   : u < 0.018 ? 1   // upper case
                   : u < 0.030 ? 2   // no diacritics
                   : u < 0.038 ? 3   // extra / no-break spaces
                   : u < 0.044 ? 4   // YYYY
                               : 5;  // YYYY-MM
  bool upper = kind == 1;
  if (kind == 2 && d.Chance(0.5)) upper = true;
  std::string& name = m->full_name;
  if (kind == 3 && d.Chance(0.15)) name.push_back(' ');
  for (size_t w = 0; w < words.size(); ++w) {
    if (w > 0) {
      if (kind == 3) {
        static constexpr std::string_view kSeparators[] = {"  ", "\u00A0", " \u00A0", "   ", " "};
        name.append(kSeparators[d.Below(std::size(kSeparators))]);
      } else {
        name.push_back(' ');
      }
    }
    const Word& word = names_.word(words[w]);
    if (kind == 0)
      name.append(word.nfd);
    else if (kind == 2)
      name.append(upper ? word.stripped_upper : word.stripped);
    else if (upper)
      name.append(word.upper);
    else
      name.append(word.nfc);
  }
  if (kind == 3) {
    if (d.Chance(0.3)) name.push_back(' ');
    if (name.find("  ") == std::string::npos && name.find("\u00A0") == std::string::npos &&
        name.front() != ' ' && name.back() != ' ') {
      name.push_back(' ');  // make sure the spacing does differ
    }
  }
  char date[10];
  FormatDate(CivilFromDays(person.birth_days), date);
  m->birth_date.assign(date, kind == 4 ? 4 : kind == 5 ? 7 : 10);
  static constexpr uint32_t kBits[] = {kNfd,        kUpper,           kNoDiacritics,
                                       kNbspSpaces, kPartialDateYear, kPartialDateMonth};
  if (kind >= 0) m->injected |= kBits[kind];
  if (kind == 2 && upper) m->injected |= kUpper;
}

MemberRecord World::Member(int64_t k) const {
  MemberRecord m;
  m.k = k;
  m.member_no = std::to_string(10000001 + k);
  m.cell = plan_.CellOf(k);
  const PlanCommune& commune = plan_.communes[plan_.cells[m.cell].commune];
  const auto offset = static_cast<uint64_t>(k - commune.first_member);
  const auto n = static_cast<uint64_t>(commune.members);
  m.official =
      static_cast<int64_t>((static_cast<unsigned __int128>(offset) * commune.status_multiplier +
                            commune.status_offset) %
                           n) >= commune.probationary;
  m.id_error = IdErrorOf(k);

  Draw d(member_seed_, static_cast<uint64_t>(k));
  Person person;
  if (m.id_error == IdError::kNotInRegistry) {
    person.gender = d.Chance(0.5) ? 'M' : 'F';
    const int year = 1950 + static_cast<int>(d.Below(50));
    person.birth_days = DaysFromCivil(year, 1, 1) + static_cast<int>(d.Below(365));
    person.name = names_.Sample(person.gender, d);
  } else {
    m.intended = IntendedCitizen(k);
    const CitizenRecord c = Citizen(m.intended);
    person = c.person;
    if (c.deceased_days != kAlive) m.injected |= kDeceased;
  }
  DraftId(&m, person);

  const int age = 2025 - CivilFromDays(person.birth_days).year;
  const double visit = age >= 80 ? 0.3 : age >= 70 ? 0.08 : age >= 60 ? 0.02 : 0.005;
  m.home_visit = d.Chance(visit);
  if (d.Chance(0.92)) {
    m.phone = kPhonePrefixes[d.Below(std::size(kPhonePrefixes))];
    for (int i = 0; i < 7; ++i) m.phone.push_back(static_cast<char>('0' + d.Below(10)));
  }

  std::vector<int> words(person.name.word.begin(), person.name.word.begin() + person.name.count);
  Person recorded = person;
  ApplySubstance(&m, &recorded, &words);
  const TypoPlan typos = PlanTypos(m);
  ApplyWordTypos(typos, &m, &recorded, &words);
  ApplyForm(&m, recorded, words);
  ApplyLetterTypos(typos, &m);
  m.gender = recorded.gender;
  return m;
}

}  // namespace cardex::gen
