// Runs every tests/cases/csv/*.case through the reader, once with the normal
// chunk size and once for each small read size, so that every rule is also
// checked with a chunk boundary at every byte of the input.
//
// Case file format, one directive per line ('#' starts a comment):
//   input: BYTES                 the whole input
//   record LINE: F1|F2|...       the next record, starting on LINE
//   error: LINE:COLUMN TEXT      then Next() fails with "NAME:LINE:COLUMN: ..."
//                                containing TEXT
// BYTES and fields use the escapes \n \r \t \\ \| \xHH; a record line with
// nothing after the colon is one empty field. No record and no error lines
// means the input has no records.
#include <gtest/gtest.h>

#include <cctype>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "src/io/csv_internal.h"
#include "tests/support/test_env.h"

namespace cardex {
namespace {

struct ExpectedRecord {
  int64_t line = 0;
  std::vector<std::string> fields;
};

struct CsvCase {
  std::string name;
  std::string input;
  std::vector<ExpectedRecord> records;
  std::string error_position;  // "LINE:COLUMN", empty when no error
  std::string error_text;
};

// Decodes the escapes; with split_on_bar, an unescaped '|' separates parts.
std::vector<std::string> Unescape(const std::string& text, bool split_on_bar) {
  std::vector<std::string> parts(1);
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '|' && split_on_bar) {
      parts.emplace_back();
      continue;
    }
    if (c == '\\' && i + 1 < text.size()) {
      char e = text[++i];
      if (e == 'n') c = '\n';
      else if (e == 'r') c = '\r';
      else if (e == 't') c = '\t';
      else if (e == 'x' && i + 2 < text.size()) {
        c = static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
        i += 2;
      } else {
        c = e;  // \\ and \|
      }
    }
    parts.back().push_back(c);
  }
  return parts;
}

CsvCase ParseCase(const std::filesystem::path& path) {
  CsvCase c;
  c.name = path.stem().string();
  std::istringstream in(testing::ReadFile(path.string()));
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (line.rfind("input: ", 0) == 0) {
      c.input = Unescape(line.substr(7), false)[0];
    } else if (line == "input:") {
      c.input.clear();
    } else if (line.rfind("record ", 0) == 0) {
      const size_t colon = line.find(':');
      ExpectedRecord r;
      r.line = std::stoll(line.substr(7, colon - 7));
      std::string rest = line.substr(colon + 1);
      if (!rest.empty() && rest[0] == ' ') rest.erase(0, 1);
      r.fields = Unescape(rest, true);
      c.records.push_back(std::move(r));
    } else if (line.rfind("error: ", 0) == 0) {
      const std::string rest = line.substr(7);
      const size_t space = rest.find(' ');
      c.error_position = rest.substr(0, space);
      c.error_text = space == std::string::npos ? "" : rest.substr(space + 1);
    } else {
      ADD_FAILURE() << path << ": cannot parse line: " << line;
    }
  }
  return c;
}

std::vector<std::filesystem::path> CaseFiles() {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(testing::SourceDir() / "tests/cases/csv")) {
    if (entry.path().extension() == ".case") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

void RunCase(const CsvCase& c, const csv_internal::ReaderOptions& options) {
  SCOPED_TRACE("case " + c.name + ", read size " + std::to_string(options.read_size));
  auto reader = csv_internal::ReaderFromString(c.input, c.name, options);
  std::vector<std::string_view> fields;
  for (const ExpectedRecord& want : c.records) {
    Result<bool> got = reader->Next(&fields);
    ASSERT_TRUE(got.ok()) << got.status().message();
    ASSERT_TRUE(*got) << "ended before the record on line " << want.line;
    EXPECT_EQ(reader->record_line(), want.line);
    EXPECT_EQ(std::vector<std::string>(fields.begin(), fields.end()), want.fields);
  }
  Result<bool> last = reader->Next(&fields);
  if (c.error_position.empty()) {
    ASSERT_TRUE(last.ok()) << last.status().message();
    EXPECT_FALSE(*last) << "an extra record on line " << reader->record_line();
    EXPECT_EQ(reader->bytes_read(), static_cast<int64_t>(c.input.size()));
    return;
  }
  ASSERT_FALSE(last.ok()) << "expected an error at " << c.error_position;
  EXPECT_EQ(last.status().code(), StatusCode::kInvalidArgument);
  const std::string& message = last.status().message();
  EXPECT_EQ(message.rfind(c.name + ":" + c.error_position + ": ", 0), 0u) << message;
  EXPECT_NE(message.find(c.error_text), std::string::npos) << message;
  // The reader stays failed.
  Result<bool> again = reader->Next(&fields);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().message(), message);
}

TEST(CsvCases, EveryCaseAtEveryChunkBoundary) { ASSERT_GE(CaseFiles().size(), 20u); }

// Each file of tests/cases/csv/ is a test of its own, at every chunk boundary.
class CsvCaseFile : public ::testing::TestWithParam<std::filesystem::path> {};

TEST_P(CsvCaseFile, Holds) {
  const CsvCase c = ParseCase(GetParam());
  RunCase(c, csv_internal::ReaderOptions());
  for (size_t read_size = 1; read_size <= c.input.size() + 1; ++read_size) {
    csv_internal::ReaderOptions options;
    options.read_size = read_size;
    RunCase(c, options);
  }
}

std::string FileTestName(const ::testing::TestParamInfo<std::filesystem::path>& info) {
  std::string name = info.param.stem().string();
  for (char& ch : name) {
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Files, CsvCaseFile, ::testing::ValuesIn(CaseFiles()), FileTestName);

}  // namespace
}  // namespace cardex
