// Data-driven cases: one small file per case under tests/cases/<rule>/, made
// of `key: value` lines. Blank lines and lines starting with '#' are ignored.
// Values keep inner spaces; escapes make the invisible visible:
//   \s space   \t tab   \n newline   \r carriage return   \\ backslash
//   \xHH a raw byte (for invalid UTF-8)   \uXXXX, \UXXXXXXXX a code point
#ifndef CARDEX_TESTS_CORE_CASE_FILE_H_
#define CARDEX_TESTS_CORE_CASE_FILE_H_

#include <map>
#include <string>
#include <vector>

namespace cardex::testing {

struct CaseFile {
  std::string name;  // file name, for failure messages
  std::map<std::string, std::string> fields;

  bool Has(const std::string& key) const { return fields.count(key) != 0; }
  // The value, or "" (and a test failure) when the key is missing.
  std::string Get(const std::string& key) const;
  // "yes"/"no" values; anything else fails the test.
  bool GetBool(const std::string& key) const;
  int GetInt(const std::string& key) const;
};

// Every *.case file of tests/cases/<rule>/, sorted by name. A file that does
// not parse fails the test.
std::vector<CaseFile> LoadCases(const std::string& rule);

// Decodes the escapes above; exposed for its own test.
std::string Unescape(const std::string& value);

}  // namespace cardex::testing

#endif  // CARDEX_TESTS_CORE_CASE_FILE_H_
