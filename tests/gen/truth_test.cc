// truth.csv equals formats.md's reconciliation rules applied by brute force
// to the generated members.csv and citizens.csv, loaded whole; its
// suggestion is the intended citizen when that one is the right answer
// (generator.h).
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <unordered_map>

#include "cardex/core/citizen_id.h"
#include "cardex/core/dates.h"
#include "cardex/core/vn_name.h"
#include "cardex/gen/generator.h"
#include "gen_test_util.h"
#include "tests/support/test_env.h"

namespace cardex::gen {
namespace {

using testing::LoadTable;
using testing::Table;

struct Expected {
  std::string verdict, fields, suggestion;
};

bool DateAgrees(const std::string& recorded, const std::string& registry) {
  if (recorded == registry) return true;
  auto partial = PartialDate::Parse(recorded);
  auto full = Date::Parse(registry);
  return partial.ok() && full.ok() && partial->AgreesWith(*full);
}

// formats.md, "The reconciliation report", read literally; the suggestion
// is the intended citizen (truth's last column) when alive, not named by the
// recorded id, and without a living namesake born the same day.
std::vector<Expected> Reconcile(const Table& members, const Table& citizens, const Table& truth) {
  std::unordered_map<std::string, size_t> by_id;
  for (size_t i = 0; i < citizens.rows.size(); ++i) by_id[citizens.rows[i][0]] = i;
  std::unordered_map<std::string, int> carried;
  for (const auto& m : members.rows) ++carried[m[1]];

  std::vector<Expected> out;
  std::unordered_map<std::string, int> living_by_fold;  // fold key + date + gender
  for (const auto& c : citizens.rows) {
    if (c[5].empty()) ++living_by_fold[vn_name::FoldKey(c[1]) + "|" + c[2] + "|" + c[3]];
  }
  for (size_t r = 0; r < members.rows.size(); ++r) {
    const auto& m = members.rows[r];
    const std::string &id = m[1], &birth = m[3], &gender = m[4];
    const std::string& name = m[2];
    Expected e;
    bool wants_suggestion = false;
    if (!IsWellFormedCitizenId(id)) {
      e.verdict = "invalid_id";
      wants_suggestion = true;
    } else if (carried[id] >= 2) {
      e.verdict = "duplicate_id";
    } else if (!by_id.count(id)) {
      e.verdict = "id_not_found";
      wants_suggestion = true;
    } else {
      const auto& c = citizens.rows[by_id[id]];
      const bool name_differs = name != c[1];
      const bool name_substantive = name_differs && !vn_name::DiffersOnlyInForm(name, c[1]);
      const bool date_differs = birth != c[2];
      const bool date_substantive = !DateAgrees(birth, c[2]);
      const bool gender_differs = gender != c[3];
      if (!c[5].empty()) {
        e.verdict = "deceased";
      } else if (name_substantive && date_substantive) {
        e.verdict = "wrong_person";
        wants_suggestion = true;
      } else {
        std::vector<std::string> f;
        if (name_differs) f.push_back("full_name");
        if (date_differs) f.push_back("birth_date");
        if (gender_differs) f.push_back("gender");
        for (size_t i = 0; i < f.size(); ++i) e.fields += (i ? ";" : "") + f[i];
        if (name_substantive || date_substantive || gender_differs)
          e.verdict = "mismatch";
        else if (!f.empty())
          e.verdict = "fixable";
        else
          e.verdict = "match";
      }
    }
    const std::string& intended = truth.rows[r][5];
    if (wants_suggestion && !intended.empty() && intended != id && by_id.count(intended)) {
      const auto& c = citizens.rows[by_id[intended]];
      if (c[5].empty() && living_by_fold[vn_name::FoldKey(c[1]) + "|" + c[2] + "|" + c[3]] == 1) {
        e.suggestion = intended;
      }
    }
    (void)name;
    (void)gender;
    out.push_back(e);
  }
  return out;
}

class GenTruth : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new cardex::testing::TempDir();
    GenOptions o;
    o.seed = 2025;
    o.members = 3000;
    o.citizens = 24000;
    o.members_per_commune = 600;
    ASSERT_TRUE(Generate(o, dir_->path().string()).ok());
    members_ = new Table(LoadTable(dir_->file("members.csv")));
    citizens_ = new Table(LoadTable(dir_->file("citizens.csv")));
    truth_ = new Table(LoadTable(dir_->file("truth.csv")));
  }
  static void TearDownTestSuite() {
    delete dir_;
    delete members_;
    delete citizens_;
    delete truth_;
  }
  static cardex::testing::TempDir* dir_;
  static Table *members_, *citizens_, *truth_;
};
cardex::testing::TempDir* GenTruth::dir_ = nullptr;
Table* GenTruth::members_ = nullptr;
Table* GenTruth::citizens_ = nullptr;
Table* GenTruth::truth_ = nullptr;

