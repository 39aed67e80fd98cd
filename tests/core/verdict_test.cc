// core/verdict.h: the rule order, the fields list and the suggestion test.
// The full table of cases is tests/cases/verdicts (run by tests/reconcile).
#include "cardex/core/verdict.h"

#include <gtest/gtest.h>

namespace cardex {
namespace {

constexpr RecordedFacts kMember{"068080000123", "Nguyễn Văn Hùng", "1980-05-17", "M"};
constexpr RegistryFacts kCitizen{"Nguyễn Văn Hùng", "1980-05-17", "M", ""};

TEST(Verdict, NamesRoundTripInRuleOrder) {
  const char* names[] = {"invalid_id",   "duplicate_id", "id_not_found", "deceased",
                         "wrong_person", "mismatch",     "fixable",      "match"};
  for (int v = 0; v < kVerdictCount; ++v) {
    EXPECT_EQ(VerdictName(static_cast<Verdict>(v)), names[v]);
    EXPECT_EQ(ParseVerdict(names[v]), static_cast<Verdict>(v));
  }
  EXPECT_FALSE(ParseVerdict("Match").has_value());
}

TEST(Verdict, FieldsTextIsInContractOrder) {
  EXPECT_EQ(FieldsText(0), "");
  EXPECT_EQ(FieldsText(kFieldGender | kFieldFullName), "full_name;gender");
  EXPECT_EQ(FieldsText(kFieldGender | kFieldFullName | kFieldBirthDate),
            "full_name;birth_date;gender");
  EXPECT_EQ(ParseFields("full_name;birth_date;gender"), 7);
  EXPECT_EQ(ParseFields(""), 0);
  EXPECT_FALSE(ParseFields("name").has_value());
}

TEST(Verdict, FirstApplicableRuleWins) {
  RecordedFacts malformed = kMember;
  malformed.citizen_id = "12345";
  EXPECT_EQ(Assess(malformed, /*duplicate_id=*/true, &kCitizen).verdict, Verdict::kInvalidId);
  EXPECT_EQ(Assess(kMember, true, &kCitizen).verdict, Verdict::kDuplicateId);
  EXPECT_EQ(Assess(kMember, false, nullptr).verdict, Verdict::kIdNotFound);
  RegistryFacts dead = kCitizen;
  dead.deceased_on = "2020-01-01";
  EXPECT_EQ(Assess(kMember, false, &dead).verdict, Verdict::kDeceased);
  EXPECT_EQ(Assess(kMember, false, &kCitizen).verdict, Verdict::kMatch);
  EXPECT_EQ(Assess(kMember, false, &kCitizen).fields, 0);
}

TEST(Verdict, WrongPersonNeedsNameAndDateToDifferSubstantively) {
  RegistryFacts other{"Trần Thị Lan", "1975-02-03", "F", ""};
  Assessment a = Assess(kMember, false, &other);
  EXPECT_EQ(a.verdict, Verdict::kWrongPerson);
  EXPECT_EQ(a.fields, 0);  // fields only for mismatch and fixable
  other.birth_date = "1980-05-17";
  a = Assess(kMember, false, &other);
  EXPECT_EQ(a.verdict, Verdict::kMismatch);
  EXPECT_EQ(FieldsText(a.fields), "full_name;gender");
}

TEST(Verdict, FormOnlyDifferencesAreFixableAndListed) {
  RecordedFacts m{"068080000123", "NGUYEN VAN HUNG", "1980-05", "M"};
  Assessment a = Assess(m, false, &kCitizen);
  EXPECT_EQ(a.verdict, Verdict::kFixable);
  EXPECT_EQ(FieldsText(a.fields), "full_name;birth_date");
}

TEST(Verdict, BirthDates) {
  EXPECT_TRUE(BirthDateDiffersOnlyInForm("1980-05-17", "1980-05-17"));
  EXPECT_TRUE(BirthDateDiffersOnlyInForm("1980", "1980-05-17"));
  EXPECT_TRUE(BirthDateDiffersOnlyInForm("1980-05", "1980-05-17"));
  EXPECT_FALSE(BirthDateDiffersOnlyInForm("1980-06", "1980-05-17"));
  EXPECT_FALSE(BirthDateDiffersOnlyInForm("1980-05-18", "1980-05-17"));
  EXPECT_FALSE(BirthDateDiffersOnlyInForm("17/05/1980", "1980-05-17"));
}

TEST(Verdict, ConfidentMatch) {
  EXPECT_TRUE(IsConfidentMatch(kMember, kCitizen));
  RecordedFacts plain{"", "nguyen van hung", "1980", "M"};
  EXPECT_TRUE(IsConfidentMatch(plain, kCitizen));
  RecordedFacts hung{"", "Nguyễn Văn Hưng", "1980-05-17", "M"};
  EXPECT_FALSE(IsConfidentMatch(hung, kCitizen));
  RecordedFacts woman{"", "Nguyễn Văn Hùng", "1980-05-17", "F"};
  EXPECT_FALSE(IsConfidentMatch(woman, kCitizen));
  RegistryFacts dead = kCitizen;
  dead.deceased_on = "2001-01-01";
  EXPECT_FALSE(IsConfidentMatch(kMember, dead));
}

TEST(Verdict, SuggestionKeyIsSharedByNamesThatDifferOnlyInForm) {
  const int64_t key = SuggestionKey("Nguyễn Văn Hùng", "1980-05-17", "M");
  EXPECT_EQ(SuggestionKey("NGUYEN  VAN HUNG", "1980-05-17", "M"), key);
  EXPECT_EQ(SuggestionKey("Nguyễn Văn Hưng", "1980-05-17", "M"), key);  // same fold
  EXPECT_NE(SuggestionKey("Nguyễn Văn Hùng", "1980-05-18", "M"), key);
  EXPECT_NE(SuggestionKey("Nguyễn Văn Hùng", "1980-05-17", "F"), key);
  EXPECT_NE(SuggestionKey("Nguyễn Văn Hải", "1980-05-17", "M"), key);
  // Stored with every citizen: the value must never change without a
  // migration that recomputes the stored keys.
  EXPECT_EQ(key, int64_t{2893374020377989193});
}

}  // namespace
}  // namespace cardex
