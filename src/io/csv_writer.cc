// The CSV writer: RFC 4180 with LF line endings, quoting a field only when a
// reader could otherwise misread it, so that every value (no-break spaces and
// decomposed text included) reads back byte for byte.
//
// Files are written through a large buffer to PATH.tmp-XXXXXX in the same
// directory and renamed over PATH by Close(): a failed or abandoned export
// never leaves half a file under the real name.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "cardex/io/csv.h"
#include "csv_internal.h"

namespace cardex {
namespace {

constexpr size_t kFlushBytes = size_t{1} << 20;

// Whether the code point starting at p (n bytes left) is white space: the
// ASCII spaces and controls, NEL, NBSP and the Unicode space separators.
// U+FEFF counts too: at the start of a file it would be taken for a BOM.
bool IsSpaceAt(const unsigned char* p, size_t n) {
  const unsigned char c = p[0];
  if (c == ' ' || (c >= '\t' && c <= '\r')) return true;
  if (c == 0xC2 && n >= 2) return p[1] == 0x85 || p[1] == 0xA0;
  if (c == 0xE1 && n >= 3) return p[1] == 0x9A && p[2] == 0x80;  // U+1680
  if (c == 0xE2 && n >= 3) {
    if (p[1] == 0x80) return p[2] <= 0x8A || p[2] == 0xA8 || p[2] == 0xA9 || p[2] == 0xAF;
    return p[1] == 0x81 && p[2] == 0x9F;  // U+205F
  }
  if (c == 0xE3 && n >= 3) return p[1] == 0x80 && p[2] == 0x80;  // U+3000
  if (c == 0xEF && n >= 3) return p[1] == 0xBB && p[2] == 0xBF;  // U+FEFF
  return false;
}

// Start of the last code point of a non-empty field.
const unsigned char* LastCodePoint(const unsigned char* begin, const unsigned char* end) {
  const unsigned char* p = end - 1;
  while (p > begin && end - p < 4 && (*p & 0xC0) == 0x80) --p;
  return p;
}

bool NeedsQuotes(std::string_view field) {
  if (field.empty()) return false;
  const auto* b = reinterpret_cast<const unsigned char*>(field.data());
  const auto* e = b + field.size();
  if (IsSpaceAt(b, field.size())) return true;
  const unsigned char* last = LastCodePoint(b, e);
  if (IsSpaceAt(last, static_cast<size_t>(e - last))) return true;
  for (const unsigned char* p = b; p < e; ++p) {
    const unsigned char c = *p;
    if (c == ',' || c == '"' || c == '\n' || c == '\r') return true;
  }
  return false;
}

void AppendField(std::string* out, std::string_view field) {
  if (!NeedsQuotes(field)) {
    out->append(field);
    return;
  }
  out->push_back('"');
  size_t from = 0;
  for (size_t q = field.find('"'); q != std::string_view::npos; q = field.find('"', q + 1)) {
    out->append(field.substr(from, q + 1 - from));
    out->push_back('"');
    from = q + 1;
  }
  out->append(field.substr(from));
  out->push_back('"');
}


std::string ErrnoText(int err) { return std::strerror(err); }

}  // namespace

bool CsvWriter::LooksLikeFormula(std::string_view field) {
  if (field.empty()) return false;
  const char c = field.front();
  return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

void CsvWriter::AppendRow(std::string* out, std::span<const std::string_view> fields) {
  // A lone empty field would be an empty line, which some readers skip.
  if (fields.size() == 1 && fields[0].empty()) {
    out->append("\"\"\n");
    return;
  }
  std::string neutral;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out->push_back(',');
    if (LooksLikeFormula(fields[i])) {
      ++formula_fields_;
      if (audience_ == CsvAudience::kPerson) {
        neutral = "'";
        neutral += fields[i];
        AppendField(out, neutral);
        continue;
      }
    }
    AppendField(out, fields[i]);
  }
  out->push_back('\n');
}

namespace {

class StringCsvWriter final : public CsvWriter {
 public:
  StringCsvWriter(std::string* out, CsvAudience audience) : CsvWriter(audience), out_(out) {}
  Status WriteRow(std::span<const std::string_view> fields) override {
    AppendRow(out_, fields);
    return Status::Ok();
  }
  Status Close() override { return Status::Ok(); }

