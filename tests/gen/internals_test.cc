// The generator's building blocks: the id scheme inverts, name keys are
// concatenations of word keys, the member bijection holds, the calendar
// agrees with core.
#include <gtest/gtest.h>

#include <set>

#include "cardex/core/citizen_id.h"
#include "cardex/core/dates.h"
#include "cardex/core/vn_name.h"
#include "gen/calendar.h"
#include "gen/hash.h"
#include "gen/names.h"
#include "gen/registry.h"
#include "gen/world.h"

namespace cardex::gen {
namespace {

std::string IdOf(const Registry& r, int64_t i) {
  std::string id(12, '0');
  Registry::WriteId(r.At(i), id.data());
  return id;
}

TEST(GenRegistry, LookupInvertsTheIdScheme) {
  auto reg = Registry::Build(42, 60000, NationalProvinceWeights());
  ASSERT_TRUE(reg.ok()) << reg.status().message();
  std::set<std::string> ids;
  for (int64_t i = 0; i < reg->citizens(); ++i) {
    const CitizenSlot s = reg->At(i);
    const std::string id = IdOf(*reg, i);
    auto parsed = CitizenId::Parse(id);
    ASSERT_TRUE(parsed.ok()) << id;
    EXPECT_TRUE(parsed->AgreesWith(s.gender, s.year));
    EXPECT_EQ(s.adult, i < reg->adults());
    EXPECT_EQ(s.adult, s.year <= kLastAdultYear);
    ASSERT_EQ(reg->Lookup(id), i) << id;
    ids.insert(id);
    if (s.namesake_source >= 0) {
      EXPECT_LT(s.namesake_source, i);
      const CitizenSlot src = reg->At(s.namesake_source);
      EXPECT_EQ(src.province, s.province);
      EXPECT_EQ(src.gender, s.gender);
      EXPECT_EQ(src.year, s.year);
    }
  }
  EXPECT_EQ(ids.size(), 60000u);
}

TEST(GenRegistry, ArbitraryIdsMapToTheirOwner) {
  auto reg = Registry::Build(9, 200000, LamDongProvinceWeights());
  ASSERT_TRUE(reg.ok());
  Draw d(1, 2);
  int found = 0;
  for (int n = 0; n < 200000; ++n) {
    // Near misses of real ids: the typos the generator injects.
    std::string id = IdOf(*reg, static_cast<int64_t>(d.Below(200000)));
    id[3 + d.Below(9)] = static_cast<char>('0' + d.Below(10));
    if (auto i = reg->Lookup(id)) {
      EXPECT_EQ(IdOf(*reg, *i), id);
      ++found;
    }
  }
  EXPECT_GT(found, 0);
  EXPECT_FALSE(reg->Lookup("12345"));
  EXPECT_FALSE(reg->Lookup("06819900000a"));
}

TEST(GenRegistry, NationalScaleFitsTheScheme) {
  auto reg = Registry::Build(1, 100000000, NationalProvinceWeights());
  ASSERT_TRUE(reg.ok()) << reg.status().message();
  Draw d(3, 4);
  for (int n = 0; n < 20000; ++n) {
    const auto i = static_cast<int64_t>(d.Below(100000000));
    ASSERT_EQ(reg->Lookup(IdOf(*reg, i)), i);
  }
  EXPECT_TRUE(Registry::Build(1, 100000000, LamDongProvinceWeights()).ok());
}

TEST(GenNames, KeysAreConcatenationsOfWordKeys) {
  const NameTables& names = NameTables::Get();
  Draw d(5, 6);
  for (int n = 0; n < 3000; ++n) {
    const NameParts p = names.Sample(n % 2 ? 'F' : 'M', d);
    std::string nfc;
    names.AppendNfc(p, &nfc);
    EXPECT_EQ(vn_name::Nfc(nfc), nfc);
    EXPECT_EQ(names.FormHash(p), PolyHash(vn_name::FormKey(nfc))) << nfc;
    EXPECT_EQ(names.FoldHash(p), PolyHash(vn_name::FoldKey(nfc))) << nfc;
  }
  for (int w = 0; w < names.word_count(); ++w) {
    const Word& word = names.word(w);
    EXPECT_EQ(vn_name::Nfc(word.nfd), word.nfc);
    EXPECT_TRUE(vn_name::DiffersOnlyInForm(word.upper, word.nfc)) << word.nfc;
    EXPECT_TRUE(vn_name::DiffersOnlyInForm(word.stripped_upper, word.nfc)) << word.nfc;
    EXPECT_FALSE(vn_name::HasDiacritics(word.stripped)) << word.nfc;
    // A partner typed with no diacritics at all ("Hai" for "Hải") differs only
    // in form on its own; within a full name the other words decide.
    if (word.swap_partner >= 0 && vn_name::HasDiacritics(names.word(word.swap_partner).nfc) &&
        vn_name::HasDiacritics(word.nfc)) {
      EXPECT_FALSE(vn_name::DiffersOnlyInForm(names.word(word.swap_partner).nfc, word.nfc));
      EXPECT_EQ(names.word(word.swap_partner).fold_key, word.fold_key);
    }
  }
}

TEST(GenNames, FamilyNameShares) {
  const NameTables& names = NameTables::Get();
  Draw d(7, 8);
  int nguyen = 0;
  for (int n = 0; n < 20000; ++n) {
    nguyen += names.word(names.Sample('M', d).word[0]).nfc == "Nguyễn";
  }
  EXPECT_GT(nguyen, 7000);  // about 38 %
  EXPECT_LT(nguyen, 8200);
}

TEST(GenCalendar, AgreesWithCoreDates) {
  for (int days = DaysFromCivil(1900, 1, 1); days < DaysFromCivil(2100, 1, 1); days += 13) {
    const Date date = Date::FromDays(days);
    const Ymd ymd = CivilFromDays(days);
    EXPECT_EQ(ymd.year, date.year());
    EXPECT_EQ(ymd.month, date.month());
    EXPECT_EQ(ymd.day, date.day());
    EXPECT_EQ(DaysFromCivil(ymd.year, ymd.month, ymd.day), date.days());
    char buf[10];
    FormatDate(ymd, buf);
    EXPECT_EQ(std::string(buf, 10), date.ToString());
  }
}

TEST(GenWorld, MembersAreDistinctAdults) {
  GenOptions o;
  o.members = 5000;
  o.citizens = 7000;
  auto world = World::Build(o);
  ASSERT_TRUE(world.ok()) << world.status().message();
  std::set<int64_t> seen;
  for (int64_t k = 0; k < 5000; ++k) {
    const int64_t i = (*world)->IntendedCitizen(k);
    EXPECT_LT(i, (*world)->registry().adults());
    EXPECT_TRUE(seen.insert(i).second);
    EXPECT_EQ((*world)->MemberOfCitizen(i), k);
  }
  int non_members = 0;
  for (int64_t i = 0; i < (*world)->citizens(); ++i)
    non_members += (*world)->MemberOfCitizen(i) < 0;
  EXPECT_EQ(non_members, 2000);
}

}  // namespace
}  // namespace cardex::gen
