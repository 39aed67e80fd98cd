#include "config_file.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <fstream>
#include <regex>

namespace cardex::cli {
namespace {

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

std::string Dashed(std::string s) {
  std::replace(s.begin(), s.end(), '_', '-');
  return s;
}

}  // namespace

void AddConfigOption(CLI::App& app) {
  app.set_config("--config", "",
                 "read options from FILE (TOML/INI: `db = ...` at the top, `[serve]` for serve's "
                 "options); flags given on the command line override it")
      ->check(CLI::ExistingFile);
  app.allow_config_extras(CLI::config_extras_mode::error);
}

int FindConfigKeyLine(const std::string& path, const std::string& section, const std::string& key,
                      bool any_section) {
  std::ifstream in(path);
  std::string line, current;
  const std::string want = Dashed(key);
  for (int n = 1; std::getline(in, line); ++n) {
    std::string t = Trim(line);
    if (t.empty() || t[0] == '#' || t[0] == ';') continue;
    if (t.front() == '[' && t.back() == ']') {
      current = Trim(t.substr(1, t.size() - 2));
      continue;
    }
    if (!any_section && current != section) continue;
    std::string head = Dashed(t.substr(0, std::min(t.size(), want.size())));
    if (head != want) continue;
    if (t.size() == want.size() || t[want.size()] == ' ' || t[want.size()] == '\t' ||
        t[want.size()] == '=' || t[want.size()] == ':') {
      return n;
    }
  }
  return 0;
}

std::string LocateConfigError(const CLI::App& app, const CLI::Error& error) {
  const CLI::Option* config = app.get_config_ptr();
  if (config == nullptr || config->count() == 0) return "";
  const std::string path = config->as<std::string>();
  const std::string what = error.what();
  std::smatch m;
  int line = 0;
  std::string reason = what;
  static const std::regex kUnparsed("not able to parse (.+)$");
  static const std::regex kOption("--([A-Za-z0-9][A-Za-z0-9_-]*)");
  if (std::regex_search(what, m, kUnparsed)) {
    // "INI was not able to parse serve.bogus": an unknown key (or a line that
    // is no key = value) in section "serve".
    std::string dotted = m[1], section;
    std::string key = dotted;
    // Sections are command names (no dots); the rest is the key as written.
    for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
      if (dotted.starts_with(sub->get_name() + ".")) {
        section = sub->get_name();
        key = dotted.substr(section.size() + 1);
        break;
      }
    }
    line = FindConfigKeyLine(path, section, key, false);
    reason = "\"" + key + "\" is not a setting" +
             (section.empty() ? std::string(" at the top of the file")
                              : " of [" + section + "]") +
             " (cardex " + (section.empty() ? std::string("") : section + " ") +
             "--help lists them; a line must be `key = value`)";
  } else if (std::regex_search(what, m, kOption)) {
    line = FindConfigKeyLine(path, "", m[1], true);
  }
  if (line == 0) return "";
  return path + ":" + std::to_string(line) + ": " + reason;
}

}  // namespace cardex::cli
