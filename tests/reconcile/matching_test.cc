// The pieces of probabilistic suggestions: the comparison levels as a table
// (tests/cases/comparison/*.case: field, recorded, registry, expect), the
// blocking probes, the model's fit, the rule's property that equally
// plausible candidates never give a suggestion, and the reasons' encoding.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "cardex/core/block_keys.h"
#include "cardex/core/verdict.h"
#include "cardex/reconcile/match_reasons.h"
#include "reconcile/blocking.h"
#include "reconcile/compare.h"
#include "reconcile/fs_model.h"
#include "reconcile/suggest.h"
#include "tests/core/case_file.h"

namespace cardex::reconcile {
namespace {

TEST(ComparisonCases, EveryCaseGivesItsLevel) {
  const auto cases = testing::LoadCases("comparison");
  ASSERT_GE(cases.size(), 30u);
  for (const testing::CaseFile& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string field = c.Get("field"), recorded = c.Get("recorded"),
                      registry = c.Get("registry"), expect = c.Get("expect");
    std::string_view got;
    if (field == "name") {
      const Subject s = MakeSubject(recorded, "1980-01-01", "M", "");
      got = LevelName(Field::kName, CompareNames(s, registry, FoldedWords(registry)));
    } else if (field == "birth_date") {
      got = LevelName(Field::kBirthDate, CompareDates(recorded, registry));
    } else if (field == "gender") {
      const Subject s = MakeSubject("A", "1980-01-01", recorded, "");
      got = LevelName(Field::kGender,
                      Compare(s, {"A", "1980-01-01", registry, 68080000123})[2]);
    } else if (field == "citizen_id") {
      // names_other: the recorded id is another citizen's (wrong_person).
      const bool names_other = c.Has("names_other") && c.GetBool("names_other");
      const Subject s = MakeSubject("A", "1980-01-01", "M", recorded, names_other);
      got = LevelName(Field::kCitizenId,
                      Compare(s, {"A", "1980-01-01", "M", std::stoll(registry)})[3]);
      if (!names_other) {
        EXPECT_EQ(got, LevelName(Field::kCitizenId, CompareIds(recorded, registry)));
      }
    } else {
      ADD_FAILURE() << "unknown field " << field;
      continue;
    }
    EXPECT_EQ(got, expect);
    // Every level is reachable by name, and names round-trip.
    const Field f = field == "name"         ? Field::kName
                    : field == "birth_date" ? Field::kBirthDate
                    : field == "gender"     ? Field::kGender
                                            : Field::kCitizenId;
    EXPECT_GE(LevelByName(f, expect), 0);
  }
}

TEST(Compare, EditDistanceAndJaroWinkler) {
  EXPECT_EQ(EditDistance("hung", "hung", 2), 0);
  EXPECT_EQ(EditDistance("hung", "hng", 2), 1);
  EXPECT_EQ(EditDistance("hung", "huog", 2), 1);
  EXPECT_EQ(EditDistance("hung", "hnug", 2), 1);  // a transposition is one edit
  EXPECT_EQ(EditDistance("pham", "pharn", 2), 2);
  EXPECT_EQ(EditDistance("nguyen", "tran", 2), 3);  // gives up past the limit
  EXPECT_DOUBLE_EQ(JaroWinkler("martha", "martha"), 1.0);
  EXPECT_NEAR(JaroWinkler("martha", "marhta"), 0.961, 0.001);
  EXPECT_NEAR(JaroWinkler("dwayne", "duane"), 0.84, 0.001);
  EXPECT_EQ(JaroWinkler("abc", ""), 0.0);
}

TEST(Blocking, DateVariantsCoverTheTyposOfDates) {
  const auto v = DateVariants("1980-05-17");
  auto has = [&](const char* d) { return std::find(v.begin(), v.end(), d) != v.end(); };
  EXPECT_TRUE(has("1980-05-18"));  // one digit
  EXPECT_TRUE(has("1980-05-71") == false);  // not a date
  EXPECT_TRUE(has("1908-05-17"));  // neighbours swapped
  EXPECT_TRUE(has("1979-05-17"));  // year one off
  EXPECT_TRUE(has("1981-05-17"));
  EXPECT_FALSE(has("1980-05-17"));  // not itself
  const auto swapped = DateVariants("1980-07-05");
  EXPECT_NE(std::find(swapped.begin(), swapped.end(), "1980-05-07"), swapped.end());
  EXPECT_NE(std::find(DateVariants("1989-12-31").begin(), DateVariants("1989-12-31").end(),
                      "1990-12-31"),
            DateVariants("1989-12-31").end());
}

// The member's probes must include the keys the person meant is filed
// under, for each kind of typo.
TEST(Blocking, ProbesReachThePersonThroughOneTypo) {
  struct Case {
    const char* recorded_name;
    const char* recorded_date;
  };
  const char* name = "Nguyễn Văn Hùng";
  const char* date = "1980-05-07";
  const CitizenBlockKeys keys = BlockKeysOf(name, date, "M");
  const int64_t exact = SuggestionKey(name, date, "M");
  for (const Case& c : {Case{"Nguyen Van Hng", "1980-05-07"}, Case{"Nguyn Van Hung", "1980-05-07"},
                        Case{"Hung Nguyen Van", "1980-05-07"}, Case{"Nguyen Van Hung", "1980-07-05"},
                        Case{"Nguyen Van Hung", "1908-05-07"}, Case{"Nguyen Van Hung", "1981-05-07"},
                        Case{"Nguyen Vn Hung", "1980-05-08"}, Case{"Nguyen Van Hung", "1980"},
                        Case{"Nguyen Hung Van", "1980-05-07"}, Case{"Nguyen Van Huung", "1980-05-07"},
                        // Two typos in one record, and a lost given initial.
                        Case{"Nguyen Van Huung", "1981-05-07"}, Case{"Nguyen Hung Van", "1981-05-07"},
                        Case{"Nguyn Van Hung", "1980-07-05"}, Case{"Nguyen Van ung", "1980-05-07"}}) {
    SCOPED_TRACE(std::string(c.recorded_name) + " " + c.recorded_date);
    const auto probes = ProbesFor(c.recorded_name, c.recorded_date, "M");
    const bool found = std::any_of(probes.begin(), probes.end(), [&](const Probe& p) {
      return (p.kind == KeyKind::kSuggestion && p.key == exact) ||
             (p.kind == KeyKind::kGiven && p.key == keys.given) ||
             (p.kind == KeyKind::kFamily && p.key == keys.family);
    });
    EXPECT_TRUE(found);
  }
  EXPECT_TRUE(ProbesFor("", "1980-05-17", "M").empty());
  EXPECT_TRUE(ProbesFor("Nguyen Van Hung", "1980-05-17", "X").empty());
}

TEST(Blocking, NearIdsAreTheCommonSlipsOfARecordedId) {
  // The leading zero a spreadsheet drops: the same integer.
  EXPECT_EQ(NearIds("68080000123"), std::vector<int64_t>({68080000123}));
  // Two neighbouring digits swapped (equal neighbours give nothing new).
  const auto near = NearIds("068080000132");
  EXPECT_NE(std::find(near.begin(), near.end(), 68080000123), near.end());
  EXPECT_NE(std::find(near.begin(), near.end(), 608080000132), near.end());
  EXPECT_EQ(std::find(near.begin(), near.end(), 68080000132), near.end());  // not itself
  EXPECT_LE(near.size(), 11u);
  EXPECT_TRUE(NearIds("").empty());
  EXPECT_TRUE(NearIds("06808000012X").empty());
  EXPECT_TRUE(NearIds("123").empty());
}

TEST(FsModel, LearnsFromTheDataAndStaysNearTheDefaultsWithout) {
  const FsModel defaults;
  EXPECT_GT(defaults.Weight(Field::kName, kNameSame), 5);
  EXPECT_LT(defaults.Weight(Field::kName, kNameDifferent), 0);
  EXPECT_GT(defaults.Weight(Field::kCitizenId, kIdOneEdit), 15);
  // Pairs whose ids are one edit apart (matches) show swapped dates a third
  // of the time: the fitted m of swapped dates follows.
  std::vector<Levels> blocked, random;
  for (int i = 0; i < 3000; ++i) {
    blocked.push_back({kNameSame, static_cast<uint8_t>(i % 3 == 0 ? kDateSwapped : kDateSame),
                       kGenderSame, kIdOneEdit});
    blocked.push_back({kNameDifferent, kDateSame, kGenderSame, kIdDifferent});
    random.push_back({kNameDifferent, kDateDifferent, static_cast<uint8_t>(i % 2), kIdDifferent});
  }
  const FsModel fitted = FsModel::Fit(blocked, random);
  EXPECT_NEAR(fitted.m(Field::kBirthDate, kDateSwapped), 1.0 / 3, 0.02);
  // No near level of a name or a date outweighs full agreement, however
  // seldom the random pairs show it.
  for (const FsModel* m : {&defaults, &fitted}) {
    for (int l = 1; l < kNameLevels; ++l) {
      EXPECT_LE(m->Weight(Field::kName, l), m->Weight(Field::kName, kNameSame)) << l;
    }
    for (int l = 1; l < kDateLevels; ++l) {
      EXPECT_LE(m->Weight(Field::kBirthDate, l), m->Weight(Field::kBirthDate, kDateSame)) << l;
    }
  }
  // The id far from the candidate's: says less against it when the
  // recorded id is another person's than when it names nobody.
  EXPECT_GT(defaults.Weight(Field::kCitizenId, kIdOtherPerson),
            defaults.Weight(Field::kCitizenId, kIdDifferent));
  EXPECT_GT(fitted.Weight(Field::kBirthDate, kDateSwapped),
            defaults.Weight(Field::kBirthDate, kDateSwapped));
  EXPECT_NEAR(fitted.u(Field::kGender, kGenderSame), 0.5, 0.02);
  EXPECT_FALSE(fitted.Describe().empty());
}

// The property: whatever the model and the other candidates, two candidates
// that agree with the member equally (same levels) never give a suggestion.
TEST(SuggestionRule, EquallyPlausibleCandidatesNeverGiveOne) {
  std::mt19937 rng(12345);
  const SuggestRule rule;
  auto random_levels = [&] {
    Levels l;
    for (int f = 0; f < kFieldCount; ++f) {
      l[f] = static_cast<uint8_t>(rng() % static_cast<unsigned>(kLevelCounts[f]));
    }
    return l;
  };
  int others_won = 0;
  // Models fitted on random data, so that the weights vary.
  for (int model_round = 0; model_round < 20; ++model_round) {
    std::vector<Levels> blocked, random;
    for (int i = 0; i < 500; ++i) {
      blocked.push_back(random_levels());
      random.push_back(random_levels());
    }
    const FsModel model = FsModel::Fit(blocked, random);
    for (int trial = 0; trial < 500; ++trial) {
      std::vector<ScoredCandidate> c;
      const Levels twin = random_levels();
      c.push_back({twin, model.Score(twin)});
      const int others = static_cast<int>(rng() % 4);
      for (int k = 0; k < others; ++k) {
        const Levels l = random_levels();
        c.push_back({l, model.Score(l)});
      }
      c.push_back({twin, model.Score(twin)});
      std::shuffle(c.begin(), c.end(), rng);
      // Never one of the twins; a third candidate may win on its own merits.
      const Choice choice = Choose(c, rule);
      if (choice.index >= 0) {
        EXPECT_NE(c[static_cast<size_t>(choice.index)].levels, twin);
        ++others_won;
      }
      // Namesakes (same name, date and gender levels) with different ids too.
      Levels near = twin, far = twin;
      near[3] = kIdOneEdit;
      far[3] = kIdDifferent;
      std::vector<ScoredCandidate> namesakes = {{near, model.Score(near)}, {far, model.Score(far)}};
      EXPECT_EQ(Choose(namesakes, rule).index, -1);
    }
  }
  EXPECT_GT(others_won, 0);  // the property was not met by never suggesting
}

TEST(SuggestionRule, OneClearCandidateIsChosen) {
  const FsModel model;
  const Levels best = {kNameTypo, kDateSame, kGenderSame, kIdOneEdit};
  const Levels other = {kNameDifferent, kDateSame, kGenderSame, kIdDifferent};
  std::vector<ScoredCandidate> c = {{other, model.Score(other)}, {best, model.Score(best)}};
  const Choice choice = Choose(c, SuggestRule{});
  EXPECT_EQ(choice.index, 1);
  EXPECT_GT(choice.probability, 0.999);
  // A stricter rule than the evidence gives: none.
  EXPECT_EQ(Choose(c, SuggestRule{0.999, 200.0}).index, -1);
  // A near id with a different name is never enough.
  const Levels id_only = {kNameDifferent, kDateSame, kGenderSame, kIdOneEdit};
  std::vector<ScoredCandidate> lone = {{id_only, model.Score(id_only)}};
  EXPECT_EQ(Choose(lone, SuggestRule{}).index, -1);
}

TEST(MatchReasons, EncodeDecodeDescribe) {
  MatchReasons r;
  r.probability = 0.99991;
  r.score = 31.2;
  r.margin = 18.25;
  r.prior = -4.1;
  r.fields = {{"name", "typo", 6.5}, {"birth_date", "swapped", 9.3}, {"gender", "same", 0.97},
              {"citizen_id", "one_edit", 20}};
  const std::string text = EncodeMatchReasons(r);
  EXPECT_EQ(text,
            "p=0.99991;score=31.20;margin=18.25;prior=-4.10;name=typo:+6.50;"
            "birth_date=swapped:+9.30;gender=same:+0.97;citizen_id=one_edit:+20.00");
  auto back = DecodeMatchReasons(text);
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(EncodeMatchReasons(*back), text);
  const std::string vi = DescribeMatchReasons(r);
  EXPECT_NE(vi.find("Khả năng đúng người: 99,99 %"), std::string::npos) << vi;
  EXPECT_NE(vi.find("Ngày sinh: đảo ngày và tháng (+9,3)"), std::string::npos) << vi;
  EXPECT_NE(DescribeMatchReasons(r, true).find("day and month swapped"), std::string::npos);
  EXPECT_FALSE(DecodeMatchReasons("p=abc").ok());
  EXPECT_FALSE(DecodeMatchReasons("name").ok());
  EXPECT_FALSE(DecodeMatchReasons("name=typo").ok());
}

TEST(BlockKeys, VariantsShareAClass) {
  EXPECT_EQ(GivenNameClass("phuoc"), GivenNameClass("phuc"));
  EXPECT_EQ(GivenNameClass("vi"), GivenNameClass("vy"));
  EXPECT_EQ(GivenNameClass("hung"), "hung");
  EXPECT_TRUE(AreNameVariants("phuc", "phuoc"));
  EXPECT_FALSE(AreNameVariants("phuc", "phuc"));
  EXPECT_FALSE(AreNameVariants("hung", "hong"));
  // The keys of one person do not depend on the spelling's form.
  const auto a = BlockKeysOf("Nguyễn Văn Hùng", "1980-05-17", "M");
  const auto b = BlockKeysOf("NGUYEN  VAN HUNG", "1980-05-17", "M");
  EXPECT_EQ(a.given, b.given);
  EXPECT_EQ(a.family, b.family);
  EXPECT_NE(a.given, BlockKeysOf("Nguyễn Văn Hùng", "1980-05-18", "M").given);
}

}  // namespace
}  // namespace cardex::reconcile
