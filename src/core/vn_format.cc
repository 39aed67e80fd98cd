#include "cardex/core/vn_format.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace cardex::vn_format {
namespace {

std::string Grouped(std::string digits) {
  std::string out;
  const size_t n = digits.size();
  for (size_t i = 0; i < n; ++i) {
    if (i > 0 && (n - i) % 3 == 0) out += '.';
    out += digits[i];
  }
  return out;
}

bool Digits(std::string_view s, size_t at, size_t n) {
  for (size_t i = at; i < at + n; ++i) {
    if (i >= s.size() || s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

int Num(std::string_view s, size_t at, size_t n) { return std::atoi(std::string(s.substr(at, n)).c_str()); }

}  // namespace

std::string Integer(int64_t value) {
  const bool negative = value < 0;
  const uint64_t magnitude = negative ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
  return (negative ? "-" : "") + Grouped(std::to_string(magnitude));
}

std::string Decimal(double value, int decimals) {
  if (decimals < 0) decimals = 0;
  if (decimals > 6) decimals = 6;
  if (!std::isfinite(value)) return "—";
  // Half away from zero on the decimal value (printf rounds the binary one
  // to even: 4964.25 would print 4964.2).
  double scale = 1;
  for (int i = 0; i < decimals; ++i) scale *= 10;
  const double scaled = std::round(std::fabs(value) * scale);
  if (scaled >= 9e18) return "—";
  const auto units = static_cast<uint64_t>(scaled);
  const auto base = static_cast<uint64_t>(scale);
  std::string whole = std::to_string(units / base);
  std::string frac = decimals > 0 ? std::to_string(units % base) : "";
  if (frac.size() < static_cast<size_t>(decimals)) frac.insert(0, static_cast<size_t>(decimals) - frac.size(), '0');
  const bool zero = units == 0;
  std::string out = (value < 0 && !zero ? "-" : "") + Grouped(whole);
  if (!frac.empty()) out += "," + frac;
  return out;
}

std::string Percent(int64_t part, int64_t whole) {
  if (whole <= 0) return "0,0 %";
  return Decimal(static_cast<double>(part) * 100.0 / static_cast<double>(whole), 1) + " %";
}

std::string Share(double share, int decimals) { return Decimal(share * 100.0, decimals) + " %"; }

std::string DateText(Date date) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d/%02d/%04d", date.day(), date.month(), date.year());
  return buf;
}

std::string LocalDateTime(std::string_view utc) {
  if (utc.size() < 16 || !Digits(utc, 0, 4) || utc[4] != '-' || !Digits(utc, 5, 2) || utc[7] != '-' ||
      !Digits(utc, 8, 2) || (utc[10] != 'T' && utc[10] != ' ') || !Digits(utc, 11, 2) || utc[13] != ':' ||
      !Digits(utc, 14, 2)) {
    return std::string(utc);
  }
  auto date = Date::Parse(utc.substr(0, 10));
  if (!date.ok()) return std::string(utc);
  int minutes = Num(utc, 11, 2) * 60 + Num(utc, 14, 2) + 7 * 60;  // Asia/Ho_Chi_Minh, no DST
  const Date local = Date::FromDays(date->days() + minutes / (24 * 60));
  minutes %= 24 * 60;
  char buf[16];
  std::snprintf(buf, sizeof buf, " %02d:%02d", minutes / 60, minutes % 60);
  return DateText(local) + buf;
}

}  // namespace cardex::vn_format
