// Data-driven cases: one small file per case under tests/cases/<rule>/, made
// of `key: value` lines. Blank lines and lines starting with '#' are ignored.
// Values keep inner spaces; escapes make the invisible visible:
//   \s space   \t tab   \n newline   \r carriage return   \\ backslash
//   \xHH a raw byte (for invalid UTF-8)   \uXXXX, \UXXXXXXXX a code point
#ifndef CARDEX_TESTS_CORE_CASE_FILE_H_
#define CARDEX_TESTS_CORE_CASE_FILE_H_

#include <gtest/gtest.h>

#include <map>
#include <ostream>
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

// Each case file its own test: a TEST_P over a rule's files, named after
// them (gtest's name rules: the stem, other characters as '_').
//   class MyRuleFile : public ::testing::TestWithParam<CaseFile> {};
//   TEST_P(MyRuleFile, Holds) { const CaseFile& c = GetParam(); ... }
//   INSTANTIATE_TEST_SUITE_P(Files, MyRuleFile,
//                            ::testing::ValuesIn(LoadCases("my_rule")), CaseFileName);
std::string CaseFileName(const ::testing::TestParamInfo<CaseFile>& info);
inline void PrintTo(const CaseFile& c, std::ostream* os) { *os << c.name; }

// Decodes the escapes above; exposed for its own test.
std::string Unescape(const std::string& value);

}  // namespace cardex::testing

#endif  // CARDEX_TESTS_CORE_CASE_FILE_H_
