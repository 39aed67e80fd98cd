#include "report_committee.h"

#include <algorithm>
#include <cstdio>
#include <string>

#include "cardex/core/unit_tree.h"
#include "cardex/core/vn_format.h"

namespace cardex::progress {
namespace {

std::string ShortDay(Date d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d/%02d", d.day(), d.month());
  return buf;
}

// The last day the chart shows: the deadline, today, or an expected finish
// after them, at most two weeks past the deadline (not one months away).
int LastDay(const CommitteeView& v, int first) {
  int last = std::max(v.today.days(), first);
  if (v.window) last = std::max(last, v.window->to.days());
  const Forecast& f = v.forecast;
  if (f.finish && f.remaining > 0) last = std::max(last, std::min(f.finish->days(), last + 14));
  return last;
}

}  // namespace

Chart CommitteeChart(const CommitteeView& v) {
  int first = v.today.days();
  if (v.window) first = std::min(first, v.window->from.days());
  if (!v.daily.empty()) first = std::min(first, v.daily.front().day.days());
  if (!v.plan.empty()) first = std::min(first, v.plan.front().day.days());
  const int last = LastDay(v, first);

  Chart chart;
  chart.kind = Chart::Kind::kLine;
  chart.title = "Tiến độ theo ngày: thực tế, mục tiêu và dự báo";
  chart.y_label = "đảng viên";
  for (int d = first; d <= last; ++d) chart.x_labels.push_back(ShortDay(Date::FromDays(d)));

  // Targets first (dashed): what should have happened.
  if (v.window) {
    ChartSeries line{"Mục tiêu: đều mỗi ngày đến hạn chót", {}, 0, true};
    for (int d = first; d <= last; ++d) {
      line.points.push_back({"", StraightLine(*v.window, v.official, Date::FromDays(d))});
    }
    chart.series.push_back(std::move(line));
  }
  if (!v.plan.empty()) {
    ChartSeries booked{"Theo lịch hẹn (kế hoạch)", {}, 0, true};
    int64_t total = 0;
    size_t next = 0;
    for (int d = first; d <= last; ++d) {
      while (next < v.plan.size() && v.plan[next].day.days() <= d) total += v.plan[next++].appointments;
      booked.points.push_back({"", static_cast<double>(total)});
    }
    chart.series.push_back(std::move(booked));
  }
  // What happened, up to today.
  const std::vector<CumulativePoint> done = Cumulative(v.daily, Date::FromDays(first), v.today);
  ChartSeries received{"Đã nhận hồ sơ", {}, 0, false}, handed{"Đã trao thẻ", {}, 0, false};
  for (const CumulativePoint& p : done) {
    received.points.push_back({"", static_cast<double>(p.received)});
    handed.points.push_back({"", static_cast<double>(p.handed_over)});
  }
  // What is expected: from today's total to everyone on the expected
  // finish, clipped at the chart's edge.
  const Forecast& f = v.forecast;
  if (f.remaining > 0 && f.finish && !done.empty()) {
    const double from = static_cast<double>(done.back().received);
    const int span = std::max(f.finish->days() - v.today.days(), 1);
    ChartSeries forecast{"Dự báo", {}, static_cast<size_t>(v.today.days() - first), true};
    for (int d = v.today.days(); d <= std::min(f.finish->days(), last); ++d) {
      const double share = std::min(1.0, static_cast<double>(d - v.today.days()) / span);
      forecast.points.push_back({"", from + (static_cast<double>(v.official) - from) * share});
    }
    chart.series.push_back(std::move(received));
    chart.series.push_back(std::move(handed));
    chart.series.push_back(std::move(forecast));
  } else {
    chart.series.push_back(std::move(received));
    chart.series.push_back(std::move(handed));
  }
  return chart;
}

void AddCommitteePage(PdfDocument& pdf, const CommitteeView& v) {
  const Forecast& f = v.forecast;
  const double share = v.official > 0 ? 100.0 * static_cast<double>(v.received) / static_cast<double>(v.official) : 0;
  pdf.AddTitle("Tóm tắt cho Ban Chỉ đạo");
  pdf.AddParagraph("Phải đổi thẻ: " + vn_format::Integer(v.official) + " đảng viên. Đã nhận hồ sơ: " +
                   vn_format::Integer(v.received) + " (" + vn_format::Decimal(share, 1) + " %). Đã trao thẻ: " +
                   vn_format::Integer(v.handed_over) + ". Hạn chót: " + DayText(f.deadline) +
                   ". Dự kiến nhận đủ hồ sơ: " + DayText(f.finish) + ".");
  pdf.AddChart(CommitteeChart(v), 210);
  pdf.AddSpace(6);
  pdf.AddHeading("Đánh giá: " + std::string(RiskLabel(f.risk)));
  if (!v.outlook.why.empty()) pdf.AddParagraph("Vì sao: " + v.outlook.why);
  if (!v.outlook.remedy.empty()) pdf.AddParagraph("Cần làm: " + v.outlook.remedy);

  pdf.AddHeading("Đơn vị cần chỉ đạo");
  if (v.needing_action.empty()) {
    pdf.AddParagraph("Không có đơn vị nào có nguy cơ trễ hạn, chậm so với lịch hẹn hoặc chưa có lịch hẹn.");
  } else {
    PdfTable table;
    table.columns = {{"Đơn vị", 2.6}, {"Đánh giá", 2.3}, {"Vì sao và cần làm", 5.6}};
    for (const UnitOutlook& u : v.needing_action) {
      const Outlook o = ExplainForecast(u.forecast);
      table.rows.push_back({u.name + "\n" + std::string(UnitKindLabel(u.kind)) + " · " + u.code,
                            std::string(RiskLabel(u.forecast.risk)), o.why + (o.remedy.empty() ? "" : " " + o.remedy)});
    }
    pdf.AddTable(std::move(table));
    if (v.more_needing_action > 0) {
      pdf.AddParagraph("Và " + vn_format::Integer(v.more_needing_action) +
                       " đơn vị khác cần chỉ đạo: xem bảng chi tiết ở các trang sau.");
    }
  }
  pdf.AddPageBreak();
}

}  // namespace cardex::progress
