// The streaming CSV reader.
//
// The input is read in large chunks into one buffer. A record is parsed in
// place: unquoted fields and quoted fields without "" become views into the
// buffer; a quoted field holding "" is unescaped into a side buffer as large
// as the main one. When a record runs past the end of the buffer, the
// unfinished record is moved to the front, more input is read (the buffer
// grows only if the record alone fills it) and the record is parsed again
// from its start. Records are short next to a chunk, so the re-parse costs
// nothing measurable and keeps the hot loop free of resumable state.
//
// A NUL byte follows the data in the buffer. It stops the byte-class scans,
// which therefore need no bounds check; a scan that stopped at the end of the
// data tells the sentinel from a NUL in the input by its position.
//
// Error columns are 1-based character (code point) positions in the line, so
// they match the column an editor shows.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "cardex/io/csv.h"
#include "csv_byte_source.h"
#include "csv_internal.h"

namespace cardex {
namespace {

using csv_internal::ByteSource;
using csv_internal::FileSource;
using csv_internal::ReaderOptions;
using csv_internal::StringSource;
using csv_internal::Utf8SequenceLength;

constexpr const char* kInvalidUtf8 =
    "invalid UTF-8 (the file must be UTF-8; was it saved as Windows-1258 or UTF-16?)";
constexpr const char* kNulByte =
    "NUL byte (the file must be UTF-8 text; was it saved as UTF-16?)";

// Byte classes for the scans: 0 means "ordinary byte, keep going".
struct ByteClasses {
  unsigned char unquoted[256] = {};
  unsigned char quoted[256] = {};
  constexpr ByteClasses() {
    for (int c = 0x80; c < 256; ++c) unquoted[c] = quoted[c] = 1;
    unquoted[0] = quoted[0] = 1;
    for (unsigned char c : {'\n', '"'}) unquoted[c] = quoted[c] = 1;
    for (unsigned char c : {'\r', ','}) unquoted[c] = 1;  // inside quotes a CR is data
  }
};
constexpr ByteClasses kClasses;

class CsvReaderImpl final : public CsvReader {
 public:
  CsvReaderImpl(std::unique_ptr<ByteSource> source, std::string name, const ReaderOptions& options)
      : source_(std::move(source)), name_(std::move(name)), options_(options) {
    options_.read_size = std::max<size_t>(options_.read_size, 1);
    options_.max_record_bytes = std::max<size_t>(options_.max_record_bytes, 1);
    cap_ = options_.read_size;
    buf_.reset(new char[cap_ + 1]);
    buf_[0] = '\0';
  }

  Result<bool> Next(std::vector<std::string_view>* fields) override;
  int64_t record_line() const override { return record_line_; }
  int64_t bytes_read() const override { return buf_offset_ + static_cast<int64_t>(begin_); }
  int64_t total_bytes() const override { return source_->size(); }
  const std::string& name() const override { return name_; }

 private:
  enum class Parse { kRecord, kEnd, kNeedMore, kError };

  Parse ParseRecord(std::vector<std::string_view>* fields);
  Status SkipByteOrderMark();
  Status Refill();
  // Records an error at `at` (a position in the current record) and returns
  // kError.
  Parse Fail(const unsigned char* at, std::string_view what);
  Status ErrorAt(const char* at, std::string_view what) const;

  std::unique_ptr<ByteSource> source_;
  std::string name_;
  ReaderOptions options_;

  std::unique_ptr<char[]> buf_;  // cap_ bytes of data plus the sentinel
  size_t cap_ = 0;
  size_t begin_ = 0;  // start of the next record
  size_t end_ = 0;    // end of the data read
  bool eof_ = false;
  int64_t buf_offset_ = 0;  // input offset of buf_[0]

  std::unique_ptr<char[]> scratch_;  // unescaped quoted fields
  size_t scratch_cap_ = 0;

  // Offset in buf_ of the quote opening the field that ran past the data on
  // the last kNeedMore, or -1: it names the culprit when a record is too long.
  int64_t open_quote_ = -1;

  int64_t line_ = 1;  // line on which the next record starts
  int64_t record_line_ = 0;
  bool started_ = false;
  Status status_;
};

Result<bool> CsvReaderImpl::Next(std::vector<std::string_view>* fields) {
  fields->clear();
  if (!status_.ok()) return status_;
  if (!started_) {
    started_ = true;
    status_ = SkipByteOrderMark();
    if (!status_.ok()) return status_;
  }
  for (;;) {
    switch (ParseRecord(fields)) {
      case Parse::kRecord:
        return true;
      case Parse::kEnd:
        return false;
      case Parse::kError:
        fields->clear();
        return status_;
      case Parse::kNeedMore:
        status_ = Refill();
        if (!status_.ok()) {
          fields->clear();
          return status_;
        }
        break;
    }
  }
}

Status CsvReaderImpl::SkipByteOrderMark() {
  while (end_ - begin_ < 3 && !eof_) CARDEX_RETURN_IF_ERROR(Refill());
  const auto* b = reinterpret_cast<const unsigned char*>(buf_.get() + begin_);
  const size_t n = end_ - begin_;
  if (n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF) {
    begin_ += 3;
  } else if (n >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF))) {
    return Status::InvalidArgument(
        name_ + ":1:1: the file is UTF-16 (it starts with a UTF-16 byte-order mark); "
                "the file must be UTF-8: save it again as \"CSV UTF-8\"");
  }
  return Status::Ok();
}

