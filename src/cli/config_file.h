// The configuration file (`cardex serve --config FILE`, or `cardex --config
// FILE COMMAND`): CLI11 reads it natively (TOML/INI: top-level keys are the
// global options such as `db`, a `[serve]` section holds `serve`'s options, and
// so on per command). Flags on the command line override the file. This file
// adds what CLI11 lacks: an error in the file is reported as FILE:LINE.
#ifndef CARDEX_CLI_CONFIG_FILE_H_
#define CARDEX_CLI_CONFIG_FILE_H_

#include <string>

namespace CLI {
class App;
class Error;
}  // namespace CLI

namespace cardex::cli {

// Adds --config FILE to the root command (reachable after any subcommand,
// which falls through to it); unknown keys in the file are errors.
void AddConfigOption(CLI::App& app);

// For a parse error raised while a configuration file was given: "FILE:LINE:
// KEY: REASON" when the key the error names is found in the file, "" when it
// is not (the error came from the command line).
std::string LocateConfigError(const CLI::App& app, const CLI::Error& error);

// Finds `key` (as written, or with '-' and '_' exchanged) in `section` ("" for
// the top level; any section when `any_section`) of the INI/TOML text in
// `path`; returns its 1-based line number, or 0. Exposed for the tests.
int FindConfigKeyLine(const std::string& path, const std::string& section, const std::string& key,
                      bool any_section);

}  // namespace cardex::cli

#endif  // CARDEX_CLI_CONFIG_FILE_H_
