// libFuzzer target for the CSV reader and writer.
//
// 1. Arbitrary bytes through the reader until the end or an error, with a
//    read size taken from the first byte so that chunk boundaries fall
//    everywhere: it must not crash or hang, an error must stick, and the
//    progress counters must stay within the input.
// 2. Round trip: the input cut into rows (0x02) and fields (0x01), each field
//    made valid UTF-8 without NUL, written by CsvWriter and read back, must
//    give the same rows.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "cardex/io/csv.h"
#include "../src/io/csv_internal.h"  // private: read sizes and limits

namespace {

using Rows = std::vector<std::vector<std::string>>;

void Check(bool ok) {
  if (!ok) std::abort();
}

cardex::csv_internal::ReaderOptions OptionsFrom(uint8_t selector) {
  cardex::csv_internal::ReaderOptions options;
  if (selector < 200) options.read_size = 1 + selector % 64;
  if (selector % 5 == 0) options.max_record_bytes = 256;
  return options;
}

void ReadArbitraryBytes(std::string_view input, const cardex::csv_internal::ReaderOptions& options) {
  auto reader = cardex::csv_internal::ReaderFromString(std::string(input), "fuzz.csv", options);
  std::vector<std::string_view> fields;
  int64_t last_line = 0;
  for (;;) {
    cardex::Result<bool> more = reader->Next(&fields);
    Check(reader->bytes_read() <= static_cast<int64_t>(input.size()));
    if (!more.ok()) {
      Check(more.status().message().rfind("fuzz.csv:", 0) == 0);
      cardex::Result<bool> again = reader->Next(&fields);
      Check(!again.ok() && again.status().message() == more.status().message());
      return;
    }
    if (!*more) {
      Check(reader->bytes_read() == static_cast<int64_t>(input.size()));
      return;
    }
    Check(!fields.empty());
    Check(reader->record_line() > last_line);
    last_line = reader->record_line();
  }
}

// Keeps well-formed UTF-8 sequences and replaces every other byte (and NUL,
// which the reader refuses) with '?'.
std::string ValidUtf8(std::string_view bytes) {
  std::string out;
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const auto* end = p + bytes.size();
  while (p < end) {
    if (*p < 0x80) {
      out.push_back(*p == 0 ? '?' : static_cast<char>(*p));
      ++p;
      continue;
    }
    const int len = cardex::csv_internal::Utf8SequenceLength(p, static_cast<size_t>(end - p));
    if (len > 0) {
      out.append(reinterpret_cast<const char*>(p), static_cast<size_t>(len));
      p += len;
    } else {
      out.push_back('?');
      ++p;
    }
  }
  return out;
}

void RoundTrip(std::string_view input, const cardex::csv_internal::ReaderOptions& options) {
  Rows rows(1, std::vector<std::string>(1));
  std::string pending;
  auto end_field = [&] {
    rows.back().back() = ValidUtf8(pending);
    pending.clear();
  };
  for (char c : input) {
    if (c == '\x01') {
      end_field();
      rows.back().emplace_back();
    } else if (c == '\x02') {
      end_field();
      rows.emplace_back(1);
    } else {
      pending.push_back(c);
    }
  }
  end_field();

  std::string csv;
  auto writer = cardex::CsvWriter::ToString(&csv);
  for (const auto& row : rows) {
    std::vector<std::string_view> fields(row.begin(), row.end());
    Check(writer->WriteRow(fields).ok());
  }
  Check(writer->Close().ok());

  cardex::csv_internal::ReaderOptions unlimited = options;
  unlimited.max_record_bytes = size_t{64} << 20;
  auto reader = cardex::csv_internal::ReaderFromString(csv, "round-trip", unlimited);
  std::vector<std::string_view> fields;
  for (const auto& row : rows) {
    cardex::Result<bool> more = reader->Next(&fields);
    Check(more.ok() && *more);
    Check(fields.size() == row.size());
    for (size_t i = 0; i < row.size(); ++i) Check(fields[i] == row[i]);
  }
  cardex::Result<bool> last = reader->Next(&fields);
  Check(last.ok() && !*last);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const auto options = OptionsFrom(data[0]);
  const std::string_view input(reinterpret_cast<const char*>(data + 1), size - 1);
  ReadArbitraryBytes(input, options);
  RoundTrip(input, options);
  return 0;
}
