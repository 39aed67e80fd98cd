#include "gen/registry.h"

#include <cmath>
#include <string>
#include <utility>

#include "gen/hash.h"

namespace cardex::gen {
namespace {

constexpr uint32_t kSerials = 1000000;
// Odd and not a multiple of 5: a bijection on [0, 10^6).
constexpr uint64_t kSerialMultiplier = 387419;

uint64_t InverseMod(uint64_t a, uint64_t m) {
  int64_t t = 0, new_t = 1;
  int64_t r = static_cast<int64_t>(m), new_r = static_cast<int64_t>(a % m);
  while (new_r != 0) {
    const int64_t q = r / new_r;
    t = std::exchange(new_t, t - q * new_t);
    r = std::exchange(new_r, r - q * new_r);
  }
  return static_cast<uint64_t>(t < 0 ? t + static_cast<int64_t>(m) : t);
}

const uint64_t kSerialInverse = InverseMod(kSerialMultiplier, kSerials);

int TupleKey(int province, char gender, int year) {
  return ((province * 2) + (gender == 'F' ? 1 : 0)) * 125 + (year - 1900);
}

}  // namespace

std::vector<ProvinceWeight> NationalProvinceWeights() {
  // Population in hundreds of thousands, roughly (2019 census).
  return {
      {1, 83},    {2, 9},     {4, 5.3},   {6, 3.1},   {8, 7.8},   {10, 7.3},  {11, 6},
      {12, 4.6},  {14, 12.5}, {15, 8.2},  {17, 8.5},  {19, 12.9}, {20, 7.8},  {22, 13.2},
      {24, 18},   {25, 14.6}, {26, 11.5}, {27, 13.7}, {30, 18.9}, {31, 20.3}, {33, 12.5},
      {34, 18.6}, {35, 8.5},  {36, 17.8}, {37, 9.8},  {38, 36.4}, {40, 33.3}, {42, 12.9},
      {44, 8.9},  {45, 6.3},  {46, 11.3}, {48, 11.3}, {49, 15},   {51, 12.3}, {52, 14.9},
      {54, 8.7},  {56, 12.3}, {58, 5.9},  {60, 12.3}, {62, 5.4},  {64, 15.1}, {66, 18.7},
      {67, 6.2},  {68, 13},   {70, 10},   {72, 11.7}, {74, 24.3}, {75, 31},   {77, 11.5},
      {79, 89.9}, {80, 16.9}, {82, 17.6}, {83, 12.9}, {84, 10},   {86, 10.2}, {87, 16},
      {89, 19.1}, {91, 17.2}, {92, 12.4}, {93, 7.3},  {94, 12},   {95, 9.1},  {96, 11.9},
  };
}

std::vector<ProvinceWeight> LamDongProvinceWeights() {
  std::vector<ProvinceWeight> weights = NationalProvinceWeights();
  double others = 0;
  for (const auto& w : weights) {
    if (w.code != 60 && w.code != 67 && w.code != 68) others += w.weight;
  }
  // 35 % Lâm Đồng, 30 % Bình Thuận, 15 % Đắk Nông, 20 % born elsewhere.
  for (auto& w : weights) {
    if (w.code == 68)
      w.weight = 0.35;
    else if (w.code == 60)
      w.weight = 0.30;
    else if (w.code == 67)
      w.weight = 0.15;
    else
      w.weight = 0.20 * w.weight / others;
  }
  return weights;
}

double BirthYearWeight(int year) {
  const int age = 2025 - year;
  if (age <= 40) return 1.0;
  if (age <= 60) return 1.0 - (age - 40) * 0.015;
  // 0.7 * e^(-(age - 60) / 12), by repeated multiplication so that every
  // libm gives the same bits (the weights decide the ids).
  double w = 0.7;
  for (int a = 60; a < age; ++a) w *= 0.9200444146293233;
  return w;
}

int64_t Registry::AdultsAmong(int64_t citizens) {
  double adult_weight = 0, child_weight = 0;
  for (int y = kFirstAdultYear; y <= kLastChildYear; ++y) {
    (y <= kLastAdultYear ? adult_weight : child_weight) += BirthYearWeight(y);
  }
  return static_cast<int64_t>(
      std::llround(static_cast<double>(citizens) * adult_weight / (adult_weight + child_weight)));
}

Status Registry::BuildSegment(uint64_t seed, bool adult, int64_t base, int64_t size,
                              const std::vector<ProvinceWeight>& provinces, uint32_t target_length,
                              Segment* seg) {
  seg->base = base;
  seg->size = size;
  const int first_year = adult ? kFirstAdultYear : kLastAdultYear + 1;
  const int last_year = adult ? kLastAdultYear : kLastChildYear;
  double total = 0;
  for (const auto& p : provinces) {
    for (int y = first_year; y <= last_year; ++y) total += 2 * p.weight * BirthYearWeight(y);
  }
  for (const auto& p : provinces) {
    for (char g : {'M', 'F'}) {
      for (int y = first_year; y <= last_year; ++y) {
        const double share = p.weight * BirthYearWeight(y) / total;
        const auto reps = static_cast<uint32_t>(std::llround(share * target_length));
        if (reps == 0) continue;
        seg->tuples.push_back(
            Tuple{static_cast<int16_t>(p.code), g, static_cast<int16_t>(y), reps, 0, 0});
      }
    }
  }
  if (seg->tuples.empty()) return Status::InvalidArgument("no birth tuples for the registry");
  for (uint32_t t = 0; t < seg->tuples.size(); ++t) {
    for (uint32_t r = 0; r < seg->tuples[t].reps; ++r) seg->tuple.push_back(t);
  }
  seg->length = static_cast<uint32_t>(seg->tuple.size());
  // Shuffle so that any prefix of the list (a small registry) is a fair
  // sample of the weights.
  const uint64_t shuffle_seed = StreamSeed(seed, Stream::kTables) ^ (adult ? 1 : 2);
  for (uint32_t n = seg->length; n > 1; --n) {
    Draw d(shuffle_seed, n);
    std::swap(seg->tuple[n - 1], seg->tuple[d.Below(n)]);
  }
  seg->rep.assign(seg->length, 0);
  std::vector<uint32_t> seen(seg->tuples.size(), 0);
  uint32_t begin = 0;
  for (auto& t : seg->tuples) {
    t.begin = begin;
    begin += t.reps;
  }
  seg->positions.assign(seg->length, 0);
  for (uint32_t pos = 0; pos < seg->length; ++pos) {
    const uint32_t t = seg->tuple[pos];
    seg->rep[pos] = seen[t];
    seg->positions[seg->tuples[t].begin + seen[t]] = pos;
    ++seen[t];
  }
  const int64_t blocks = size == 0 ? 0 : (size + seg->length - 1) / seg->length;
  for (uint32_t t = 0; t < seg->tuples.size(); ++t) {
    Tuple& tuple = seg->tuples[t];
    if (blocks * tuple.reps > kSerials) {
      return Status::InvalidArgument(
          "too many citizens for the id scheme: more than 10^6 would share one province, "
          "gender and birth year; use fewer citizens");
    }
    tuple.salt = static_cast<uint32_t>(Draw(shuffle_seed, 1000000 + t).Below(kSerials));
    const int key = TupleKey(tuple.province, tuple.gender, tuple.year);
    tuple_index_[key] = static_cast<int32_t>(t + (adult ? 0 : (1 << 24)));
  }
  return Status::Ok();
}

Result<Registry> Registry::Build(uint64_t seed, int64_t citizens,
                                 const std::vector<ProvinceWeight>& provinces) {
  Registry reg;
  reg.citizens_ = citizens;
  reg.adults_ = AdultsAmong(citizens);
  reg.tuple_index_.assign(100 * 2 * 125, -1);
  CARDEX_RETURN_IF_ERROR(
      reg.BuildSegment(seed, true, 0, reg.adults_, provinces, 1u << 18, &reg.adult_));
  CARDEX_RETURN_IF_ERROR(reg.BuildSegment(seed, false, reg.adults_, citizens - reg.adults_,
                                          provinces, 1u << 17, &reg.child_));
  return reg;
}

CitizenSlot Registry::SlotIn(const Segment& seg, int64_t base_index, int64_t local) const {
  const uint32_t pos = static_cast<uint32_t>(local % seg.length);
  const int64_t block = local / seg.length;
  const Tuple& t = seg.tuples[seg.tuple[pos]];
  const uint32_t rep = seg.rep[pos];
  const uint64_t j = static_cast<uint64_t>(block) * t.reps + rep;
  CitizenSlot s;
  s.province = t.province;
  s.gender = t.gender;
  s.year = t.year;
  s.serial = static_cast<int>((j * kSerialMultiplier + t.salt) % kSerials);
  s.adult = &seg == &adult_;
  if (rep % 2 == 1) {
    s.namesake_source = base_index + block * seg.length + seg.positions[t.begin + rep - 1];
  }
  return s;
}

CitizenSlot Registry::At(int64_t i) const {
  if (i < adults_) return SlotIn(adult_, 0, i);
  return SlotIn(child_, adults_, i - adults_);
}

void Registry::WriteId(const CitizenSlot& s, char* out) {
  out[0] = static_cast<char>('0' + s.province / 100);
  out[1] = static_cast<char>('0' + s.province / 10 % 10);
  out[2] = static_cast<char>('0' + s.province % 10);
  const int century = (s.year - 1900) / 100;
  out[3] = static_cast<char>('0' + century * 2 + (s.gender == 'F' ? 1 : 0));
  out[4] = static_cast<char>('0' + s.year / 10 % 10);
  out[5] = static_cast<char>('0' + s.year % 10);
  int serial = s.serial;
  for (int k = 11; k >= 6; --k) {
    out[k] = static_cast<char>('0' + serial % 10);
    serial /= 10;
  }
}

std::optional<int64_t> Registry::Lookup(std::string_view digits) const {
  if (digits.size() != 12) return std::nullopt;
  int v[12];
  for (int k = 0; k < 12; ++k) {
    if (digits[k] < '0' || digits[k] > '9') return std::nullopt;
    v[k] = digits[k] - '0';
  }
  const int province = v[0] * 100 + v[1] * 10 + v[2];
  const int year = 1900 + (v[3] / 2) * 100 + v[4] * 10 + v[5];
  const char gender = v[3] % 2 == 0 ? 'M' : 'F';
  if (province >= 100 || year > 2024) return std::nullopt;
  const int32_t code = tuple_index_[TupleKey(province, gender, year)];
  if (code < 0) return std::nullopt;
  const bool adult = code < (1 << 24);
  const Segment& seg = adult ? adult_ : child_;
  const Tuple& t = seg.tuples[code & ((1 << 24) - 1)];
  int64_t serial = 0;
  for (int k = 6; k < 12; ++k) serial = serial * 10 + v[k];
  const uint64_t j =
      ((static_cast<uint64_t>(serial) + kSerials - t.salt) % kSerials) * kSerialInverse % kSerials;
  const uint64_t block = j / t.reps;
  const uint32_t rep = static_cast<uint32_t>(j % t.reps);
  const int64_t local = static_cast<int64_t>(block * seg.length + seg.positions[t.begin + rep]);
  if (local >= seg.size) return std::nullopt;
  return seg.base + local;
}

}  // namespace cardex::gen
