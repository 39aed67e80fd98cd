// PdfDocument: the blocks are walked twice by one Layout routine, first
// without drawing (to count pages), then drawing, so the two passes cannot
// disagree about where a page breaks.
#include "cardex/io/pdf.h"

#include <cairo-pdf.h>

#include <algorithm>

#include "atomic_file.h"
#include "pango_text.h"

namespace cardex {

using io_internal::EscapeMarkup;
using io_internal::TextBlock;
using io_internal::TextStyle;

struct PdfDocument::Block {
  enum class Kind { kText, kTable, kCard, kQr, kChart, kSpace, kPageBreak };
  Kind kind = Kind::kText;
  std::string text;  // kText; kQr caption
  TextStyle style;
  double before = 0, after = 0;  // kText spacing
  double keep_with_next = 0;     // kText: at least this much room below it, or a new page
  PdfTable table;
  PdfCard card;
  std::optional<QrCode> qr;
  double size = 0;  // kQr side, kChart height, kSpace points
  Chart chart;
};

namespace {

constexpr double kFooterHeight = 20;
constexpr double kCellPadX = 3, kCellPadY = 2;
constexpr double kCardPad = 10, kCardGap = 12, kCardQr = 104;

class Renderer {
 public:
  Renderer(cairo_t* cr, bool draw, int total, const std::string& footer)
      : cr_(cr), draw_(draw), total_(total), footer_(footer) {
    StartPage();
  }

  int page() const { return page_; }

  void Layout(const PdfDocument::Block& b) {
    using Kind = PdfDocument::Block::Kind;
    switch (b.kind) {
      case Kind::kText: return Text(b);
      case Kind::kTable: return Table(b.table);
      case Kind::kCard: return Card(b.card);
      case Kind::kQr: return Qr(*b.qr, b.size, b.text);
      case Kind::kChart:
        Fit(b.size);
        if (draw_) DrawChart(cr_, b.chart, left_, y_, width_, b.size);
        y_ += b.size + 6;
        return;
      case Kind::kSpace:
        y_ += b.size;
        if (y_ > bottom_) NewPage();
        return;
      case Kind::kPageBreak:
        if (!AtTop()) NewPage();
        return;
    }
  }

  void Finish() { EndPage(); }

 private:
  bool AtTop() const { return y_ <= top_ + 0.01; }
  // Starts a new page unless `height` fits below y_ (or y_ is already the top).
  void Fit(double height) {
    if (y_ + height > bottom_ && !AtTop()) NewPage();
  }
  void NewPage() {
    EndPage();
    ++page_;
    StartPage();
  }
  void StartPage() {
    y_ = top_;
    if (!draw_) return;
    cairo_save(cr_);
    cairo_rectangle(cr_, left_ - 2, top_ - 2, width_ + 4, bottom_ - top_ + 4);
    cairo_clip(cr_);  // a block taller than a page is cut at its end
  }
  void EndPage() {
    if (!draw_) return;
    cairo_restore(cr_);
    const double fy = PdfDocument::kPageHeight - PdfDocument::kMargin - kFooterHeight + 8;
    cairo_set_source_rgb(cr_, 0.6, 0.6, 0.6);
    cairo_set_line_width(cr_, 0.4);
    cairo_move_to(cr_, left_, fy - 3);
    cairo_line_to(cr_, left_ + width_, fy - 3);
    cairo_stroke(cr_);
    cairo_set_source_rgb(cr_, 0.35, 0.35, 0.35);
    const TextStyle small{.size = 8};
    TextBlock number(cr_, "Trang " + std::to_string(page_) + "/" + std::to_string(total_), small);
    number.Draw(cr_, left_ + width_ - number.width(), fy);
    if (!footer_.empty()) {
      TextBlock left(cr_, footer_, small, width_ - number.width() - 12);
      left.Draw(cr_, left_, fy);
    }
    cairo_show_page(cr_);
  }

