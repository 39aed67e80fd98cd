// Runner for tests/cases/names: either a comparison (recorded, registry,
// verdict form|substantive) or one function applied to an input.
#include <gtest/gtest.h>

#include <functional>
#include <map>

#include "cardex/core/vn_name.h"
#include "src/core/vn_name_internal.h"
#include "tests/core/case_file.h"

namespace cardex::vn_name {
namespace {

using testing::CaseFile;

void RunComparison(const CaseFile& c) {
  const std::string recorded = c.Get("recorded");
  const std::string registry = c.Get("registry");
  const std::string verdict = c.Get("verdict");
  ASSERT_TRUE(verdict == "form" || verdict == "substantive") << verdict;
  EXPECT_EQ(DiffersOnlyInForm(recorded, registry), verdict == "form");
  // Where the verdict is "form", the registry's name reached by either branch
  // of formats.md is a namesake: the FoldKeys agree too.
  if (verdict == "form") {
    EXPECT_EQ(FoldKey(recorded), FoldKey(registry));
  }
}

void RunFunction(const CaseFile& c) {
  static const std::map<std::string, std::function<std::string(std::string_view)>> kFunctions = {
      {"nfc", Nfc},
      {"collapse_spaces", CollapseSpaces},
      {"normalize", Normalize},
      {"form_key", FormKey},
      {"strip_diacritics", StripDiacritics},
      {"fold_key", FoldKey},
      {"has_diacritics", [](std::string_view s) { return std::string(HasDiacritics(s) ? "yes" : "no"); }},
  };
  const std::string function = c.Get("function");
  auto it = kFunctions.find(function);
  ASSERT_NE(it, kFunctions.end()) << "unknown function " << function;
  const std::string input = c.Get("input");
  EXPECT_EQ(it->second(input), c.Get("expect"));
  // The ICU-only paths must give the same answers as the fast ones.
  EXPECT_EQ(internal::FormKeySlow(input), FormKey(input));
  EXPECT_EQ(internal::FoldKeySlow(input), FoldKey(input));
  EXPECT_EQ(internal::HasDiacriticsSlow(input), HasDiacritics(input));
}

TEST(NameCases, EveryCaseFile) {
  ASSERT_GE(testing::LoadCases("names").size(), 30u);
}

// Each file of tests/cases/names/ is a test of its own.
class NameCasesFile : public ::testing::TestWithParam<testing::CaseFile> {};

TEST_P(NameCasesFile, Holds) {
  const testing::CaseFile& c = GetParam();
  if (c.Has("function")) {
    RunFunction(c);
  } else {
    RunComparison(c);
  }
}

INSTANTIATE_TEST_SUITE_P(Files, NameCasesFile, ::testing::ValuesIn(testing::LoadCases("names")),
                         testing::CaseFileName);

}  // namespace
}  // namespace cardex::vn_name
