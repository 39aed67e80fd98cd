#include "tests/core/case_file.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/support/test_env.h"

namespace cardex::testing {
namespace {

void AppendUtf8(std::string* out, unsigned long cp) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

}  // namespace

std::string Unescape(const std::string& value) {
  std::string out;
  for (size_t i = 0; i < value.size(); ++i) {
    if (value[i] != '\\' || i + 1 == value.size()) {
      out.push_back(value[i]);
      continue;
    }
    const char kind = value[++i];
    size_t hex_digits = kind == 'x' ? 2 : kind == 'u' ? 4 : kind == 'U' ? 8 : 0;
    if (hex_digits != 0) {
      const unsigned long v = std::stoul(value.substr(i + 1, hex_digits), nullptr, 16);
      i += hex_digits;
      if (kind == 'x') {
        out.push_back(static_cast<char>(v));
      } else {
        AppendUtf8(&out, v);
      }
      continue;
    }
    switch (kind) {
      case 's': out.push_back(' '); break;
      case 't': out.push_back('\t'); break;
      case 'n': out.push_back('\n'); break;
      case 'r': out.push_back('\r'); break;
      default: out.push_back(kind); break;
    }
  }
  return out;
}

std::string CaseFile::Get(const std::string& key) const {
  auto it = fields.find(key);
  if (it == fields.end()) {
    ADD_FAILURE() << name << ": missing key '" << key << "'";
    return "";
  }
  return it->second;
}

bool CaseFile::GetBool(const std::string& key) const {
  const std::string v = Get(key);
  if (v != "yes" && v != "no") ADD_FAILURE() << name << ": '" << key << "' must be yes or no";
  return v == "yes";
}

int CaseFile::GetInt(const std::string& key) const { return std::stoi(Get(key)); }

std::vector<CaseFile> LoadCases(const std::string& rule) {
  std::vector<CaseFile> cases;
  const std::filesystem::path dir = SourceDir() / "tests" / "cases" / rule;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() != ".case") continue;
    CaseFile c;
    c.name = rule + "/" + entry.path().filename().string();
    std::ifstream in(entry.path(), std::ios::binary);
    std::string line;
    int line_no = 0;
    while (std::getline(in, line)) {
      ++line_no;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.empty() || line[0] == '#') continue;
      const size_t colon = line.find(':');
      if (colon == std::string::npos) {
        ADD_FAILURE() << c.name << ":" << line_no << ": expected 'key: value'";
        continue;
      }
      std::string value = line.substr(colon + 1);
      if (!value.empty() && value[0] == ' ') value.erase(0, 1);
      c.fields[line.substr(0, colon)] = Unescape(value);
    }
    cases.push_back(std::move(c));
  }
  EXPECT_FALSE(ec) << dir << ": " << ec.message();
  std::sort(cases.begin(), cases.end(), [](const CaseFile& a, const CaseFile& b) { return a.name < b.name; });
  return cases;
}

std::string CaseFileName(const ::testing::TestParamInfo<CaseFile>& info) {
  std::string name = info.param.name;
  if (const size_t slash = name.find_last_of('/'); slash != std::string::npos) name = name.substr(slash + 1);
  if (name.size() > 5 && name.ends_with(".case")) name.resize(name.size() - 5);
  for (char& ch : name) {
    const bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
    if (!ok) ch = '_';
  }
  return name.empty() ? "case_" + std::to_string(info.index) : name;
}

}  // namespace cardex::testing
