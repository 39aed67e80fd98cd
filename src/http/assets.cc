#include "assets.h"

#include <fmt/format.h>

#include <vector>

namespace cardex::http {

namespace embedded {
struct File {
  const char* name;
  const unsigned char* data;
  size_t size;
};
extern const File kFiles[];
extern const size_t kFileCount;
}  // namespace embedded

namespace {

std::string_view TypeOf(std::string_view name) {
  auto ends = [&](std::string_view ext) {
    return name.size() >= ext.size() && name.substr(name.size() - ext.size()) == ext;
  };
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".js")) return "text/javascript; charset=utf-8";
  if (ends(".svg")) return "image/svg+xml";
  if (ends(".png")) return "image/png";
  if (ends(".ico")) return "image/x-icon";
  return "application/octet-stream";
}

// FNV-1a: a cache validator, not a security property.
std::string Hash(std::string_view bytes) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return fmt::format("{:016x}", h);
}

struct Table {
  std::vector<Asset> assets;
  std::vector<std::string> etags;
  Table() {
    etags.reserve(embedded::kFileCount);
    for (size_t i = 0; i < embedded::kFileCount; ++i) {
      const embedded::File& f = embedded::kFiles[i];
      std::string_view bytes(reinterpret_cast<const char*>(f.data), f.size);
      etags.push_back(Hash(bytes));
      assets.push_back(Asset{f.name, TypeOf(f.name), bytes, etags.back()});
    }
  }
};

}  // namespace

const Asset* FindAsset(std::string_view name) {
  static const Table table;  // initialised once, thread-safe
  for (const Asset& a : table.assets) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

}  // namespace cardex::http
