#include "gen/truth.h"

#include <string_view>

#include "cardex/core/citizen_id.h"
#include "cardex/core/dates.h"
#include "cardex/core/vn_name.h"
#include "gen/calendar.h"
#include "gen/hash.h"
#include "gen/names.h"

namespace cardex::gen {
namespace {

bool TwelveDigits(std::string_view id, uint64_t* value) {
  if (id.size() != 12) return false;
  uint64_t v = 0;
  for (char ch : id) {
    if (ch < '0' || ch > '9') return false;
    v = v * 10 + static_cast<uint64_t>(ch - '0');
  }
  *value = v;
  return true;
}

std::string RegistryDate(int days) {
  std::string s(10, '0');
  FormatDate(CivilFromDays(days), s.data());
  return s;
}

// formats.md: a partial birth date that agrees with the full one differs
// only in form.
bool DateDiffersOnlyInForm(const std::string& recorded, const std::string& registry) {
  auto partial = PartialDate::Parse(recorded);
  auto full = Date::Parse(registry);
  return partial.ok() && full.ok() && partial->AgreesWith(*full);
}

}  // namespace

void DuplicateCounts::Add(const MemberRecord& m) {
  uint64_t v;
  if (TwelveDigits(m.citizen_id, &v)) ++tampered_[v];
}

int DuplicateCounts::Count(const World& world, const std::string& citizen_id) const {
  uint64_t v;
  if (!TwelveDigits(citizen_id, &v)) return 0;
  int n = 0;
  if (auto it = tampered_.find(v); it != tampered_.end()) n += static_cast<int>(it->second);
  if (auto i = world.registry().Lookup(citizen_id)) {
    const int64_t k = world.MemberOfCitizen(*i);
    if (k >= 0 && world.IdErrorOf(k) == IdError::kNone) ++n;
  }
  return n;
}

Evaluation Evaluate(const World& world, const MemberRecord& m, const DuplicateCounts& duplicates) {
  Evaluation e;
  if (!IsWellFormedCitizenId(m.citizen_id)) {
    e.verdict = Verdict::kInvalidId;
    return e;
  }
  if (duplicates.Count(world, m.citizen_id) >= 2) {
    e.verdict = Verdict::kDuplicateId;
    return e;
  }
  const auto found = world.registry().Lookup(m.citizen_id);
  if (!found) {
    e.verdict = Verdict::kIdNotFound;
    return e;
  }
  e.citizen = *found;
  const CitizenRecord c = world.Citizen(*found);
  if (c.deceased_days != kAlive) {
    e.verdict = Verdict::kDeceased;
    return e;
  }
  std::string name;
  world.AppendName(c.person.name, &name);
  const std::string date = RegistryDate(c.person.birth_days);
  const bool name_differs = m.full_name != name;
  const bool name_substantive = name_differs && !vn_name::DiffersOnlyInForm(m.full_name, name);
  const bool date_differs = m.birth_date != date;
  const bool date_substantive = date_differs && !DateDiffersOnlyInForm(m.birth_date, date);
  const bool gender_differs = m.gender != c.person.gender;
  if (name_substantive && date_substantive) {
    e.verdict = Verdict::kWrongPerson;
    return e;
  }
  e.fields =
      static_cast<uint8_t>((name_differs ? kFieldName : 0) | (date_differs ? kFieldBirthDate : 0) |
                           (gender_differs ? kFieldGender : 0));
  if (name_substantive || date_substantive || gender_differs) {
    e.verdict = Verdict::kMismatch;
  } else if (e.fields != 0) {
    e.verdict = Verdict::kFixable;
  } else {
    e.verdict = Verdict::kMatch;
  }
  return e;
}

std::string FieldsText(uint8_t fields) {
  std::string out;
  auto add = [&](const char* name) {
    if (!out.empty()) out.push_back(';');
    out.append(name);
  };
  if (fields & kFieldName) add("full_name");
  if (fields & kFieldBirthDate) add("birth_date");
  if (fields & kFieldGender) add("gender");
  return out;
}

uint64_t SuggestionIndex::Key(uint64_t fold_hash, char gender, int days) {
  const uint64_t rest =
      static_cast<uint64_t>(gender == 'F') | (static_cast<uint64_t>(static_cast<uint32_t>(days)) << 1);
  return SplitMix64(fold_hash ^ SplitMix64(rest));
}

void SuggestionIndex::Add(const World& world, const MemberRecord& m) {
  if (m.intended < 0) return;
  const CitizenRecord c = world.Citizen(m.intended);
  if (c.deceased_days != kAlive) return;  // nobody living is meant
  if (m.citizen_id == std::string_view(c.id, 12)) return;  // the id names the person already
  const uint64_t key = Key(world.names().FoldHash(c.person.name), c.person.gender,
                           c.person.birth_days);
  auto [it, inserted] = by_key_.try_emplace(key, static_cast<uint32_t>(entries_.size()));
  if (inserted) entries_.push_back(Entry{m.intended, 0});
  if (entries_[it->second].intended != m.intended) return;  // two members mean namesakes
  by_member_[m.k] = it->second;
}

void SuggestionIndex::Observe(const World& world, const CitizenRecord& c) {
  if (c.deceased_days != kAlive) return;
  const auto it =
      by_key_.find(Key(world.names().FoldHash(c.person.name), c.person.gender, c.person.birth_days));
  if (it != by_key_.end()) ++entries_[it->second].living;
}

std::string SuggestionIndex::SuggestionFor(const World& world, int64_t k) const {
  const auto it = by_member_.find(k);
  if (it == by_member_.end()) return "";
  const Entry& e = entries_[it->second];
  if (e.living != 1) return "";
  std::string id(12, '0');
  Registry::WriteId(world.registry().At(e.intended), id.data());
  return id;
}

}  // namespace cardex::gen
