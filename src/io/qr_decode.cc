#include "cardex/io/qr_decode.h"

#include <zbar.h>

namespace cardex {

Result<std::string> DecodeQrGrey(std::string_view pixels, int width, int height) {
  using namespace zbar;  // zbar.h puts its C API in namespace zbar when compiled as C++
  if (width < 16 || height < 16 || width > kMaxQrFrameSide || height > kMaxQrFrameSide ||
      pixels.size() != static_cast<size_t>(width) * static_cast<size_t>(height)) {
    return Status::Coded(StatusCode::kInvalidArgument, "qr.bad_image");
  }
  zbar_image_scanner_t* scanner = zbar_image_scanner_create();
  // QR only: a desk scans invitations, and other symbologies would find
  // false codes in a noisy frame.
  zbar_image_scanner_set_config(scanner, ZBAR_NONE, ZBAR_CFG_ENABLE, 0);
  zbar_image_scanner_set_config(scanner, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
  zbar_image_t* image = zbar_image_create();
  zbar_image_set_format(image, zbar_fourcc('Y', '8', '0', '0'));
  zbar_image_set_size(image, static_cast<unsigned>(width), static_cast<unsigned>(height));
  // zbar only reads the data (no cleanup handler: the caller owns it).
  zbar_image_set_data(image, pixels.data(), pixels.size(), nullptr);
  int found = zbar_scan_image(scanner, image);
  std::string text;
  bool have = false;
  if (found > 0) {
    for (const zbar_symbol_t* s = zbar_image_first_symbol(image); s != nullptr;
         s = zbar_symbol_next(s)) {
      if (zbar_symbol_get_type(s) != ZBAR_QRCODE) continue;
      text.assign(zbar_symbol_get_data(s), zbar_symbol_get_data_length(s));
      have = true;
      break;
    }
  }
  zbar_image_destroy(image);
  zbar_image_scanner_destroy(scanner);
  if (!have) return Status::Coded(StatusCode::kNotFound, "qr.not_found");
  return text;
}

}  // namespace cardex
