// Loading generated CSV files whole, for tests on small runs.
#ifndef CARDEX_TESTS_GEN_GEN_TEST_UTIL_H_
#define CARDEX_TESTS_GEN_GEN_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "cardex/io/csv.h"

namespace cardex::gen::testing {

struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  int Column(const std::string& name) const {
    for (size_t i = 0; i < header.size(); ++i) {
      if (header[i] == name) return static_cast<int>(i);
    }
    ADD_FAILURE() << "no column " << name;
    return 0;
  }
  // Rows as maps, for readability where speed does not matter.
  std::map<std::string, std::string> Row(size_t r) const {
    std::map<std::string, std::string> m;
    for (size_t c = 0; c < header.size(); ++c) m[header[c]] = rows[r][c];
    return m;
  }
};

inline Table LoadTable(const std::string& path) {
  Table t;
  auto reader = CsvReader::OpenFile(path);
  EXPECT_TRUE(reader.ok()) << reader.status().message();
  if (!reader.ok()) return t;
  std::vector<std::string_view> fields;
  bool first = true;
  for (;;) {
    auto more = (*reader)->Next(&fields);
    EXPECT_TRUE(more.ok()) << more.status().message();
    if (!more.ok() || !*more) break;
    std::vector<std::string> row(fields.begin(), fields.end());
    if (first) {
      t.header = std::move(row);
      first = false;
    } else {
      EXPECT_EQ(row.size(), t.header.size()) << path << " line " << (*reader)->record_line();
      t.rows.push_back(std::move(row));
    }
  }
  return t;
}

}  // namespace cardex::gen::testing

#endif  // CARDEX_TESTS_GEN_GEN_TEST_UTIL_H_
