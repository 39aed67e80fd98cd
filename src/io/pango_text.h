// Text for cairo drawings through Pango: shaping, line breaking and font
// fallback, so that Vietnamese (stacked diacritics, NFD input) prints
// correctly. Sizes are absolute, in user units (points on a PDF page), so
// the output does not depend on a screen resolution.
#ifndef CARDEX_SRC_IO_PANGO_TEXT_H_
#define CARDEX_SRC_IO_PANGO_TEXT_H_

#include <cairo.h>
#include <pango/pangocairo.h>

#include <string_view>

namespace cardex::io_internal {

// Every export uses this family: it has the Vietnamese glyphs
// (fonts-dejavu-core).
inline constexpr const char* kFontFamily = "DejaVu Sans";

struct TextStyle {
  double size = 10;
  bool bold = false;
  bool markup = false;  // text is Pango markup (<b>…</b>); else plain
  PangoAlignment align = PANGO_ALIGN_LEFT;
  const char* family = kFontFamily;
};

// One laid-out paragraph. `width` <= 0: no wrapping.
class TextBlock {
 public:
  TextBlock(cairo_t* cr, std::string_view text, const TextStyle& style, double width = 0);
  ~TextBlock();
  // Whether a line had to be broken to fit the width.
  bool wrapped() const;
  TextBlock(const TextBlock&) = delete;
  TextBlock& operator=(const TextBlock&) = delete;

  double width() const;   // of the ink-free logical extent
  double height() const;
  // Draws with its top-left at (x, y) in the current source colour.
  void Draw(cairo_t* cr, double x, double y) const;

 private:
  PangoLayout* layout_;
};

// Escapes text for use inside Pango markup.
std::string EscapeMarkup(std::string_view text);

}  // namespace cardex::io_internal

#endif  // CARDEX_SRC_IO_PANGO_TEXT_H_
