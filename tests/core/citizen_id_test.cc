#include "cardex/core/citizen_id.h"

#include <gtest/gtest.h>

#include <set>

#include "cardex/core/vn_name.h"
#include "tests/core/case_file.h"

namespace cardex {
namespace {

using testing::LoadCases;

TEST(CitizenIdCases, EveryCaseFile) {
  ASSERT_GE(testing::LoadCases("citizen_id").size(), 20u);
}

// Each file of tests/cases/citizen_id/ is a test of its own.
class CitizenIdCasesFile : public ::testing::TestWithParam<testing::CaseFile> {};

TEST_P(CitizenIdCasesFile, Holds) {
  const testing::CaseFile& c = GetParam();
  const std::string input = c.Get("input");
  auto id = CitizenId::Parse(input);
  EXPECT_EQ(id.ok(), c.GetBool("valid")) << id.status().message();
  EXPECT_EQ(IsWellFormedCitizenId(input), id.ok());
  if (!id.ok()) {
    EXPECT_EQ(id.status().code(), StatusCode::kInvalidArgument);
    if (c.Has("error_contains")) {
      EXPECT_NE(id.status().message().find(c.Get("error_contains")), std::string::npos) << id.status().message();
    }
    // The number is personal data: never echoed.
    if (!input.empty()) {
      EXPECT_EQ(id.status().message().find(input), std::string::npos);
    }
    return;
  }
  EXPECT_EQ(id->digits(), input);
  if (c.Has("province")) {
    EXPECT_EQ(id->province_code(), c.GetInt("province"));
  }
  if (c.Has("province_name")) {
    EXPECT_EQ(ProvinceName(id->province_code()).value_or(""), c.Get("province_name"));
  }
  if (c.Has("gender")) {
    EXPECT_EQ(std::string(1, id->gender()), c.Get("gender"));
  }
  if (c.Has("birth_year")) {
    EXPECT_EQ(id->birth_year(), c.GetInt("birth_year"));
  }
  if (c.Has("serial")) {
    EXPECT_EQ(id->serial(), c.GetInt("serial"));
  }
  if (c.Has("agrees")) {
    EXPECT_EQ(id->AgreesWith(c.Get("check_gender").at(0), c.GetInt("check_year")), c.GetBool("agrees"));
  }
}

INSTANTIATE_TEST_SUITE_P(Files, CitizenIdCasesFile, ::testing::ValuesIn(testing::LoadCases("citizen_id")),
                         testing::CaseFileName);

TEST(ProvinceTable, HasTheSixtyThreeCodesAscendingWithNfcNames) {
  const auto table = ProvinceTable();
  ASSERT_EQ(table.size(), 63u);
  std::set<std::string_view> names;
  for (size_t i = 0; i < table.size(); ++i) {
    if (i > 0) {
      EXPECT_LT(table[i - 1].code, table[i].code);
    }
    EXPECT_GE(table[i].code, 1);
    EXPECT_LE(table[i].code, 96);
    EXPECT_EQ(vn_name::Nfc(table[i].name), table[i].name) << table[i].code;
    names.insert(table[i].name);
    EXPECT_EQ(ProvinceName(table[i].code), table[i].name);
  }
  EXPECT_EQ(names.size(), 63u);
}

TEST(ProvinceTable, DomainExamples) {
  EXPECT_EQ(ProvinceName(1), "Hà Nội");
  EXPECT_EQ(ProvinceName(79), "Hồ Chí Minh");
  EXPECT_EQ(ProvinceName(60), "Bình Thuận");
  EXPECT_EQ(ProvinceName(67), "Đắk Nông");
  EXPECT_EQ(ProvinceName(68), "Lâm Đồng");
  EXPECT_EQ(ProvinceName(96), "Cà Mau");
  for (int code : {0, 3, 5, 97, 99, 100, -1, 1000}) EXPECT_FALSE(ProvinceName(code).has_value()) << code;
}

TEST(ProvinceTable, ExactlyTheCodesThatParse) {
  int parsed = 0;
  for (int code = 0; code < 1000; ++code) {
    char buf[13];
    std::snprintf(buf, sizeof buf, "%03d080000001", code);
    const bool ok = CitizenId::Parse(buf).ok();
    EXPECT_EQ(ok, ProvinceName(code).has_value()) << code;
    parsed += ok;
  }
  EXPECT_EQ(parsed, 63);
}

TEST(CitizenId, ComposeRoundTripsEveryProvinceGenderAndCentury) {
  for (const Province& p : ProvinceTable()) {
    for (char gender : {'M', 'F'}) {
      for (int year : {1900, 1955, 1999, 2000, 2024, 2150, 2299, 2300, 2399}) {
        const CitizenId id = CitizenId::Compose(p.code, gender, year, 123456);
        SCOPED_TRACE(id.digits());
        ASSERT_EQ(id.digits().size(), 12u);
        auto parsed = CitizenId::Parse(id.digits());
        ASSERT_TRUE(parsed.ok());
        EXPECT_EQ(*parsed, id);
        EXPECT_EQ(id.province_code(), p.code);
        EXPECT_EQ(id.gender(), gender);
        EXPECT_EQ(id.birth_year(), year);
        EXPECT_EQ(id.serial(), 123456);
        EXPECT_TRUE(id.AgreesWith(gender, year));
        EXPECT_FALSE(id.AgreesWith(gender == 'M' ? 'F' : 'M', year));
        EXPECT_FALSE(id.AgreesWith(gender, year + 1));
        EXPECT_FALSE(id.AgreesWith(gender, year < 2300 ? year + 100 : year - 100));
      }
    }
  }
}

TEST(CitizenId, GenderCenturyDigit) {
  // domain.md: 0/1 1900s, 2/3 2000s, 4/5 2100s, 6/7 2200s, 8/9 2300s.
  const struct {
    char gender;
    int year;
    char digit;
  } kRows[] = {{'M', 1980, '0'}, {'F', 1980, '1'}, {'M', 2005, '2'}, {'F', 2005, '3'}, {'M', 2105, '4'},
               {'F', 2105, '5'}, {'M', 2205, '6'}, {'F', 2205, '7'}, {'M', 2305, '8'}, {'F', 2305, '9'}};
  for (const auto& row : kRows) {
    EXPECT_EQ(CitizenId::Compose(68, row.gender, row.year, 0).digits()[3], row.digit) << row.gender << row.year;
  }
  EXPECT_EQ(CitizenId::Compose(68, 'F', 1980, 42).digits(), "068180000042");
}

TEST(CitizenId, ToInteger) {
  EXPECT_EQ(CitizenId::Compose(1, 'M', 1900, 0).ToInteger(), 1000000000ULL);
  EXPECT_EQ(CitizenId::Parse("096999999999")->ToInteger(), 96999999999ULL);
}

TEST(CitizenId, MaskKeepsEnoughToRecogniseTheNumber) {
  EXPECT_EQ(MaskCitizenId("068085001234"), "068******234");
  EXPECT_EQ(MaskCitizenId("06808500123"), "068*****123") << "a lost digit stays visible";
  EXPECT_EQ(MaskCitizenId("0680850"), "068*850");
  EXPECT_EQ(MaskCitizenId("068085"), "******");
  EXPECT_EQ(MaskCitizenId(""), "");
  EXPECT_EQ(MaskCitizenId("０６８０８５００１２３４"), "０６８******２３４") << "code points, not bytes";
}

}  // namespace
}  // namespace cardex
