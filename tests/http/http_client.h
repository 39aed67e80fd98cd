// A blocking HTTP/1.1 client for the HTTP tests: one keep-alive connection
// to 127.0.0.1 and a cookie jar (the session, known-device tokens).
#ifndef CARDEX_TESTS_HTTP_HTTP_CLIENT_H_
#define CARDEX_TESTS_HTTP_HTTP_CLIENT_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>

namespace cardex::testing {

struct HttpReply {
  int status = 0;
  std::map<std::string, std::string> headers;  // names lower case
  std::string body;
};

class HttpClient {
 public:
  explicit HttpClient(uint16_t port);
  ~HttpClient();

  // Sends one request; `headers` are added as given. Set-Cookie answers
  // replace the stored cookie, which is sent with every request.
  HttpReply Send(const std::string& method, const std::string& target, const std::string& body = "",
                 const std::map<std::string, std::string>& headers = {});
  // Sends raw bytes and reads one response (for malformed requests).
  HttpReply SendRaw(const std::string& bytes);

  // The Cookie header sent: "name=value; name2=value2". Set-Cookie answers
  // add or replace one cookie each (Max-Age=0 removes it).
  std::string cookie;
  struct Conn;

 private:
  std::unique_ptr<Conn> conn_;
  uint16_t port_;
};

}  // namespace cardex::testing

#endif  // CARDEX_TESTS_HTTP_HTTP_CLIENT_H_
