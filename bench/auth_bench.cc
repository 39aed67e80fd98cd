// auth_bench: what logging in and authorizing cost, next to what a user
// would use instead. Prints markdown tables:
//   1. password hashing: Argon2id INTERACTIVE (Cardex) and MODERATE, against
//      yescrypt (Debian's /etc/shadow default) and bcrypt cost 12 from
//      libcrypt, and one unsalted SHA-256 (what not to do);
//   2. per-request authorization on a national-size unit tree: Authorize
//      with the in-memory ScopeResolver against asking the database with a
//      recursive query (SQLite) on every request; plus the resolver's load
//      time and LookupSession on SQLite.
// Usage: auth_bench [--runs N] [--communes-per-province N]
#include <crypt.h>
#include <sodium.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "cardex/auth/authorize.h"
#include "cardex/auth/sessions.h"
#include "cardex/store/audit_chain.h"

namespace {

using Seconds = std::chrono::duration<double>;
using cardex::Status;

template <class Fn>
double TimeEach(int runs, Fn&& fn) {
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < runs; ++i) fn(i);
  return Seconds(std::chrono::steady_clock::now() - start).count() / runs;
}

std::string Ms(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f ms", s * 1e3);
  return buf;
}
std::string Us(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f µs", s * 1e6);
  return buf;
}

void PasswordTable(int runs) {
  const char* pw = "correct horse battery";
  std::printf("| password hash | memory | hash | verify |\n| --- | --- | --- | --- |\n");
  struct Limits {
    const char* name;
    unsigned long long ops;
    size_t mem;
  };
  for (Limits l : {Limits{"Argon2id INTERACTIVE (Cardex)", crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE},
                   Limits{"Argon2id MODERATE", crypto_pwhash_OPSLIMIT_MODERATE,
                          crypto_pwhash_MEMLIMIT_MODERATE}}) {
    char out[crypto_pwhash_STRBYTES];
    double hash = TimeEach(runs, [&](int) {
      if (crypto_pwhash_str(out, pw, std::strlen(pw), l.ops, l.mem) != 0) std::abort();
    });
    double verify = TimeEach(runs, [&](int) {
      if (crypto_pwhash_str_verify(out, pw, std::strlen(pw)) != 0) std::abort();
    });
    std::printf("| %s | %zu MiB | %s | %s |\n", l.name, l.mem >> 20, Ms(hash).c_str(),
                Ms(verify).c_str());
  }
  auto data = std::make_unique<crypt_data>();
  for (auto [name, prefix, cost] : {std::tuple{"yescrypt (libcrypt default)", "$y$", 0UL},
                                    std::tuple{"bcrypt cost 12 (libcrypt)", "$2b$", 12UL}}) {
    std::string setting;
    double hash = TimeEach(runs, [&](int) {
      const char* salt = crypt_gensalt_rn(prefix, cost, nullptr, 0, data->setting,
                                          sizeof data->setting);
      if (!salt) std::abort();
      const char* h = crypt_r(pw, salt, data.get());
      if (!h || h[0] == '*') std::abort();
      setting = h;
    });
    double verify = TimeEach(runs, [&](int) {
      const char* h = crypt_r(pw, setting.c_str(), data.get());
      if (!h || setting != h) std::abort();
    });
    std::printf("| %s | - | %s | %s |\n", name, Ms(hash).c_str(), Ms(verify).c_str());
  }
  double sha = TimeEach(runs * 1000, [&](int) { (void)cardex::Sha256Hex(pw); });
  std::printf("| SHA-256, unsalted (not a password hash) | - | %s | %s |\n\n", Us(sha).c_str(),
              Us(sha).c_str());
}

