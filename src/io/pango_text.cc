#include "pango_text.h"

#include <cstdlib>
#include <mutex>
#include <string>

namespace cardex::io_internal {
namespace {

// Pango keeps its font map, and fontconfig its caches, until the process
// ends, which LeakSanitizer reports as leaks. Sanitizer builds (the tests)
// drop pango's font map at exit; other builds let the process end without
// the work. Fontconfig's leftovers are suppressed (below) rather than freed
// with FcFini(), nor cairo's with cairo_debug_reset_static_data(): both
// assert that nothing uses them any more, and at exit something sometimes
// still did (two CI runs aborted `report progress --out x.pdf` on them).
void ReleaseFontCachesAtExit() {
#if defined(__SANITIZE_ADDRESS__)
  static std::once_flag once;
  std::call_once(once, [] { std::atexit([] { pango_cairo_font_map_set_default(nullptr); }); });
#endif
}

}  // namespace

#if defined(__SANITIZE_ADDRESS__)
// LeakSanitizer's built-in suppressions hook (sanitizer_common): what
// fontconfig allocates for the process's lifetime.
extern "C" __attribute__((used, visibility("default"))) const char* __lsan_default_suppressions() {
  return "leak:libfontconfig.so\n";
}
#endif

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

bool TextBlock::wrapped() const { return pango_layout_is_wrapped(layout_); }

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
