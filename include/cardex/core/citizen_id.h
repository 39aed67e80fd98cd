// The citizen identity number (CCCD): 12 digits = 3 digits province of birth
// registration + 1 digit gender/century + 2 digits year of birth + 6 serial
// digits (Decree 137/2015, Circular 07/2016/TT-BCA). See ../shared/domain.md.
#ifndef CARDEX_CORE_CITIZEN_ID_H_
#define CARDEX_CORE_CITIZEN_ID_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "cardex/core/status.h"

namespace cardex {

struct Province {
  int code;               // 1 .. 96
  std::string_view name;  // "Lâm Đồng"
};

// The 63 pre-2025 province codes, ascending. They stay valid after the
// mergers.
std::span<const Province> ProvinceTable();
// Name for a code, or nullopt when the code is not in the table.
std::optional<std::string_view> ProvinceName(int code);

class CitizenId {
 public:
  // Accepts exactly 12 ASCII digits whose first three are a province code.
  // This is the `invalid_id` rule of formats.md. The error message says
  // which part is wrong (length, non-digit, unknown province) without
  // repeating the input.
  static Result<CitizenId> Parse(std::string_view text);

  // Builds a number from its parts. Requires a known province, gender 'M' or
  // 'F', 1900 <= birth_year <= 2399, 0 <= serial <= 999999.
  static CitizenId Compose(int province_code, char gender, int birth_year, int serial);

  const std::string& digits() const { return digits_; }
  int province_code() const;
  char gender() const;     // 'M' (even gender/century digit) or 'F' (odd)
  int birth_year() const;  // century from the gender/century digit + 2 digits
  int serial() const;      // last six digits
  uint64_t ToInteger() const;  // the 12 digits as a number (fits 40 bits)

  // The cheap offline check: the gender/century digit and the year digits
  // agree with the person's gender ('M'/'F') and year of birth.
  bool AgreesWith(char gender, int birth_year) const;

  friend bool operator==(const CitizenId&, const CitizenId&) = default;

 private:
  explicit CitizenId(std::string digits) : digits_(std::move(digits)) {}
  std::string digits_;
};

// Formats.md `invalid_id` as a predicate: true when CitizenId::Parse succeeds.
bool IsWellFormedCitizenId(std::string_view text);

// A recorded citizen id as lists for people show it when the reader needs
// to recognise the number, not to know it: the first three and the last
// three characters kept, every other one '*' ("068******234"; an 11-digit
// typo stays visibly short: "068*****123"). Six characters or fewer are
// all '*'. Counts code points, so malformed input stays valid UTF-8.
std::string MaskCitizenId(std::string_view recorded);

}  // namespace cardex

#endif  // CARDEX_CORE_CITIZEN_ID_H_