Status CsvReaderImpl::Refill() {
  if (eof_) return Status::Internal("CSV reader asked to read past the end of " + name_);
  const size_t pending = end_ - begin_;
  if (pending >= options_.max_record_bytes) {
    const size_t max = options_.max_record_bytes;
    const std::string limit = max % (size_t{1} << 20) == 0 ? std::to_string(max >> 20) + " MiB"
                                                            : std::to_string(max) + " bytes";
    if (open_quote_ >= 0) {
      return ErrorAt(buf_.get() + open_quote_,
                     "quoted field starting here is not closed within " + limit +
                         "; is its closing quote missing?");
    }
    return ErrorAt(buf_.get() + begin_, "record starting here is longer than " + limit);
  }
  if (begin_ > 0) {
    std::memmove(buf_.get(), buf_.get() + begin_, pending);
    buf_offset_ += static_cast<int64_t>(begin_);
    begin_ = 0;
    end_ = pending;
  }
  // Grow only when the unfinished record leaves less than half a chunk.
  if (cap_ - end_ < std::max<size_t>(options_.read_size / 2, 1)) {
    const size_t new_cap = std::max(cap_ * 2, end_ + options_.read_size);
    std::unique_ptr<char[]> bigger(new char[new_cap + 1]);
    std::memcpy(bigger.get(), buf_.get(), end_);
    buf_ = std::move(bigger);
    cap_ = new_cap;
  }
  CARDEX_ASSIGN_OR_RETURN(size_t got, source_->Read(buf_.get() + end_, cap_ - end_));
  if (got == 0) eof_ = true;
  end_ += got;
  buf_[end_] = '\0';
  return Status::Ok();
}

Status CsvReaderImpl::ErrorAt(const char* at, std::string_view what) const {
  const char* p = buf_.get() + begin_;
  int64_t line = line_;
  const char* line_start = p;
  for (; p < at; ++p) {
    if (*p == '\n') {
      ++line;
      line_start = p + 1;
    }
  }
  int64_t column = 1;
  for (p = line_start; p < at; ++p) column += (static_cast<unsigned char>(*p) & 0xC0) != 0x80;
  return Status::InvalidArgument(name_ + ":" + std::to_string(line) + ":" + std::to_string(column) +
                                 ": " + std::string(what));
}

CsvReaderImpl::Parse CsvReaderImpl::Fail(const unsigned char* at, std::string_view what) {
  status_ = ErrorAt(reinterpret_cast<const char*>(at), what);
  return Parse::kError;
}

