#include "cardex/core/vn_format.h"

#include <gtest/gtest.h>

namespace cardex::vn_format {
namespace {

TEST(VnFormat, Numbers) {
  EXPECT_EQ(Integer(0), "0");
  EXPECT_EQ(Integer(999), "999");
  EXPECT_EQ(Integer(1000), "1.000");
  EXPECT_EQ(Integer(5600000), "5.600.000");
  EXPECT_EQ(Integer(-1234), "-1.234");
  EXPECT_EQ(Decimal(4964.25, 1), "4.964,3");
  EXPECT_EQ(Decimal(4964.3, 0), "4.964");
  EXPECT_EQ(Decimal(0.04, 1), "0,0");
  EXPECT_EQ(Decimal(-0.04, 1), "0,0");  // no "-0,0"
  EXPECT_EQ(Decimal(-12345.67, 2), "-12.345,67");
  EXPECT_EQ(Percent(365, 1000), "36,5 %");
  EXPECT_EQ(Percent(1, 0), "0,0 %");
  EXPECT_EQ(Share(0.924), "92,4 %");
}

TEST(VnFormat, Dates) {
  EXPECT_EQ(DateText(*Date::Parse("2026-12-07")), "07/12/2026");
  EXPECT_EQ(LocalDateTime("2026-12-07T09:02:00Z"), "07/12/2026 16:02");
  EXPECT_EQ(LocalDateTime("2026-12-07T17:30:00Z"), "08/12/2026 00:30");  // the next local day
  EXPECT_EQ(LocalDateTime("2026-12-31 20:00:00"), "01/01/2027 03:00");
  EXPECT_EQ(LocalDateTime("not a time"), "not a time");
}

}  // namespace
}  // namespace cardex::vn_format