  void Text(const PdfDocument::Block& b) {
    if (!AtTop()) y_ += b.before;
    TextBlock t(cr_, b.text, b.style, width_);
    Fit(t.height() + b.keep_with_next);
    if (draw_) {
      cairo_set_source_rgb(cr_, 0, 0, 0);
      t.Draw(cr_, left_, y_);
    }
    y_ += t.height() + b.after;
  }

  using Row = std::vector<std::unique_ptr<TextBlock>>;

  Row MakeRow(const PdfTable& table, const std::vector<std::string>* cells,
              const std::vector<double>& widths, double* height) {
    Row row;
    *height = 0;
    for (size_t c = 0; c < table.columns.size(); ++c) {
      const auto& column = table.columns[c];
      TextStyle style{.size = 9, .bold = cells == nullptr};
      if (column.align == PdfTable::Column::Align::kRight) style.align = PANGO_ALIGN_RIGHT;
      if (column.align == PdfTable::Column::Align::kCenter || cells == nullptr) {
        style.align = cells == nullptr ? PANGO_ALIGN_LEFT : PANGO_ALIGN_CENTER;
      }
      const std::string& text =
          cells == nullptr ? column.header : (c < cells->size() ? (*cells)[c] : empty_);
      const double room = widths[c] - 2 * kCellPadX;
      row.push_back(std::make_unique<TextBlock>(cr_, text, style, room));
      // A code or a number (no space to break at) is never split across
      // lines ("LD.HAMTIE-N"): it is set smaller until it fits its column.
      if (cells != nullptr && row.back()->wrapped() && text.find(' ') == std::string::npos) {
        const double natural = TextBlock(cr_, text, style, 0).width();
        if (natural > 0) style.size = std::max(4.0, style.size * room / natural * 0.98);
        row.back() = std::make_unique<TextBlock>(cr_, text, style, room);
      }
      *height = std::max(*height, row.back()->height() + 2 * kCellPadY);
    }
    return row;
  }

  void DrawRow(const Row& row, const std::vector<double>& widths, double height, bool shaded,
               bool header) {
    if (!draw_) return;
    if (shaded || header) {
      if (header) cairo_set_source_rgb(cr_, 0.85, 0.89, 0.95);
      else cairo_set_source_rgb(cr_, 0.96, 0.96, 0.96);
      cairo_rectangle(cr_, left_, y_, width_, height);
      cairo_fill(cr_);
    }
    cairo_set_source_rgb(cr_, 0.55, 0.55, 0.55);
    cairo_set_line_width(cr_, 0.4);
    double x = left_;
    for (size_t c = 0; c < row.size(); ++c) {
      cairo_rectangle(cr_, x, y_, widths[c], height);
      x += widths[c];
    }
    cairo_stroke(cr_);
    cairo_set_source_rgb(cr_, 0, 0, 0);
    x = left_;
    for (size_t c = 0; c < row.size(); ++c) {
      row[c]->Draw(cr_, x + kCellPadX, y_ + kCellPadY);
      x += widths[c];
    }
  }

  void Table(const PdfTable& table) {
    if (table.columns.empty()) return;
    double total_weight = 0;
    for (const auto& c : table.columns) total_weight += std::max(c.weight, 0.01);
    std::vector<double> widths;
    for (const auto& c : table.columns) widths.push_back(width_ * std::max(c.weight, 0.01) / total_weight);
    double header_h = 0;
    const Row header = MakeRow(table, nullptr, widths, &header_h);
    // The header never stands alone at the foot of a page.
    double first_h = 0;
    if (!table.rows.empty()) MakeRow(table, &table.rows[0], widths, &first_h);
    Fit(header_h + first_h);
    DrawRow(header, widths, header_h, false, true);
    y_ += header_h;
    for (size_t r = 0; r < table.rows.size(); ++r) {
      double h = 0;
      const Row row = MakeRow(table, &table.rows[r], widths, &h);
      if (y_ + h > bottom_) {
        NewPage();
        DrawRow(header, widths, header_h, false, true);
        y_ += header_h;
      }
      DrawRow(row, widths, h, r % 2 == 1, false);
      y_ += h;
    }
    y_ += 8;
  }