TEST_F(GenTruth, EveryRowEqualsTheBruteForceReconciliation) {
  const std::vector<Expected> expected = Reconcile(*members_, *citizens_, *truth_);
  ASSERT_EQ(truth_->rows.size(), expected.size());
  int wrong = 0;
  for (size_t r = 0; r < expected.size(); ++r) {
    const auto& row = truth_->rows[r];
    const bool same = row[1] == expected[r].verdict && row[2] == expected[r].fields &&
                      row[3] == expected[r].suggestion;
    EXPECT_TRUE(same) << "member " << row[0] << " (" << row[4] << "): truth " << row[1] << " ["
                      << row[2] << "] " << row[3] << ", expected " << expected[r].verdict << " ["
                      << expected[r].fields << "] " << expected[r].suggestion;
    if (!same && ++wrong > 20) break;
  }
}

TEST_F(GenTruth, EveryVerdictOccurs) {
  std::map<std::string, int> mix;
  for (const auto& row : truth_->rows) ++mix[row[1]];
  for (const char* v : {"invalid_id", "duplicate_id", "id_not_found", "deceased", "wrong_person",
                        "mismatch", "fixable", "match"}) {
    EXPECT_GT(mix[v], 0) << v;
  }
  EXPECT_GT(mix["match"], 2500);
  EXPECT_GT(mix["fixable"], 80);  // formatting errors, about 5 %
}

TEST_F(GenTruth, SuggestionsAreGivenAndWithheld) {
  int given = 0, withheld_for_namesakes = 0;
  std::unordered_map<std::string, std::vector<size_t>> by_key;  // name fold key + date + gender
  std::unordered_map<std::string, size_t> by_id;
  for (size_t i = 0; i < citizens_->rows.size(); ++i) {
    const auto& c = citizens_->rows[i];
    by_id[c[0]] = i;
    if (c[5].empty()) by_key[vn_name::FoldKey(c[1]) + "|" + c[2] + "|" + c[3]].push_back(i);
  }
  for (size_t r = 0; r < truth_->rows.size(); ++r) {
    const auto& t = truth_->rows[r];
    if (t[1] != "invalid_id" && t[1] != "id_not_found" && t[1] != "wrong_person") {
      EXPECT_TRUE(t[3].empty()) << t[0];
      continue;
    }
    if (!t[3].empty()) {
      ++given;
      continue;
    }
    if (t[5].empty() || !by_id.count(t[5])) continue;
    const auto& c = citizens_->rows[by_id[t[5]]];
    const auto it = by_key.find(vn_name::FoldKey(c[1]) + "|" + c[2] + "|" + c[3]);
    if (it != by_key.end() && it->second.size() >= 2) ++withheld_for_namesakes;
  }
  EXPECT_GT(given, 20);
  EXPECT_GT(withheld_for_namesakes, 0) << "no member was left without a suggestion because "
                                          "of a same-day namesake";
}

// The typos of hand-typed lists are injected, with the verdicts they imply
// when the id is right.
TEST_F(GenTruth, TyposAreInjected) {
  std::map<std::string, int> count;
  for (const auto& t : truth_->rows) {
    for (const char* kind : {"letter_dropped", "letter_doubled", "words_swapped",
                             "day_month_swapped", "year_digit", "ocr_confusion", "nickname"}) {
      if (t[4].find(kind) != std::string::npos) ++count[kind];
    }
    if (t[4] == "letter_dropped" || t[4] == "day_month_swapped" || t[4] == "words_swapped") {
      EXPECT_EQ(t[1], "mismatch") << t[0] << " " << t[4];
    }
  }
  for (const char* kind : {"letter_dropped", "letter_doubled", "words_swapped",
                           "day_month_swapped", "year_digit", "ocr_confusion"}) {
    EXPECT_GT(count[kind], 0) << kind;
  }
}

TEST_F(GenTruth, InjectedErrorsShowInTheVerdicts) {
  std::map<std::string, std::set<std::string>> verdicts_of;
  for (const auto& t : truth_->rows) verdicts_of[t[4]].insert(t[1]);
  for (const auto& v : verdicts_of["id_missing_leading_zero"]) EXPECT_EQ(v, "invalid_id");
  for (const auto& v : verdicts_of["id_unknown_province"]) EXPECT_EQ(v, "invalid_id");
  for (const auto& v : verdicts_of["nfd"]) EXPECT_EQ(v, "fixable");
  for (const auto& v : verdicts_of["upper"]) EXPECT_EQ(v, "fixable");
  for (const auto& v : verdicts_of["partial_date_year"]) EXPECT_EQ(v, "fixable");
  for (const auto& v : verdicts_of["diacritic_swap"]) EXPECT_EQ(v, "mismatch");
  for (const auto& v : verdicts_of["gender_wrong"]) EXPECT_EQ(v, "mismatch");
  for (const auto& v : verdicts_of["deceased"]) EXPECT_EQ(v, "deceased");
  for (const auto& v : verdicts_of["duplicate_of"]) EXPECT_EQ(v, "duplicate_id");
  for (const auto& v : verdicts_of["id_of_other_person"]) EXPECT_EQ(v, "wrong_person");
  EXPECT_FALSE(verdicts_of["nfd"].empty());
  EXPECT_FALSE(verdicts_of["id_missing_leading_zero"].empty());
}

}  // namespace
}  // namespace cardex::gen
