// Reading QR codes from camera frames (libzbar), for desks whose browser
// has no BarcodeDetector (Chromium on Linux, Firefox): the page sends a
// grey frame, the server finds the code in it.
//
// Input is 8-bit greyscale, one byte per pixel, row-major, no padding
// ("Y800"), which a page makes from a canvas without any codec. Frames are
// bounded by kMaxQrFrameSide so that a request cannot make the decoder scan
// an arbitrarily large image.
//
// Errors: kInvalidArgument ("qr.bad_image") when the size is out of bounds
// or the bytes do not match it; kNotFound ("qr.not_found") when no QR code
// could be read. The decoded text is returned as is (the caller checks it
// like anything typed).
//
// Thread safety: each call makes its own scanner; calls may run in parallel.
#ifndef CARDEX_IO_QR_DECODE_H_
#define CARDEX_IO_QR_DECODE_H_

#include <string>
#include <string_view>

#include "cardex/core/status.h"

namespace cardex {

inline constexpr int kMaxQrFrameSide = 1280;

// The text of the first QR code found in the `width` × `height` frame.
Result<std::string> DecodeQrGrey(std::string_view pixels, int width, int height);

}  // namespace cardex

#endif  // CARDEX_IO_QR_DECODE_H_
