#include "paging.h"

#include "cardex/core/vn_format.h"

namespace cardex::http {
Result<RowWindow> PageWindow(const Request& request, size_t per_page) {
  auto it = request.query.find("page");
  if (it == request.query.end()) return RowWindow::Page(0, per_page);
  const std::string& text = it->second;
  size_t number = 0;
  bool digits = !text.empty() && text.size() <= 6;
  for (char c : text) {
    if (c < '0' || c > '9') digits = false;
    if (digits) number = number * 10 + static_cast<size_t>(c - '0');
  }
  if (!digits || number < 1 || number > kMaxPageNumber) {
    return Status::Coded(StatusCode::kInvalidArgument, "page.invalid", {std::to_string(kMaxPageNumber)});
  }
  return RowWindow::Page(number - 1, per_page);
}

std::string PagerHtml(const Request& request, Lang lang, size_t offset, size_t shown,
                      size_t total, size_t per_page) {
  if (offset == 0 && shown >= total) return "";
  const size_t page_number = offset / per_page + 1;
  std::string links;
  if (page_number > 1) {
    links += Render(R"( <a class="btn" rel="prev" href="{href}">{t}</a>)",
                    {{"href", LinkWith(request, "page", std::to_string(page_number - 1))},
                     {"t", T(lang, {"← Trang trước", "← Previous page"})}});
  }
  if (offset + shown < total) {
    links += Render(R"( <a class="btn" rel="next" href="{href}">{t}</a>)",
                    {{"href", LinkWith(request, "page", std::to_string(page_number + 1))},
                     {"t", T(lang, {"Trang sau →", "Next page →"})}});
  }
  const std::string from = vn_format::Integer(static_cast<int64_t>(shown == 0 ? offset : offset + 1));
  const std::string to = vn_format::Integer(static_cast<int64_t>(offset + shown));
  const std::string all = vn_format::Integer(static_cast<int64_t>(total));
  std::string range = lang == Lang::kEn ? "Rows " + from + "–" + to + " of " + all
                                        : "Dòng " + from + "–" + to + " trên tổng số " + all;
  return Render(R"(<nav class="pager" aria-label="{aria}"><span>{range}</span>{!links}</nav>)",
                {{"aria", T(lang, {"Phân trang", "Pages"})}, {"range", range}, {"links", links}});
}

}  // namespace cardex::http
