#include "tests/support/test_env.h"

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <stdlib.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <system_error>

namespace cardex::testing {
namespace {

std::string Trim(std::string s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  size_t e = s.find_last_not_of(" \t\r\n");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

std::string GetEnv(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

// The admin URL of the test server, or "" when there is none.
std::string AdminUrl() {
  std::string url = Trim(GetEnv("CARDEX_TEST_PG_URL"));
  if (!url.empty()) return url;
  std::string file = GetEnv("CARDEX_TEST_PG_URL_FILE");
  if (file.empty()) return "";
  std::ifstream in(file);
  if (!in) return "";
  std::stringstream ss;
  ss << in.rdbuf();
  return Trim(ss.str());
}

// `url` with its database name replaced by `db`.
std::string WithDatabase(const std::string& url, const std::string& db) {
  size_t scheme = url.find("://");
  size_t auth_start = scheme == std::string::npos ? 0 : scheme + 3;
  size_t path = url.find_first_of("/?", auth_start);
  if (path == std::string::npos) return url + "/" + db;
  size_t query = url.find('?', path);
  std::string rest = query == std::string::npos ? "" : url.substr(query);
  return url.substr(0, path) + "/" + db + rest;
}

std::string UniqueName() {
  static std::atomic<int> counter{0};
  std::random_device rd;
  return "cardex_test_" + std::to_string(getpid()) + "_" + std::to_string(counter++) + "_" +
         std::to_string(rd() % 1000000);
}

}  // namespace

std::filesystem::path SourceDir() {
  std::string env = GetEnv("CARDEX_SOURCE_DIR");
  if (!env.empty()) return env;
  // Run by hand outside ctest: look upwards for the repository root.
  std::error_code ec;
  for (auto dir = std::filesystem::current_path(ec); !dir.empty(); dir = dir.parent_path()) {
    if (std::filesystem::exists(dir / "include/cardex/store/store.h", ec)) return dir;
    if (dir == dir.parent_path()) break;
  }
  ADD_FAILURE() << "CARDEX_SOURCE_DIR is not set and the repository root was not found";
  return ".";
}

TempDir::TempDir() {
  std::error_code ec;
  std::string tmpl = (std::filesystem::temp_directory_path(ec) / "cardex-test-XXXXXX").string();
  if (mkdtemp(tmpl.data()) == nullptr) {
    ADD_FAILURE() << "mkdtemp(" << tmpl << ") failed";
  }
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  // Tests may make files read-only; make them removable again first.
  for (auto it = std::filesystem::recursive_directory_iterator(path_, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    std::filesystem::permissions(it->path(), std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::add, ec);
  }
  std::filesystem::permissions(path_, std::filesystem::perms::owner_all,
                               std::filesystem::perm_options::add, ec);
  std::filesystem::remove_all(path_, ec);
}

std::string FreshPostgresDatabase() {
  std::string admin = AdminUrl();
  if (admin.empty()) {
    if (GetEnv("CARDEX_SKIP_PG") == "1") return "";
    ADD_FAILURE() << "no PostgreSQL test server. Run the tests through ctest (the pg_server "
                     "fixture starts one), or start one with `scripts/pg_test_server.sh start "
                     "/tmp/cardex-pg` and set CARDEX_TEST_PG_URL_FILE=/tmp/cardex-pg/url "
                     "(or CARDEX_TEST_PG_URL=postgresql://...). Set CARDEX_SKIP_PG=1 to skip.";
    return "";
  }
  PGconn* conn = PQconnectdb(admin.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    ADD_FAILURE() << "cannot connect to the PostgreSQL test server at " << admin << ": "
                  << PQerrorMessage(conn);
    PQfinish(conn);
    return "";
  }
  std::string name = UniqueName();
  // template0: never has other sessions connected, which CREATE DATABASE
  // requires of its template.
  std::string sql = "CREATE DATABASE " + name + " TEMPLATE template0 ENCODING 'UTF8'";
  PGresult* res = PQexec(conn, sql.c_str());
  bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
  if (!ok) ADD_FAILURE() << "CREATE DATABASE " << name << " failed: " << PQerrorMessage(conn);
  PQclear(res);
  PQfinish(conn);
  return ok ? WithDatabase(admin, name) : "";
}

void WriteFile(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  if (!out) ADD_FAILURE() << "cannot write " << path;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    ADD_FAILURE() << "cannot read " << path;
    return "";
  }
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace cardex::testing
