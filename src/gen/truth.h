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

// The right suggestion for each member that wants one: the person the
// record is about (its intended citizen), when that person is alive, is not
// the one the recorded id already names, and no other living citizen has
// the same folded name, gender and birth date (namesakes born the same day:
// no suggestion, whatever the typos). Namesakes are counted while the
// citizens stream past.
class SuggestionIndex {
 public:
  void Add(const World& world, const MemberRecord& m);
  bool empty() const { return entries_.empty(); }
  // Call once for every citizen.
  void Observe(const World& world, const CitizenRecord& c);
  // The suggested citizen_id for member k ("" when none or ambiguous).
  std::string SuggestionFor(const World& world, int64_t k) const;

 private:
  struct Entry {
    int64_t intended = -1;
    uint32_t living = 0;  // living citizens with the intended's folded name, gender, date
  };
  static uint64_t Key(uint64_t fold_hash, char gender, int days);

  std::unordered_map<uint64_t, uint32_t> by_key_;  // key -> entry
  std::unordered_map<int64_t, uint32_t> by_member_;
  std::vector<Entry> entries_;
};

}  // namespace cardex::gen

#endif  // CARDEX_SRC_GEN_TRUTH_H_