void AuthorizeTable(int communes_per_province) {
  constexpr int kProvinces = 63, kCellsPerCommune = 15;
  std::vector<cardex::Unit> units;
  std::vector<cardex::Station> stations;
  for (int p = 0; p < kProvinces; ++p) {
    std::string pc = "P" + std::to_string(p);
    units.push_back({pc, "", "province", pc});
    for (int c = 0; c < communes_per_province; ++c) {
      std::string cc = pc + ".C" + std::to_string(c);
      units.push_back({cc, pc, "commune", cc});
      stations.push_back({"S" + cc, cc, 2, 10, {cc}});
      for (int k = 0; k < kCellsPerCommune; ++k) {
        units.push_back({cc + ".K" + std::to_string(k), cc, "cell", ""});
      }
    }
  }
  auto dir = std::filesystem::temp_directory_path() / ("auth_bench_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  auto store = cardex::OpenStore((dir / "bench.db").string());
  if (!store.ok() || !(*store)->Migrate().ok()) std::abort();
  cardex::Store& db = **store;
  if (!db.Begin().ok() || !db.UpsertUnits(units).ok() || !db.UpsertStations(stations).ok() ||
      !db.Commit().ok()) {
    std::abort();
  }

  std::shared_ptr<const cardex::ScopeResolver> scopes;
  double load = TimeEach(3, [&](int) { scopes = *cardex::ScopeResolver::Load(db); });

  // Requests: a commune officer acting on cells, half inside, half outside.
  const int kRequests = 200000;
  cardex::Principal officer{"o", "", cardex::Role::kCommuneOfficer, "P7.C3"};
  std::vector<cardex::Target> targets;
  for (int i = 0; i < 1000; ++i) {
    std::string commune = i % 2 ? "P7.C3" : "P" + std::to_string(i % kProvinces) + ".C" +
                                              std::to_string(i % communes_per_province);
    targets.push_back({commune + ".K" + std::to_string(i % kCellsPerCommune), ""});
  }
  int allowed = 0;
  double mem = TimeEach(kRequests, [&](int i) {
    allowed += cardex::Allowed(*scopes, officer, cardex::Permission::kHandOver, targets[i % 1000]);
  });
  // The alternative: ask the database whether the unit is below the scope.
  const char* sql =
      "WITH RECURSIVE up(code, parent) AS (SELECT code, parent_code FROM units WHERE code = ? "
      "UNION ALL SELECT u.code, u.parent_code FROM units u JOIN up ON u.code = up.parent) "
      "SELECT 1 FROM up WHERE code = ?";
  int sql_allowed = 0;
  const int kSqlRequests = 20000;
  double per_sql = TimeEach(kSqlRequests, [&](int i) {
    auto rows = db.Query(sql, {std::string_view(targets[i % 1000].unit_code),
                               std::string_view(officer.scope)});
    sql_allowed += rows.ok() && !rows->empty();
  });
  if (allowed * 1.0 / kRequests - sql_allowed * 1.0 / kSqlRequests > 0.01) std::abort();

  // A session lookup per request (SQLite, same file).
  const auto now = cardex::Clock::now();
  if (!cardex::CreateUser(db, {"desk", "", cardex::Role::kCommuneOfficer, "P7.C3"},
                          "a long enough password", "bench", now)
           .ok()) {
    std::abort();
  }
  auto session = cardex::CreateSession(db, "desk", now);
  if (!session.ok()) std::abort();
  double lookup = TimeEach(20000, [&](int) {
    if (!cardex::LookupSession(db, session->token, now).ok()) std::abort();
  });

  std::printf("| per request (%zu units, %zu stations) | time |\n| --- | --- |\n", units.size(),
              stations.size());
  std::printf("| Authorize, in-memory ScopeResolver | %s |\n", Us(mem).c_str());
  std::printf("| recursive SQL query per request (SQLite) | %s |\n", Us(per_sql).c_str());
  std::printf("| LookupSession (SQLite) | %s |\n", Us(lookup).c_str());
  std::printf("| ScopeResolver::Load, once per reload (SQLite) | %s |\n", Ms(load).c_str());
  store->reset();
  std::filesystem::remove_all(dir);
}

}  // namespace

int main(int argc, char** argv) {
  int runs = 5, communes = 160;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--runs") == 0) runs = std::atoi(argv[i + 1]);
    if (std::strcmp(argv[i], "--communes-per-province") == 0) communes = std::atoi(argv[i + 1]);
  }
  if (sodium_init() < 0) return 1;
  PasswordTable(runs);
  AuthorizeTable(communes);
  return 0;
}
