// Internal: what the server-rendered pages are built from. Every text that
// comes from data (names, codes, messages, query values) goes into HTML
// through Esc() or a Render() placeholder, both of which escape; only
// fragments this code built itself go in raw ({!name}).
#ifndef CARDEX_SRC_HTTP_HTML_H_
#define CARDEX_SRC_HTTP_HTML_H_

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

#include "cardex/auth/authorize.h"
#include "cardex/core/messages.h"
#include "cardex/http/message.h"

namespace cardex::http {

// & < > " ' escaped: safe in text and in double- or single-quoted attributes.
std::string Esc(std::string_view text);

// Replaces {name} with the escaped value of `name` and {!name} with the
// value as is (an HTML fragment built by the caller). An unknown name is
// left in place, so a typo shows on the page instead of vanishing.
using Vars = std::initializer_list<std::pair<std::string_view, std::string_view>>;
std::string Render(std::string_view tmpl, Vars vars);

// Pages are in Vietnamese unless the visitor chose English: `?lang=en` (or
// `?lang=vi`) picks the language and remembers it in the `lang` cookie.
using Lang = ::cardex::Lang;  // core/messages.h
struct LangChoice {
  Lang lang = Lang::kVi;
  bool from_query = false;  // set the cookie on the answer
};
LangChoice PickLang(const Request& request);

// A text in both languages.
struct Tr {
  std::string_view vi, en;
};
inline std::string_view T(Lang lang, Tr text) { return lang == Lang::kEn ? text.en : text.vi; }

// The page shell: head (stylesheet, script, CSRF token for the script),
// the header bar (who is logged in, the language switch, log out) and
// `body_html`. `who` and `csrf` may be null/empty (the login page).
struct PageSpec {
  std::string_view title;
  std::string body_html;
  const Principal* who = nullptr;
  std::string_view csrf;
  int status = 200;
  std::string_view home = "/";  // where the brand links (the member's page: /member)
};
Response HtmlPage(const Request& request, const PageSpec& spec);

// A page that says what went wrong, for the HTML side of the pipeline's
// errors (403, 404, 405, 409, 500 …); `detail` is shown below the headline.
Response HtmlError(const Request& request, int status, std::string_view detail);

// A file input people can read in the page's language. The browser's own
// <input type=file> says "Choose File / No file chosen" in the browser's
// language, not the page's: the input is hidden (still focusable, still
// the form's field `name`), its label is a button saying `pick`, and a line
// beside it says `none` until a file is chosen (assets' file_picker script
// puts the chosen file's name there). `attributes` is raw HTML added to the
// input (accept, capture, required), built by the caller.
std::string FilePicker(std::string_view name, std::string_view attributes, std::string_view pick,
                       std::string_view none);

// The request's path and query with `key` set to `value` (the language
// switch, the pager's links): other parameters kept and re-encoded.
std::string LinkWith(const Request& request, std::string_view key, std::string_view value);

// 303 to `location` (a path on this site).
Response Redirect(std::string_view location);

// The URL of an embedded asset with its content hash, so that pages can let
// browsers cache assets for long: "/assets/desk.js?v=1a2b…".
std::string AssetUrl(std::string_view name);

}  // namespace cardex::http

#endif  // CARDEX_SRC_HTTP_HTML_H_
