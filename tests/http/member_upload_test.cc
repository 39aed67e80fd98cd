// A member list uploaded on the web (POST /api/units/{unit}/members), on
// both engines: CSV, CSV separated by ';', and XLSX are imported; a file
// with bad lines is refused whole, each line named with its column and a
// Vietnamese reason, and changes nothing; a unit officer cannot touch
// members outside their units.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cardex/io/xlsx.h"
#include "tests/http/server_fixture.h"

namespace cardex::testing {
namespace {

constexpr const char* kHeader =
    "member_no,citizen_id,full_name,birth_date,gender,unit_code,status,phone,home_visit\n";

class MemberUploadTest : public ServerTest {
 protected:
  HttpReply Upload(HttpClient& c, const std::string& csrf, const std::string& unit,
                   const std::string& body, const std::string& type = "text/csv") {
    return c.Send("POST", "/api/units/" + unit + "/members", body,
                  {{"X-CSRF-Token", csrf},
                   {"Idempotency-Key", "upload-key-" + std::to_string(key_++)},
                   {"Content-Type", type}});
  }
  int64_t Members() { return store_->Query("SELECT COUNT(*) FROM members")->Int(0, 0); }
  std::string NameOf(const std::string& no) {
    auto r = store_->Query("SELECT full_name FROM members WHERE member_no = ?", {no});
    return r->empty() ? "" : std::string(r->Text(0, 0));
  }
  int key_ = 0;
};

TEST_P(MemberUploadTest, CsvAndSemicolonCsvAreImported) {
  std::string csrf;
  auto commune = LogIn("commune", &csrf);
  const int64_t before = Members();
  HttpReply r = Upload(*commune, csrf, "P.C",
                       std::string(kHeader) +
                           "N1,079080000011,Phạm Văn Hùng,1975-03-02,M,P.C.2,official,,\n"
                           "M1,079080000001,Nguyễn Văn Một,1980-01-01,M,P.C.1,official,,\n");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(boost::json::parse(r.body).at("imported").as_int64(), 2);
  EXPECT_EQ(Members(), before + 1);
  EXPECT_EQ(NameOf("M1"), "Nguyễn Văn Một");  // updated by its number

  // As Excel saves CSV in a Vietnamese locale: ';', a BOM, CRLF, a quoted ';'.
  r = Upload(*commune, csrf, "P.C",
             "\xEF\xBB\xBFmember_no;citizen_id;full_name;birth_date;gender;unit_code;status;phone;"
             "home_visit\r\nN2;079080000012;\"Lê Thị; Hoa\";1981-04-05;F;P.C.1;official;;0\r\n");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(boost::json::parse(r.body).at("format").as_string(), "csv_semicolon");
  EXPECT_EQ(NameOf("N2"), "Lê Thị; Hoa");
}

TEST_P(MemberUploadTest, BadLinesAreAllNamedInVietnameseAndNothingChanges) {
  std::string csrf;
  auto commune = LogIn("commune", &csrf);
  const int64_t before = Members();
  HttpReply r = Upload(*commune, csrf, "P.C",
                       std::string(kHeader) +
                           "N3,079080000013,Trần Văn Ba,1970-01-01,M,P.C.1,official,,\n"  // good
                           "N4,079080000014,Trần Văn Bốn,1970-02-31,M,P.C.1,official,,\n"  // no such day
                           "N5,079080000015,Trần Văn Năm,1970-01-01,X,P.C.1,official,,\n"  // gender
                           "N6,079080000016,Trần Văn Sáu,1970-01-01,M,P.X,official,,\n"    // no unit
                           "N7,079080000017,Trần Văn Bảy,1970-01-01,M,P,official,,\n"      // outside
                           "M1,079080000001,Đổi Tên,1980-01-01,M,P.C.1,official,,\n");     // fine
  ASSERT_EQ(r.status, 422) << r.body;
  auto o = boost::json::parse(r.body).as_object();
  const auto& issues = o.at("issues").as_array();
  ASSERT_EQ(issues.size(), 4u) << r.body;
  EXPECT_EQ(issues[0].at("line").as_int64(), 3);
  EXPECT_EQ(issues[0].at("column").as_string(), "birth_date");
  EXPECT_EQ(issues[0].at("position").as_string(), "4");
  EXPECT_NE(std::string(issues[0].at("reason").as_string()).find("ngày sinh"), std::string::npos);
  EXPECT_EQ(issues[1].at("column").as_string(), "gender");
  EXPECT_EQ(issues[2].at("line").as_int64(), 5);
  EXPECT_NE(std::string(issues[2].at("reason").as_string()).find("không tồn tại"), std::string::npos);
  EXPECT_EQ(issues[3].at("line").as_int64(), 6);
  EXPECT_NE(std::string(issues[3].at("reason").as_string()).find("ngoài phạm vi"), std::string::npos);
  // All or nothing: neither the good new member nor the rename were kept.
  EXPECT_EQ(Members(), before);
  EXPECT_EQ(NameOf("M1"), "Nguyễn Văn 1");

  // A cell secretary cannot move another cell's member into theirs.
  std::string cell_csrf;
  auto cell = LogIn("cell2", &cell_csrf);
  r = Upload(*cell, cell_csrf, "P.C.2",
             std::string(kHeader) + "M1,079080000001,Nguyễn Văn 1,1980-01-01,M,P.C.2,official,,\n");
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(boost::json::parse(r.body).at("issues").at(0).at("column").as_string(), "member_no");
  EXPECT_EQ(Upload(*cell, cell_csrf, "P.C", kHeader).status, 403);
  auto desk = LogIn("desk");
  EXPECT_EQ(desk->Send("GET", "/members/upload?unit=P.C").status, 403);
  EXPECT_EQ(commune->Send("GET", "/members/upload?unit=P.C").status, 200);

  // Not a CSV at all, and an unreadable encoding.
  r = Upload(*commune, csrf, "P.C", "PK\x03\x04garbage", "application/octet-stream");
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_NE(r.body.find("XLSX"), std::string::npos);
  r = Upload(*commune, csrf, "P.C", std::string(kHeader) + "N8,1,L\xEA V\xE3n,1970,M,P.C.1,official,,\n");
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_NE(r.body.find("UTF-8"), std::string::npos);
  EXPECT_EQ(Members(), before);
}

TEST_P(MemberUploadTest, XlsxIsImported) {
  const std::string path = (std::filesystem::temp_directory_path() /
                            ("cardex-upload-" + std::to_string(::getpid()) + ".xlsx")).string();
  {
    auto w = XlsxWriter::OpenFile(path);
    ASSERT_TRUE(w.ok()) << w.status().message();
    using K = XlsxColumn::Kind;
    ASSERT_TRUE((*w)->AddSheet({"Đảng viên", "", {{"member_no"}, {"citizen_id", 14, K::kInteger},
                                                  {"full_name"}, {"birth_date", 12, K::kDate},
                                                  {"gender"}, {"unit_code"}, {"status"}, {"phone", 12, K::kInteger},
                                                  {"home_visit"}}}).ok());
    ASSERT_TRUE((*w)->WriteRow({"X1", 79080000021.0, "Võ Thị Mười", XlsxDateSerial(Date::Parse("1985-07-09")->days()),
                                "F", "P.C.2", "official", 912345678.0, ""}).ok());
    ASSERT_TRUE((*w)->Close().ok());
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  std::filesystem::remove(path);
  std::string csrf;
  auto commune = LogIn("commune", &csrf);
  HttpReply r = Upload(*commune, csrf, "P.C", bytes.str(),
                       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(boost::json::parse(r.body).at("format").as_string(), "xlsx");
  auto m = store_->Query("SELECT citizen_id, full_name, birth_date, phone FROM members WHERE member_no = 'X1'");
  ASSERT_EQ(m->size(), 1u);
  EXPECT_EQ(m->Text(0, 0), "079080000021");  // the leading zero Excel dropped
  EXPECT_EQ(m->Text(0, 1), "Võ Thị Mười");
  EXPECT_EQ(m->Text(0, 2), "1985-07-09");
  EXPECT_EQ(m->Text(0, 3), "0912345678");
}

INSTANTIATE_TEST_SUITE_P(Http, MemberUploadTest, kBothBackends, BackendName);

}  // namespace
}  // namespace cardex::testing
