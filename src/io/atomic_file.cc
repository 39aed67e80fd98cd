#include "atomic_file.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace cardex::io_internal {

Result<TempFile> TempFile::Beside(const std::string& path) {
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
    return Status::IoError("cannot write " + path + ": " + std::strerror(err) +
                           " (creating a temporary file in " + dir + ")");
  }
  // mkstemp makes the file private; an export gets the mode a plain create
  // would give (or that of the file it replaces).
  (void)::fchmod(fd, exists ? (st.st_mode & 07777) : 0644);
  ::close(fd);
  return TempFile(path, std::move(temp));
}

TempFile::TempFile(TempFile&& other) noexcept
    : path_(std::move(other.path_)), temp_(std::move(other.temp_)), done_(other.done_) {
  other.done_ = true;
}

TempFile::~TempFile() {
  if (!done_) ::unlink(temp_.c_str());
}

Status TempFile::Commit() {
  if (done_) return Status::FailedPrecondition("temporary file for " + path_ + " already closed");
  done_ = true;
  if (::rename(temp_.c_str(), path_.c_str()) != 0) {
    const int err = errno;
    ::unlink(temp_.c_str());
    return Status::IoError("cannot replace " + path_ + ": " + std::strerror(err));
  }
  return Status::Ok();
}

}  // namespace cardex::io_internal
