// QR codes (ISO/IEC 18004, on libqrencode): encode bytes to a module
// matrix, draw it with cairo (PDF pages, PNG), or write it as SVG (the web
// desk shows it inline).
//
// Invitations carry the member's invitation code in one; a reception desk
// scans it instead of typing the code.
#ifndef CARDEX_IO_QR_H_
#define CARDEX_IO_QR_H_

#include <cairo.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cardex/core/status.h"

namespace cardex {

// How much of the symbol may be damaged and still read: L 7 %, M 15 %,
// Q 25 %, H 30 %. Printed cards that get folded want M or better.
enum class QrErrorCorrection { kLow, kMedium, kQuartile, kHigh };

class QrCode {
 public:
  // The smallest symbol (version 1..40) that holds `data` as 8-bit bytes
  // (UTF-8 text is fine, and is marked as UTF-8 with an ECI header when it
  // is not plain ASCII; NUL bytes too). kInvalidArgument when the data is
  // empty or too long for version 40 at that level.
  static Result<QrCode> Encode(std::string_view data,
                               QrErrorCorrection level = QrErrorCorrection::kMedium);

  int version() const { return version_; }
  int size() const { return size_; }  // modules per side: 17 + 4 × version
  bool dark(int x, int y) const { return modules_[static_cast<size_t>(y * size_ + x)] != 0; }

  // Modules of white margin a reader needs around the symbol.
  static constexpr int kQuietZone = 4;

 private:
  QrCode(int version, int size, std::vector<uint8_t> modules)
      : version_(version), size_(size), modules_(std::move(modules)) {}
  int version_ = 0;
  int size_ = 0;
  std::vector<uint8_t> modules_;  // row-major, 1 = dark
};

// Draws the symbol with its quiet zone (white) as a `side` × `side` square
// whose top-left corner is (x, y) in user units. Each dark module is filled
// black; adjacent modules are merged into runs so that no hairline gaps
// appear between them in PDF viewers. Leaves the cairo source changed.
void DrawQr(cairo_t* cr, const QrCode& qr, double x, double y, double side);

// A standalone SVG document: the symbol and its quiet zone, `module_px`
// pixels per module, crisp edges, one path.
std::string QrSvg(const QrCode& qr, int module_px = 4);

}  // namespace cardex

#endif  // CARDEX_IO_QR_H_
