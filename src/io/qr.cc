#include "cardex/io/qr.h"

#include <qrencode.h>

#include <algorithm>
#include <cerrno>
#include <memory>

namespace cardex {
namespace {

QRecLevel Level(QrErrorCorrection level) {
  switch (level) {
    case QrErrorCorrection::kLow: return QR_ECLEVEL_L;
    case QrErrorCorrection::kMedium: return QR_ECLEVEL_M;
    case QrErrorCorrection::kQuartile: return QR_ECLEVEL_Q;
    case QrErrorCorrection::kHigh: return QR_ECLEVEL_H;
  }
  return QR_ECLEVEL_M;
}

// Calls `run(x, y, length)` for every horizontal run of dark modules.
template <typename Fn>
void DarkRuns(const QrCode& qr, Fn run) {
  for (int y = 0; y < qr.size(); ++y) {
    for (int x = 0; x < qr.size();) {
      if (!qr.dark(x, y)) {
        ++x;
        continue;
      }
      int end = x;
      while (end < qr.size() && qr.dark(end, y)) ++end;
      run(x, y, end - x);
      x = end;
    }
  }
}

}  // namespace

Result<QrCode> QrCode::Encode(std::string_view data, QrErrorCorrection level) {
  if (data.empty()) return Status::InvalidArgument("a QR code needs at least one byte of data");
  std::unique_ptr<QRinput, decltype(&QRinput_free)> input(QRinput_new2(0, Level(level)), &QRinput_free);
  if (!input) return Status::Internal("libqrencode: out of memory");
  // Byte mode has no declared character set and readers guess (zbar takes
  // UTF-8 Vietnamese for Shift JIS): non-ASCII data is marked UTF-8 (ECI 26).
  const bool ascii = std::all_of(data.begin(), data.end(),
                                 [](char c) { return (static_cast<unsigned char>(c) & 0x80) == 0; });
  if (!ascii && QRinput_appendECIheader(input.get(), 26) != 0) {
    return Status::Internal("libqrencode: cannot add the UTF-8 marker");
  }
  if (QRinput_append(input.get(), QR_MODE_8, static_cast<int>(data.size()),
                     reinterpret_cast<const unsigned char*>(data.data())) != 0) {
    return Status::InvalidArgument(std::to_string(data.size()) + " bytes cannot go into a QR code");
  }
  errno = 0;
  std::unique_ptr<QRcode, decltype(&QRcode_free)> code(QRcode_encodeInput(input.get()), &QRcode_free);
  if (!code) {
    if (errno == ERANGE) {
      return Status::InvalidArgument(std::to_string(data.size()) +
                                     " bytes do not fit in a QR code at this error-correction level");
    }
    return Status::Internal("libqrencode failed to encode " + std::to_string(data.size()) + " bytes");
  }
  const int size = code->width;
  std::vector<uint8_t> modules(static_cast<size_t>(size) * static_cast<size_t>(size));
  // libqrencode packs flags in each byte; bit 0 is the module's colour.
  for (size_t i = 0; i < modules.size(); ++i) modules[i] = code->data[i] & 1;
  return QrCode(code->version, size, std::move(modules));
}

void DrawQr(cairo_t* cr, const QrCode& qr, double x, double y, double side) {
  const int total = qr.size() + 2 * QrCode::kQuietZone;
  const double m = side / total;
  cairo_save(cr);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_rectangle(cr, x, y, side, side);
  cairo_fill(cr);
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE);
  const double ox = x + QrCode::kQuietZone * m, oy = y + QrCode::kQuietZone * m;
  DarkRuns(qr, [&](int mx, int my, int len) { cairo_rectangle(cr, ox + mx * m, oy + my * m, len * m, m); });
  cairo_fill(cr);
  cairo_restore(cr);
}

std::string QrSvg(const QrCode& qr, int module_px) {
  const int total = qr.size() + 2 * QrCode::kQuietZone;
  const std::string px = std::to_string(total * module_px);
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + px + "\" height=\"" + px +
                    "\" viewBox=\"0 0 " + std::to_string(total) + " " + std::to_string(total) +
                    "\" shape-rendering=\"crispEdges\"><rect width=\"100%\" height=\"100%\" "
                    "fill=\"#fff\"/><path fill=\"#000\" d=\"";
  DarkRuns(qr, [&](int x, int y, int len) {
    svg += "M" + std::to_string(x + QrCode::kQuietZone) + " " + std::to_string(y + QrCode::kQuietZone) +
           "h" + std::to_string(len) + "v1h-" + std::to_string(len) + "z";
  });
  svg += "\"/></svg>\n";
  return svg;
}

}  // namespace cardex
