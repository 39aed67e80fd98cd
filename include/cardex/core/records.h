// The records Cardex imports, stores and exports, as the files of
// ../shared/spec/formats.md define them.
//
// Every text field holds the value exactly as it was recorded (after the
// import checks accepted it): names may be NFD, upper case or without
// diacritics, birth dates may be partial, a member's citizen_id may be
// malformed. Standardised values live beside these, never over them, so that
// export gives back what was imported.
#ifndef CARDEX_CORE_RECORDS_H_
#define CARDEX_CORE_RECORDS_H_

#include <string>
#include <string_view>
#include <vector>

namespace cardex {

// The kinds of file `cardex import` and `cardex export` take, in the order a
// campaign loads them (each refers only to kinds before it).
enum class RecordKind { kUnits, kMembers, kCitizens, kStations, kShifts };

// "units", "members", ... ; false when the name is not a kind.
bool ParseRecordKind(std::string_view name, RecordKind* kind);
std::string_view RecordKindName(RecordKind kind);

struct Unit {
  std::string code;
  std::string parent_code;  // empty for a root
  std::string kind;         // province, commune, cell, district, branch
  std::string name;
};

struct Member {
  std::string member_no;
  std::string citizen_id;  // as recorded; may be malformed
  std::string full_name;   // as recorded
  std::string birth_date;  // YYYY, YYYY-MM or YYYY-MM-DD
  std::string gender;      // "M" or "F"
  std::string unit_code;   // a cell
  std::string status;      // "official" or "probationary"
  std::string phone;       // may be empty
  bool home_visit = false;
};

struct Citizen {
  std::string citizen_id;  // 12 digits, province code known
  std::string full_name;
  std::string birth_date;  // YYYY-MM-DD
  std::string gender;      // "M" or "F"
  std::string origin;
  std::string deceased_on;  // YYYY-MM-DD or empty
};

struct Station {
  std::string code;
  std::string name;
  int counters = 0;
  int minutes_per_member = 0;
  std::vector<std::string> serves;  // unit codes, in the order recorded
};

struct Shift {
  std::string station_code;
  std::string date;   // YYYY-MM-DD
  std::string start;  // HH:MM
  std::string end;    // HH:MM; at or before start means past midnight
  std::string kind;   // day, night, weekend, holiday
};

}  // namespace cardex

#endif  // CARDEX_CORE_RECORDS_H_
