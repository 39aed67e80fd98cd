// An operator's SMS gateway on loopback, for tests (docs/notices.md, "The
// gateway"): POST /messages with {"id","to","text","kind"}, one message to
// the phone per id, a repeated id answered {"status":"duplicate"}. It
// misbehaves on demand: answers 503 to the next N requests (with a
// Retry-After when asked), takes the next N messages and answers only after
// a delay (the sender's deadline passes first), or answers the next N
// messages twice (a stray second answer on the kept-alive connection).
//
// Thread safety: the setters and state() may be called while it serves.
#ifndef CARDEX_TESTS_NOTICES_FAKE_SMS_GATEWAY_H_
#define CARDEX_TESTS_NOTICES_FAKE_SMS_GATEWAY_H_

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "cardex/core/status.h"

namespace cardex::testing {

struct FakeGatewayState {
  std::map<std::string, int> delivered;  // message id -> messages put through to the phone
  std::map<std::string, std::string> texts;  // message id -> text
  int64_t requests = 0;                  // POSTs received
  int64_t duplicates = 0;                // answered "duplicate"
  int64_t failed = 0;                    // answered 5xx
  int64_t refused = 0;                   // answered 4xx
};

class FakeSmsGateway {
 public:
  virtual ~FakeSmsGateway() = default;
  virtual std::string url() const = 0;
  virtual void FailNext(int requests, int64_t retry_after_seconds = -1) = 0;
  virtual void DelayNext(int messages, std::chrono::milliseconds delay) = 0;
  virtual void AnswerTwiceNext(int messages) = 0;
  // 400 {"error":"invalid_number"} for messages to this number.
  virtual void RefuseNumber(std::string phone) = 0;
  virtual FakeGatewayState state() const = 0;
};

Result<std::unique_ptr<FakeSmsGateway>> StartFakeSmsGateway();

}  // namespace cardex::testing

#endif  // CARDEX_TESTS_NOTICES_FAKE_SMS_GATEWAY_H_
