// The generated world: the plan, the registry and the members, each record a
// pure function of its index, so that any pass can recompute any record.
#ifndef CARDEX_SRC_GEN_WORLD_H_
#define CARDEX_SRC_GEN_WORLD_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "cardex/core/status.h"
#include "cardex/gen/generator.h"
#include "gen/names.h"
#include "gen/plan.h"
#include "gen/registry.h"

namespace cardex::gen {

inline constexpr int kAlive = INT32_MIN;

struct Person {
  NameParts name;
  char gender = 'M';
  int birth_days = 0;  // days since 1970-01-01
};

struct CitizenRecord {
  int64_t index = 0;
  char id[12];
  Person person;
  int deceased_days = kAlive;
  int origin_province = 0;  // registry code
  int origin_place = 0;     // index into the place table
  bool namesake_copy = false;
};

// Bits of the `injected` column, in the order InjectedErrorNames() lists them.
enum Injected : uint32_t {
  kNfd = 1u << 0,
  kUpper = 1u << 1,
  kNoDiacritics = 1u << 2,
  kNbspSpaces = 1u << 3,
  kPartialDateYear = 1u << 4,
  kPartialDateMonth = 1u << 5,
  kDiacriticSwap = 1u << 6,
  kDroppedMiddle = 1u << 7,
  kSwappedOrder = 1u << 8,
  kDobTypo = 1u << 9,
  kGenderWrong = 1u << 10,
  kIdTypoDigit = 1u << 11,
  kIdTransposed = 1u << 12,
  kIdMissingLeadingZero = 1u << 13,
  kIdUnknownProvince = 1u << 14,
  kIdOfOtherPerson = 1u << 15,
  kDuplicateOf = 1u << 16,
  kNotInRegistry = 1u << 17,
  kDeceased = 1u << 18,
  // Typos of hand-typed lists (issue 22), typos.cc.
  kLetterDropped = 1u << 19,
  kLetterDoubled = 1u << 20,
  kWordsSwapped = 1u << 21,
  kDayMonthSwapped = 1u << 22,
  kYearDigit = 1u << 23,
  kOcrConfusion = 1u << 24,
  kNickname = 1u << 25,
};

// The typos one member's record gets (typos.cc), at most two.
struct TypoPlan {
  uint32_t kinds[2] = {0, 0};  // Injected bits of the typo kinds; 0 = none
  uint64_t seed = 0;
};

// What a member's recorded citizen_id is, decided before anything else.
enum class IdError : uint8_t {
  kNone,
  kMissingLeadingZero,
  kTypoDigit,
  kTransposed,
  kUnknownProvince,
  kOtherPerson,
  kDuplicateOf,
  kNotInRegistry,
};

struct MemberRecord {
  int64_t k = 0;
  std::string member_no;
  std::string citizen_id;
  std::string full_name;
  std::string birth_date;
  char gender = 'M';
  int cell = 0;
  bool official = true;
  std::string phone;
  bool home_visit = false;
  uint32_t injected = 0;
  IdError id_error = IdError::kNone;
  int64_t intended = -1;  // the citizen the record is about; -1: not in registry
};

class World {
 public:
  static Result<std::unique_ptr<World>> Build(const GenOptions& options);

  const GenOptions& options() const { return options_; }
  const Plan& plan() const { return plan_; }
  const Registry& registry() const { return registry_; }
  const NameTables& names() const { return names_; }
  int64_t members() const { return plan_.members; }
  int64_t citizens() const { return registry_.citizens(); }
  int window_first_day() const { return first_day_; }
  int window_days() const { return window_days_; }

  // Member k is about adult citizen IntendedCitizen(k) (a bijection).
  int64_t IntendedCitizen(int64_t k) const;
  // The member whose intended citizen is i, or -1.
  int64_t MemberOfCitizen(int64_t i) const;
  IdError IdErrorOf(int64_t k) const;

  CitizenRecord Citizen(int64_t i) const;
  void AppendName(const NameParts& name, std::string* out) const { names_.AppendNfc(name, out); }
  void AppendOrigin(const CitizenRecord& c, std::string* out) const;

  MemberRecord Member(int64_t k) const;

 private:
  World(const GenOptions& options, Plan plan, Registry registry);
  Person BasePerson(int64_t i, const CitizenSlot& slot) const;
  double NamesakeRate(int64_t source) const;
  // Members of the communes the news report counts are all alive, so that
  // its figures are the members to exchange a card.
  bool KeptAlive(int64_t citizen) const;
  std::string CleanId(int64_t citizen) const;
  void DraftId(MemberRecord* m, const Person& person) const;
  void ApplySubstance(MemberRecord* m, Person* person, std::vector<int>* words) const;
  void ApplyForm(MemberRecord* m, const Person& person, const std::vector<int>& words) const;
  // Typos: which (PlanTypos), those of words and dates before the form is
  // applied (ApplyWordTypos), those of letters in the written name after it
  // (ApplyLetterTypos).
  TypoPlan PlanTypos(const MemberRecord& m) const;
  void ApplyWordTypos(const TypoPlan& plan, MemberRecord* m, Person* person,
                      std::vector<int>* words) const;
  void ApplyLetterTypos(const TypoPlan& plan, MemberRecord* m) const;

  GenOptions options_;
  Plan plan_;
  Registry registry_;
  const NameTables& names_;
  int first_day_ = 0, window_days_ = 0;
  int64_t named_members_ = 0;  // members [0, named_members_) are kept alive
  uint64_t perm_mul_ = 1, perm_add_ = 0, perm_inv_ = 1;
  std::vector<int> unknown_provinces_;       // 000-099 codes not in the table
  std::vector<std::string> province_names_;  // by code, "" when unknown
  uint64_t citizen_seed_, namesake_seed_, member_seed_, id_seed_, substance_seed_, form_seed_,
      typo_seed_;
};

}  // namespace cardex::gen

#endif  // CARDEX_SRC_GEN_WORLD_H_