CsvReaderImpl::Parse CsvReaderImpl::ParseRecord(std::vector<std::string_view>* fields) {
  fields->clear();
  open_quote_ = -1;
  const auto* const base = reinterpret_cast<const unsigned char*>(buf_.get());
  const unsigned char* const end = base + end_;
  const unsigned char* p = base + begin_;
  if (p == end) return eof_ ? Parse::kEnd : Parse::kNeedMore;

  const auto view = [](const unsigned char* from, const unsigned char* to) {
    return std::string_view(reinterpret_cast<const char*>(from), static_cast<size_t>(to - from));
  };
  int64_t newlines = 0;        // LFs inside quoted fields of this record
  char* scratch_out = nullptr;  // next free byte of scratch_, once used
  for (;;) {
    bool record_ends = false;
    if (*p == '"') {
      const unsigned char* const open = p;
      const unsigned char* q = p + 1;
      const unsigned char* copied_to = q;  // bytes before this are in scratch
      char* unescaped = nullptr;           // this field's copy, once it has ""
      for (;;) {
        while (kClasses.quoted[*q] == 0) ++q;
        const unsigned char c = *q;
        if (q == end) {
          if (eof_) return Fail(open, "quoted field starting here is never closed");
          open_quote_ = open - base;
          return Parse::kNeedMore;
        }
        if (c == '"') {
          if (q + 1 == end && !eof_) {
            open_quote_ = open - base;
            return Parse::kNeedMore;
          }
          if (q + 1 == end || q[1] != '"') break;  // the closing quote
          if (unescaped == nullptr) {
            if (scratch_out == nullptr) {
              // First use in this parse, so no earlier view points into it.
              if (scratch_cap_ < cap_) {
                scratch_.reset(new char[cap_]);
                scratch_cap_ = cap_;
              }
              scratch_out = scratch_.get();
            }
            unescaped = scratch_out;
          }
          const size_t n = static_cast<size_t>(q + 1 - copied_to);  // keeps one quote
          std::memcpy(scratch_out, copied_to, n);
          scratch_out += n;
          q += 2;
          copied_to = q;
        } else if (c == '\n') {
          ++newlines;
          ++q;
        } else if (c == 0) {
          return Fail(q, kNulByte);
        } else {
          const int len = Utf8SequenceLength(q, static_cast<size_t>(end - q));
          if (len > 0) {
            q += len;
          } else if (len < 0 && !eof_) {
            open_quote_ = open - base;
            return Parse::kNeedMore;
          } else {
            return Fail(q, kInvalidUtf8);
          }
        }
      }
      if (unescaped != nullptr) {
        const size_t n = static_cast<size_t>(q - copied_to);
        std::memcpy(scratch_out, copied_to, n);
        scratch_out += n;
        fields->emplace_back(unescaped, static_cast<size_t>(scratch_out - unescaped));
      } else {
        fields->push_back(view(open + 1, q));
      }
      p = q + 1;
      // Only a comma or the end of the line may follow the closing quote.
      if (p == end) {
        if (!eof_) return Parse::kNeedMore;
        record_ends = true;
      } else if (*p == ',') {
        ++p;
      } else if (*p == '\n') {
        ++p;
        record_ends = true;
      } else if (*p == '\r' && p + 1 == end && !eof_) {
        return Parse::kNeedMore;
      } else if (*p == '\r' && (p + 1 == end || p[1] == '\n')) {
        p += p + 1 == end ? 1 : 2;
        record_ends = true;
      } else {
        return Fail(p, "text after the closing quote of a quoted field (expected a comma or the end of the line)");
      }
    } else {
      const unsigned char* const start = p;
      for (;;) {
        while (kClasses.unquoted[*p] == 0) ++p;
        const unsigned char c = *p;
        if (p == end) {
          if (!eof_) return Parse::kNeedMore;
          fields->push_back(view(start, p));
          record_ends = true;
          break;
        }
        if (c == ',') {
          fields->push_back(view(start, p));
          ++p;
          break;
        }
        if (c == '\n') {
          fields->push_back(view(start, p));
          ++p;
          record_ends = true;
          break;
        }
        if (c == '\r') {
          if (p + 1 == end && !eof_) return Parse::kNeedMore;
          if (p + 1 == end || p[1] == '\n') {
            fields->push_back(view(start, p));
            p += p + 1 == end ? 1 : 2;
            record_ends = true;
            break;
          }
          ++p;  // a lone CR is data
        } else if (c == '"') {
          return Fail(p, "quote (\") inside an unquoted field; a field holding quotes must be "
                         "enclosed in quotes, with each quote doubled");
        } else if (c == 0) {
          return Fail(p, kNulByte);
        } else {
          const int len = Utf8SequenceLength(p, static_cast<size_t>(end - p));
          if (len > 0) {
            p += len;
          } else if (len < 0 && !eof_) {
            return Parse::kNeedMore;
          } else {
            return Fail(p, kInvalidUtf8);
          }
        }
      }
    }
    if (record_ends) {
      record_line_ = line_;
      line_ += newlines + 1;
      begin_ = static_cast<size_t>(p - base);
      return Parse::kRecord;
    }
  }
}

Result<std::unique_ptr<CsvReader>> OpenFileReader(const std::string& path, const ReaderOptions& options) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const int err = errno;
    std::string message = "cannot open " + path + ": " + std::strerror(err);
    if (err == ENOENT) return Status::NotFound(std::move(message));
    return Status::IoError(std::move(message));
  }
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    const int err = errno;
    ::close(fd);
    return Status::IoError("cannot open " + path + ": " + std::strerror(err));
  }
  if (S_ISDIR(st.st_mode)) {
    ::close(fd);
    return Status::IoError("cannot read " + path + ": it is a directory, not a CSV file");
  }
  int64_t size = 0;
  if (S_ISREG(st.st_mode)) {
    size = static_cast<int64_t>(st.st_size);
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  }
  auto source = std::make_unique<FileSource>(fd, path, size);
  return std::unique_ptr<CsvReader>(std::make_unique<CsvReaderImpl>(std::move(source), path, options));
}

}  // namespace

namespace csv_internal {

std::unique_ptr<CsvReader> ReaderFromString(std::string data, std::string name,
                                            const ReaderOptions& options) {
  auto source = std::make_unique<StringSource>(std::move(data), options.read_size);
  return std::make_unique<CsvReaderImpl>(std::move(source), std::move(name), options);
}

Result<std::unique_ptr<CsvReader>> ReaderFromFile(const std::string& path, const ReaderOptions& options) {
  return OpenFileReader(path, options);
}

}  // namespace csv_internal

Result<std::unique_ptr<CsvReader>> CsvReader::OpenFile(const std::string& path) {
  return OpenFileReader(path, ReaderOptions());
}

std::unique_ptr<CsvReader> CsvReader::FromString(std::string data, std::string name) {
  return csv_internal::ReaderFromString(std::move(data), std::move(name), ReaderOptions());
}

}  // namespace cardex
