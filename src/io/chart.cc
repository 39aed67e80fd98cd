#include "cardex/io/chart.h"

#include <cairo-svg.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <memory>
#include <numbers>

#include "pango_text.h"

namespace cardex {
namespace {

using io_internal::TextBlock;
using io_internal::TextStyle;

struct Rgb {
  double r, g, b;
};
// Distinguishable in print and for the common colour blindnesses (Okabe-Ito).
constexpr std::array<Rgb, 6> kPalette = {{{0.00, 0.45, 0.70},
                                          {0.90, 0.62, 0.00},
                                          {0.00, 0.62, 0.45},
                                          {0.80, 0.40, 0.00},
                                          {0.34, 0.71, 0.91},
                                          {0.80, 0.47, 0.65}}};

void SetColour(cairo_t* cr, size_t series) {
  const Rgb& c = kPalette[series % kPalette.size()];
  cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

// A round step (1, 2 or 5 × 10^k) giving about `ticks` gridlines up to `max`.
double NiceStep(double max, int ticks) {
  const double raw = max / ticks;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  for (double f : {1.0, 2.0, 5.0}) {
    if (raw <= f * magnitude) return f * magnitude;
  }
  return 10 * magnitude;
}

std::string FormatTick(double v, double step) {
  char buf[32];
  if (step >= 1) {
    std::snprintf(buf, sizeof buf, "%.0f", v);
  } else {
    std::snprintf(buf, sizeof buf, "%.*f", static_cast<int>(std::ceil(-std::log10(step))), v);
  }
  return buf;
}

cairo_status_t AppendToString(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

}  // namespace

void DrawChart(cairo_t* cr, const Chart& chart, double x, double y, double width, double height) {
  cairo_save(cr);
  const TextStyle small{.size = 7.5};
  double top = y;
  if (!chart.title.empty()) {
    TextBlock title(cr, chart.title, TextStyle{.size = 11, .bold = true}, width);
    cairo_set_source_rgb(cr, 0, 0, 0);
    title.Draw(cr, x, top);
    top += title.height() + 4;
  }
  size_t points = 0;
  double data_max = 0;
  for (const ChartSeries& s : chart.series) {
    points = std::max(points, s.first + s.points.size());
    points = std::max(points, chart.x_labels.size());
    for (const ChartPoint& p : s.points) data_max = std::max(data_max, p.value);
  }
  // Legend (two or more series), on one line below the title.
  if (chart.series.size() >= 2) {
    double lx = x;
    double line_height = 0;
    for (size_t i = 0; i < chart.series.size(); ++i) {
      TextBlock name(cr, chart.series[i].name, small);
      SetColour(cr, i);
      cairo_rectangle(cr, lx, top + 2, 8, 8);
      cairo_fill(cr);
      cairo_set_source_rgb(cr, 0, 0, 0);
      name.Draw(cr, lx + 11, top);
      lx += 11 + name.width() + 12;
      line_height = std::max(line_height, name.height());
    }
    top += line_height + 4;
  }
  double y_max = chart.y_max > 0 ? chart.y_max : data_max;
  if (y_max <= 0) y_max = 1;
  const double step = NiceStep(y_max, 5);
  if (chart.y_max <= 0) y_max = std::ceil(y_max / step) * step;

  // The plot area leaves room for tick labels on the left and x labels below.
  TextBlock widest(cr, FormatTick(y_max, step), small);
  double left = x + widest.width() + 6;
  if (!chart.y_label.empty()) {
    TextBlock unit(cr, chart.y_label, small);
    cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
    unit.Draw(cr, x, top);
    top += unit.height();
    left = std::max(left, x + 2);
  }
  const double label_height = TextBlock(cr, "Ág", small).height();
  top += label_height / 2 + 2;  // room for the top tick's label
  const double bottom = y + height - label_height - 4;
  const double right = x + width;
  const double plot_h = bottom - top;
  if (plot_h <= 10 || right - left <= 10) {
    cairo_restore(cr);
    return;
  }
  auto y_of = [&](double v) { return bottom - std::clamp(v, 0.0, y_max) / y_max * plot_h; };

  // Gridlines and tick labels.
  cairo_set_line_width(cr, 0.4);
  for (double v = 0; v <= y_max + step / 1000; v += step) {
    cairo_set_source_rgb(cr, 0.85, 0.85, 0.85);
    cairo_move_to(cr, left, y_of(v));
    cairo_line_to(cr, right, y_of(v));
    cairo_stroke(cr);
    TextBlock tick(cr, FormatTick(v, step), small);
    cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
    tick.Draw(cr, left - 4 - tick.width(), y_of(v) - tick.height() / 2);
  }
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_set_line_width(cr, 0.8);
  cairo_move_to(cr, left, top);
  cairo_line_to(cr, left, bottom);
  cairo_line_to(cr, right, bottom);
  cairo_stroke(cr);
  if (points == 0) {
    cairo_restore(cr);
    return;
  }

  const double slot = (right - left) / static_cast<double>(points);
  // X labels: show every k-th so that they do not overlap.
  std::vector<std::string> labels = chart.x_labels;
  if (labels.empty()) {
    for (const ChartPoint& p : chart.series.front().points) labels.push_back(p.label);
  }
  double label_width = 0;
  for (const std::string& l : labels) label_width = std::max(label_width, TextBlock(cr, l, small).width());
  const size_t every = std::max<size_t>(1, static_cast<size_t>(std::ceil((label_width + 4) / slot)));
  cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
  for (size_t i = 0; i < labels.size(); i += every) {
    TextBlock label(cr, labels[i], small);
    label.Draw(cr, left + slot * (static_cast<double>(i) + 0.5) - label.width() / 2, bottom + 3);
  }

  const size_t n = chart.series.size();
  if (chart.kind == Chart::Kind::kBar) {
    const double group = slot * 0.8;
    const double bar = group / static_cast<double>(n);
    for (size_t s = 0; s < n; ++s) {
      SetColour(cr, s);
      const auto& pts = chart.series[s].points;
      for (size_t i = 0; i < pts.size(); ++i) {
        const double bx = left + slot * static_cast<double>(i) + slot * 0.1 + bar * static_cast<double>(s);
        const double top_y = y_of(pts[i].value);
        cairo_rectangle(cr, bx, top_y, bar * 0.92, bottom - top_y);
      }
      cairo_fill(cr);
    }
  } else {
    cairo_set_line_width(cr, 1.4);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    for (size_t s = 0; s < n; ++s) {
      SetColour(cr, s);
      const ChartSeries& series = chart.series[s];
      const auto& pts = series.points;
      auto x_of = [&](size_t i) { return left + slot * (static_cast<double>(series.first + i) + 0.5); };
      const double dash[] = {4.0, 3.0};
      cairo_set_dash(cr, dash, series.dashed ? 2 : 0, 0);
      for (size_t i = 0; i < pts.size(); ++i) {
        if (i == 0) cairo_move_to(cr, x_of(i), y_of(pts[i].value));
        else cairo_line_to(cr, x_of(i), y_of(pts[i].value));
      }
      cairo_stroke(cr);
      cairo_set_dash(cr, nullptr, 0, 0);
      if (series.dashed) continue;  // a target or projection has no measured points
      for (size_t i = 0; i < pts.size(); ++i) {
        cairo_arc(cr, x_of(i), y_of(pts[i].value), 1.8, 0, 2 * std::numbers::pi);
        cairo_fill(cr);
      }
    }
  }
  cairo_restore(cr);
}

std::string ChartSvg(const Chart& chart, double width, double height) {
  std::string svg;
  cairo_surface_t* surface = cairo_svg_surface_create_for_stream(&AppendToString, &svg, width, height);
  cairo_t* cr = cairo_create(surface);
  DrawChart(cr, chart, 0, 0, width, height);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  cairo_surface_destroy(surface);
  return svg;
}

}  // namespace cardex
