// Rows written by CsvWriter read back identically through CsvReader, for
// random fields built from the pieces that make CSV hard.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "cardex/io/csv.h"
#include "src/io/csv_internal.h"
#include "tests/support/test_env.h"

namespace cardex {
namespace {

using Rows = std::vector<std::vector<std::string>>;

Rows RandomRows(std::mt19937* rng) {
  static const char* const kPieces[] = {
      "a", "Z", "0", "9", " ", "  ", "\t", ",", "\"", "\"\"", "\n", "\r", "\r\n", "\n\r",
      "\u00A0",          // no-break space
      "e\u0301",         // NFD é
      "Nguye\u0302\u0303n",  // NFD ễ
      "Nguyễn", "đ", "Đ", "\u3000", "\uFEFF", "\U0001F600", "'", ";", "x y",
  };
  constexpr int kPieceCount = sizeof(kPieces) / sizeof(kPieces[0]);
  std::uniform_int_distribution<int> row_count(0, 30), field_count(1, 8), piece_count(0, 6),
      piece(0, kPieceCount - 1);
  Rows rows(static_cast<size_t>(row_count(*rng)));
  for (auto& row : rows) {
    row.resize(static_cast<size_t>(field_count(*rng)));
    for (auto& field : row) {
      for (int n = piece_count(*rng); n > 0; --n) field += kPieces[piece(*rng)];
    }
  }
  return rows;
}

std::string WriteAll(const Rows& rows) {
  std::string out;
  auto writer = CsvWriter::ToString(&out);
  for (const auto& row : rows) {
    std::vector<std::string_view> fields(row.begin(), row.end());
    EXPECT_TRUE(writer->WriteRow(fields).ok());
  }
  EXPECT_TRUE(writer->Close().ok());
  return out;
}

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

TEST(CsvRoundTrip, RandomRowsInMemory) {
  std::mt19937 rng(20240601);
  for (int iteration = 0; iteration < 2000; ++iteration) {
    const Rows rows = RandomRows(&rng);
    const std::string csv = WriteAll(rows);
    csv_internal::ReaderOptions options;
    options.read_size = 1 + iteration % 17;
    auto reader = csv_internal::ReaderFromString(csv, "round-trip", options);
    ASSERT_EQ(ReadAll(reader.get()), rows) << "iteration " << iteration << ", csv:\n" << csv;
  }
}

TEST(CsvRoundTrip, RandomRowsThroughAFile) {
  std::mt19937 rng(7);
  testing::TempDir dir;
  const std::string path = dir.file("rows.csv");
  Rows rows;
  for (int i = 0; i < 200; ++i) {
    Rows more = RandomRows(&rng);
    rows.insert(rows.end(), more.begin(), more.end());
  }
  {
    auto writer = CsvWriter::OpenFile(path);
    ASSERT_TRUE(writer.ok()) << writer.status().message();
    for (const auto& row : rows) {
      std::vector<std::string_view> fields(row.begin(), row.end());
      ASSERT_TRUE((*writer)->WriteRow(fields).ok());
    }
    ASSERT_TRUE((*writer)->Close().ok());
  }
  csv_internal::ReaderOptions options;
  options.read_size = 1000;
  auto reader = csv_internal::ReaderFromFile(path, options);
  ASSERT_TRUE(reader.ok());
  EXPECT_EQ(ReadAll(reader->get()), rows);
}

}  // namespace
}  // namespace cardex
