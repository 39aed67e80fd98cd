// Vietnamese personal names for generated people: weighted tables of family,
// middle and given names, each word stored once with every spelling the
// generator writes (NFC, NFD, upper case, without diacritics) and its
// FormKey / FoldKey, so that a full name's keys are concatenations and no
// Unicode work is done per citizen.
#ifndef CARDEX_SRC_GEN_NAMES_H_
#define CARDEX_SRC_GEN_NAMES_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "gen/hash.h"

namespace cardex::gen {

// Polynomial hash over bytes, built so that the hash of "a b" can be
// computed from the hashes of "a" and "b": equal strings, equal hashes.
inline constexpr uint64_t kPolyBase = 0x100000001b3ULL;
inline uint64_t PolyHash(std::string_view s) {
  uint64_t h = 0;
  for (unsigned char c : s) h = h * kPolyBase + c + 1;
  return h;
}

struct Word {
  std::string nfc;                       // "Hùng"
  std::string nfd;                       // decomposed
  std::string upper;                     // "HÙNG"
  std::string stripped;                  // "Hung"
  std::string stripped_upper;            // "HUNG"
  std::string form_key;                  // vn_name::FormKey
  std::string fold_key;                  // vn_name::FoldKey
  uint64_t form_hash = 0, form_pow = 1;  // PolyHash(form_key), base^size
  uint64_t fold_hash = 0, fold_pow = 1;
  int swap_partner = -1;  // a word differing only in diacritics (Hưng)
};

// Family name, 0-2 middle names, given name.
struct NameParts {
  std::array<uint16_t, 4> word{};
  uint8_t count = 0;
  uint16_t given() const { return word[count - 1]; }
};

class NameTables {
 public:
  // Built once, on first use (thread-safe).
  static const NameTables& Get();

  const Word& word(int id) const { return words_[id]; }
  int word_count() const { return static_cast<int>(words_.size()); }

  // A realistic name for a person of `gender` ('M' or 'F').
  NameParts Sample(char gender, Draw& draw) const;

  // Registry spelling: NFC words joined by one space.
  void AppendNfc(const NameParts& name, std::string* out) const;
  // PolyHash of vn_name::FormKey / FoldKey of the NFC name.
  uint64_t FormHash(const NameParts& name) const;
  uint64_t FoldHash(const NameParts& name) const;

 private:
  NameTables();
  int AddWord(std::string_view nfc);
  struct Table {
    std::vector<uint16_t> words;
    std::array<uint16_t, 4096> pick{};  // uniform 12 bits -> index into words
  };
  Table MakeTable(const std::vector<std::pair<std::string_view, double>>& entries);
  static uint16_t PickFrom(const Table& t, Draw& draw) {
    return t.words[t.pick[draw.Next() >> 52]];
  }

  std::vector<Word> words_;
  Table family_;
  Table middle_male_, middle_female_, second_middle_male_, second_middle_female_;
  Table given_male_, given_female_;
};

}  // namespace cardex::gen

#endif  // CARDEX_SRC_GEN_NAMES_H_
