// Private to src/io and its tests: the pieces of the CSV reader and writer
// that tests and the fuzzer need to reach (small reads to put a chunk
// boundary at every byte, a small record limit) and the UTF-8 helpers both
// sides share.
#ifndef CARDEX_SRC_IO_CSV_INTERNAL_H_
#define CARDEX_SRC_IO_CSV_INTERNAL_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "cardex/core/status.h"
#include "cardex/io/csv.h"

namespace cardex::csv_internal {

struct ReaderOptions {
  // Bytes asked of the input per read. The buffer grows beyond this only to
  // hold a record longer than the buffer.
  size_t read_size = size_t{1} << 20;
  // A record (after the buffer has grown to hold it) longer than this is an
  // error: it is almost always a quote that was never closed, and reading on
  // would load the whole file into memory.
  size_t max_record_bytes = size_t{64} << 20;
};

// FromString with options; read_size also caps how much each simulated read
// returns, so read_size = 1 puts a chunk boundary between every two bytes.
std::unique_ptr<CsvReader> ReaderFromString(std::string data, std::string name,
                                            const ReaderOptions& options);
Result<std::unique_ptr<CsvReader>> ReaderFromFile(const std::string& path,
                                                  const ReaderOptions& options);

// Length of the well-formed UTF-8 sequence starting at p (a byte >= 0x80) with
// `avail` bytes available (avail >= 1): 2..4, 0 when it is malformed (bad
// lead byte, bad continuation, overlong, surrogate, above U+10FFFF), or -1
// when the bytes available are a valid but incomplete prefix.
inline int Utf8SequenceLength(const unsigned char* p, size_t avail) {
  const unsigned char c = p[0];
  int len;
  unsigned char lo = 0x80, hi = 0xBF;  // range of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    if (c == 0xE0) lo = 0xA0;       // overlong
    if (c == 0xED) hi = 0x9F;       // surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    if (c == 0xF0) lo = 0x90;       // overlong
    if (c == 0xF4) hi = 0x8F;       // above U+10FFFF
  } else {
    return 0;
  }
  if (avail < 2) return -1;
  if (p[1] < lo || p[1] > hi) return 0;
  for (int i = 2; i < len; ++i) {
    if (static_cast<size_t>(i) >= avail) return -1;
    if ((p[i] & 0xC0) != 0x80) return 0;
  }
  return len;
}

}  // namespace cardex::csv_internal

#endif  // CARDEX_SRC_IO_CSV_INTERNAL_H_
