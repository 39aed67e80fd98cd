// Citizens of the generated registry: citizen i is a pure function of i.
#include <algorithm>
#include <iterator>

#include "gen/calendar.h"
#include "gen/hash.h"
#include "gen/world.h"

namespace cardex::gen {
namespace {

const char* const kOriginFirst[] = {"Tân",   "An",   "Bình", "Phú",   "Hòa",   "Long", "Mỹ",
                                    "Phước", "Vĩnh", "Hưng", "Đông",  "Thuận", "Hiệp", "Quảng",
                                    "Xuân",  "Hải",  "Sơn",  "Trung", "Kim",   "Yên"};
const char* const kOriginSecond[] = {"Phú",  "Lợi", "Thành", "Thịnh", "Lộc",   "Long", "Lâm",
                                     "Tiến", "Mỹ",  "Khánh", "Định",  "Nghĩa", "Lạc",  "Quang",
                                     "Thủy", "Hà",  "An",    "Bình",  "Hòa",   "Xuân"};
constexpr int kOriginSeconds = static_cast<int>(std::size(kOriginSecond));
constexpr int kOriginPlaces = static_cast<int>(std::size(kOriginFirst)) * kOriginSeconds;

// The highest rate World::NamesakeRate gives: most draws skip the lookup.
constexpr double kMaxNamesakeRate = 0.25;

const int kDeathWindowStart = DaysFromCivil(2015, 1, 1);
const int kDeathWindowEnd = DaysFromCivil(2025, 6, 30);

}  // namespace

Person World::BasePerson(int64_t i, const CitizenSlot& slot) const {
  Draw d(citizen_seed_, static_cast<uint64_t>(i));
  Person p;
  p.gender = slot.gender;
  p.name = names_.Sample(slot.gender, d);
  p.birth_days = DaysFromCivil(slot.year, 1, 1) +
                 static_cast<int>(d.Below(static_cast<uint64_t>(DaysInYear(slot.year))));
  return p;
}

CitizenRecord World::Citizen(int64_t i) const {
  const CitizenSlot slot = registry_.At(i);
  CitizenRecord c;
  c.index = i;
  Registry::WriteId(slot, c.id);
  const int64_t source = slot.namesake_source;
  double u = 1;
  if (source >= 0) u = Draw(namesake_seed_, static_cast<uint64_t>(source)).Unit();
  if (u < kMaxNamesakeRate && u < NamesakeRate(source)) {
    // Same tuple, so the same gender and birth year: the id still agrees.
    c.person = BasePerson(source, registry_.At(source));
    c.namesake_copy = true;
  } else {
    c.person = BasePerson(i, slot);
  }
  Draw d(citizen_seed_ ^ 0x5bd1e9955bd1e995ULL, static_cast<uint64_t>(i));
  if (slot.adult) {
    const int age = 2025 - slot.year;
    if (d.Chance(age >= 70 ? 0.015 : 0.004) && !KeptAlive(i)) {
      const int earliest = std::max(kDeathWindowStart, c.person.birth_days + 18 * 365);
      c.deceased_days =
          earliest +
          static_cast<int>(d.Below(static_cast<uint64_t>(kDeathWindowEnd - earliest + 1)));
    }
  }
  c.origin_province = slot.province;
  if (d.Chance(0.15)) {
    const auto table = static_cast<int>(province_names_.size());
    do {
      c.origin_province = static_cast<int>(d.Below(static_cast<uint64_t>(table)));
    } while (province_names_[c.origin_province].empty());
  }
  c.origin_place = static_cast<int>(d.Below(kOriginPlaces));
  return c;
}

void World::AppendOrigin(const CitizenRecord& c, std::string* out) const {
  out->append("Xã ");
  out->append(kOriginFirst[c.origin_place / kOriginSeconds]);
  out->push_back(' ');
  out->append(kOriginSecond[c.origin_place % kOriginSeconds]);
  out->append(", ");
  out->append(province_names_[c.origin_province]);
}

}  // namespace cardex::gen
