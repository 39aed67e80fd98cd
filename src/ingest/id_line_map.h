// A flat open-addressing map from a non-zero 64-bit key to the file line it
// was first seen on. Duplicate detection for the registry's 10^7..10^8
// citizen ids, where std::unordered_map would cost several times the memory.
#ifndef CARDEX_INGEST_ID_LINE_MAP_H_
#define CARDEX_INGEST_ID_LINE_MAP_H_

#include <cstdint>
#include <vector>

namespace cardex::ingest {

class IdLineMap {
 public:
  // Inserts key → line. Returns 0 when the key is new, else the line it was
  // first inserted with. `key` must not be 0.
  int64_t InsertOrGet(uint64_t key, int64_t line) {
    if ((size_ + 1) * 4 > keys_.size() * 3) Grow();
    size_t mask = keys_.size() - 1;
    for (size_t i = Hash(key) & mask;; i = (i + 1) & mask) {
      if (keys_[i] == key) return lines_[i];
      if (keys_[i] == 0) {
        keys_[i] = key;
        lines_[i] = line;
        ++size_;
        return 0;
      }
    }
  }

 private:
  static size_t Hash(uint64_t x) {
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    return static_cast<size_t>(x);
  }
  void Grow() {
    std::vector<uint64_t> old_keys = std::move(keys_);
    std::vector<int64_t> old_lines = std::move(lines_);
    size_t cap = old_keys.empty() ? 1024 : old_keys.size() * 2;
    keys_.assign(cap, 0);
    lines_.assign(cap, 0);
    size_ = 0;
    for (size_t i = 0; i < old_keys.size(); ++i) {
      if (old_keys[i] != 0) InsertOrGet(old_keys[i], old_lines[i]);
    }
  }

  std::vector<uint64_t> keys_;
  std::vector<int64_t> lines_;
  size_t size_ = 0;
};

}  // namespace cardex::ingest

#endif  // CARDEX_INGEST_ID_LINE_MAP_H_
