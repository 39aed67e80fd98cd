// progress/forecast.h, driven by tests/cases/forecast: a case gives today,
// the window (`from to`, optional), official and received, the daily
// received counts (`day:count` ...) and the expected forecast (`none` where
// there is no value); plus the campaign day, the cumulative curve and the
// straight line.
#include "cardex/progress/forecast.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <sstream>

#include "tests/core/case_file.h"

namespace cardex::progress {
namespace {

Date D(const std::string& text) {
  auto d = Date::Parse(text);
  EXPECT_TRUE(d.ok()) << text;
  return d.ok() ? *d : Date();
}

std::string Fixed(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

std::string OrNone(const std::optional<Date>& d) { return d ? d->ToString() : "none"; }

TEST(Forecast, Cases) {
  ASSERT_GE(testing::LoadCases("forecast").size(), 8u);
}

// Each file of tests/cases/forecast/ is a test of its own.
class ForecastFile : public ::testing::TestWithParam<testing::CaseFile> {};

TEST_P(ForecastFile, Holds) {
  const testing::CaseFile& c = GetParam();
  std::vector<DayCount> daily;
  std::istringstream words(c.Get("daily"));
  for (std::string w; words >> w;) {
    const size_t colon = w.find(':');
    ASSERT_NE(colon, std::string::npos) << w;
    daily.push_back({D(w.substr(0, colon)), std::stoll(w.substr(colon + 1)), 0});
  }
  ForecastInput in;
  in.daily = daily;
  in.official = c.GetInt("official");
  in.received = c.GetInt("received");
  in.today = D(c.Get("today"));
  if (c.Has("window")) {
    std::istringstream w(c.Get("window"));
    std::string from, to;
    w >> from >> to;
    in.window = CampaignWindow{D(from), D(to)};
  }
  if (c.Has("recent_days")) in.recent_days = c.GetInt("recent_days");
  const Forecast f = MakeForecast(in);
  EXPECT_EQ(f.samples, c.GetInt("expect_samples"));
  EXPECT_EQ(Fixed(f.pace) + " " + Fixed(f.pace_low) + " " + Fixed(f.pace_high), c.Get("expect_pace"));
  EXPECT_EQ(OrNone(f.finish) + " " + OrNone(f.finish_early) + " " + OrNone(f.finish_late),
            c.Get("expect_finish"));
  EXPECT_EQ(f.days_left, c.GetInt("expect_days_left"));
  EXPECT_EQ(Fixed(f.needed_per_day), c.Get("expect_needed"));
  EXPECT_EQ(f.slack_days ? std::to_string(*f.slack_days) : "none", c.Get("expect_slack"));
  EXPECT_EQ(RiskName(f.risk), c.Get("expect_risk"));
}

INSTANTIATE_TEST_SUITE_P(Files, ForecastFile, ::testing::ValuesIn(testing::LoadCases("forecast")),
                         testing::CaseFileName);

TEST(Forecast, CampaignDayIsVietnamsDate) {
  EXPECT_EQ(CampaignDay("2025-08-05T01:05:00Z"), "2025-08-05");
  EXPECT_EQ(CampaignDay("2025-08-05T16:59:59Z"), "2025-08-05");
  EXPECT_EQ(CampaignDay("2025-08-05T17:00:00Z"), "2025-08-06");
  EXPECT_EQ(CampaignDay("2025-08-31T23:00"), "2025-09-01");
  EXPECT_EQ(CampaignDay("2025-08-05T17"), "2025-08-06");
  EXPECT_EQ(CampaignDay("2025-08-05"), "");
  EXPECT_EQ(CampaignDay("2025-13-05T01:00:00Z"), "");
  EXPECT_EQ(CampaignDay("2025-08-05Tx1:00:00Z"), "");
}

TEST(Forecast, CumulativeFillsEveryDay) {
  const std::vector<DayCount> daily = {{D("2025-08-03"), 5, 0},
                                       {D("2025-08-05"), 10, 2},
                                       {D("2025-08-07"), 20, 4}};
  auto points = Cumulative(daily, D("2025-08-04"), D("2025-08-08"));
  ASSERT_EQ(points.size(), 5u);
  EXPECT_EQ(points[0].day, D("2025-08-04"));
  EXPECT_EQ(points[0].received, 5);  // the day before the range is carried in
  EXPECT_EQ(points[1].received, 15);
  EXPECT_EQ(points[2].received, 15);
  EXPECT_EQ(points[3].received, 35);
  EXPECT_EQ(points[3].handed_over, 6);
  EXPECT_EQ(points[4].received, 35);
}

TEST(Forecast, StraightLineRunsFromZeroToOfficial) {
  const CampaignWindow w{D("2025-08-05"), D("2025-08-14")};  // 10 days
  EXPECT_EQ(StraightLine(w, 1000, D("2025-08-04")), 0);
  EXPECT_EQ(StraightLine(w, 1000, D("2025-08-05")), 100);
  EXPECT_EQ(StraightLine(w, 1000, D("2025-08-09")), 500);
  EXPECT_EQ(StraightLine(w, 1000, D("2025-08-14")), 1000);
  EXPECT_EQ(StraightLine(w, 1000, D("2025-08-30")), 1000);
}

}  // namespace
}  // namespace cardex::progress