  void Card(const PdfCard& card) {
    const bool has_qr = card.qr.has_value();
    const double text_w = width_ - 2 * kCardPad - (has_qr ? kCardQr + kCardPad : 0);
    std::vector<std::unique_ptr<TextBlock>> lines;
    std::vector<double> gaps;
    lines.push_back(std::make_unique<TextBlock>(cr_, card.heading, TextStyle{.size = 13, .bold = true}, text_w));
    gaps.push_back(6);
    for (const auto& [label, value] : card.fields) {
      const std::string markup = "<b>" + EscapeMarkup(label) + ":</b> " + EscapeMarkup(value);
      lines.push_back(std::make_unique<TextBlock>(cr_, markup, TextStyle{.size = 10.5, .markup = true}, text_w));
      gaps.push_back(3);
    }
    if (!card.note.empty()) {
      gaps.back() = 6;
      lines.push_back(std::make_unique<TextBlock>(cr_, "<i>" + EscapeMarkup(card.note) + "</i>",
                                                  TextStyle{.size = 9, .markup = true}, text_w));
      gaps.push_back(0);
    }
    double text_h = 0;
    for (size_t i = 0; i < lines.size(); ++i) text_h += lines[i]->height() + gaps[i];
    std::unique_ptr<TextBlock> caption;
    double qr_h = 0;
    if (has_qr) {
      qr_h = kCardQr;
      if (!card.qr_caption.empty()) {
        caption = std::make_unique<TextBlock>(cr_, card.qr_caption,
                                              TextStyle{.size = 9, .align = PANGO_ALIGN_CENTER,
                                                        .family = "DejaVu Sans Mono"},
                                              kCardQr);
        qr_h += caption->height();
      }
    }
    const double height = std::max(text_h, qr_h) + 2 * kCardPad;
    Fit(height);
    if (draw_) {
      // A dashed cut line: each card is cut out and handed to its member.
      cairo_set_source_rgb(cr_, 0.45, 0.45, 0.45);
      cairo_set_line_width(cr_, 0.6);
      const double dash[] = {4, 3};
      cairo_set_dash(cr_, dash, 2, 0);
      cairo_rectangle(cr_, left_, y_, width_, height);
      cairo_stroke(cr_);
      cairo_set_dash(cr_, nullptr, 0, 0);
      cairo_set_source_rgb(cr_, 0, 0, 0);
      double ty = y_ + kCardPad;
      for (size_t i = 0; i < lines.size(); ++i) {
        lines[i]->Draw(cr_, left_ + kCardPad, ty);
        ty += lines[i]->height() + gaps[i];
      }
      if (has_qr) {
        const double qx = left_ + width_ - kCardPad - kCardQr;
        DrawQr(cr_, *card.qr, qx, y_ + kCardPad, kCardQr);
        if (caption) {
          cairo_set_source_rgb(cr_, 0, 0, 0);
          caption->Draw(cr_, qx, y_ + kCardPad + kCardQr);
        }
      }
    }
    y_ += height + kCardGap;
  }

  void Qr(const QrCode& qr, double side, const std::string& caption_text) {
    std::unique_ptr<TextBlock> caption;
    if (!caption_text.empty()) {
      caption = std::make_unique<TextBlock>(cr_, caption_text,
                                            TextStyle{.size = 9, .align = PANGO_ALIGN_CENTER}, width_);
    }
    Fit(side + (caption ? caption->height() : 0));
    if (draw_) {
      DrawQr(cr_, qr, left_ + (width_ - side) / 2, y_, side);
      cairo_set_source_rgb(cr_, 0, 0, 0);
      if (caption) caption->Draw(cr_, left_, y_ + side);
    }
    y_ += side + (caption ? caption->height() : 0) + 8;
  }

