// Sample records with awkward values, and a readable one-line form of each
// record so that test failures show which field differs.
#ifndef CARDEX_TESTS_STORE_RECORD_SAMPLES_H_
#define CARDEX_TESTS_STORE_RECORD_SAMPLES_H_

#include <string>
#include <vector>

#include "cardex/core/records.h"

namespace cardex::testing {

std::string Show(const Unit& r);
std::string Show(const Member& r);
std::string Show(const Citizen& r);
std::string Show(const Station& r);
std::string Show(const Shift& r);

template <class T>
std::vector<std::string> ShowAll(const std::vector<T>& rows) {
  std::vector<std::string> out;
  for (const T& r : rows) out.push_back(Show(r));
  return out;
}

// Each list is in no particular order; Sorted*() gives the key order a scan
// must return (byte order of the keys).
std::vector<Unit> SampleUnits();
std::vector<Member> SampleMembers();
std::vector<Citizen> SampleCitizens();
std::vector<Station> SampleStations();
std::vector<Shift> SampleShifts();

std::vector<Unit> Sorted(std::vector<Unit> rows);
std::vector<Member> Sorted(std::vector<Member> rows);
std::vector<Citizen> Sorted(std::vector<Citizen> rows);
std::vector<Station> Sorted(std::vector<Station> rows);
std::vector<Shift> Sorted(std::vector<Shift> rows);

// `n` citizens with distinct, deterministic ids (some with leading zeros).
std::vector<Citizen> ManyCitizens(int n);

}  // namespace cardex::testing

#endif  // CARDEX_TESTS_STORE_RECORD_SAMPLES_H_
