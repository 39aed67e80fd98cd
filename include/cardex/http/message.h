// The request and response the handlers see: plain structs, so that only
// the server's own file depends on Boost.Beast (and compiles slowly).
#ifndef CARDEX_HTTP_MESSAGE_H_
#define CARDEX_HTTP_MESSAGE_H_

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cardex/core/messages.h"

namespace cardex::http {

struct Request {
  std::string method;  // "GET", "POST", ...
  std::string target;  // as sent: path and query
  std::string path;    // percent-decoded path, without the query
  std::map<std::string, std::string> query;    // decoded; the last value of a repeated key
  std::map<std::string, std::string> headers;  // names lower case
  std::string body;
  // The socket's peer as the server saw it; App::Handle replaces it with
  // the client behind a trusted proxy (client_address.h).
  std::string client_ip;
  // Set by App::Handle when a trusted proxy says the client used HTTPS.
  bool https = false;

  std::string_view Header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? std::string_view() : std::string_view(it->second);
  }
  // A cookie's value ("" when absent).
  std::string Cookie(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // beyond Content-Type
  // An error answer's catalogue message (core/messages.h) and its
  // arguments: the body is written in Vietnamese, and the pipeline writes it
  // again in the language the request asked for (LocalizeError).
  std::string error_code, error_id, error_detail;
  std::vector<std::string> error_args;

  void AddHeader(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
  }
};

// The error object of formats.md: {"error": {"code": …, "message": …,
// "message_id": …}}. `code` is the stable machine code ("not_found",
// "conflict", …), `message_id` the catalogue entry whose text is the
// message, in Vietnamese until LocalizeError says otherwise. `detail`, when
// not empty, is a capability's own (English) explanation that has no
// catalogue entry yet; it is sent as "detail", never as the message. Bytes
// of the message or the detail that are not UTF-8 (an argument may quote
// what a client sent) become U+FFFD.
Response ErrorResponse(int status, std::string_view code, std::string_view message_id,
                       std::vector<std::string> args = {}, std::string detail = "");

// Rewrites an error answer's body in `lang` (nothing for other answers).
void LocalizeError(Response* response, Lang lang);

// The language of an API answer: the request's Accept-Language (vi or en),
// Vietnamese by default.
Lang ApiLang(const Request& request);

// Decodes %XX and (in queries) '+'; false on a malformed escape or on a NUL,
// raw or escaped.
bool PercentDecode(std::string_view in, bool plus_is_space, std::string* out);

// %XX-encodes every byte but ASCII letters, digits and those in `keep`.
std::string PercentEncode(std::string_view in, std::string_view keep);

// Fills request->path and request->query from request->target: the path
// must start with '/'; the query is split at '&' and '=', keys and values
// percent-decoded ('+' is a space), empty keys dropped, the last of a
// repeated key kept. A path, key or value that is not UTF-8 once decoded
// is refused. Returns "" or the catalogue id of why the target is refused
// (for a 400; it never quotes the target).
std::string_view DecodeTarget(Request* request);

}  // namespace cardex::http

#endif  // CARDEX_HTTP_MESSAGE_H_
