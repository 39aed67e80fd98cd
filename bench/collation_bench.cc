// What Vietnamese order costs (issue 17 item 2): sorting N member names
// for people (vn_name::PersonSortKey: given name, then the rest, ICU "vi")
// against the byte order a list gets for free (std::sort on the UTF-8
// text, what `ORDER BY full_name` does in SQLite and in PostgreSQL with
// COLLATE "C"), for a cell, a commune, a province and the nation.
//
//   collation_bench [--max N]
//
// Names are synthetic (family, middle, given from the common Vietnamese
// stocks, NFC with diacritics), the same for every method. One thread:
// the dashboards and exports sort one list per request.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "cardex/core/vn_name.h"
#include "cardex/core/vn_format.h"

namespace {

const char* kFamily[] = {"Nguyễn", "Trần", "Lê",  "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ",
                         "Võ",     "Đặng", "Bùi", "Đỗ",   "Hồ",    "Ngô",   "Dương", "Lý"};
const char* kMiddle[] = {"Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Thanh", "Xuân", "Quốc", "Thu"};
const char* kGiven[] = {"An",   "Bình", "Cường", "Dũng", "Đạt",  "Giang", "Hà",   "Hải",  "Hùng",
                        "Hưng", "Khoa", "Lan",   "Linh", "Long", "Mai",   "Nam",  "Nga",  "Phúc",
                        "Quân", "Sơn",  "Tâm",   "Thảo", "Thu",  "Trang", "Tuấn", "Vân",  "Yến"};

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

}  // namespace

int main(int argc, char** argv) {
  size_t max = 5'600'000;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::string(argv[i]) == "--max") max = std::strtoull(argv[i + 1], nullptr, 10);
  }
  std::vector<std::string> names;
  names.reserve(max);
  uint64_t x = 88172645463325252ULL;
  for (size_t i = 0; i < max; ++i) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    names.push_back(std::string(kFamily[x % 16]) + " " + kMiddle[(x >> 8) % 10] + " " + kGiven[(x >> 16) % 27]);
  }
  std::printf("| members | list | byte order (ms) | Vietnamese keys + sort (ms) | keys per second | ratio |\n");
  std::printf("|---:|---|---:|---:|---:|---:|\n");
  const std::pair<size_t, const char*> sizes[] = {
      {100, "a cell"}, {1'700, "a commune"}, {200'000, "a province"}, {5'600'000, "the nation"}};
  for (const auto& [n, what] : sizes) {
    if (n > max) continue;
    std::vector<std::string> bytes(names.begin(), names.begin() + static_cast<std::ptrdiff_t>(n));
    auto t0 = std::chrono::steady_clock::now();
    std::sort(bytes.begin(), bytes.end());
    const double byte_s = Seconds(t0);

    t0 = std::chrono::steady_clock::now();
    std::vector<std::pair<std::string, size_t>> keyed;
    keyed.reserve(n);
    for (size_t i = 0; i < n; ++i) keyed.emplace_back(cardex::vn_name::PersonSortKey(names[i]), i);
    std::sort(keyed.begin(), keyed.end());
    const double vi_s = Seconds(t0);
    std::printf("| %s | %s | %s | %s | %s | %s |\n", cardex::vn_format::Integer(static_cast<int64_t>(n)).c_str(), what,
                cardex::vn_format::Decimal(byte_s * 1000, 2).c_str(), cardex::vn_format::Decimal(vi_s * 1000, 2).c_str(),
                cardex::vn_format::Integer(static_cast<int64_t>(static_cast<double>(n) / vi_s)).c_str(),
                cardex::vn_format::Decimal(vi_s / std::max(byte_s, 1e-9), 1).c_str());
  }
  return 0;
}
