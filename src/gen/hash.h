// Counter-based randomness: every generated value is a pure function of
// (seed, stream, index), so any record can be recomputed on demand, in any
// order, and the same seed gives the same files.
#ifndef CARDEX_SRC_GEN_HASH_H_
#define CARDEX_SRC_GEN_HASH_H_

#include <cstdint>

namespace cardex::gen {

// splitmix64's output function applied to state x (the state is advanced by
// the golden gamma first, as in the generator).
inline uint64_t SplitMix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// Independent streams, so that adding a draw to one kind of record does not
// shift the values of another.
enum class Stream : uint64_t {
  kTables = 1,
  kCitizen,
  kNamesake,
  kMember,
  kMemberId,
  kMemberSubstance,
  kMemberForm,
  kUnits,
  kStations,
  kPermutation,
  kMemberTypo,
};

inline uint64_t StreamSeed(uint64_t seed, Stream stream) {
  return SplitMix64(SplitMix64(seed) ^ (static_cast<uint64_t>(stream) * 0xd1342543de82ef95ULL));
}

// A few draws from one (stream seed, index) pair.
class Draw {
 public:
  Draw(uint64_t stream_seed, uint64_t index)
      : state_(SplitMix64(stream_seed ^ SplitMix64(index))) {}
  uint64_t Next() { return SplitMix64(state_ += 0x632be59bd9b4e019ULL); }
  // Uniform in [0, n).
  uint64_t Below(uint64_t n) {
    return static_cast<uint64_t>((static_cast<unsigned __int128>(Next()) * n) >> 64);
  }
  // Uniform in [0, 1).
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  bool Chance(double p) { return Unit() < p; }

 private:
  uint64_t state_;
};

}  // namespace cardex::gen

#endif  // CARDEX_SRC_GEN_HASH_H_
