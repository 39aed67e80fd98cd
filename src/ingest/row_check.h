// The pieces every import shares: finding columns by header name, reading a
// row's fields, and collecting row errors in the FILE:LINE: column: form.
#ifndef CARDEX_INGEST_ROW_CHECK_H_
#define CARDEX_INGEST_ROW_CHECK_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cardex/core/dates.h"
#include "cardex/ingest/import.h"

namespace cardex::ingest {

struct ColumnSpec {
  std::string_view name;
  bool required;  // the column must be in the header and non-empty in each row
};

// Collects row errors up to a limit.
class RowErrors {
 public:
  RowErrors(std::string file, size_t limit) : file_(std::move(file)), limit_(limit) {}

  // `message_vi` is the same in Vietnamese, for the web (ImportIssue).
  void Add(int64_t line, std::string_view column, std::string_view message,
           std::string_view message_vi);
  // An error about the file as a whole (no line).
  void AddFile(std::string_view message, std::string_view message_vi);

  bool any() const { return total_ > 0; }
  bool full() const { return total_ >= limit_; }
  size_t total() const { return total_; }
  std::vector<std::string> Take() { return std::move(lines_); }
  std::vector<ImportIssue> TakeIssues() { return std::move(issues_); }
  const std::string& file() const { return file_; }

 private:
  std::string file_;
  size_t limit_;
  size_t total_ = 0;
  std::vector<std::string> lines_;
  std::vector<ImportIssue> issues_;
};

// Where each wanted column sits in the header.
class HeaderMap {
 public:
  // Checks the header: every required column present, no column named
  // twice. Extra columns are allowed (formats.md) and ignored. Errors go to
  // `errors` at line 1; returns false when the header is unusable.
  bool Build(std::span<const ColumnSpec> spec, const std::vector<std::string_view>& header,
             RowErrors& errors);
  int index(size_t column) const { return index_[column]; }
  size_t width() const { return width_; }

 private:
  std::vector<int> index_;
  size_t width_ = 0;
};

// One data row, with the checks every kind applies.
class RowReader {
 public:
  RowReader(std::span<const ColumnSpec> spec, const HeaderMap& map,
            const std::vector<std::string_view>& fields, int64_t line, RowErrors& errors);

  // False when the row had the wrong number of fields or a control character
  // (already reported).
  bool well_formed() const { return well_formed_; }
  int64_t line() const { return line_; }

  // The value of column `c` ("" when the column is absent). Reports an
  // error when the column is required and the value is empty.
  std::string_view Get(size_t c);
  // The value of column `c` without any check ("" when absent).
  std::string_view Raw(size_t c) const;

  // Typed reads: on failure they report the error and return false.
  bool Enum(size_t c, std::initializer_list<std::string_view> allowed, std::string_view* out);
  bool FullDate(size_t c, bool not_in_future, Date* out);
  bool PartialBirthDate(size_t c, PartialDate* out);
  bool PositiveInt(size_t c, int* out);
  bool Time(size_t c, TimeOfDay* out);

  void Error(size_t c, std::string_view message, std::string_view message_vi);

 private:
  std::span<const ColumnSpec> spec_;
  const HeaderMap& map_;
  const std::vector<std::string_view>& fields_;
  int64_t line_;
  RowErrors& errors_;
  bool well_formed_ = true;
};

}  // namespace cardex::ingest

#endif  // CARDEX_INGEST_ROW_CHECK_H_
