// Vietnamese list order (vn_name::PersonSortKey, UnitSortKey), driven by
// tests/cases/collation: `kind` person or unit, `input` and `expect` lists
// separated by " | "; the input sorted by the key must equal `expect`.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "cardex/core/vn_name.h"
#include "tests/core/case_file.h"

namespace cardex {
namespace {

std::vector<std::string> Split(const std::string& list) {
  std::vector<std::string> out;
  size_t start = 0;
  for (;;) {
    const size_t bar = list.find(" | ", start);
    out.push_back(list.substr(start, bar == std::string::npos ? std::string::npos : bar - start));
    if (bar == std::string::npos) return out;
    start = bar + 3;
  }
}

TEST(Collation, Cases) {
  auto cases = testing::LoadCases("collation");
  ASSERT_GE(cases.size(), 5u);
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const bool person = c.Get("kind") == "person";
    std::vector<std::pair<std::string, std::string>> keyed;
    for (const std::string& name : Split(c.Get("input"))) {
      keyed.emplace_back(person ? vn_name::PersonSortKey(name) : vn_name::UnitSortKey(name), name);
    }
    std::stable_sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::string got;
    for (const auto& [key, name] : keyed) got += (got.empty() ? "" : " | ") + name;
    EXPECT_EQ(got, c.Get("expect"));
  }
}

}  // namespace
}  // namespace cardex
