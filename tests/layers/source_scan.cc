#include "tests/layers/source_scan.h"

#include <cctype>
#include <regex>

namespace cardex::testing {

namespace {

bool IsIdentChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// "select ... from t ... where|join|order by|group by|limit" in any case,
// searched by hand: a regex with two unbounded gaps backtracks (and
// std::regex recurses) over a page's long HTML literals.
bool LowerCaseSelect(std::string_view text) {
  std::string t(text);
  for (char& c : t) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (char& c : t) {
    if (c == '\n' || c == '\t' || c == '\r') c = ' ';
  }
  size_t sel = t.find("select ");
  while (sel != std::string::npos) {
    if (sel == 0 || !IsIdentChar(t[sel - 1])) {
      const size_t from = t.find(" from ", sel);
      if (from == std::string::npos) return false;
      for (const char* tail : {" where ", " join ", " order by ", " group by ", " limit "}) {
        if (t.find(tail, from) != std::string::npos) return true;
      }
      return false;
    }
    sel = t.find("select ", sel + 1);
  }
  return false;
}

}  // namespace

ScannedSource ScanSource(std::string_view s) {
  ScannedSource out;
  out.code.reserve(s.size());
  int line = 1;
  // Set while the last token was a literal, so that the next one (past
  // blanks and comments only) is joined to it.
  bool joinable = false;
  auto add_literal = [&](int at, std::string text) {
    if (joinable && !out.literals.empty()) {
      out.literals.back().text += text;
    } else {
      out.literals.push_back({at, std::move(text)});
    }
    joinable = true;
  };
  auto blank = [&](char c) {
    out.code += c == '\n' ? '\n' : ' ';
    if (c == '\n') ++line;
  };
  size_t i = 0;
  bool line_start = true;
  while (i < s.size()) {
    const char c = s[i];
    // Preprocessor includes.
    if (line_start && c == '#') {
      size_t end = s.find('\n', i);
      if (end == std::string_view::npos) end = s.size();
      std::string_view directive = s.substr(i, end - i);
      static const std::regex kInclude(R"re(^#\s*include\s*["<]([^">]+)[">])re");
      std::cmatch m;
      if (std::regex_search(directive.begin(), directive.end(), m, kInclude)) {
        out.includes.push_back(m[1].str());
        if (directive.find('"') != std::string_view::npos) out.quoted_includes.push_back(m[1].str());
      }
      for (size_t k = i; k < end; ++k) blank(s[k]);
      i = end;
      continue;
    }
    if (c == '\n') {
      line_start = true;
      blank(c);
      ++i;
      continue;
    }
    if (c != ' ' && c != '\t' && c != '\r') line_start = false;
    if (c == '/' && i + 1 < s.size() && s[i + 1] == '/') {
      while (i < s.size() && s[i] != '\n') blank(s[i++]);
      continue;
    }
    if (c == '/' && i + 1 < s.size() && s[i + 1] == '*') {
      size_t end = s.find("*/", i + 2);
      end = end == std::string_view::npos ? s.size() : end + 2;
      while (i < end) blank(s[i++]);
      continue;
    }
    // Raw strings: R"delim( ... )delim", with any u8/u/U/L prefix.
    if (c == 'R' && i + 1 < s.size() && s[i + 1] == '"' && (i == 0 || !IsIdentChar(s[i - 1]) ||
                                                           s.substr(i - 1, 1) == "8" ||
                                                           s[i - 1] == 'u' || s[i - 1] == 'U' ||
                                                           s[i - 1] == 'L')) {
      const size_t open = s.find('(', i + 2);
      if (open != std::string_view::npos) {
        const std::string close = ")" + std::string(s.substr(i + 2, open - i - 2)) + "\"";
        size_t end = s.find(close, open + 1);
        if (end == std::string_view::npos) end = s.size();
        const int at = line;
        std::string text(s.substr(open + 1, end - open - 1));
        const size_t stop = std::min(s.size(), end + close.size());
        while (i < stop) blank(s[i++]);
        add_literal(at, std::move(text));
        continue;
      }
    }
    if (c == '"' || c == '\'') {
      const int at = line;
      std::string text;
      blank(s[i++]);
      while (i < s.size() && s[i] != c && s[i] != '\n') {
        if (s[i] == '\\' && i + 1 < s.size()) {
          const char e = s[i + 1];
          text += e == 'n' || e == 't' || e == 'r' ? ' ' : e;
          blank(s[i++]);
        } else {
          text += s[i];
        }
        blank(s[i++]);
      }
      if (i < s.size() && s[i] == c) blank(s[i++]);
      if (c == '"') {
        add_literal(at, std::move(text));
      } else {
        joinable = false;
      }
      continue;
    }
    if (c != ' ' && c != '\t' && c != '\r') joinable = false;
    out.code += c;
    ++i;
  }
  return out;
}

std::vector<std::string> FindSql(std::string_view text) {
  const ScannedSource src = ScanSource(text);
  std::vector<std::string> found;
  // SQL as people write it in C++: keywords in capitals, and also the
  // unmistakable shapes in any case (placeholders, INSERT INTO t (...)).
  static const std::regex kUpper(
      R"re(\b(SELECT\s|INSERT\s+INTO\b|UPDATE\s+\w+\s+SET\b|DELETE\s+FROM\b|PRAGMA\b|LOCK\s+TABLE\b|WITH\s+RECURSIVE\b|CREATE\s+(TABLE|INDEX|VIEW|TRIGGER|UNIQUE)\b|DROP\s+(TABLE|INDEX)\b|ALTER\s+TABLE\b|ON\s+CONFLICT\b|RETURNING\s+\w|VACUUM\b|BEGIN\s+(IMMEDIATE|TRANSACTION)\b|COPY\s+\w+\s*(\(|FROM\b)|TRUNCATE\b|FROM\s+\w+\s+(WHERE|JOIN|ORDER|GROUP)\b))re");
  static const std::regex kAnyCase(
      R"re(\binsert\s+into\s+\w+\s*\(|\bupdate\s+\w+\s+set\s+\w+\s*=|\bdelete\s+from\s+\w+|\bpragma\s+\w+\s*=|\bwhere\s+[\w.]+\s*(=|<|>|<=|>=|<>|in)\s*(\?|\$\d))re",
      std::regex::icase);
  for (const Literal& l : src.literals) {
    if (std::regex_search(l.text, kUpper) || std::regex_search(l.text, kAnyCase) ||
        LowerCaseSelect(l.text)) {
      found.push_back("line " + std::to_string(l.line) + ": a literal reads as SQL: \"" +
                      l.text.substr(0, 60) + "\"");
    }
  }
  static const std::regex kCalls(
      R"re((\.|->|::)\s*(Query|Exec|ExecAndCommit)\s*\(|\b(SqlRows|SqlParam|SqlBlob|SqlSession|kUnitChainCte)\b)re");
  size_t line = 1, pos = 0;
  for (std::sregex_iterator it(src.code.begin(), src.code.end(), kCalls), end; it != end; ++it) {
    const size_t at = static_cast<size_t>(it->position());
    for (; pos < at; ++pos) line += src.code[pos] == '\n';
    found.push_back("line " + std::to_string(line) + ": portable SQL in code: " + it->str());
  }
  for (const std::string& inc : src.includes) {
    if (inc == "cardex/store/sql.h" || inc == "sqlite3.h" || inc == "libpq-fe.h") {
      found.push_back("includes " + inc);
    }
  }
  return found;
}

}  // namespace cardex::testing
