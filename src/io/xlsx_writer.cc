// XlsxWriter on libxlsxwriter in constant-memory mode: each row goes to the
// sheet's temporary file as it is written, which is why rows must come in
// order and why the title, widths and frozen panes are set up front.
#include <xlsxwriter.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <set>
#include <string>

#include "atomic_file.h"
#include "cardex/io/xlsx.h"

namespace cardex {
namespace {

constexpr size_t kMaxSheetName = 31;

std::string LxwError(lxw_error e) { return lxw_strerror(e); }

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// The first `max` code points of `s`.
std::string_view PrefixCodePoints(std::string_view s, size_t max) {
  size_t n = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && n++ == max) return s.substr(0, i);
  }
  return s;
}

// A legal tab name: the characters Excel refuses replaced, no apostrophe at
// either end, cut to 31 characters with room for `suffix`.
std::string SheetName(std::string_view wanted, std::string_view suffix) {
  std::string name(wanted);
  for (char& c : name) {
    if (c == '[' || c == ']' || c == ':' || c == '*' || c == '?' || c == '/' || c == '\\') c = '_';
  }
  if (!name.empty() && name.front() == '\'') name.front() = '_';
  if (!name.empty() && name.back() == '\'') name.back() = '_';
  if (name.empty()) name = "Sheet";
  name = std::string(PrefixCodePoints(name, kMaxSheetName - CodePoints(suffix)));
  while (name.size() > 1 && name.back() == ' ') name.pop_back();  // cut mid-phrase
  return name + std::string(suffix);
}

bool IsNumeric(XlsxColumn::Kind k) { return k != XlsxColumn::Kind::kText; }

class LxwXlsxWriter final : public XlsxWriter {
 public:
  LxwXlsxWriter(io_internal::TempFile temp, int64_t max_rows)
      : temp_(std::move(temp)), max_rows_(max_rows) {}
  ~LxwXlsxWriter() override {
    // Without Close() nothing is kept: free the workbook without writing
    // what would be renamed (TempFile removes the temporary file).
    if (book_ != nullptr) lxw_workbook_free(book_);
  }

  Status Open() {
    lxw_workbook_options options = {};
    options.constant_memory = LXW_TRUE;
    // Each sheet's rows wait in a temporary file until Close(); honour
    // TMPDIR (libxlsxwriter's own default is tmpfile(), always /tmp).
    const char* tmpdir = std::getenv("TMPDIR");
    if (tmpdir != nullptr && *tmpdir != '\0') options.tmpdir = const_cast<char*>(tmpdir);
    book_ = workbook_new_opt(temp_.temp_path().c_str(), &options);
    if (book_ == nullptr) return Status::IoError("cannot write " + temp_.path());
    auto format = [&](bool bold) {
      lxw_format* f = workbook_add_format(book_);
      format_set_font_name(f, "Arial");
      if (bold) format_set_bold(f);
      return f;
    };
    title_ = format(true);
    format_set_font_size(title_, 14);
    header_ = format(true);
    format_set_text_wrap(header_);
    format_set_align(header_, LXW_ALIGN_VERTICAL_CENTER);
    format_set_bg_color(header_, 0xD9E2F3);
    format_set_border(header_, LXW_BORDER_THIN);
    total_label_ = format(true);
    format_set_top(total_label_, LXW_BORDER_THIN);
    static constexpr std::array<const char*, 6> kNumFormats = {
        "@", "#,##0", "#,##0.0", "0.0%", "dd/mm/yyyy", "hh:mm"};
    for (size_t k = 0; k < kNumFormats.size(); ++k) {
      body_[k] = format(false);
      if (k > 0) format_set_num_format(body_[k], kNumFormats[k]);
      total_[k] = format(true);
      if (k > 0) format_set_num_format(total_[k], kNumFormats[k]);
      format_set_top(total_[k], LXW_BORDER_THIN);
    }
    return Status::Ok();
  }

  Status AddSheet(const XlsxSheet& sheet) override {
    if (book_ == nullptr) return Status::FailedPrecondition("write to closed " + temp_.path());
    if (sheet.columns.empty()) return Status::InvalidArgument("sheet " + sheet.name + " has no columns");
    FinishPart();
    spec_ = sheet;
    part_ = 1;
    rows_ = 0;
    sums_.assign(sheet.columns.size(), 0.0);
    ended_ = false;
    return StartPart();
  }

