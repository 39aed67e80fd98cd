// A small C++ lexer for the source-rule tests: splits a file into its code
// (comments and literals blanked), its string literals (adjacent ones
// joined, as the compiler joins them) and its #include lines, so that a rule
// can look for SQL in the literals without being fooled by a comment, a
// split literal or a raw string.
#ifndef CARDEX_TESTS_LAYERS_SOURCE_SCAN_H_
#define CARDEX_TESTS_LAYERS_SOURCE_SCAN_H_

#include <string>
#include <string_view>
#include <vector>

namespace cardex::testing {

struct Literal {
  int line = 0;  // where it starts
  std::string text;
};

struct ScannedSource {
  std::string code;               // comments and literals replaced by spaces
  std::vector<Literal> literals;  // adjacent literals joined
  std::vector<std::string> includes;  // the names in #include "..." / <...>
  std::vector<std::string> quoted_includes;  // those in "..." only
};

ScannedSource ScanSource(std::string_view text);

// What in `text` builds or runs SQL: a literal that reads as SQL, a call of
// Store's portable-SQL entry points (Query, Exec, ExecAndCommit), the SQL
// types (SqlRows, SqlParam, SqlBlob, kUnitChainCte) or an include of
// cardex/store/sql.h. Each finding names its line and why. Empty: clean.
std::vector<std::string> FindSql(std::string_view text);

}  // namespace cardex::testing

#endif  // CARDEX_TESTS_LAYERS_SOURCE_SCAN_H_
