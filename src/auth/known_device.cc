#include "cardex/auth/known_device.h"

#include <sodium.h>

#include <charconv>

#include "sodium_init.h"

namespace cardex {

namespace {

constexpr std::string_view kSecretSetting = "auth.device_secret";

std::string Hex(const unsigned char* bytes, size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), bytes, n);
  out.pop_back();
  return out;
}

Result<std::string> Secret(Store& store) {
  CARDEX_RETURN_IF_ERROR(auth_internal::EnsureSodium());
  CARDEX_ASSIGN_OR_RETURN(auto stored, store.GetSetting(kSecretSetting));
  if (stored && stored->size() == 64) return *stored;
  unsigned char fresh[crypto_auth_hmacsha256_KEYBYTES];
  randombytes_buf(fresh, sizeof fresh);
  // Two servers racing on a new database agree on the first one stored.
  return store.PutSettingIfAbsent(kSecretSetting, Hex(fresh, sizeof fresh));
}

std::string Mac(const std::string& secret_hex, std::string_view login, int64_t issued) {
  unsigned char key[crypto_auth_hmacsha256_KEYBYTES];
  size_t len = 0;
  sodium_hex2bin(key, sizeof key, secret_hex.data(), secret_hex.size(), nullptr, &len, nullptr);
  std::string message = "cardex-device-v1\n";
  message += login;
  message += "\n" + std::to_string(issued);
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256(mac, reinterpret_cast<const unsigned char*>(message.data()),
                         message.size(), key);
  sodium_memzero(key, sizeof key);
  return Hex(mac, sizeof mac);
}

int64_t UnixSeconds(Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

}  // namespace

Result<std::string> IssueDeviceToken(Store& store, std::string_view login, Clock::time_point now) {
  CARDEX_ASSIGN_OR_RETURN(std::string secret, Secret(store));
  const int64_t issued = UnixSeconds(now);
  return std::to_string(issued) + "." + Mac(secret, login, issued);
}

Result<bool> IsKnownDevice(Store& store, std::string_view login, std::string_view token,
                           Clock::time_point now, std::chrono::seconds max_age) {
  const size_t dot = token.find('.');
  if (dot == std::string_view::npos || dot == 0 || dot > 12 ||
      token.size() != dot + 1 + 2 * crypto_auth_hmacsha256_BYTES) {
    return false;
  }
  int64_t issued = 0;
  auto [end, ec] = std::from_chars(token.data(), token.data() + dot, issued);
  if (ec != std::errc() || end != token.data() + dot) return false;
  const int64_t age = UnixSeconds(now) - issued;
  if (age < -300 || age > max_age.count()) return false;
  CARDEX_ASSIGN_OR_RETURN(std::string secret, Secret(store));
  const std::string expected = Mac(secret, login, issued);
  const std::string_view given = token.substr(dot + 1);
  return sodium_memcmp(expected.data(), given.data(), expected.size()) == 0;
}

std::string DeviceCookieName(std::string_view login) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(login.data()), login.size());
  return "cardex_device_" + Hex(digest, 8);
}

}  // namespace cardex
