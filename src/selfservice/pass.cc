#include "cardex/selfservice/pass.h"

#include <sodium.h>

#include <charconv>

namespace cardex::selfservice {

namespace {

constexpr char kSecretSetting[] = "member_pass_secret";

std::string Hex(const unsigned char* bytes, size_t n) {
  std::string out(n * 2, '0');
  sodium_bin2hex(out.data(), out.size() + 1, bytes, n);
  return out;
}

std::string Mac(const PassKey& key, std::string_view label, std::string_view text) {
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, key.bytes.data(), key.bytes.size());
  crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(label.data()), label.size());
  crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_final(&st, mac);
  return Hex(mac, sizeof mac);
}

bool SameText(std::string_view a, std::string_view b) {
  return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace

Result<PassKey> LoadPassKey(Store& store) {
  if (sodium_init() < 0) return Status::Internal("libsodium failed to initialise");
  CARDEX_ASSIGN_OR_RETURN(std::optional<std::string> stored, store.GetSetting(kSecretSetting));
  if (!stored) {
    unsigned char fresh[32];
    randombytes_buf(fresh, sizeof fresh);
    CARDEX_ASSIGN_OR_RETURN(std::string kept, store.PutSettingIfAbsent(kSecretSetting, Hex(fresh, sizeof fresh)));
    stored = std::move(kept);
  }
  PassKey key;
  size_t len = 0;
  if (stored->size() != 64 ||
      sodium_hex2bin(key.bytes.data(), key.bytes.size(), stored->data(), stored->size(), nullptr, &len,
                     nullptr) != 0 ||
      len != key.bytes.size()) {
    return Status::Internal("the stored member pass secret is malformed");
  }
  return key;
}

std::string IssuePass(const PassKey& key, std::string_view code, int64_t expires_unix) {
  std::string text = std::string(code) + "." + std::to_string(expires_unix);
  return text + "." + Mac(key, "pass\n", text);
}

std::optional<std::string> CheckPass(const PassKey& key, std::string_view pass, int64_t now_unix) {
  const size_t last = pass.rfind('.');
  if (last == std::string_view::npos || pass.size() > 200) return std::nullopt;
  const std::string_view text = pass.substr(0, last), mac = pass.substr(last + 1);
  if (!SameText(Mac(key, "pass\n", text), mac)) return std::nullopt;
  const size_t dot = text.rfind('.');
  if (dot == std::string_view::npos) return std::nullopt;
  int64_t expires = 0;
  const std::string_view e = text.substr(dot + 1);
  auto [end, ec] = std::from_chars(e.data(), e.data() + e.size(), expires);
  if (ec != std::errc() || end != e.data() + e.size() || expires <= now_unix) return std::nullopt;
  return std::string(text.substr(0, dot));
}

std::string FormToken(const PassKey& key, std::string_view pass) { return Mac(key, "form\n", pass); }

bool FormTokenMatches(const PassKey& key, std::string_view pass, std::string_view token) {
  return SameText(FormToken(key, pass), token);
}

}  // namespace cardex::selfservice
