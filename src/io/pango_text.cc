#include "pango_text.h"

#include <cstdlib>
#include <mutex>
#include <string>

#if defined(__SANITIZE_ADDRESS__)
#include <fontconfig/fontconfig.h>
#endif

namespace cardex::io_internal {
namespace {

// Pango and fontconfig keep their font caches until the process ends, which
// LeakSanitizer reports as leaks. Sanitizer builds (the tests) free them at
// exit; other builds let the process end without the work. Not cairo's
// static data (cairo_debug_reset_static_data): it asserts that no font is
// still alive, and one sometimes was at exit (a CI run aborted `report
// progress --out x.pdf` on it); what it holds stays reachable from
// cairo's globals, which LeakSanitizer does not report.
void ReleaseFontCachesAtExit() {
#if defined(__SANITIZE_ADDRESS__)
  static std::once_flag once;
  std::call_once(once, [] {
    std::atexit([] {
      pango_cairo_font_map_set_default(nullptr);
      FcFini();
    });
  });
#endif
}

}  // namespace

TextBlock::TextBlock(cairo_t* cr, std::string_view text, const TextStyle& style, double width)
    : layout_((ReleaseFontCachesAtExit(), pango_cairo_create_layout(cr))) {
  // Unhinted metrics: the layout measured in the first pass (page count)
  // is exactly the one drawn in the second.
  cairo_font_options_t* options = cairo_font_options_create();
  cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options(pango_layout_get_context(layout_), options);
  cairo_font_options_destroy(options);
  pango_layout_context_changed(layout_);

  PangoFontDescription* font = pango_font_description_new();
  pango_font_description_set_family(font, style.family);
  pango_font_description_set_absolute_size(font, style.size * PANGO_SCALE);
  pango_font_description_set_weight(font, style.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description(layout_, font);
  pango_font_description_free(font);
  if (width > 0) {
    pango_layout_set_width(layout_, static_cast<int>(width * PANGO_SCALE));
    pango_layout_set_wrap(layout_, PANGO_WRAP_WORD_CHAR);
  }
  pango_layout_set_alignment(layout_, style.align);
  if (style.markup) {
    pango_layout_set_markup(layout_, text.data(), static_cast<int>(text.size()));
  } else {
    pango_layout_set_text(layout_, text.data(), static_cast<int>(text.size()));
  }
}

TextBlock::~TextBlock() { g_object_unref(layout_); }

double TextBlock::width() const {
  int w = 0, h = 0;
  pango_layout_get_size(layout_, &w, &h);
  return static_cast<double>(w) / PANGO_SCALE;
}

double TextBlock::height() const {
  int w = 0, h = 0;
  pango_layout_get_size(layout_, &w, &h);
  return static_cast<double>(h) / PANGO_SCALE;
}

void TextBlock::Draw(cairo_t* cr, double x, double y) const {
  cairo_move_to(cr, x, y);
  pango_cairo_show_layout(cr, layout_);
}

std::string EscapeMarkup(std::string_view text) {
  gchar* escaped = g_markup_escape_text(text.data(), static_cast<gssize>(text.size()));
  std::string out(escaped);
  g_free(escaped);
  return out;
}

}  // namespace cardex::io_internal
