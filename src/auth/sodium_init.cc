#include "sodium_init.h"

#include <sodium.h>

#include <string>
#include <vector>

namespace cardex::auth_internal {

Status EnsureSodium() {
  static const int rc = sodium_init();  // 0 first time, 1 when already done
  return rc < 0 ? Status::Internal("libsodium could not be initialised") : Status::Ok();
}

std::string RandomToken(size_t bytes) {
  std::vector<unsigned char> raw(bytes);
  randombytes_buf(raw.data(), raw.size());
  const int variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string out(sodium_base64_ENCODED_LEN(bytes, variant), '\0');
  sodium_bin2base64(out.data(), out.size(), raw.data(), raw.size(), variant);
  out.resize(out.find('\0'));
  sodium_memzero(raw.data(), raw.size());
  return out;
}

}  // namespace cardex::auth_internal
