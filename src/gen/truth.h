// The truth: formats.md's reconciliation rules applied to the generated
// members, with the generator's O(1) knowledge of the registry.
#ifndef CARDEX_SRC_GEN_TRUTH_H_
#define CARDEX_SRC_GEN_TRUTH_H_

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "cardex/gen/generator.h"
#include "gen/world.h"

namespace cardex::gen {

// How many members carry each recorded citizen_id. Only members whose id was
// tampered with are stored; a clean member is found through the id scheme.
class DuplicateCounts {
 public:
  // Call once per member whose IdErrorOf() is not kNone.
  void Add(const MemberRecord& m);
  int Count(const World& world, const std::string& citizen_id) const;

 private:
  std::unordered_map<uint64_t, uint32_t> tampered_;  // 12-digit ids only
};

enum FieldBits : uint8_t { kFieldName = 1, kFieldBirthDate = 2, kFieldGender = 4 };

struct Evaluation {
  Verdict verdict = Verdict::kMatch;
  uint8_t fields = 0;    // for mismatch and fixable
  int64_t citizen = -1;  // the citizen the recorded id names
  bool wants_suggestion() const {
    return verdict == Verdict::kInvalidId || verdict == Verdict::kIdNotFound ||
           verdict == Verdict::kWrongPerson;
  }
};

Evaluation Evaluate(const World& world, const MemberRecord& m, const DuplicateCounts& duplicates);

// "full_name;birth_date" etc.
std::string FieldsText(uint8_t fields);

// Finds, for the members that want a suggestion, the living citizens that
// are a confident match, while the citizens stream past.
class SuggestionIndex {
 public:
  void Add(const MemberRecord& m);
  bool empty() const { return entries_.empty(); }
  // Call once for every citizen.
  void Observe(const World& world, const CitizenRecord& c);
  // The suggested citizen_id for member k ("" when none or ambiguous).
  std::string SuggestionFor(const World& world, int64_t k) const;

 private:
  struct Entry {
    std::string name, birth_date;  // as recorded, for the exact check
    char gender;
    uint32_t matches = 0;
    int64_t candidate = -1;
  };
  static uint64_t Key(bool fold, uint64_t name_hash, char gender, int precision, int y, int m,
                      int d);

  std::unordered_map<uint64_t, uint32_t> by_key_;  // key -> entry
  std::unordered_map<int64_t, uint32_t> by_member_;
  std::vector<Entry> entries_;
  bool precision_used_[3] = {false, false, false};  // year, month, day
  bool fold_used_ = false, form_used_ = false;
};

}  // namespace cardex::gen

#endif  // CARDEX_SRC_GEN_TRUTH_H_
