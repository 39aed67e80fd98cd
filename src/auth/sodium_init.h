// libsodium is initialised once per process, before its first use.
#ifndef CARDEX_AUTH_SODIUM_INIT_H_
#define CARDEX_AUTH_SODIUM_INIT_H_

#include "cardex/core/status.h"

namespace cardex::auth_internal {

// Calls sodium_init() the first time (thread-safe); kInternal when it fails
// (no usable random source).
Status EnsureSodium();

// `bytes` random bytes as base64url without padding.
std::string RandomToken(size_t bytes);

}  // namespace cardex::auth_internal

#endif  // CARDEX_AUTH_SODIUM_INIT_H_