  Status WriteRow(std::span<const XlsxCell> cells) override {
    if (sheet_ == nullptr) return Status::FailedPrecondition("no sheet started in " + temp_.path());
    if (ended_) return Status::FailedPrecondition("sheet " + spec_.name + " already has its totals");
    if (cells.size() > spec_.columns.size()) {
      return Status::InvalidArgument("row has " + std::to_string(cells.size()) + " cells; sheet " +
                                     spec_.name + " has " + std::to_string(spec_.columns.size()) +
                                     " columns");
    }
    if (static_cast<int64_t>(next_row_) >= max_rows_ - 1) {  // keep one row for the totals
      ++part_;
      CARDEX_RETURN_IF_ERROR(StartPart());
    }
    for (size_t c = 0; c < cells.size(); ++c) {
      const auto kind = static_cast<size_t>(spec_.columns[c].kind);
      const auto col = static_cast<lxw_col_t>(c);
      lxw_error e = LXW_NO_ERROR;
      if (const auto* text = std::get_if<std::string_view>(&cells[c])) {
        if (text->empty()) continue;
        buf_.assign(*text);  // libxlsxwriter wants NUL-terminated text
        e = worksheet_write_string(sheet_, next_row_, col, buf_.c_str(), body_[0]);
      } else if (const double* number = std::get_if<double>(&cells[c])) {
        e = worksheet_write_number(sheet_, next_row_, col, *number, body_[kind]);
        sums_[c] += *number;
      }
      if (e != LXW_NO_ERROR) return Failed("row " + std::to_string(next_row_ + 1), e);
    }
    ++next_row_;
    ++rows_;
    return Status::Ok();
  }

  Status WriteTotals(std::string_view label) override {
    if (sheet_ == nullptr) return Status::FailedPrecondition("no sheet started in " + temp_.path());
    if (ended_) return Status::FailedPrecondition("sheet " + spec_.name + " already has its totals");
    SetAutofilter();
    ended_ = true;
    buf_.assign(label);
    lxw_error e = worksheet_write_string(sheet_, next_row_, 0, buf_.c_str(), total_label_);
    for (size_t c = 1; c < spec_.columns.size() && e == LXW_NO_ERROR; ++c) {
      const XlsxColumn& column = spec_.columns[c];
      const auto kind = static_cast<size_t>(column.kind);
      const auto col = static_cast<lxw_col_t>(c);
      if (!column.total || !IsNumeric(column.kind)) {
        e = worksheet_write_blank(sheet_, next_row_, col, total_[kind]);
      } else if (part_ > 1 || next_row_ == first_data_row_) {
        // The rows span several sheets (or there are none): the value only.
        e = worksheet_write_number(sheet_, next_row_, col, sums_[c], total_[kind]);
      } else {
        char range[64];
        lxw_rowcol_to_range(range, first_data_row_, col, next_row_ - 1, col);
        const std::string formula = std::string("=SUM(") + range + ")";
        e = worksheet_write_formula_num(sheet_, next_row_, col, formula.c_str(), total_[kind],
                                        sums_[c]);
      }
    }
    if (e != LXW_NO_ERROR) return Failed("totals row", e);
    ++next_row_;
    return Status::Ok();
  }

  int64_t rows() const override { return rows_; }

  Status Close() override {
    if (closed_) return close_status_;
    closed_ = true;
    FinishPart();
    lxw_workbook* book = book_;
    book_ = nullptr;
    const lxw_error e = workbook_close(book);  // frees the workbook either way
    if (e != LXW_NO_ERROR) {
      close_status_ = Status::IoError("cannot write " + temp_.path() + ": " + LxwError(e));
    } else {
      close_status_ = temp_.Commit();
    }
    return close_status_;
  }

 private:
  Status Failed(const std::string& where, lxw_error e) const {
    return Status::IoError("cannot write " + temp_.path() + ": sheet " + spec_.name + ", " + where +
                           ": " + LxwError(e));
  }

  // Autofilter over the header and the data rows. In constant-memory mode
  // libxlsxwriter accepts it only while the last data row is the current
  // row, hence before the totals row or at the end of the sheet.
  void SetAutofilter() {
    const lxw_row_t last = next_row_ > header_row_ + 1 ? next_row_ - 1 : header_row_;
    (void)worksheet_autofilter(sheet_, header_row_, 0, last,
                               static_cast<lxw_col_t>(spec_.columns.size() - 1));
  }

