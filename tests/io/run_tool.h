// Running the command-line tools that read exports back (unzip, pdftotext,
// pdftoppm, zbarimg) from tests.
#ifndef CARDEX_TESTS_IO_RUN_TOOL_H_
#define CARDEX_TESTS_IO_RUN_TOOL_H_

#include <cstdio>
#include <string>

namespace cardex::testing {

// Runs `command` through the shell; returns its standard output, and its
// exit status in *status (-1 when it could not be started).
inline std::string RunTool(const std::string& command, int* status = nullptr) {
  std::string out;
  std::FILE* p = ::popen(command.c_str(), "r");
  if (p == nullptr) {
    if (status) *status = -1;
    return out;
  }
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  const int rc = ::pclose(p);
  if (status) *status = rc;
  return out;
}

inline bool HaveTool(const std::string& name) {
  int status = 0;
  RunTool("command -v " + name + " >/dev/null 2>&1", &status);
  return status == 0;
}

// Single-quotes a path for the shell.
inline std::string ShellQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += "'\\''";
    else out += c;
  }
  return out + "'";
}

}  // namespace cardex::testing

#endif  // CARDEX_TESTS_IO_RUN_TOOL_H_
