// The station's side of the wire (issue 20): station::Central over HTTP/1.1,
// one request per call on a fresh connection (a station syncs every few
// seconds at most; a kept connection would only outlive the line).
//
// Plain http:// only: a station reaches the central through the province's
// network, and over anything else through a TLS tunnel or proxy on the
// station (docs/station.md, docs/security.md). The credential travels in
// "Authorization: Bearer"; snapshots carry their own MAC.
//
// Errors: kUnavailable when the central cannot be reached or the exchange
// is cut or times out (the line is down: try later); the central's refusal
// mapped back from its HTTP status otherwise (401 kUnauthenticated, 403
// kPermissionDenied, 400/422 kInvalidArgument, 409 kFailedPrecondition,
// 503 kUnavailable), its message kept. Thread safety: one call at a time.
#ifndef CARDEX_HTTP_SYNC_CLIENT_H_
#define CARDEX_HTTP_SYNC_CLIENT_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "cardex/core/status.h"
#include "cardex/station/sync.h"

namespace cardex::http {

class SyncClient : public station::Central {
 public:
  // `central_url` "http://HOST:PORT" (a trailing "/" allowed).
  // kInvalidArgument for anything else.
  static Result<std::unique_ptr<SyncClient>> Create(std::string_view central_url, std::string token,
                                                    std::chrono::milliseconds timeout);

  Result<std::string> Post(std::string_view path, std::string_view content_type,
                           std::string_view body) override;

 private:
  SyncClient(std::string host, std::string port, std::string token, std::chrono::milliseconds timeout)
      : host_(std::move(host)), port_(std::move(port)), token_(std::move(token)), timeout_(timeout) {}
  std::string host_, port_, token_;
  std::chrono::milliseconds timeout_;
};

}  // namespace cardex::http

#endif  // CARDEX_HTTP_SYNC_CLIENT_H_