 private:
  std::string* out_;
};

class FileCsvWriter final : public CsvWriter {
 public:
  FileCsvWriter(std::string path, std::string temp_path, int fd, CsvAudience audience)
      : CsvWriter(audience),
        path_(std::move(path)), temp_path_(std::move(temp_path)), fd_(fd) {
    buf_.reserve(kFlushBytes + 4096);
  }
  ~FileCsvWriter() override {
    if (!closed_) Discard();
  }
  FileCsvWriter(const FileCsvWriter&) = delete;
  FileCsvWriter& operator=(const FileCsvWriter&) = delete;

  Status WriteRow(std::span<const std::string_view> fields) override {
    if (closed_) return status_.ok() ? Status::FailedPrecondition("write to closed " + path_) : status_;
    if (!status_.ok()) return status_;
    AppendRow(&buf_, fields);
    if (buf_.size() >= kFlushBytes) status_ = Flush();
    return status_;
  }

  Status Close() override {
    if (closed_) return status_;
    closed_ = true;
    if (status_.ok()) status_ = Flush();
    if (::close(fd_) != 0 && status_.ok()) status_ = WriteError(errno);
    fd_ = -1;
    if (status_.ok() && ::rename(temp_path_.c_str(), path_.c_str()) != 0) {
      status_ = Status::IoError("cannot replace " + path_ + ": " + ErrnoText(errno));
    }
    if (!status_.ok()) ::unlink(temp_path_.c_str());
    return status_;
  }

 private:
  Status WriteError(int err) const { return Status::IoError("cannot write " + path_ + ": " + ErrnoText(err)); }

  Status Flush() {
    const char* p = buf_.data();
    size_t left = buf_.size();
    while (left > 0) {
      const ssize_t n = ::write(fd_, p, left);
      if (n < 0) {
        if (errno == EINTR) continue;
        return WriteError(errno);
      }
      p += n;
      left -= static_cast<size_t>(n);
    }
    buf_.clear();
    return Status::Ok();
  }

  void Discard() {
    closed_ = true;
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    ::unlink(temp_path_.c_str());
  }

  std::string path_;
  std::string temp_path_;
  int fd_;
  std::string buf_;
  bool closed_ = false;
  Status status_;
};

}  // namespace

Result<std::unique_ptr<CsvWriter>> CsvWriter::OpenFile(const std::string& path,
                                                      CsvAudience audience) {
  struct stat st;
  const bool exists = ::stat(path.c_str(), &st) == 0;
  if (exists && S_ISDIR(st.st_mode)) {
    return Status::IoError("cannot write " + path + ": it is a directory");
  }
  std::string temp = path + ".tmp-XXXXXX";
  const int fd = ::mkstemp(temp.data());
  if (fd < 0) {
    const int err = errno;
    const size_t slash = path.rfind('/');
    const std::string dir = slash == std::string::npos ? "." : path.substr(0, slash == 0 ? 1 : slash);
    return Status::IoError("cannot write " + path + ": " + ErrnoText(err) +
                           " (creating a temporary file in " + dir + ")");
  }
  // mkstemp makes the file private; give the export the mode a plain create
  // would (or the mode of the file it replaces).
  (void)::fchmod(fd, exists ? (st.st_mode & 07777) : 0644);
  return std::unique_ptr<CsvWriter>(std::make_unique<FileCsvWriter>(path, std::move(temp), fd, audience));
}

std::unique_ptr<CsvWriter> CsvWriter::ToString(std::string* out, CsvAudience audience) {
  return std::make_unique<StringCsvWriter>(out, audience);
}

}  // namespace cardex