  void FinishPart() {
    if (sheet_ == nullptr) return;
    if (!ended_) SetAutofilter();
    sheet_ = nullptr;
  }

  Status StartPart() {
    FinishPart();
    const std::string name =
        SheetName(spec_.name, part_ == 1 ? "" : " (" + std::to_string(part_) + ")");
    if (!names_.insert(name).second) {
      return Status::InvalidArgument("two sheets named " + name + " in " + temp_.path());
    }
    sheet_ = workbook_add_worksheet(book_, name.c_str());
    if (sheet_ == nullptr) return Status::IoError("cannot add sheet " + name + " to " + temp_.path());
    const auto last_col = static_cast<lxw_col_t>(spec_.columns.size() - 1);
    for (size_t c = 0; c < spec_.columns.size(); ++c) {
      const XlsxColumn& column = spec_.columns[c];
      worksheet_set_column(sheet_, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c),
                           column.width, body_[static_cast<size_t>(column.kind)]);
    }
    lxw_row_t row = 0;
    if (!spec_.title.empty()) {
      worksheet_set_row(sheet_, 0, 22, nullptr);
      lxw_error e = last_col == 0
                        ? worksheet_write_string(sheet_, 0, 0, spec_.title.c_str(), title_)
                        : worksheet_merge_range(sheet_, 0, 0, 0, last_col, spec_.title.c_str(), title_);
      if (e != LXW_NO_ERROR) return Failed("title", e);
      row = 1;
    }
    header_row_ = row;
    // Wrapped headers: spreadsheets do not grow a row for them, so give it
    // the lines the longest header needs in its width.
    double lines = 1;
    for (const XlsxColumn& column : spec_.columns) {
      lines = std::max(lines, std::ceil(static_cast<double>(CodePoints(column.header)) * 1.1 /
                                        std::max(column.width, 1.0)));
    }
    worksheet_set_row(sheet_, row, 15 * std::min(lines, 4.0), nullptr);
    for (size_t c = 0; c < spec_.columns.size(); ++c) {
      const lxw_error e = worksheet_write_string(sheet_, row, static_cast<lxw_col_t>(c),
                                                 spec_.columns[c].header.c_str(), header_);
      if (e != LXW_NO_ERROR) return Failed("header", e);
    }
    worksheet_freeze_panes(sheet_, row + 1, 0);
    worksheet_repeat_rows(sheet_, header_row_, header_row_);  // printed pages repeat the header
    worksheet_set_landscape(sheet_);
    worksheet_set_paper(sheet_, 9);  // A4
    worksheet_fit_to_pages(sheet_, 1, 0);
    first_data_row_ = next_row_ = row + 1;
    return Status::Ok();
  }

  io_internal::TempFile temp_;
  const int64_t max_rows_;  // title and header rows included
  lxw_workbook* book_ = nullptr;
  lxw_format* title_ = nullptr;
  lxw_format* header_ = nullptr;
  lxw_format* total_label_ = nullptr;
  std::array<lxw_format*, 6> body_{};
  std::array<lxw_format*, 6> total_{};
  lxw_worksheet* sheet_ = nullptr;
  XlsxSheet spec_;
  std::set<std::string> names_;
  int part_ = 1;
  lxw_row_t header_row_ = 0, first_data_row_ = 0, next_row_ = 0;
  int64_t rows_ = 0;
  std::vector<double> sums_;
  bool ended_ = false;
  bool closed_ = false;
  Status close_status_;
  std::string buf_;
};

}  // namespace

Result<std::unique_ptr<XlsxWriter>> XlsxWriter::OpenFile(const std::string& path) {
  return OpenFile(path, Options());
}

Result<std::unique_ptr<XlsxWriter>> XlsxWriter::OpenFile(const std::string& path, Options options) {
  if (options.max_sheet_rows < 4 || options.max_sheet_rows > 1048576) {
    return Status::InvalidArgument("max_sheet_rows must be 4 .. 1048576");
  }
  CARDEX_ASSIGN_OR_RETURN(io_internal::TempFile temp, io_internal::TempFile::Beside(path));
  auto writer = std::make_unique<LxwXlsxWriter>(std::move(temp), options.max_sheet_rows);
  CARDEX_RETURN_IF_ERROR(writer->Open());
  return std::unique_ptr<XlsxWriter>(std::move(writer));
}

}  // namespace cardex
