// Simple charts drawn with cairo: bars or lines over labelled points.
//
// Provided for the progress report (`cardex report progress --out
// FILE.pdf`, a later issue: e.g. members received per day, percent received
// per commune); nothing in Cardex draws one yet. PdfDocument::AddChart puts
// one on a page; ChartSvg gives the same drawing as SVG for the web pages.
//
// The y axis starts at 0 and ends at `y_max` or, when that is 0, at a round
// number above the largest value; gridlines at round steps (1, 2 or 5 ×
// 10^k). Several series share the x labels of the first series: bars are
// grouped side by side, lines drawn over each other, and a legend names
// them when there are two or more. Labels and titles are UTF-8 (Vietnamese
// is fine); x labels that do not fit are thinned out (every k-th shown).
#ifndef CARDEX_IO_CHART_H_
#define CARDEX_IO_CHART_H_

#include <cairo.h>

#include <string>
#include <vector>

namespace cardex {

struct ChartPoint {
  std::string label;  // on the x axis, e.g. "05/08"
  double value = 0;   // negative values are drawn as 0
};

struct ChartSeries {
  std::string name;  // in the legend
  std::vector<ChartPoint> points;
  // Lines only: the x position of the first point (a forecast starts at
  // today, not at the first label), and a dashed stroke (a target or a
  // projection, not a measure).
  size_t first = 0;
  bool dashed = false;
};

struct Chart {
  enum class Kind { kBar, kLine };
  Kind kind = Kind::kBar;
  std::string title;    // above the plot; "" for none
  std::string y_label;  // e.g. "%" or "đảng viên"; "" for none
  double y_max = 0;     // 0: from the data
  std::vector<ChartSeries> series;
  // The x axis's labels when the first series does not span it (a curve
  // that stops today on an axis that runs to the deadline); "" for none.
  std::vector<std::string> x_labels;
};

// Draws `chart` inside the rectangle (x, y, width, height) in user units.
// Leaves the cairo state as it found it.
void DrawChart(cairo_t* cr, const Chart& chart, double x, double y, double width, double height);

// The chart as a standalone SVG document of `width` × `height` points.
std::string ChartSvg(const Chart& chart, double width, double height);

}  // namespace cardex

#endif  // CARDEX_IO_CHART_H_
