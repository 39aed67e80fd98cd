#include "cardex/core/citizen_id.h"

#include <array>
#include <cassert>
#include <string>
#include <vector>

namespace cardex {
namespace {

// domain.md: the 63 pre-2025 codes, names NFC. Kept in code order so that
// lookups can binary-search; a test checks the order and the count.
constexpr std::array<Province, 63> kProvinces = {{
    {1, "Hà Nội"},
    {2, "Hà Giang"},
    {4, "Cao Bằng"},
    {6, "Bắc Kạn"},
    {8, "Tuyên Quang"},
    {10, "Lào Cai"},
    {11, "Điện Biên"},
    {12, "Lai Châu"},
    {14, "Sơn La"},
    {15, "Yên Bái"},
    {17, "Hòa Bình"},
    {19, "Thái Nguyên"},
    {20, "Lạng Sơn"},
    {22, "Quảng Ninh"},
    {24, "Bắc Giang"},
    {25, "Phú Thọ"},
    {26, "Vĩnh Phúc"},
    {27, "Bắc Ninh"},
    {30, "Hải Dương"},
    {31, "Hải Phòng"},
    {33, "Hưng Yên"},
    {34, "Thái Bình"},
    {35, "Hà Nam"},
    {36, "Nam Định"},
    {37, "Ninh Bình"},
    {38, "Thanh Hóa"},
    {40, "Nghệ An"},
    {42, "Hà Tĩnh"},
    {44, "Quảng Bình"},
    {45, "Quảng Trị"},
    {46, "Thừa Thiên Huế"},
    {48, "Đà Nẵng"},
    {49, "Quảng Nam"},
    {51, "Quảng Ngãi"},
    {52, "Bình Định"},
    {54, "Phú Yên"},
    {56, "Khánh Hòa"},
    {58, "Ninh Thuận"},
    {60, "Bình Thuận"},
    {62, "Kon Tum"},
    {64, "Gia Lai"},
    {66, "Đắk Lắk"},
    {67, "Đắk Nông"},
    {68, "Lâm Đồng"},
    {70, "Bình Phước"},
    {72, "Tây Ninh"},
    {74, "Bình Dương"},
    {75, "Đồng Nai"},
    {77, "Bà Rịa–Vũng Tàu"},
    {79, "Hồ Chí Minh"},
    {80, "Long An"},
    {82, "Tiền Giang"},
    {83, "Bến Tre"},
    {84, "Trà Vinh"},
    {86, "Vĩnh Long"},
    {87, "Đồng Tháp"},
    {89, "An Giang"},
    {91, "Kiên Giang"},
    {92, "Cần Thơ"},
    {93, "Hậu Giang"},
    {94, "Sóc Trăng"},
    {95, "Bạc Liêu"},
    {96, "Cà Mau"},
}};

// A direct index for the hot path (reconciliation checks every member).
struct ProvinceIndex {
  std::array<int8_t, 100> slot{};  // -1 when the code is unknown
  constexpr ProvinceIndex() {
    for (auto& s : slot) s = -1;
    for (size_t i = 0; i < kProvinces.size(); ++i) slot[kProvinces[i].code] = static_cast<int8_t>(i);
  }
};
constexpr ProvinceIndex kIndex;

bool IsKnownProvince(int code) { return code >= 0 && code < 100 && kIndex.slot[code] >= 0; }

int Digit(char c) { return c - '0'; }

bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }

// Position (0-based) of the first non-digit, or npos.
size_t FirstNonDigit(std::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    if (!IsAsciiDigit(text[i])) return i;
  }
  return std::string_view::npos;
}

int LeadingProvince(std::string_view text) {
  return Digit(text[0]) * 100 + Digit(text[1]) * 10 + Digit(text[2]);
}

}  // namespace

std::span<const Province> ProvinceTable() { return kProvinces; }

std::optional<std::string_view> ProvinceName(int code) {
  if (!IsKnownProvince(code)) return std::nullopt;
  return kProvinces[kIndex.slot[code]].name;
}

Result<CitizenId> CitizenId::Parse(std::string_view text) {
  // The message names the part that is wrong but never echoes the number:
  // it is personal data.
  if (text.size() != 12) {
    return Status::InvalidArgument("expected a citizen id of 12 digits, got " +
                                   std::to_string(text.size()) + " characters");
  }
  if (size_t bad = FirstNonDigit(text); bad != std::string_view::npos) {
    return Status::InvalidArgument("expected a citizen id of 12 ASCII digits, character " +
                                   std::to_string(bad + 1) + " is not a digit");
  }
  if (!IsKnownProvince(LeadingProvince(text))) {
    return Status::InvalidArgument(
        "citizen id does not start with a province code (the 63-code table)");
  }
  return CitizenId(std::string(text));
}

CitizenId CitizenId::Compose(int province_code, char gender, int birth_year, int serial) {
  assert(IsKnownProvince(province_code));
  assert(gender == 'M' || gender == 'F');
  assert(birth_year >= 1900 && birth_year <= 2399);
  assert(serial >= 0 && serial <= 999999);
  int century_digit = (birth_year / 100 - 19) * 2 + (gender == 'F' ? 1 : 0);
  std::string d(12, '0');
  auto put = [&d](size_t pos, size_t width, int value) {
    for (size_t i = 0; i < width; ++i) {
      d[pos + width - 1 - i] = static_cast<char>('0' + value % 10);
      value /= 10;
    }
  };
  put(0, 3, province_code);
  put(3, 1, century_digit);
  put(4, 2, birth_year % 100);
  put(6, 6, serial);
  return CitizenId(std::move(d));
}

int CitizenId::province_code() const {
  return Digit(digits_[0]) * 100 + Digit(digits_[1]) * 10 + Digit(digits_[2]);
}

char CitizenId::gender() const { return Digit(digits_[3]) % 2 == 0 ? 'M' : 'F'; }

int CitizenId::birth_year() const {
  return 1900 + Digit(digits_[3]) / 2 * 100 + Digit(digits_[4]) * 10 + Digit(digits_[5]);
}

int CitizenId::serial() const {
  int v = 0;
  for (size_t i = 6; i < 12; ++i) v = v * 10 + Digit(digits_[i]);
  return v;
}

uint64_t CitizenId::ToInteger() const {
  uint64_t v = 0;
  for (char c : digits_) v = v * 10 + static_cast<uint64_t>(Digit(c));
  return v;
}

bool CitizenId::AgreesWith(char gender_code, int year) const {
  if (gender_code != 'M' && gender_code != 'F') return false;
  return this->gender() == gender_code && birth_year() == year;
}

// Same rule as Parse without building a Status: reconciliation asks this for
// every member.
bool IsWellFormedCitizenId(std::string_view text) {
  return text.size() == 12 && FirstNonDigit(text) == std::string_view::npos &&
         IsKnownProvince(LeadingProvince(text));
}

std::string MaskCitizenId(std::string_view recorded) {
  std::vector<std::string_view> points;
  for (size_t i = 0; i < recorded.size();) {
    size_t j = i + 1;
    while (j < recorded.size() && (static_cast<unsigned char>(recorded[j]) & 0xC0) == 0x80) ++j;
    points.push_back(recorded.substr(i, j - i));
    i = j;
  }
  constexpr size_t kKeep = 3;
  std::string out;
  for (size_t i = 0; i < points.size(); ++i) {
    const bool keep = points.size() > 2 * kKeep && (i < kKeep || i >= points.size() - kKeep);
    if (keep) out.append(points[i]);
    else out.push_back('*');
  }
  return out;
}

}  // namespace cardex
