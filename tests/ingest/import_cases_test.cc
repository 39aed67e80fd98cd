// Runs every tests/cases/import/*.case (format: tests/cases/import/_base/README.md).
#include <gtest/gtest.h>

#include <cctype>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "cardex/ingest/import.h"
#include "tests/support/test_env.h"

namespace cardex {
namespace {

namespace fs = std::filesystem;

struct ImportCase {
  std::string name;
  std::string kind;
  std::string input;
  std::vector<std::string> errors;  // empty: expect success
  bool has_export = false;
  std::string export_text;
};

ImportCase ReadCase(const fs::path& path) {
  ImportCase c;
  c.name = path.stem().string();
  std::ifstream in(path);
  std::string line, section;
  while (std::getline(in, line)) {
    if (line.rfind("--- ", 0) == 0) {
      section = line.substr(4);
      if (section == "export") c.has_export = true;
      continue;
    }
    if (section.empty()) {
      if (line.rfind("kind: ", 0) == 0) c.kind = line.substr(6);
    } else if (section == "input") {
      c.input += line + "\n";
    } else if (section == "errors") {
      if (line != "none" && !line.empty()) c.errors.push_back(line);
    } else if (section == "export") {
      c.export_text += line + "\n";
    }
  }
  return c;
}

// "dir/members.csv:12: ..." → ("members.csv:12: ...", 12)
std::pair<std::string, long> Relative(const std::string& error, const std::string& dir) {
  std::string s = error.rfind(dir, 0) == 0 ? error.substr(dir.size() + 1) : error;
  long line = 0;
  auto colon = s.find(':');
  if (colon != std::string::npos) line = std::strtol(s.c_str() + colon + 1, nullptr, 10);
  return {s, line};
}

std::vector<fs::path> CaseFiles() {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(testing::SourceDir() / "tests/cases/import")) {
    if (e.path().extension() == ".case") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(ImportCases, EveryCaseFileHolds) { ASSERT_GE(CaseFiles().size(), 10u) << "case files not found"; }

// Each file of tests/cases/import/ is a test of its own.
class ImportCaseFile : public ::testing::TestWithParam<fs::path> {};

TEST_P(ImportCaseFile, Holds) {
  ImportCase c = ReadCase(GetParam());
  testing::TempDir dir;
  auto store = OpenStore(dir.file("cardex.db"));
  ASSERT_TRUE(store.ok()) << store.status().message();
  ASSERT_TRUE((*store)->Migrate().ok());
  for (auto [kind, base] : {std::pair{RecordKind::kUnits, "units.csv"},
                            std::pair{RecordKind::kStations, "stations.csv"}}) {
    auto r = ImportFile(**store, kind,
                        (testing::SourceDir() / "tests/cases/import/_base" / base).string());
    ASSERT_TRUE(r.ok() && r->ok()) << "base fixture " << base << " did not import";
  }
  RecordKind kind;
  ASSERT_TRUE(ParseRecordKind(c.kind, &kind)) << "bad kind: " << c.kind;
  std::string input = dir.file(c.kind + ".csv");
  testing::WriteFile(input, c.input);
  auto before = (*store)->Count(kind);
  ASSERT_TRUE(before.ok());

  auto result = ImportFile(**store, kind, input);
  ASSERT_TRUE(result.ok()) << result.status().message();
  std::vector<std::pair<std::string, long>> actual;
  for (const auto& e : result->errors) actual.push_back(Relative(e, dir.path().string()));
  std::stable_sort(actual.begin(), actual.end(),
                   [](const auto& a, const auto& b) { return a.second < b.second; });
  std::string actual_text;
  for (const auto& [text, line] : actual) actual_text += text + "\n";
  ASSERT_EQ(actual.size(), c.errors.size()) << "errors reported:\n" << actual_text;
  for (size_t i = 0; i < actual.size(); ++i) {
    EXPECT_EQ(actual[i].first.rfind(c.errors[i], 0), 0u)
        << "error " << i << " is\n  " << actual[i].first << "\nexpected it to start with\n  "
        << c.errors[i];
  }
  if (!c.errors.empty()) {
    auto after = (*store)->Count(kind);
    ASSERT_TRUE(after.ok());
    EXPECT_EQ(*after, *before) << "a refused file changed the database";
    EXPECT_EQ(result->rows, 0);
  }
  if (c.has_export) {
    std::string out = dir.file("export.csv");
    auto rows = ExportFile(**store, kind, out);
    ASSERT_TRUE(rows.ok()) << rows.status().message();
    EXPECT_EQ(testing::ReadFile(out), c.export_text);
  }
}

std::string FileTestName(const ::testing::TestParamInfo<fs::path>& info) {
  std::string name = info.param.stem().string();
  for (char& ch : name) {
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Files, ImportCaseFile, ::testing::ValuesIn(CaseFiles()), FileTestName);

}  // namespace
}  // namespace cardex
