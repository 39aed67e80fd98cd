// Printable documents for people (PDF, on cairo + Pango, font DejaVu Sans,
// which has every Vietnamese glyph): A4 portrait pages holding, top to
// bottom, the blocks added: titles, paragraphs, tables, cards, QR codes,
// charts.
//
// Blocks are kept and laid out at Close(), twice: once to count the pages,
// once to draw them, so that every page's footer can say "Trang 2/5"
// (page 2 of 5). A block that does not fit in what is left of a page starts
// the next page, except:
//   - a table breaks between rows; each page it runs onto repeats its
//     header row (a row taller than a page is cut off at the page end);
//   - a block taller than a whole page is drawn from the top of a fresh page
//     and cut off at its end.
// Cards are never split: a card is one cut-out, e.g. an invitation.
//
// Text is UTF-8 (NFC or NFD: Pango composes the diacritics) and wraps at
// word boundaries. The text layer of the PDF holds the text itself, so it
// can be searched and copied (`pdftotext` gives it back).
//
// The file appears under its name only when Close() succeeds.
//
// Thread safety: one document is used by one thread at a time.
#ifndef CARDEX_IO_PDF_H_
#define CARDEX_IO_PDF_H_

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cardex/core/status.h"
#include "cardex/io/chart.h"
#include "cardex/io/qr.h"

namespace cardex {

struct PdfTable {
  struct Column {
    std::string header;
    double weight = 1;  // share of the page width, relative to the others
    enum class Align { kLeft, kCenter, kRight } align = Align::kLeft;
  };
  std::vector<Column> columns;
  std::vector<std::vector<std::string>> rows;  // missing cells are empty
};

// A boxed record with a dashed cut line around it: a heading, lines of
// "label: value", an optional QR code on the right with a caption under it,
// and an optional note at the bottom.
struct PdfCard {
  std::string heading;
  std::vector<std::pair<std::string, std::string>> fields;  // label (bold), value
  std::string note;                                         // small, below the fields
  std::optional<QrCode> qr;
  std::string qr_caption;  // e.g. the code in text, for when the scan fails
};

class PdfDocument {
 public:
  static constexpr double kPageWidth = 595.276;   // A4, points
  static constexpr double kPageHeight = 841.890;
  static constexpr double kMargin = 42.52;        // 15 mm

  struct Options {
    std::string title;   // PDF metadata title
    std::string footer;  // left of every page's footer, e.g. the unit and date
  };

  // Nothing is written before Close(); `path` is checked then.
  PdfDocument(std::string path, Options options);
  ~PdfDocument();
  PdfDocument(const PdfDocument&) = delete;
  PdfDocument& operator=(const PdfDocument&) = delete;

  void AddTitle(std::string text);      // 16 pt bold
  void AddHeading(std::string text);    // 12 pt bold
  void AddParagraph(std::string text);  // 10 pt
  void AddTable(PdfTable table);        // 9 pt
  void AddCard(PdfCard card);
  // The symbol `side` points square (quiet zone included), centred, with an
  // optional caption under it.
  void AddQr(QrCode qr, double side, std::string caption = "");
  // The chart across the page width, `height` points tall.
  void AddChart(Chart chart, double height);
  void AddSpace(double points);
  void AddPageBreak();

  // Lays out, draws and writes the file. Idempotent.
  Status Close();
  // Pages of the written document (after Close()).
  int pages() const { return pages_; }

  struct Block;  // one added block (internal to pdf_document.cc)

 private:
  std::string path_;
  Options options_;
  std::vector<std::unique_ptr<Block>> blocks_;
  int pages_ = 0;
  bool closed_ = false;
  Status close_status_;
};

}  // namespace cardex

#endif  // CARDEX_IO_PDF_H_
