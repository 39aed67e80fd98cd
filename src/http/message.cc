#include "cardex/http/message.h"

#include <cctype>

#include <boost/json.hpp>

#include "cardex/core/text.h"

namespace cardex::http {

std::string Request::Cookie(std::string_view name) const {
  std::string_view all = Header("cookie");
  while (!all.empty()) {
    size_t end = all.find(';');
    std::string_view pair = all.substr(0, end);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    size_t eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name) {
      return std::string(pair.substr(eq + 1));
    }
    if (end == std::string_view::npos) break;
    all.remove_prefix(end + 1);
  }
  return "";
}

namespace {

// `s` with every byte that breaks UTF-8 replaced by U+FFFD: an answer is
// JSON, which must be UTF-8, whatever a message quotes.
std::string ValidUtf8(std::string_view s) {
  std::string out;
  while (auto bad = FindInvalidUtf8(s)) {
    out.append(s.substr(0, *bad));
    out += "\xEF\xBF\xBD";
    s.remove_prefix(*bad + 1);
  }
  out.append(s);
  return out;
}

std::string ErrorBody(const Response& r, Lang lang) {
  boost::json::object error;
  error["code"] = r.error_code;
  error["message"] = ValidUtf8(Msg(lang, r.error_id, r.error_args));
  error["message_id"] = r.error_id;
  if (!r.error_detail.empty()) error["detail"] = ValidUtf8(r.error_detail);
  boost::json::object body;
  body["error"] = std::move(error);
  return boost::json::serialize(body);
}

}  // namespace

Response ErrorResponse(int status, std::string_view code, std::string_view message_id,
                       std::vector<std::string> args, std::string detail) {
  Response r;
  r.status = status;
  r.error_code = std::string(code);
  r.error_id = std::string(message_id);
  r.error_args = std::move(args);
  r.error_detail = std::move(detail);
  r.body = ErrorBody(r, Lang::kVi);
  return r;
}

void LocalizeError(Response* response, Lang lang) {
  if (response->error_id.empty() || lang == Lang::kVi) return;
  response->body = ErrorBody(*response, lang);
}

Lang ApiLang(const Request& request) {
  return LangFromAcceptLanguage(request.Header("accept-language"));
}

static int Hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool PercentDecode(std::string_view in, bool plus_is_space, std::string* out) {
  out->clear();
  out->reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '%') {
      if (i + 2 >= in.size()) return false;
      int hi = Hex(in[i + 1]), lo = Hex(in[i + 2]);
      if (hi < 0 || lo < 0) return false;
      char decoded = static_cast<char>(hi * 16 + lo);
      if (decoded == '\0') return false;
      out->push_back(decoded);
      i += 2;
    } else if (c == '\0') {
      return false;  // a raw NUL, refused like an escaped one (found by fuzz/http_json_fuzz)
    } else if (c == '+' && plus_is_space) {
      out->push_back(' ');
    } else {
      out->push_back(c);
    }
  }
  return true;
}

std::string_view DecodeTarget(Request* request) {
  std::string_view target = request->target;
  size_t q = target.find('?');
  std::string_view raw_path = target.substr(0, q);
  if (raw_path.empty() || raw_path.front() != '/' || !PercentDecode(raw_path, false, &request->path)) {
    return "http.malformed_path";
  }
  // Decoded bytes that are not UTF-8 would reach error messages and JSON
  // answers (which must be UTF-8) through path parameters: refused here,
  // and the answer does not echo them.
  if (FindInvalidUtf8(request->path)) return "http.path_not_utf8";
  if (q == std::string_view::npos) return "";
  std::string_view query = target.substr(q + 1);
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    size_t eq = pair.find('=');
    std::string key, value;
    if (!PercentDecode(pair.substr(0, eq), true, &key) ||
        (eq != std::string_view::npos && !PercentDecode(pair.substr(eq + 1), true, &value))) {
      return "http.malformed_query";
    }
    if (FindInvalidUtf8(key) || FindInvalidUtf8(value)) return "http.query_not_utf8";
    if (!key.empty()) request->query[key] = std::move(value);
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return "";
}

std::string PercentEncode(std::string_view in, std::string_view keep) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : in) {
    if (std::isalnum(c) || keep.find(static_cast<char>(c)) != std::string_view::npos) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace cardex::http
