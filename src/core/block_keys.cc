#include "cardex/core/block_keys.h"

#include <algorithm>
#include <utility>

#include "cardex/core/vn_name.h"

namespace cardex {
namespace {

// Stored keys: FNV-1a over the fields, each ended by a control character,
// a tag per kind of key, then splitmix64 (as SuggestionKey).
class KeyHash {
 public:
  explicit KeyHash(unsigned char tag) { Add(std::string_view(reinterpret_cast<char*>(&tag), 1)); }
  void Add(std::string_view bytes) {
    for (unsigned char c : bytes) {
      h_ ^= c;
      h_ *= 0x100000001b3ULL;
    }
    h_ ^= 0x1f;
    h_ *= 0x100000001b3ULL;
  }
  int64_t Done() const {
    uint64_t h = h_;
    h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ULL;
    h = (h ^ (h >> 27)) * 0x94d049bb133111ebULL;
    h ^= h >> 31;
    return static_cast<int64_t>(h);
  }

 private:
  uint64_t h_ = 0xcbf29ce484222325ULL;
};

// Classes of spellings of one name; the first of each is the class.
const std::vector<std::vector<std::string_view>>& VariantClasses() {
  static const std::vector<std::vector<std::string_view>> kClasses = {
      // Southern readings (names once avoided out of respect for the Nguyễn lords).
      {"hoang", "huynh"}, {"vu", "vo"},     {"phuc", "phuoc"}, {"hoa", "hue"},
      {"canh", "kieng"},  {"tong", "ton"},
      // i / y spellings.
      {"vy", "vi"}, {"ly", "li"}, {"my", "mi"}, {"thy", "thi"}, {"huy", "hui"},
      {"duy", "zuy"}, {"quy", "qui"}, {"sy", "si"}, {"ky", "ki"},
  };
  return kClasses;
}

}  // namespace

std::vector<std::string> FoldedWords(std::string_view name) {
  std::vector<std::string> words;
  const std::string folded = vn_name::FoldKey(name);
  size_t at = 0;
  while (at < folded.size()) {
    size_t end = folded.find(' ', at);
    if (end == std::string::npos) end = folded.size();
    if (end > at) words.emplace_back(folded.substr(at, end - at));
    at = end + 1;
  }
  return words;
}

std::string_view GivenNameClass(std::string_view folded_word) {
  // Every word is in at most one class.
  for (const auto& cls : VariantClasses()) {
    if (std::find(cls.begin(), cls.end(), folded_word) != cls.end()) return cls.front();
  }
  return folded_word;
}

bool AreNameVariants(std::string_view a, std::string_view b) {
  if (a == b) return false;
  for (const auto& cls : VariantClasses()) {
    if (std::find(cls.begin(), cls.end(), a) != cls.end() &&
        std::find(cls.begin(), cls.end(), b) != cls.end()) {
      return true;
    }
  }
  return false;
}

const std::vector<std::pair<std::string_view, std::string_view>>& NameVariantPairs() {
  static const auto* kPairs = [] {
    auto* pairs = new std::vector<std::pair<std::string_view, std::string_view>>;
    for (const auto& cls : VariantClasses()) {
      for (size_t i = 0; i < cls.size(); ++i) {
        for (size_t j = i + 1; j < cls.size(); ++j) pairs->emplace_back(cls[i], cls[j]);
      }
    }
    return pairs;
  }();
  return *kPairs;
}

int64_t GivenBlockKey(std::string_view gender, std::string_view birth_date,
                      std::string_view given_class) {
  KeyHash h('G');
  h.Add(gender);
  h.Add(birth_date);
  h.Add(given_class);
  return h.Done();
}

int64_t FamilyBlockKey(std::string_view gender, std::string_view birth_date,
                       std::string_view family, char given_initial) {
  KeyHash h('F');
  h.Add(gender);
  h.Add(birth_date);
  h.Add(family);
  h.Add(std::string_view(&given_initial, 1));
  return h.Done();
}

CitizenBlockKeys BlockKeysOf(std::string_view full_name, std::string_view birth_date,
                             std::string_view gender) {
  return BlockKeysOfWords(FoldedWords(full_name), birth_date, gender);
}

CitizenBlockKeys BlockKeysOfWords(const std::vector<std::string>& words,
                                  std::string_view birth_date, std::string_view gender) {
  CitizenBlockKeys keys;
  if (words.empty()) return keys;
  const std::string& given = words.back();
  keys.given = GivenBlockKey(gender, birth_date, GivenNameClass(given));
  keys.family = FamilyBlockKey(gender, birth_date, words.front(), given.front());
  return keys;
}

int64_t SuggestionKeyOfFold(std::string_view folded_name, std::string_view birth_date,
                            std::string_view gender) {
  // FNV-1a over the fields, each ended by a control character, then the
  // splitmix64 finaliser to spread FNV's weak low bits. Defined here bit for
  // bit, not by std::hash: the key is stored. A collision only costs an
  // extra candidate to test.
  uint64_t h = 0xcbf29ce484222325ULL;
  auto add = [&h](std::string_view bytes) {
    for (unsigned char c : bytes) {
      h ^= c;
      h *= 0x100000001b3ULL;
    }
    h ^= 0x1f;
    h *= 0x100000001b3ULL;
  };
  add(folded_name);
  add(gender);
  add(birth_date);
  h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ULL;
  h = (h ^ (h >> 27)) * 0x94d049bb133111ebULL;
  h ^= h >> 31;
  return static_cast<int64_t>(h);
}

}  // namespace cardex
