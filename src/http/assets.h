// Internal: the web assets (stylesheet, script) compiled into the binary.
// src/http/assets/* become byte arrays at build time (cmake/embed_assets.cmake),
// so the server needs no files beside it and nothing is fetched from a CDN.
#ifndef CARDEX_SRC_HTTP_ASSETS_H_
#define CARDEX_SRC_HTTP_ASSETS_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace cardex::http {

struct Asset {
  std::string_view name;          // "desk.js"
  std::string_view content_type;  // from the extension
  std::string_view bytes;
  std::string_view etag;          // a hash of the bytes, 16 hex digits
};

// nullptr for an unknown name.
const Asset* FindAsset(std::string_view name);

}  // namespace cardex::http

#endif  // CARDEX_SRC_HTTP_ASSETS_H_
