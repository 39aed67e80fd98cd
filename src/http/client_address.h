// Internal: who the client is when the server sits behind reverse proxies
// (docs/security.md, "Behind a proxy"). The socket's peer is the client
// unless it is a configured proxy; then X-Forwarded-For is read from the
// right, skipping configured proxies, and the first address that is not one
// is the client. X-Forwarded-Proto is believed from a configured proxy only.
// A header from anyone else is ignored: a client cannot pick its own
// throttle bucket or claim TLS.
//
// Thread safety: a TrustedProxies is immutable after Parse.
#ifndef CARDEX_SRC_HTTP_CLIENT_ADDRESS_H_
#define CARDEX_SRC_HTTP_CLIENT_ADDRESS_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "cardex/core/status.h"

namespace cardex::http {

class TrustedProxies {
 public:
  // Each entry an IPv4 or IPv6 address, or a network "ADDR/PREFIX".
  // kInvalidArgument naming the entry otherwise.
  static Result<TrustedProxies> Parse(const std::vector<std::string>& entries);
  TrustedProxies();
  ~TrustedProxies();
  TrustedProxies(TrustedProxies&&) noexcept;
  TrustedProxies& operator=(TrustedProxies&&) noexcept;

  bool empty() const;
  // Whether `address` (text, as the socket gives it) is a configured proxy.
  bool Contains(std::string_view address) const;

  struct Client {
    std::string address;  // normalised text
    bool https = false;   // a trusted proxy said the client used TLS
  };
  // The client behind `peer` given the two headers (empty when absent).
  Client Resolve(std::string_view peer, std::string_view forwarded_for,
                 std::string_view forwarded_proto) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cardex::http

#endif  // CARDEX_SRC_HTTP_CLIENT_ADDRESS_H_
