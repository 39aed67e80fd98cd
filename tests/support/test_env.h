// Helpers every test may use: where the sources are, temporary directories,
// and the live PostgreSQL server that the pg_server ctest fixture starts.
#ifndef CARDEX_TESTS_SUPPORT_TEST_ENV_H_
#define CARDEX_TESTS_SUPPORT_TEST_ENV_H_

#include <filesystem>
#include <string>

namespace cardex::testing {

// The repository root (CARDEX_SOURCE_DIR, set by ctest).
std::filesystem::path SourceDir();

// A fresh empty directory under the system temp dir, removed when the
// returned object is destroyed.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// URL of a new, empty PostgreSQL database on the fixture's server, unique to
// the caller. Fails the test (never skips) when no server is running, unless
// CARDEX_SKIP_PG=1 is set, in which case it returns "" and the caller skips.
std::string FreshPostgresDatabase();

// Writes `content` to `path` (binary).
void WriteFile(const std::string& path, const std::string& content);
std::string ReadFile(const std::string& path);

}  // namespace cardex::testing

#endif  // CARDEX_TESTS_SUPPORT_TEST_ENV_H_
