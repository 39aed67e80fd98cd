// CsvReader behaviour that is not a table of inputs: opening files, progress,
// records longer than a chunk, the record size limit. The parsing rules are
// in tests/cases/csv (csv_cases_test.cc).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "cardex/io/csv.h"
#include "src/io/csv_internal.h"
#include "tests/support/test_env.h"

namespace cardex {
namespace {

using Rows = std::vector<std::vector<std::string>>;

Rows ReadAll(CsvReader* reader) {
  Rows rows;
  std::vector<std::string_view> fields;
  for (;;) {
    Result<bool> more = reader->Next(&fields);
    EXPECT_TRUE(more.ok()) << more.status().message();
    if (!more.ok() || !*more) return rows;
    rows.emplace_back(fields.begin(), fields.end());
  }
}

TEST(CsvReader, MissingFileIsNotFound) {
  testing::TempDir dir;
  const std::string path = dir.file("nope.csv");
  auto reader = CsvReader::OpenFile(path);
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(reader.status().message(), "cannot open " + path + ": No such file or directory");
}

TEST(CsvReader, DirectoryIsAnIoError) {
  testing::TempDir dir;
  auto reader = CsvReader::OpenFile(dir.path().string());
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().code(), StatusCode::kIoError);
  EXPECT_NE(reader.status().message().find("is a directory"), std::string::npos);
  EXPECT_NE(reader.status().message().find(dir.path().string()), std::string::npos);
}

TEST(CsvReader, FileNameAndProgress) {
  testing::TempDir dir;
  const std::string path = dir.file("units.csv");
  std::string content = "code,name\n";
  for (int i = 0; i < 1000; ++i) content += "U" + std::to_string(i) + ",\"Chi bộ, số " + std::to_string(i) + "\"\n";
  testing::WriteFile(path, content);

  csv_internal::ReaderOptions options;
  options.read_size = 4096;  // several chunks
  auto reader = csv_internal::ReaderFromFile(path, options);
  ASSERT_TRUE(reader.ok()) << reader.status().message();
  EXPECT_EQ((*reader)->name(), path);
  EXPECT_EQ((*reader)->total_bytes(), static_cast<int64_t>(content.size()));
  EXPECT_EQ((*reader)->bytes_read(), 0);

  std::vector<std::string_view> fields;
  int64_t last_progress = 0;
  int records = 0;
  for (;;) {
    Result<bool> more = (*reader)->Next(&fields);
    ASSERT_TRUE(more.ok()) << more.status().message();
    if (!*more) break;
    ++records;
    EXPECT_EQ((*reader)->record_line(), records);
    EXPECT_GT((*reader)->bytes_read(), last_progress);
    last_progress = (*reader)->bytes_read();
    ASSERT_EQ(fields.size(), 2u);
    if (records > 1) {
      EXPECT_EQ(fields[1], "Chi bộ, số " + std::to_string(records - 2));
    }
  }
  EXPECT_EQ(records, 1001);
  EXPECT_EQ((*reader)->bytes_read(), static_cast<int64_t>(content.size()));
}

TEST(CsvReader, PipeHasUnknownSize) {
  testing::TempDir dir;
  const std::string path = dir.file("fifo.csv");
  ASSERT_EQ(::mkfifo(path.c_str(), 0600), 0);
  std::thread writer([&] { testing::WriteFile(path, "a,b\n1,2\n"); });
  auto reader = CsvReader::OpenFile(path);
  ASSERT_TRUE(reader.ok()) << reader.status().message();
  EXPECT_EQ((*reader)->total_bytes(), 0);
  EXPECT_EQ(ReadAll(reader->get()), (Rows{{"a", "b"}, {"1", "2"}}));
  writer.join();
}

TEST(CsvReader, EmptyFileAndBomOnlyFileHaveNoRecords) {
  testing::TempDir dir;
  for (const std::string& content : {std::string(), std::string("\xEF\xBB\xBF")}) {
    testing::WriteFile(dir.file("f.csv"), content);
    auto reader = CsvReader::OpenFile(dir.file("f.csv"));
    ASSERT_TRUE(reader.ok());
    EXPECT_TRUE(ReadAll(reader->get()).empty());
  }
}

// Records and quoted fields much longer than a chunk, with "" escapes landing
// on chunk boundaries, read identically at many read sizes.
TEST(CsvReader, RecordsLongerThanAChunk) {
  std::string input;
  Rows want;
  for (int r = 0; r < 20; ++r) {
    std::string quoted, plain;
    for (int i = 0; i < 50 * r + 3; ++i) {
      quoted += (i % 7 == 0) ? "\"" : (i % 11 == 0) ? "\n" : "ễ";
      plain += static_cast<char>('a' + i % 26);
    }
    std::string escaped;
    for (char c : quoted) escaped += c == '"' ? std::string("\"\"") : std::string(1, c);
    input += "\"" + escaped + "\"," + plain + ",\r\n";
    want.push_back({quoted, plain, ""});
  }
  for (size_t read_size : {1, 2, 3, 5, 64, 100, 4096, 1 << 20}) {
    SCOPED_TRACE(read_size);
    csv_internal::ReaderOptions options;
    options.read_size = read_size;
    auto reader = csv_internal::ReaderFromString(input, "long", options);
    EXPECT_EQ(ReadAll(reader.get()), want);
  }
}

// An unterminated quote early in a large file must not load the whole file.
TEST(CsvReader, RecordLimitNamesTheOpenQuote) {
  csv_internal::ReaderOptions options;
  options.read_size = 256;
  options.max_record_bytes = 4096;
  const std::string input = "a,b\nc,\"never closed\n" + std::string(100000, 'x') + "\n";
  auto reader = csv_internal::ReaderFromString(input, "big.csv", options);
  std::vector<std::string_view> fields;
  ASSERT_TRUE(*reader->Next(&fields));
  Result<bool> r = reader->Next(&fields);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().message().rfind("big.csv:2:3: quoted field starting here is not closed within 4096 bytes", 0), 0u)
      << r.status().message();
  EXPECT_LT(reader->bytes_read(), 100);
}

TEST(CsvReader, RecordLimitWithoutQuotes) {
  csv_internal::ReaderOptions options;
  options.read_size = 256;
  options.max_record_bytes = 4096;
  auto reader = csv_internal::ReaderFromString(std::string(10000, 'x'), "big.csv", options);
  std::vector<std::string_view> fields;
  Result<bool> r = reader->Next(&fields);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "big.csv:1:1: record starting here is longer than 4096 bytes");
}

TEST(CsvReader, ErrorNamesTheFileAndStaysFailed) {
  auto reader = CsvReader::FromString("ok\nbad\xE9\n", "members.csv");
  std::vector<std::string_view> fields;
  ASSERT_TRUE(*reader->Next(&fields));
  for (int i = 0; i < 2; ++i) {
    Result<bool> r = reader->Next(&fields);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().message(),
              "members.csv:2:4: invalid UTF-8 (the file must be UTF-8; was it saved as Windows-1258 or UTF-16?)");
    EXPECT_TRUE(fields.empty());
  }
}

TEST(CsvReader, DefaultNameIsMemory) {
  auto reader = CsvReader::FromString("\"x");
  EXPECT_EQ(reader->name(), "<memory>");
  std::vector<std::string_view> fields;
  Result<bool> r = reader->Next(&fields);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "<memory>:1:1: quoted field starting here is never closed");
}

}  // namespace
}  // namespace cardex
