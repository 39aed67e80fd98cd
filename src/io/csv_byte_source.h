// Private to src/io: where the CSV reader's bytes come from, a file
// descriptor or a string (tests, fuzzing).
#ifndef CARDEX_SRC_IO_CSV_BYTE_SOURCE_H_
#define CARDEX_SRC_IO_CSV_BYTE_SOURCE_H_

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <string>
#include <utility>

#include "cardex/core/status.h"

namespace cardex::csv_internal {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to n bytes into dst; returns 0 only at the end of the input.
  virtual Result<size_t> Read(char* dst, size_t n) = 0;
  // Total size in bytes, 0 when unknown.
  virtual int64_t size() const = 0;
};

// Hands out at most max_read bytes per read, so that tests can put a chunk
// boundary anywhere.
class StringSource final : public ByteSource {
 public:
  StringSource(std::string data, size_t max_read)
      : data_(std::move(data)), max_read_(std::max<size_t>(max_read, 1)) {}
  Result<size_t> Read(char* dst, size_t n) override {
    n = std::min({n, max_read_, data_.size() - pos_});
    std::memcpy(dst, data_.data() + pos_, n);
    pos_ += n;
    return n;
  }
  int64_t size() const override { return static_cast<int64_t>(data_.size()); }

 private:
  std::string data_;
  size_t max_read_;
  size_t pos_ = 0;
};

class FileSource final : public ByteSource {
 public:
  FileSource(int fd, std::string path, int64_t size) : fd_(fd), path_(std::move(path)), size_(size) {}
  ~FileSource() override { ::close(fd_); }
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;

  // Fills the whole request unless the input ends, so that a pipe's small
  // reads do not make a long record be re-parsed once per pipe buffer.
  Result<size_t> Read(char* dst, size_t n) override {
    size_t got = 0;
    while (got < n) {
      ssize_t r = ::read(fd_, dst + got, n - got);
      if (r < 0) {
        if (errno == EINTR) continue;
        return Status::IoError("cannot read " + path_ + ": " + std::strerror(errno));
      }
      if (r == 0) break;
      got += static_cast<size_t>(r);
    }
    return got;
  }
  int64_t size() const override { return size_; }

 private:
  int fd_;
  std::string path_;
  int64_t size_;
};

}  // namespace cardex::csv_internal

#endif  // CARDEX_SRC_IO_CSV_BYTE_SOURCE_H_
