#include "tests/store/record_samples.h"

#include <algorithm>
#include <tuple>

namespace cardex::testing {
namespace {

// Quoted so that empty fields and trailing spaces are visible.
std::string Q(const std::string& s) { return "\"" + s + "\""; }

}  // namespace

std::string Show(const Unit& r) {
  return "Unit{" + Q(r.code) + "," + Q(r.parent_code) + "," + Q(r.kind) + "," + Q(r.name) + "}";
}

std::string Show(const Member& r) {
  return "Member{" + Q(r.member_no) + "," + Q(r.citizen_id) + "," + Q(r.full_name) + "," +
         Q(r.birth_date) + "," + Q(r.gender) + "," + Q(r.unit_code) + "," + Q(r.status) + "," +
         Q(r.phone) + "," + (r.home_visit ? "1" : "0") + "}";
}

std::string Show(const Citizen& r) {
  return "Citizen{" + Q(r.citizen_id) + "," + Q(r.full_name) + "," + Q(r.birth_date) + "," +
         Q(r.gender) + "," + Q(r.origin) + "," + Q(r.deceased_on) + "}";
}

std::string Show(const Station& r) {
  std::string serves;
  for (const auto& s : r.serves) serves += Q(s) + " ";
  return "Station{" + Q(r.code) + "," + Q(r.name) + "," + std::to_string(r.counters) + "," +
         std::to_string(r.minutes_per_member) + ",[" + serves + "]}";
}

std::string Show(const Shift& r) {
  return "Shift{" + Q(r.station_code) + "," + Q(r.date) + "," + Q(r.start) + "," + Q(r.end) +
         "," + Q(r.kind) + "}";
}

// Keys mix case and non-ASCII so that byte order (not a locale's order) is
// what the backends must agree on: "B" < "a" < "\xc4\x90" (Đ).
std::vector<Unit> SampleUnits() {
  return {
      {"LD.HAMTIEN.C07", "LD.HAMTIEN", "cell", "Chi b\u1ed9 th\u00f4n 3, \"Bi\u1ec3n\""},
      {"LD", "", "province", "L\u00e2m \u0110\u1ed3ng"},
      {"LD.HAMTIEN", "LD", "commune", "H\u00e0m\u00a0Ti\u1ebfn"},
      {"a", "", "province", "lower case key"},
      {"B", "", "province", "upper case key"},
      {"\u0110B", "", "district", "non-ASCII key"},
      {"LD.X\\Y", "LD", "branch", "back\\slash\ttab\nnewline\rreturn"},
  };
}

std::vector<Member> SampleMembers() {
  return {
      {"M-000002", "001090000001", "NGUYEN VAN AN", "1990", "M", "LD.HAMTIEN.C07", "official", "",
       false},
      // NFD: e + combining circumflex + combining tilde.
      {"M-000001", "0010900000", "Nguye\u0302\u0303n Th\u1ecb  B\u00edch", "1985-07", "F",
       "LD.HAMTIEN.C07", "probationary", "+84 90 123 4567", true},
      {"M-000010", "abc", "Tr\u1ea7n\u00a0V\u0103n, \"C\u01b0\u1eddng\"", "1970-01-31", "M", "LD",
       "official", "0901234567", false},
      {"M-000003", "", "'O''Brien'; DROP TABLE members;--", "2001-02-03", "F", "LD", "official",
       "", true},
      // Array-literal and COPY metacharacters in a key.
      {"M-000004 \"x\",\\{y} NULL\t", "079190000123", "Key test", "1999", "M", "LD", "official",
       "", false},
  };
}

std::vector<Citizen> SampleCitizens() {
  return {
      {"079190000123", "Tr\u1ea7n V\u0103n C\u01b0\u1eddng", "1970-01-31", "M",
       "X\u00e3 H\u00e0m Ti\u1ebfn, Phan Thi\u1ebft", ""},
      {"001090000001", "Nguy\u1ec5n V\u0103n An", "1990-05-06", "M", "", ""},
      {"000000000000", "All zeros", "1900-01-01", "F", "", "1990-01-01"},
      {"096300999999", "Nguye\u0302\u0303n\u00a0Th\u1ecb B\u00edch", "1985-07-20", "F",
       "\"Qu\u1ea3ng Tr\u1ecb\", Vi\u1ec7t Nam\\x", "2020-12-31"},
  };
}

std::vector<Station> SampleStations() {
  return {
      {"ST02", "Nh\u00e0 v\u0103n h\u00f3a, th\u00f4n 3", 4, 12, {"LD.HAMTIEN", "LD"}},
      {"ST01", "Tr\u1ee5 s\u1edf x\u00e3", 1, 7, {"LD.HAMTIEN"}},
      {"ST03", "Nobody", 2, 30, {}},
  };
}

std::vector<Shift> SampleShifts() {
  return {
      {"ST02", "2025-03-02", "07:30", "11:30", "weekend"},
      {"ST01", "2025-03-01", "22:00", "02:00", "night"},
      {"ST01", "2025-03-01", "07:30", "11:30", "day"},
      {"ST01", "2025-02-28", "13:30", "17:00", "holiday"},
  };
}

std::vector<Unit> Sorted(std::vector<Unit> rows) {
  std::sort(rows.begin(), rows.end(), [](const Unit& a, const Unit& b) { return a.code < b.code; });
  return rows;
}

std::vector<Member> Sorted(std::vector<Member> rows) {
  std::sort(rows.begin(), rows.end(),
            [](const Member& a, const Member& b) { return a.member_no < b.member_no; });
  return rows;
}

std::vector<Citizen> Sorted(std::vector<Citizen> rows) {
  std::sort(rows.begin(), rows.end(),
            [](const Citizen& a, const Citizen& b) { return a.citizen_id < b.citizen_id; });
  return rows;
}

std::vector<Station> Sorted(std::vector<Station> rows) {
  std::sort(rows.begin(), rows.end(),
            [](const Station& a, const Station& b) { return a.code < b.code; });
  return rows;
}

std::vector<Shift> Sorted(std::vector<Shift> rows) {
  std::sort(rows.begin(), rows.end(), [](const Shift& a, const Shift& b) {
    return std::tie(a.station_code, a.date, a.start) < std::tie(b.station_code, b.date, b.start);
  });
  return rows;
}

std::vector<Citizen> ManyCitizens(int n) {
  std::vector<Citizen> rows;
  rows.reserve(n);
  for (int i = 0; i < n; ++i) {
    // A multiplicative scramble spreads the ids over the key space, so the
    // rows arrive out of key order; i < 10^6 keeps them distinct.
    long long serial = (static_cast<long long>(i) * 7919) % 1000000;
    std::string id = std::to_string(i % 97);
    id = std::string(3 - id.size(), '0') + id + "0" + std::to_string(10 + i % 90) +
         std::string(6 - std::to_string(serial).size(), '0') + std::to_string(serial);
    rows.push_back({id, "C\u00f4ng d\u00e2n s\u1ed1 " + std::to_string(i), "1980-01-01",
                    i % 2 ? "F" : "M", i % 3 ? "" : "Th\u00f4n " + std::to_string(i),
                    i % 11 ? "" : "2001-09-11"});
  }
  return rows;
}

}  // namespace cardex::testing
