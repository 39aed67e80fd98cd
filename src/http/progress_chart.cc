#include "progress_chart.h"

#include <algorithm>
#include <cstdio>

namespace cardex::http {
namespace {

constexpr double kWidth = 640, kHeight = 260;
constexpr double kLeft = 56, kRight = 16, kTop = 16, kBottom = 36;
constexpr const char* kReceivedColour = "#1f6feb";
constexpr const char* kHandedColour = "#1a7f37";
constexpr const char* kLineColour = "#8c959f";
constexpr const char* kProjectionColour = "#bf8700";
constexpr const char* kDeadlineColour = "#cf222e";

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string ShortDay(Date d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d/%02d", d.day(), d.month());
  return buf;
}

// Maps days and counts into the plot area. Day d's point is the end of
// that day: the first day starts at the left edge.
struct Scale {
  int first = 0, days = 1;
  double top = 1;
  double X(int day) const { return kLeft + (kWidth - kLeft - kRight) * (day - first + 1) / days; }
  double XStart() const { return kLeft; }
  double Y(double v) const { return kTop + (kHeight - kTop - kBottom) * (1 - v / top); }
};

std::string Axes(const Scale& s, double official) {
  std::string out;
  // Quarters of the official count (or of the top when there is none).
  const double base = official > 0 ? official : s.top;
  for (int q = 0; q <= 4; ++q) {
    const double v = base * q / 4;
    out += "<line x1=\"" + Num(kLeft) + "\" x2=\"" + Num(kWidth - kRight) + "\" y1=\"" + Num(s.Y(v)) +
           "\" y2=\"" + Num(s.Y(v)) + "\" stroke=\"#d0d7de\" stroke-width=\"1\"/>";
    out += "<text x=\"" + Num(kLeft - 6) + "\" y=\"" + Num(s.Y(v) + 4) +
           "\" text-anchor=\"end\" font-size=\"11\" fill=\"#57606a\">" +
           (official > 0 ? std::to_string(q * 25) + "%" : std::to_string(static_cast<int64_t>(v))) +
           "</text>";
  }
  // A date label every few days, at most 8, under the middle of its day.
  const int step = std::max(1, (s.days + 7) / 8);
  const double half_day = (kWidth - kLeft - kRight) / s.days / 2;
  for (int d = s.first; d < s.first + s.days; d += step) {
    out += "<text x=\"" + Num(s.X(d) - half_day) + "\" y=\"" + Num(kHeight - kBottom + 16) +
           "\" text-anchor=\"middle\" font-size=\"11\" fill=\"#57606a\">" + ShortDay(Date::FromDays(d)) +
           "</text>";
  }
  return out;
}

std::string Legend(Lang lang, bool line, bool projection) {
  struct Item {
    const char* colour;
    Tr label;
    bool dashed, shown;
  } items[] = {{kReceivedColour, {"Đã nhận hồ sơ", "Received"}, false, true},
               {kHandedColour, {"Đã trao thẻ", "Handed over"}, false, true},
               {kLineColour, {"Đường thẳng đến hạn", "Straight line to the deadline"}, true, line},
               {kProjectionColour, {"Dự báo", "Forecast"}, true, projection}};
  std::string out;
  double x = kLeft;
  for (const Item& i : items) {
    if (!i.shown) continue;
    const std::string label(T(lang, i.label));
    out += "<line x1=\"" + Num(x) + "\" x2=\"" + Num(x + 18) + "\" y1=\"" + Num(kHeight - 8) + "\" y2=\"" +
           Num(kHeight - 8) + "\" stroke=\"" + i.colour + "\" stroke-width=\"3\"" +
           (i.dashed ? " stroke-dasharray=\"5 4\"" : "") + "/>";
    out += "<text x=\"" + Num(x + 22) + "\" y=\"" + Num(kHeight - 4) + "\" font-size=\"11\">" + Esc(label) +
           "</text>";
    x += 30 + 6.2 * static_cast<double>(label.size());
  }
  return out;
}

}  // namespace

std::string ProgressChartSvg(Lang lang, const ProgressChart& c) {
  int first = c.today.days(), last = c.today.days();
  if (c.window) {
    first = std::min(first, c.window->from.days());
    last = std::max(last, c.window->to.days());
  }
  if (!c.daily.empty()) first = std::min(first, c.daily.front().day.days());
  const progress::Forecast* f = c.forecast;
  // Show a finish a little past the deadline, not one months away.
  if (f && f->finish && f->remaining > 0) last = std::max(last, std::min(f->finish->days(), last + 14));
  Scale s;
  s.first = first;
  s.days = last - first + 1;
  const auto points = progress::Cumulative(c.daily, Date::FromDays(first), c.today);
  int64_t most = c.official;
  for (const auto& p : points) most = std::max(most, p.received);
  s.top = std::max<double>(1.0, static_cast<double>(most) * 1.05);

  std::string svg = "<svg class=\"chart\" data-chart=\"progress\" role=\"img\" viewBox=\"0 0 " + Num(kWidth) +
                    " " + Num(kHeight) + "\" xmlns=\"http://www.w3.org/2000/svg\"><title>" +
                    Esc(T(lang, {"Tiến độ theo ngày", "Progress day by day"})) + "</title>";
  svg += Axes(s, static_cast<double>(c.official));
  if (c.window) {
    svg += "<polyline data-series=\"straight_line\" fill=\"none\" stroke=\"" + std::string(kLineColour) +
           "\" stroke-width=\"2\" stroke-dasharray=\"5 4\" points=\"" +
           Num(s.X(c.window->from.days() - 1)) + "," + Num(s.Y(0)) + " " + Num(s.X(c.window->to.days())) + "," +
           Num(s.Y(static_cast<double>(c.official))) + "\"/>";
    const double x = s.X(c.window->to.days());
    svg += "<line data-series=\"deadline\" x1=\"" + Num(x) + "\" x2=\"" + Num(x) + "\" y1=\"" + Num(kTop) +
           "\" y2=\"" + Num(kHeight - kBottom) + "\" stroke=\"" + kDeadlineColour +
           "\" stroke-width=\"1\" stroke-dasharray=\"2 3\"/>";
  }
  auto curve = [&](const char* name, const char* colour, auto value) {
    std::string pts = Num(s.XStart()) + "," + Num(s.Y(0));
    for (const auto& p : points) {
      pts += " " + Num(s.X(p.day.days())) + "," + Num(s.Y(static_cast<double>(value(p))));
    }
    return "<polyline data-series=\"" + std::string(name) + "\" fill=\"none\" stroke=\"" + colour +
           "\" stroke-width=\"2.5\" points=\"" + pts + "\"/>";
  };
  svg += curve("received", kReceivedColour, [](const progress::CumulativePoint& p) { return p.received; });
  svg += curve("handed_over", kHandedColour, [](const progress::CumulativePoint& p) { return p.handed_over; });
  bool projection = false;
  if (f && f->remaining > 0 && (f->finish || f->pace > 0) && !points.empty()) {
    const double from_v = static_cast<double>(points.back().received);
    const int end_day = f->finish ? std::min(f->finish->days(), last) : last;
    // Straight to everyone at the expected finish (clipped at the chart's
    // edge); without a finish, at the pace.
    double end_v = std::min(from_v + f->pace * (end_day - c.today.days()), static_cast<double>(c.official));
    if (f->finish) {
      const int span = std::max(f->finish->days() - c.today.days(), 1);
      end_v = from_v + (static_cast<double>(c.official) - from_v) * std::min(1.0, double(end_day - c.today.days()) / span);
    }
    svg += "<polyline data-series=\"forecast\" fill=\"none\" stroke=\"" + std::string(kProjectionColour) +
           "\" stroke-width=\"2\" stroke-dasharray=\"5 4\" points=\"" + Num(s.X(c.today.days())) + "," +
           Num(s.Y(from_v)) + " " + Num(s.X(end_day)) + "," + Num(s.Y(end_v)) + "\"/>";
    projection = true;
  }
  svg += Legend(lang, c.window.has_value(), projection);
  svg += "</svg>";
  return svg;
}

std::string DailyBarsSvg(Lang lang, std::span<const progress::DayCount> daily) {
  Scale s;
  if (!daily.empty()) {
    s.first = daily.front().day.days();
    s.days = daily.back().day.days() - s.first + 1;
  }
  int64_t most = 1;
  for (const auto& d : daily) most = std::max({most, d.received, d.handed_over});
  s.top = static_cast<double>(most) * 1.1;
  std::string svg = "<svg class=\"chart\" data-chart=\"daily\" role=\"img\" viewBox=\"0 0 " + Num(kWidth) + " " +
                    Num(kHeight) + "\" xmlns=\"http://www.w3.org/2000/svg\"><title>" +
                    Esc(T(lang, {"Số đảng viên mỗi ngày", "Members per day"})) + "</title>";
  svg += Axes(s, 0);
  const double slot = (kWidth - kLeft - kRight) / s.days;
  for (const auto& d : daily) {
    const double x = s.X(d.day.days()) - slot;
    const double w = slot * 0.4;
    svg += "<rect data-day=\"" + d.day.ToString() + "\" x=\"" + Num(x + slot * 0.1) + "\" y=\"" +
           Num(s.Y(static_cast<double>(d.received))) + "\" width=\"" + Num(w) + "\" height=\"" +
           Num(s.Y(0) - s.Y(static_cast<double>(d.received))) + "\" fill=\"" + kReceivedColour + "\"/>";
    svg += "<rect x=\"" + Num(x + slot * 0.5) + "\" y=\"" + Num(s.Y(static_cast<double>(d.handed_over))) +
           "\" width=\"" + Num(w) + "\" height=\"" + Num(s.Y(0) - s.Y(static_cast<double>(d.handed_over))) +
           "\" fill=\"" + kHandedColour + "\"/>";
  }
  svg += Legend(lang, false, false);
  svg += "</svg>";
  return svg;
}

}  // namespace cardex::http
