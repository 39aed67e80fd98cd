// The XLSX sheet reader (src/ingest/xlsx_sheet.h) on a workbook as Excel
// writes it, built here with libzip: shared strings with rich-text runs, a
// date in a built-in and in a custom format, a number, a skipped column,
// a prefixed namespace, the 1904 date system; and files that are not
// workbooks.
#include "src/ingest/xlsx_sheet.h"

#include <gtest/gtest.h>
#include <zip.h>

#include <map>
#include <string>

namespace cardex::ingest {
namespace {

// A zip of `parts` (name -> content), in memory.
std::string Zip(const std::map<std::string, std::string>& parts) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* out = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_source_keep(out);
  zip_t* z = zip_open_from_source(out, ZIP_TRUNCATE, &error);
  for (const auto& [name, content] : parts) {
    zip_source_t* s = zip_source_buffer(z, content.data(), content.size(), 0);
    zip_file_add(z, name.c_str(), s, ZIP_FL_ENC_UTF_8);
  }
  zip_close(z);
  zip_source_open(out);
  zip_source_seek(out, 0, SEEK_END);
  const zip_int64_t size = zip_source_tell(out);
  zip_source_seek(out, 0, SEEK_SET);
  std::string bytes(static_cast<size_t>(size), '\0');
  zip_source_read(out, bytes.data(), static_cast<zip_uint64_t>(size));
  zip_source_close(out);
  zip_source_free(out);
  zip_error_fini(&error);
  return bytes;
}

std::string Workbook(bool date1904) {
  const std::string wb =
      std::string(R"(<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">)") +
      (date1904 ? R"(<workbookPr date1904="1"/>)" : "") +
      R"(<sheets><sheet name="DS" sheetId="1" r:id="rId7"/></sheets></workbook>)";
  return Zip({
      {"xl/workbook.xml", wb},
      {"xl/_rels/workbook.xml.rels",
       R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId7" Type="worksheet" Target="worksheets/ds.xml"/></Relationships>)"},
      {"xl/sharedStrings.xml",
       R"(<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>member_no</t></si><si><t>full_name</t></si><si><r><t>Nguyễn </t></r><r><rPr><b/></rPr><t>Thị Hoa</t></r><rPh><t>x</t></rPh></si><si><t>birth_date</t></si><si><t>note</t></si></sst>)"},
      {"xl/styles.xml",
       R"(<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy;@"/></numFmts><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/></cellXfs></styleSheet>)"},
      {"xl/worksheets/ds.xml",
       R"(<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>)"
       R"(<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" t="s"><x:v>1</x:v></x:c><x:c r="C1" t="s"><x:v>3</x:v></x:c><x:c r="E1" t="s"><x:v>4</x:v></x:c></x:row>)"
       R"(<x:row r="3"><x:c r="A3"><x:v>10000001</x:v></x:c><x:c r="B3" t="s"><x:v>2</x:v></x:c><x:c r="C3" s="1"><x:v>31152</x:v></x:c><x:c r="E3" t="inlineStr"><x:is><x:t>a &amp; b</x:t></x:is></x:c></x:row>)"
       R"(<x:row r="4"><x:c r="A4" t="str"><x:v>M2</x:v></x:c><x:c r="C4" s="2"><x:v>31152.75</x:v></x:c></x:row>)"
       R"(</x:sheetData></x:worksheet>)"},
  });
}

TEST(XlsxSheet, ReadsSharedStringsDatesAndGapsAsExcelWritesThem) {
  const std::string bytes = Workbook(false);
  ASSERT_TRUE(LooksLikeZip(bytes));
  auto rows = ReadFirstSheet(bytes);
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[0].row, 1);
  ASSERT_EQ((*rows)[0].cells.size(), 5u);  // D1 is a gap
  EXPECT_EQ((*rows)[0].cells[3].text, "");
  EXPECT_EQ((*rows)[0].cells[4].text, "note");
  const SheetRow& r3 = (*rows)[1];
  EXPECT_EQ(r3.row, 3);
  EXPECT_EQ(r3.cells[0].text, "10000001");
  EXPECT_TRUE(r3.cells[0].number);
  EXPECT_EQ(r3.cells[1].text, "Nguyễn Thị Hoa");  // runs joined, the phonetic run left out
  EXPECT_EQ(r3.cells[2].text, "1985-04-15");      // serial 31152, built-in date format 14
  EXPECT_FALSE(r3.cells[2].number);
  EXPECT_EQ(r3.cells[4].text, "a & b");
  EXPECT_EQ((*rows)[2].cells[0].text, "M2");
  EXPECT_EQ((*rows)[2].cells[2].text, "1985-04-15");  // a custom date format, the time dropped
}

TEST(XlsxSheet, The1904DateSystem) {
  auto rows = ReadFirstSheet(Workbook(true));
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  EXPECT_EQ((*rows)[1].cells[2].text, "1989-04-16");  // 1462 days later
}

TEST(XlsxSheet, FilesThatAreNotWorkbooksAreRefusedByName) {
  auto not_zip = ReadFirstSheet("PK\x03\x04 not really");
  ASSERT_FALSE(not_zip.ok());
  EXPECT_NE(not_zip.status().message().find("not an XLSX workbook"), std::string::npos);
  auto no_workbook = ReadFirstSheet(Zip({{"word/document.xml", "<w/>"}}));
  ASSERT_FALSE(no_workbook.ok());
  EXPECT_NE(no_workbook.status().message().find("xl/workbook.xml"), std::string::npos);
  auto bad_xml = ReadFirstSheet(Zip({{"xl/workbook.xml", "<workbook><sheets>"}}));
  ASSERT_FALSE(bad_xml.ok());
  EXPECT_NE(bad_xml.status().message().find("not well-formed XML"), std::string::npos);
  EXPECT_EQ(ColumnLetters(0), "A");
  EXPECT_EQ(ColumnLetters(25), "Z");
  EXPECT_EQ(ColumnLetters(27), "AB");
}

}  // namespace
}  // namespace cardex::ingest
