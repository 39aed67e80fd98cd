// The citizen id scheme of the generated registry: citizen i's province,
// gender, birth year and id are a pure function of i, ids are unique by
// construction, and an id is mapped back to its citizen in O(1).
//
// The index space [0, citizens) is split into adults [0, adults) (born
// 1930-2006) and children (born 2007-2024). Each segment has a shuffled
// bucket list of length L in which each tuple t = (province, gender, year)
// appears reps(t) times, proportionally to its weight. Citizen i of a segment
// (local index x) takes tuple t = list[x mod L]; its rank within t is
// j = (x / L) * reps(t) + rep_index, below 10^6, and its serial is an affine
// bijection of j on [0, 10^6). Inverting each step gives Lookup().
#ifndef CARDEX_SRC_GEN_REGISTRY_H_
#define CARDEX_SRC_GEN_REGISTRY_H_

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "cardex/core/status.h"

namespace cardex::gen {

inline constexpr int kFirstAdultYear = 1930;
inline constexpr int kLastAdultYear = 2006;  // 18 or older during 2025
inline constexpr int kLastChildYear = 2024;

struct ProvinceWeight {
  int code;       // registry province code (domain.md table)
  double weight;  // relative share of citizens registered there
};

// All 63 codes with population-like weights.
std::vector<ProvinceWeight> NationalProvinceWeights();
// Mostly Lâm Đồng, Bình Thuận and Đắk Nông (merged in 2025), some others.
std::vector<ProvinceWeight> LamDongProvinceWeights();

// The identity part of one citizen.
struct CitizenSlot {
  int province = 0;
  char gender = 'M';
  int year = 0;
  int serial = 0;
  bool adult = true;
  // The previous citizen of the same tuple in the same block, for citizens
  // with an odd rep index (who may be made its same-day namesake); else -1.
  int64_t namesake_source = -1;
};

class Registry {
 public:
  // kInvalidArgument when a tuple would need more than 10^6 serials.
  static Result<Registry> Build(uint64_t seed, int64_t citizens,
                                const std::vector<ProvinceWeight>& provinces);

  // How many of `citizens` are adults (born 1930-2006): about 3/4.
  static int64_t AdultsAmong(int64_t citizens);

  int64_t citizens() const { return citizens_; }
  int64_t adults() const { return adults_; }

  CitizenSlot At(int64_t i) const;
  // Writes the 12 digits (no terminator).
  static void WriteId(const CitizenSlot& slot, char* out);

  // The citizen whose id is `digits`, or nullopt (also for anything that is
  // not 12 ASCII digits or names no tuple).
  std::optional<int64_t> Lookup(std::string_view digits) const;

 private:
  struct Tuple {
    int16_t province;
    char gender;
    int16_t year;
    uint32_t reps;
    uint32_t begin;  // into Segment::positions
    uint32_t salt;   // added to the scrambled serial
  };
  struct Segment {
    int64_t base = 0, size = 0;
    uint32_t length = 0;              // L
    std::vector<uint32_t> tuple;      // per list position
    std::vector<uint32_t> rep;        // per list position
    std::vector<uint32_t> positions;  // per tuple, ascending, CSR by Tuple::begin
    std::vector<Tuple> tuples;
  };
  Status BuildSegment(uint64_t seed, bool adult, int64_t base, int64_t size,
                      const std::vector<ProvinceWeight>& provinces, uint32_t target_length,
                      Segment* seg);
  CitizenSlot SlotIn(const Segment& seg, int64_t base_index, int64_t local) const;

  int64_t citizens_ = 0;
  int64_t adults_ = 0;
  Segment adult_, child_;
  // (province, gender, year - 1900) -> segment (0 adult, 1 child) << 31 | tuple.
  std::vector<int32_t> tuple_index_;
};

// Relative number of people born in `year` still alive in 2025 (Vietnam's
// population pyramid, roughly).
double BirthYearWeight(int year);

}  // namespace cardex::gen

#endif  // CARDEX_SRC_GEN_REGISTRY_H_
