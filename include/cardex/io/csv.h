// Streaming RFC 4180 CSV: a reader that holds one record at a time and a
// writer that quotes only when needed.
//
// Reader: UTF-8 with an optional byte-order mark (skipped), comma separated,
// records end in LF or CRLF, fields may be quoted with "" as an escaped quote,
// and quoted fields may hold commas, CR and LF. Bytes are checked as they are
// read: invalid UTF-8 is an error naming line and column.
//
// Thread safety: a reader or writer is used by one thread at a time.
#ifndef CARDEX_IO_CSV_H_
#define CARDEX_IO_CSV_H_

#include <cstdint>
#include <cstdio>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cardex/core/status.h"

namespace cardex {

class CsvReader {
 public:
  // Opens `path` for reading. kNotFound / kIoError with the path in the
  // message when it cannot be opened.
  static Result<std::unique_ptr<CsvReader>> OpenFile(const std::string& path);
  // Reads from memory (tests, fuzzing). `name` stands for the path in errors.
  static std::unique_ptr<CsvReader> FromString(std::string data, std::string name = "<memory>");

  virtual ~CsvReader() = default;

  // Reads the next record. Returns true and fills `fields` (views valid until
  // the next call) or false at end of input. An empty line is a record with
  // one empty field; the end of input right after a newline is not a record.
  // Errors (kInvalidArgument) read "NAME:LINE:COLUMN: what is wrong", COLUMN
  // counting characters (code points) from 1: an unterminated quoted field
  // (at its opening quote), a quote inside an unquoted field, text after a
  // closing quote, invalid UTF-8, a UTF-16 file, a NUL byte. After an error
  // the reader stays failed.
  virtual Result<bool> Next(std::vector<std::string_view>* fields) = 0;

  // 1-based line on which the last record returned by Next() starts.
  virtual int64_t record_line() const = 0;
  // Bytes consumed so far and the input's size (0 when unknown): progress.
  virtual int64_t bytes_read() const = 0;
  virtual int64_t total_bytes() const = 0;
  // The path or name given at construction.
  virtual const std::string& name() const = 0;
};

// Who opens the file. A spreadsheet runs a cell that starts with '=', '+',
// '-', '@', a tab or CR as a formula (CSV injection): `=HYPERLINK(...)` in a
// member's name would become a live link in an officer's Excel.
enum class CsvAudience {
  // The machine contract (formats.md: export, reconcile, plan): every value
  // exactly as stored; formula_fields() counts the risky ones for a warning.
  kMachine,
  // Lists and reports for people: such a field gets a leading apostrophe
  // (the OWASP rule), which spreadsheets show as text and do not evaluate.
  kPerson,
};

class CsvWriter {
 public:
  // Writes to `path`, replacing it. The data goes to a temporary file in the
  // same directory that Close() renames over `path`, so that a failed export
  // never leaves half a file.
  static Result<std::unique_ptr<CsvWriter>> OpenFile(const std::string& path,
                                                     CsvAudience audience = CsvAudience::kMachine);
  // Appends to a string owned by the caller (tests); `out` must outlive the
  // writer.
  static std::unique_ptr<CsvWriter> ToString(std::string* out,
                                             CsvAudience audience = CsvAudience::kMachine);

  // True when a spreadsheet would evaluate `field` (its first byte is one of
  // = + - @ TAB CR).
  static bool LooksLikeFormula(std::string_view field);

  virtual ~CsvWriter() = default;

  // Writes one record, LF-terminated; quotes a field only when it holds a
  // comma, a quote, CR or LF, or begins or ends with white space (Unicode
  // spaces included) or U+FEFF, or is the row's only field and empty (so the
  // line is not blank). Values are written byte for byte otherwise.
  virtual Status WriteRow(std::span<const std::string_view> fields) = 0;
  Status WriteRow(std::initializer_list<std::string_view> fields) {
    return WriteRow(std::span<const std::string_view>(fields.begin(), fields.size()));
  }
  // Flushes and, for files, renames into place. Idempotent. A writer
  // destroyed without Close() discards its temporary file.
  virtual Status Close() = 0;

  // Fields written so far that LooksLikeFormula: neutralised for kPerson,
  // written exactly for kMachine.
  int64_t formula_fields() const { return formula_fields_; }

 protected:
  explicit CsvWriter(CsvAudience audience) : audience_(audience) {}
  // The row as CSV text appended to `out`, per the audience.
  void AppendRow(std::string* out, std::span<const std::string_view> fields);

 private:
  CsvAudience audience_;
  int64_t formula_fields_ = 0;
};

}  // namespace cardex

#endif  // CARDEX_IO_CSV_H_
