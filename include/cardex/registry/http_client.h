// One HTTP/1.1 connection to a service of the national data platform (the
// registry service; the central commission's receiving service,
// cardex/centre) plain or TLS, with a client certificate when given, kept
// alive between calls. The only file that includes Boost.Beast outside the
// server (src/registry/http_client.cc).
//
// Errors: Post returns kUnavailable for a connection refused or dropped, a
// TLS failure, or a call past its deadline (the connection is then closed
// and the next call reconnects); an HTTP answer of any status is a reply,
// not an error.
//
// Thread safety: an HttpEndpoint is shared by every worker (read only after
// Make); each HttpConnection belongs to one thread.
#ifndef CARDEX_REGISTRY_HTTP_CLIENT_H_
#define CARDEX_REGISTRY_HTTP_CLIENT_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cardex/core/status.h"

namespace cardex::registry {

struct HttpReply {
  int status = 0;
  std::string body;
  int64_t retry_after_seconds = -1;  // the Retry-After header in seconds, -1 when absent
};

struct EndpointOptions {
  std::string base_url;  // http[s]://host[:port][/prefix]
  std::string bearer_token;
  std::string client_cert_file, client_key_file, ca_file;
};

class HttpConnection {
 public:
  virtual ~HttpConnection() = default;
  // POSTs `body` (JSON) to PREFIX + `path` with `headers` besides the
  // usual ones; the whole exchange within `deadline`.
  using Headers = std::vector<std::pair<std::string, std::string>>;
  virtual Result<HttpReply> Post(std::string_view path, const std::string& body,
                                 std::chrono::milliseconds deadline,
                                 const Headers& headers = {}) = 0;
};

class HttpEndpoint {
 public:
  virtual ~HttpEndpoint() = default;
  virtual std::unique_ptr<HttpConnection> Connect() const = 0;
};

// kInvalidArgument for a URL that is not http[s]://host[:port][/path];
// kIoError when a certificate, key or CA file cannot be loaded.
Result<std::unique_ptr<HttpEndpoint>> MakeHttpEndpoint(const EndpointOptions& options);

}  // namespace cardex::registry

#endif  // CARDEX_REGISTRY_HTTP_CLIENT_H_
