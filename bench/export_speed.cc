// Exports for people against the CSV a user would otherwise open in a
// spreadsheet, in the same run: export_speed [--rows N] [--cards N] [--dir D]
//
// 1. N rows shaped like the reconciliation report for people (12 text
//    columns, Vietnamese): CsvWriter vs XlsxWriter; seconds, rows/s, bytes,
//    and peak memory of each (measured in a child process).
// 2. Invitation PDFs: a cell's list plus N cards with a QR code each, the
//    size of a large cell; seconds per document and per card.
// Prints markdown tables.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "cardex/io/csv.h"
#include "cardex/io/pdf.h"
#include "cardex/io/xlsx.h"

namespace {

using cardex::Status;
using Clock = std::chrono::steady_clock;

constexpr const char* kNames[] = {"Nguyễn Văn Hùng", "Trần Thị Hoa", "Lê Văn Ân", "Phạm Thị Bích",
                                  "Hoàng Minh Đức", "Huỳnh Thị Xuân Thu"};
constexpr const char* kVerdicts[] = {"Khớp", "Chỉ khác cách ghi, sửa theo CSDL được",
                                     "Số CCCD không hợp lệ", "Thông tin khác với CSDL dân cư"};

struct RowText {
  std::string no, name, birth, cell, code, masked, label, verdict, fields, suggested, rname, rbirth;
};

RowText Row(long i) {
  RowText r;
  r.no = "LD" + std::to_string(1000000 + i);
  r.name = kNames[i % 6];
  r.birth = "19" + std::to_string(50 + i % 50) + "-0" + std::to_string(1 + i % 9) + "-1" + std::to_string(i % 10);
  r.cell = "Chi bộ thôn " + std::to_string(i % 40);
  r.code = "LD.X" + std::to_string(i % 140) + ".C" + std::to_string(i % 40);
  r.masked = "068******" + std::to_string(100 + i % 900);
  r.label = kVerdicts[i % 4];
  r.verdict = i % 4 == 0 ? "match" : i % 4 == 1 ? "fixable" : i % 4 == 2 ? "invalid_id" : "mismatch";
  r.fields = i % 4 == 1 ? "Họ tên" : "";
  r.suggested = i % 4 == 2 ? "068085" + std::to_string(100000 + i % 900000) : "";
  return r;
}

Status WriteCsv(const std::string& path, long rows) {
  auto out = cardex::CsvWriter::OpenFile(path);
  if (!out.ok()) return out.status();
  for (long i = 0; i < rows; ++i) {
    const RowText r = Row(i);
    Status s = (*out)->WriteRow({r.no, r.name, r.birth, r.cell, r.code, r.masked, r.label, r.verdict,
                                 r.fields, r.suggested, r.rname, r.rbirth});
    if (!s.ok()) return s;
  }
  return (*out)->Close();
}

Status WriteXlsx(const std::string& path, long rows) {
  auto out = cardex::XlsxWriter::OpenFile(path);
  if (!out.ok()) return out.status();
  std::vector<cardex::XlsxColumn> columns;
  for (const char* h : {"Số thẻ đảng viên", "Họ và tên", "Ngày sinh", "Chi bộ", "Mã chi bộ", "Số CCCD đã ghi",
                        "Kết quả", "Mã kết quả", "Thông tin sai khác", "Số CCCD đề xuất", "Họ tên theo CSDL",
                        "Ngày sinh theo CSDL"}) {
    columns.push_back({h, 14});
  }
  Status s = (*out)->AddSheet({"Đảng viên", "Kết quả đối soát — benchmark", columns});
  if (!s.ok()) return s;
  for (long i = 0; i < rows && s.ok(); ++i) {
    const RowText r = Row(i);
    s = (*out)->WriteRow({std::string_view(r.no), std::string_view(r.name), std::string_view(r.birth),
                          std::string_view(r.cell), std::string_view(r.code), std::string_view(r.masked),
                          std::string_view(r.label), std::string_view(r.verdict), std::string_view(r.fields),
                          std::string_view(r.suggested), std::string_view(r.rname),
                          std::string_view(r.rbirth)});
  }
  return s.ok() ? (*out)->Close() : s;
}

Status WritePdf(const std::string& path, int cards) {
  cardex::PdfDocument doc(path, {"Giấy mời", "Chi bộ thôn 7 — benchmark"});
  doc.AddTitle("Danh sách mời đổi thẻ đảng viên");
  cardex::PdfTable table{{{"STT", 0.6}, {"Số thẻ", 1.1}, {"Họ và tên", 2.4}, {"Ngày", 2}, {"Giờ", 1.35}, {"Địa điểm", 2.25}}, {}};
  for (int i = 0; i < cards; ++i) {
    table.rows.push_back({std::to_string(i + 1), "LD" + std::to_string(1000000 + i), kNames[i % 6],
                          "Thứ Ba, 05/08/2025", "07:00 – 07:30", "Công an xã Hàm Tiến"});
  }
  doc.AddTable(std::move(table));
  doc.AddPageBreak();
  for (int i = 0; i < cards; ++i) {
    const std::string code = "K7M2Q9XW" + std::to_string(100 + i);
    auto qr = cardex::QrCode::Encode(code);
    if (!qr.ok()) return qr.status();
    doc.AddCard({"GIẤY MỜI ĐỔI THẺ ĐẢNG VIÊN",
                 {{"Kính gửi đồng chí", kNames[i % 6]}, {"Số thẻ đảng viên", "LD" + std::to_string(1000000 + i)},
                  {"Địa điểm", "Công an xã Hàm Tiến"}, {"Ngày", "Thứ Ba, 05/08/2025"}, {"Giờ", "07:00 – 07:30"},
                  {"Mang theo", "Thẻ đảng viên cũ, Căn cước công dân"}},
                 "Xin đồng chí đến đúng giờ.",
                 *qr,
                 "Mã mời: " + code});
  }
  return doc.Close();
}

struct Measured {
  double seconds = 0;
  long peak_kib = 0;
  bool ok = false;
};

// Runs `fn` in a child process: its own peak resident memory.
template <typename Fn>
Measured InChild(Fn fn) {
  Measured m;
  const auto start = Clock::now();
  const pid_t pid = fork();
  if (pid == 0) {
    const Status s = fn();
    if (!s.ok()) std::fprintf(stderr, "%s\n", s.message().c_str());
    std::_Exit(s.ok() ? 0 : 1);
  }
  int status = 0;
  struct rusage usage {};
  wait4(pid, &status, 0, &usage);
  m.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  m.peak_kib = usage.ru_maxrss;
  m.ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  return m;
}

}  // namespace

