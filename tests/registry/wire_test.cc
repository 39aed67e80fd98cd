// The wire format: requests and pages both ways, and bad answers refused
// naming the field, never a value.
#include "registry/wire.h"

#include <gtest/gtest.h>

namespace cardex::registry::wire {
namespace {

TEST(RegistryWire, IdsKeepTheirLeadingZeros) {
  EXPECT_EQ(FormatId(1080000123), "001080000123");
  EXPECT_EQ(ParseId("001080000123"), 1080000123);
  EXPECT_EQ(ParseId("1080000123"), -1);
  EXPECT_EQ(ParseId("00108000012x"), -1);
  const int64_t ids[] = {1080000123, 68080000456};
  auto req = DecodeLookupRequest(EncodeLookupRequest(ids, ""));
  ASSERT_TRUE(req.ok());
  EXPECT_EQ(req->ids, std::vector<int64_t>(std::begin(ids), std::end(ids)));
  EXPECT_EQ(req->page_token, "");
}

TEST(RegistryWire, PagesRoundTripByteForByte) {
  std::vector<Row> rows = {{2, 1080000123, "Nguyễn Văn Hùng ", "1980-05-17", "M", ""},
                           {0, 68080000456, "TRẦN\u00a0THỊ LAN", "1975", "F", "2020-01-01"}};
  auto page = DecodeCandidatesPage(EncodeCandidatesPage(rows, 5, "p1"));
  ASSERT_TRUE(page.ok()) << page.status().message();
  ASSERT_EQ(page->rows.size(), 2u);
  EXPECT_EQ(page->rows[0].full_name, rows[0].full_name);
  EXPECT_EQ(page->rows[1].full_name, rows[1].full_name);
  EXPECT_EQ(page->rows[1].query, 0);
  EXPECT_EQ(page->total, 5);
  EXPECT_EQ(page->next_page_token, "p1");
  auto cached = DecodeRows(EncodeRows(rows));
  ASSERT_TRUE(cached.ok());
  EXPECT_EQ((*cached)[1].deceased_on, "2020-01-01");
}

TEST(RegistryWire, BadAnswersNameTheFieldNotTheValue) {
  auto bad = DecodeLookupPage(R"({"citizens":[{"citizen_id":"123","full_name":"Secret Name",)"
                              R"("birth_date":"1980","gender":"M","deceased_on":""}],"total":1})");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("citizens[0]"), std::string::npos);
  EXPECT_EQ(bad.status().message().find("123"), std::string::npos);
  EXPECT_EQ(bad.status().message().find("Secret"), std::string::npos);
  EXPECT_FALSE(DecodeLookupPage(R"({"citizens":[]})").ok());  // no total
  EXPECT_FALSE(DecodeLookupPage("not json").ok());
  EXPECT_FALSE(DecodeCandidatesPage(R"({"candidates":[{"citizen_id":"001080000123",)"
                                    R"("full_name":"A","birth_date":"1980","gender":"M",)"
                                    R"("deceased_on":""}],"total":1})")
                   .ok());  // no query index
  EXPECT_FALSE(DecodeCandidatesRequest(R"({"queries":[{"full_name":"A"}]})").ok());
}

}  // namespace
}  // namespace cardex::registry::wire
