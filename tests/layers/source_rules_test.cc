// Rules about the sources themselves (docs/architecture.md, "Layers"):
// no SQL above the capabilities, engine headers only in store, and
// includes that follow the layer picture, public headers only across
// libraries. Each rule is checked against the tree and, so that it can
// fail, against samples that break it.
#include <gtest/gtest.h>

#include <filesystem>
#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "tests/layers/source_scan.h"
#include "tests/support/test_env.h"

namespace cardex::testing {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> SourcesUnder(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    const std::string ext = e.path().extension().string();
    if (e.is_regular_file() && (ext == ".cc" || ext == ".h")) out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(SourceRules, NoSqlInHttpOrCli) {
  size_t files = 0;
  for (const char* layer : {"src/http", "src/cli"}) {
    for (const fs::path& file : SourcesUnder(SourceDir() / layer)) {
      ++files;
      for (const std::string& finding : FindSql(ReadFile(file.string()))) {
        ADD_FAILURE() << fs::relative(file, SourceDir()).string() << " " << finding
                      << " (http and cli call capability functions: docs/architecture.md)";
      }
    }
  }
  EXPECT_GT(files, 20u) << "the scan found no sources under " << SourceDir();
}

TEST(SourceRules, FindSqlCatchesSqlHoweverItIsWritten) {
  const char* kDirty[] = {
      R"x(auto r = store.Query("SELECT name FROM units WHERE code = ?", {c});)x",
      // Split literals are one literal to the compiler.
      "auto r = run(\"SEL\" \"ECT name \"\n  \"FROM units\");",
      "const char* k = \"INSERT INTO idempotency_keys (idem_key) VALUES (?)\";",
      "std::string q = std::string(\"select code from units \") + \"where parent_code = ?\";",
      "auto q = \"update exchange set state = 'x'\";",
      "auto q = \"delete from photos\";",
      "auto q = R\"sql(SELECT 1 FROM t)sql\";",
      "auto q = R\"(\n  WITH RECURSIVE chain AS (x))\";",
      "store->Exec(text);",
      "ctx.store.Query(sql, params);",
      "tx.ExecAndCommit(s, {});",
      "SqlRows rows;",
      "auto cte = kUnitChainCte;",
      "#include \"cardex/store/sql.h\"\n",
      "#include <sqlite3.h>\n",
      "auto p = \"PRAGMA wal_autocheckpoint=0\";",
      "auto l = \"LOCK TABLE exchange IN SHARE ROW EXCLUSIVE MODE\";",
      "auto w = \"code FROM units WHERE x\";",
      "auto w = \"where unit_code = $1\";",
  };
  for (const char* sample : kDirty) {
    EXPECT_FALSE(FindSql(sample).empty()) << "not caught: " << sample;
  }
}

TEST(SourceRules, FindSqlLeavesPagesAndCommentsAlone) {
  const char* kClean[] = {
      "// SELECT name FROM units WHERE code = ? (the store does this)\nint x = 1;",
      "/* INSERT INTO t (a) VALUES (?) */ int y = 2;",
      R"x(auto h = R"(<select name="station"><option>Chọn</option></select>)";)x",
      "auto t = T(lang, {\"Chọn điểm tiếp nhận\", \"Select a station from the list\"});",
      "case TargetFrom::kQueryUnit: break;",
      "auto u = \"https://example.invalid/update\";",
      "router.Add(\"DELETE\", \"/api/session\", r);",
      "auto s = \"Update the photo\";",
      "auto rows = intake::StationDay(ctx.store, station, date);",
  };
  for (const char* sample : kClean) {
    const auto found = FindSql(sample);
    EXPECT_TRUE(found.empty()) << "false alarm on: " << sample << "\n" << (found.empty() ? "" : found[0]);
  }
}

TEST(SourceRules, EngineHeadersOnlyInStore) {
  for (const char* dir : {"src", "include"}) {
    for (const fs::path& file : SourcesUnder(SourceDir() / dir)) {
      const std::string rel = fs::relative(file, SourceDir()).string();
      if (rel.starts_with("src/store/")) continue;
      for (const std::string& inc : ScanSource(ReadFile(file.string())).includes) {
        EXPECT_TRUE(inc != "sqlite3.h" && inc != "libpq-fe.h") << rel << " includes " << inc;
      }
    }
  }
}

// Which libraries' public headers each library may include: the arrows of
// docs/architecture.md's layer picture, all pointing down.
const std::map<std::string, std::set<std::string>>& AllowedIncludes() {
  static const std::map<std::string, std::set<std::string>> kAllowed = {
      {"core", {}},
      {"io", {"core"}},
      {"store", {"core"}},
      {"gen", {"core", "io"}},
      {"auth", {"core", "store"}},
      {"groups", {"core", "store"}},
      {"ingest", {"core", "io", "store"}},
      {"plan", {"core", "io", "store", "progress"}},
      {"progress", {"core", "io", "store"}},
      {"reconcile", {"core", "io", "store", "progress"}},
      {"registry", {"core", "store", "reconcile"}},
      {"centre", {"core", "store", "cards", "registry", "reconcile"}},
      {"notices", {"core", "io", "store", "registry"}},
      {"ledger", {"core", "store", "progress"}},
      {"intake", {"core", "store", "ledger", "plan"}},
      {"cards", {"core", "store", "ledger"}},
      {"station", {"core", "store", "ledger", "intake"}},
      {"selfservice", {"core", "store", "ledger", "plan", "progress"}},
      {"http", {"core", "io", "store", "auth", "groups", "ingest", "plan", "progress", "reconcile",
                "ledger", "intake", "cards", "station", "notices", "selfservice"}},
      {"cli", {"core", "io", "store", "gen", "auth", "groups", "ingest", "plan", "progress",
               "reconcile", "registry", "centre", "ledger", "intake", "cards", "http", "station",
               "notices", "selfservice"}},
  };
  return kAllowed;
}

// The problems with one file's quoted includes, for a file in `dir` of
// library `layer`, whose sources are under `layer_root`: another library is
// reached only through its public header (cardex/<lib>/...), and only along
// the arrows; a relative include must stay inside the library.
std::vector<std::string> IncludeProblems(const std::string& layer, const fs::path& layer_root,
                                         const fs::path& dir,
                                         const std::vector<std::string>& quoted) {
  std::vector<std::string> out;
  const auto& allowed = AllowedIncludes();
  for (const std::string& inc : quoted) {
    if (inc.starts_with("cardex/")) {
      const std::string lib = inc.substr(7, inc.find('/', 7) - 7);
      if (lib != layer && (!allowed.count(layer) || !allowed.at(layer).count(lib))) {
        out.push_back(inc + ": " + layer + " may not use " + lib);
      }
      continue;
    }
    if (inc.starts_with("src/") || inc.starts_with("include/")) {
      out.push_back(inc + ": a path from the repository root (use a public header)");
      continue;
    }
    const fs::path resolved = (dir / inc).lexically_normal();
    const std::string rel = resolved.lexically_relative(layer_root.lexically_normal()).string();
    if (rel.empty() || rel.starts_with("..")) {
      out.push_back(inc + ": reaches outside " + layer + " (use a public header)");
    }
  }
  return out;
}

TEST(SourceRules, IncludesFollowTheLayers) {
  for (const auto& entry : fs::directory_iterator(SourceDir() / "src")) {
    if (!entry.is_directory()) continue;
    const std::string layer = entry.path().filename().string();
    ASSERT_TRUE(AllowedIncludes().count(layer)) << "src/" << layer << " is not in the layer table";
    for (const fs::path& file : SourcesUnder(entry.path())) {
      for (const std::string& p : IncludeProblems(layer, entry.path(), file.parent_path(),
                                                  ScanSource(ReadFile(file.string())).quoted_includes)) {
        ADD_FAILURE() << fs::relative(file, SourceDir()).string() << ": " << p;
      }
    }
    const fs::path public_dir = SourceDir() / "include" / "cardex" / layer;
    if (!fs::exists(public_dir)) continue;
    for (const fs::path& file : SourcesUnder(public_dir)) {
      // A public header includes only public headers.
      for (const std::string& inc : ScanSource(ReadFile(file.string())).quoted_includes) {
        EXPECT_TRUE(inc.starts_with("cardex/"))
            << fs::relative(file, SourceDir()).string() << " includes " << inc;
      }
      for (const std::string& p : IncludeProblems(layer, public_dir, file.parent_path(),
                                                  ScanSource(ReadFile(file.string())).quoted_includes)) {
        ADD_FAILURE() << fs::relative(file, SourceDir()).string() << ": " << p;
      }
    }
  }
}

TEST(SourceRules, IncludeRuleCatchesUpwardAndSidewaysIncludes) {
  const fs::path cards = "/r/src/cards";
  EXPECT_FALSE(IncludeProblems("progress", "/r/src/progress", "/r/src/progress",
                               {"cardex/ledger/exchange.h"}).empty());
  EXPECT_FALSE(IncludeProblems("cards", "/r/src/cards", "/r/src/cards",
                               {"cardex/intake/desk.h"}).empty());
  EXPECT_FALSE(IncludeProblems("store", "/r/src/store", "/r/src/store",
                               {"cardex/core/x.h", "cardex/auth/y.h"}).empty());
  EXPECT_FALSE(IncludeProblems("cards", cards, cards, {"../intake/exchange_internal.h"}).empty());
  EXPECT_FALSE(IncludeProblems("cards", cards, cards, {"src/intake/x.h"}).empty());
  EXPECT_FALSE(IncludeProblems("cards", cards, cards, {"../../src/intake/x.h"}).empty());
  EXPECT_TRUE(IncludeProblems("cards", cards, cards, {"cardex/ledger/exchange.h", "cards_internal.h"}).empty());
  // Inside one library a relative include may go up, as long as it stays in.
  EXPECT_TRUE(IncludeProblems("store", "/r/src/store", "/r/src/store/migrations", {"../migrations.h"}).empty());
}

}  // namespace
}  // namespace cardex::testing