int main(int argc, char** argv) {
  long rows = 1000000;
  int cards = 60;
  std::string dir = std::filesystem::temp_directory_path() / "cardex-export-bench";
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--rows") rows = std::atol(argv[i + 1]);
    else if (flag == "--cards") cards = std::atoi(argv[i + 1]);
    else if (flag == "--dir") dir = argv[i + 1];
  }
  std::filesystem::create_directories(dir);
  const std::string csv = dir + "/report.csv", xlsx = dir + "/report.xlsx", pdf = dir + "/cell.pdf";

  const Measured c = InChild([&] { return WriteCsv(csv, rows); });
  const Measured x = InChild([&] { return WriteXlsx(xlsx, rows); });
  std::printf("| format | rows | seconds | rows/s | file MB | peak RSS MiB |\n");
  std::printf("| --- | ---: | ---: | ---: | ---: | ---: |\n");
  for (const auto& [name, m, path] : {std::tuple{"CSV (CsvWriter)", c, csv}, std::tuple{"XLSX (XlsxWriter)", x, xlsx}}) {
    if (!m.ok) {
      std::printf("| %s | %ld | failed | | | |\n", name, rows);
      continue;
    }
    std::printf("| %s | %ld | %.2f | %.0f | %.1f | %.1f |\n", name, rows, m.seconds, rows / m.seconds,
                std::filesystem::file_size(path) / 1e6, m.peak_kib / 1024.0);
  }
  std::printf("\nXLSX / CSV time: %.2f\n\n", x.seconds / c.seconds);

  const Measured p = InChild([&] { return WritePdf(pdf, cards); });
  std::printf("| document | cards | seconds | ms per card | file KB | peak RSS MiB |\n");
  std::printf("| --- | ---: | ---: | ---: | ---: | ---: |\n");
  if (p.ok) {
    std::printf("| invitation PDF (list + cards with QR) | %d | %.2f | %.1f | %.0f | %.1f |\n", cards, p.seconds,
                1000 * p.seconds / cards, std::filesystem::file_size(pdf) / 1e3, p.peak_kib / 1024.0);
  }
  std::filesystem::remove_all(dir);
  return c.ok && x.ok && p.ok ? 0 : 1;
}
