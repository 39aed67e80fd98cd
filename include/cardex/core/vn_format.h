// Numbers, percentages and dates as Vietnamese readers write them
// (domain.md, "Conventions for people"): "." groups thousands, "," marks
// decimals ("4.964,3"), a space before "%" ("36,5 %"), dates dd/mm/yyyy
// ("07/12/2026"). For pages, XLSX and PDF alike; never for the CSV
// contract of formats.md, which keeps plain numbers.
//
// Pure functions; thread-safe.
#ifndef CARDEX_CORE_VN_FORMAT_H_
#define CARDEX_CORE_VN_FORMAT_H_

#include <cstdint>
#include <string>

#include "cardex/core/dates.h"

namespace cardex::vn_format {

// 1234567 → "1.234.567"; -5 → "-5".
std::string Integer(int64_t value);
// 4964.25, 1 → "4.964,3" (rounded half away from zero); decimals 0..6.
std::string Decimal(double value, int decimals);
// part / whole as "36,5 %" (one decimal); "0,0 %" when whole is 0.
std::string Percent(int64_t part, int64_t whole);
// A share in [0, 1] as "92,4 %".
std::string Share(double share, int decimals = 1);
// "07/12/2026".
std::string DateText(Date date);
// A UTC time "YYYY-MM-DDTHH:MM[:SS][Z]" (or "YYYY-MM-DD HH:MM:SS") as Vietnam's
// local "07/12/2026 16:02"; the input unchanged when it is not such a time.
std::string LocalDateTime(std::string_view utc);

}  // namespace cardex::vn_format

#endif  // CARDEX_CORE_VN_FORMAT_H_
