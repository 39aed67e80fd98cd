// Writing a file under its real name only once it is complete: the data goes
// to PATH.tmp-XXXXXX in the same directory (same file system, so the final
// rename is atomic) and is renamed over PATH when done. Shared by the
// writers whose library insists on writing to a path itself (libxlsxwriter,
// cairo), so that a failed export never leaves half a file.
#ifndef CARDEX_SRC_IO_ATOMIC_FILE_H_
#define CARDEX_SRC_IO_ATOMIC_FILE_H_

#include <string>

#include "cardex/core/status.h"

namespace cardex::io_internal {

class TempFile {
 public:
  // Reserves PATH.tmp-XXXXXX (created empty, mode of the file it will
  // replace, or 0644). Fails when PATH is a directory or its directory
  // cannot be written.
  static Result<TempFile> Beside(const std::string& path);

  TempFile(TempFile&& other) noexcept;
  TempFile& operator=(TempFile&&) = delete;
  TempFile(const TempFile&) = delete;
  ~TempFile();  // removes the temporary file unless committed

  const std::string& temp_path() const { return temp_; }
  const std::string& path() const { return path_; }
  // Renames the temporary file over the real path.
  Status Commit();

 private:
  TempFile(std::string path, std::string temp) : path_(std::move(path)), temp_(std::move(temp)) {}
  std::string path_, temp_;
  bool done_ = false;
};

}  // namespace cardex::io_internal

#endif  // CARDEX_SRC_IO_ATOMIC_FILE_H_