  cairo_t* cr_;
  bool draw_;
  int total_;
  const std::string& footer_;
  const std::string empty_;
  int page_ = 1;
  const double left_ = PdfDocument::kMargin;
  const double width_ = PdfDocument::kPageWidth - 2 * PdfDocument::kMargin;
  const double top_ = PdfDocument::kMargin;
  const double bottom_ = PdfDocument::kPageHeight - PdfDocument::kMargin - kFooterHeight;
  double y_ = 0;
};

}  // namespace

PdfDocument::PdfDocument(std::string path, Options options)
    : path_(std::move(path)), options_(std::move(options)) {}
PdfDocument::~PdfDocument() = default;

void PdfDocument::AddTitle(std::string text) {
  auto b = std::make_unique<Block>();
  b->text = std::move(text);
  b->style = TextStyle{.size = 16, .bold = true};
  b->before = 6;
  b->after = 8;
  b->keep_with_next = 60;
  blocks_.push_back(std::move(b));
}

void PdfDocument::AddHeading(std::string text) {
  auto b = std::make_unique<Block>();
  b->text = std::move(text);
  b->style = TextStyle{.size = 12, .bold = true};
  b->before = 8;
  b->after = 5;
  b->keep_with_next = 50;
  blocks_.push_back(std::move(b));
}

void PdfDocument::AddParagraph(std::string text) {
  auto b = std::make_unique<Block>();
  b->text = std::move(text);
  b->style = TextStyle{.size = 10};
  b->after = 6;
  blocks_.push_back(std::move(b));
}

void PdfDocument::AddTable(PdfTable table) {
  auto b = std::make_unique<Block>();
  b->kind = Block::Kind::kTable;
  b->table = std::move(table);
  blocks_.push_back(std::move(b));
}

void PdfDocument::AddCard(PdfCard card) {
  auto b = std::make_unique<Block>();
  b->kind = Block::Kind::kCard;
  b->card = std::move(card);
  blocks_.push_back(std::move(b));
}

void PdfDocument::AddQr(QrCode qr, double side, std::string caption) {
  auto b = std::make_unique<Block>();
  b->kind = Block::Kind::kQr;
  b->qr = std::move(qr);
  b->size = side;
  b->text = std::move(caption);
  blocks_.push_back(std::move(b));
}

void PdfDocument::AddChart(Chart chart, double height) {
  auto b = std::make_unique<Block>();
  b->kind = Block::Kind::kChart;
  b->chart = std::move(chart);
  b->size = height;
  blocks_.push_back(std::move(b));
}

void PdfDocument::AddSpace(double points) {
  auto b = std::make_unique<Block>();
  b->kind = Block::Kind::kSpace;
  b->size = points;
  blocks_.push_back(std::move(b));
}

void PdfDocument::AddPageBreak() {
  auto b = std::make_unique<Block>();
  b->kind = Block::Kind::kPageBreak;
  blocks_.push_back(std::move(b));
}

Status PdfDocument::Close() {
  if (closed_) return close_status_;
  closed_ = true;
  auto temp = io_internal::TempFile::Beside(path_);
  if (!temp.ok()) return close_status_ = temp.status();
  cairo_surface_t* surface = cairo_pdf_surface_create(temp->temp_path().c_str(), kPageWidth, kPageHeight);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, options_.title.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "Cardex");
  cairo_t* cr = cairo_create(surface);
  {
    Renderer count(cr, /*draw=*/false, 0, options_.footer);
    for (const auto& b : blocks_) count.Layout(*b);
    pages_ = count.page();
  }
  {
    Renderer draw(cr, /*draw=*/true, pages_, options_.footer);
    for (const auto& b : blocks_) draw.Layout(*b);
    draw.Finish();
  }
  cairo_status_t status = cairo_status(cr);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  if (status == CAIRO_STATUS_SUCCESS) status = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (status != CAIRO_STATUS_SUCCESS) {
    return close_status_ = Status::IoError("cannot write " + path_ + ": " + cairo_status_to_string(status));
  }
  return close_status_ = temp->Commit();
}

}  // namespace cardex
