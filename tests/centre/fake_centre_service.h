// The central commission's receiving service on loopback, for tests: it
// checks each batch's signature and manifest, answers every record
// (acknowledged, or refused with a reason for the members it is told to
// refuse), answers a batch sent again with the same answer, and fails on
// demand: 503 once it has taken N batches, or an answer lost after the
// batch was taken (the connection dropped).
//
// Thread safety: the setters and getters may be called while it serves.
#ifndef CARDEX_TESTS_CENTRE_FAKE_CENTRE_SERVICE_H_
#define CARDEX_TESTS_CENTRE_FAKE_CENTRE_SERVICE_H_

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>

#include "cardex/core/status.h"

namespace cardex::testing {

struct FakeCentreState {
  std::map<std::string, int> received;  // member_no -> times taken in a new batch
  int64_t batches = 0;                  // distinct batches taken
  int64_t replays = 0;                  // batches sent again, answered again
  int64_t refused_bad = 0;              // 400: signature or manifest wrong
};

class FakeCentreService {
 public:
  virtual ~FakeCentreService() = default;
  virtual std::string url() const = 0;
  virtual void Refuse(std::set<std::string> member_nos) = 0;
  // 503 for every new batch once `batches` have been taken (-1: never).
  virtual void FailAfter(int64_t batches) = 0;
  // Takes the next new batch, then drops the connection without answering.
  virtual void LoseNextAnswer() = 0;
  virtual FakeCentreState state() const = 0;
};

Result<std::unique_ptr<FakeCentreService>> StartFakeCentreService(
    const std::array<uint8_t, 32>& public_key);

}  // namespace cardex::testing

#endif  // CARDEX_TESTS_CENTRE_FAKE_CENTRE_SERVICE_H_
