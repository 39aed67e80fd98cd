#include "cardex/cards/signing_key.h"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>

namespace cardex::cards {

namespace {

constexpr std::string_view kSeedSetting = "cards.signing_seed";

void InitSodium() {
  // Idempotent and thread-safe; needed before randombytes_buf.
  static const int kReady = sodium_init();
  (void)kReady;
}

std::string Hex(const uint8_t* bytes, size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), bytes, n);
  out.pop_back();
  return out;
}

// Exactly 2*N hex digits after trimming white space.
template <size_t N>
bool ParseHex(std::string_view text, std::array<uint8_t, N>* out) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  if (text.size() != 2 * N) return false;
  size_t len = 0;
  const char* end = nullptr;
  return sodium_hex2bin(out->data(), N, text.data(), text.size(), nullptr, &len, &end) == 0 &&
         len == N && end == text.data() + text.size();
}

std::array<uint8_t, 32> RandomSeed() {
  InitSodium();
  std::array<uint8_t, 32> seed{};
  randombytes_buf(seed.data(), seed.size());
  return seed;
}

}  // namespace

SigningKey SigningKey::FromSeed(const std::array<uint8_t, 32>& seed) {
  SigningKey key;
  crypto_sign_seed_keypair(key.public_key_.data(), key.secret_key_.data(), seed.data());
  key.key_id_ = KeyId(key.public_key_);
  return key;
}

std::string SigningKey::Sign(std::string_view message) const {
  std::string sig(crypto_sign_BYTES, '\0');
  crypto_sign_detached(reinterpret_cast<unsigned char*>(sig.data()), nullptr,
                       reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                       secret_key_.data());
  return sig;
}

std::string KeyId(const PublicKey& key) {
  uint8_t digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, key.data(), key.size());
  return Hex(digest, 8);
}

std::string PublicKeyHex(const PublicKey& key) { return Hex(key.data(), key.size()); }

Result<PublicKey> ParsePublicKey(std::string_view hex) {
  PublicKey key{};
  if (!ParseHex(hex, &key)) {
    return Status::InvalidArgument("a public key is 64 hex digits (cardex card public-key)");
  }
  return key;
}

Result<SigningKey> LoadOrCreateStoreKey(Store& store, std::string_view actor) {
  CARDEX_ASSIGN_OR_RETURN(std::optional<std::string> stored, store.GetSetting(kSeedSetting));
  bool created = false;
  if (!stored) {
    std::array<uint8_t, 32> fresh = RandomSeed();
    std::string mine = Hex(fresh.data(), fresh.size());
    sodium_memzero(fresh.data(), fresh.size());
    // Of two processes creating the key at once, both keep the first's.
    CARDEX_ASSIGN_OR_RETURN(std::string winner, store.PutSettingIfAbsent(kSeedSetting, mine));
    created = winner == mine;
    sodium_memzero(mine.data(), mine.size());
    stored = std::move(winner);
  }
  std::array<uint8_t, 32> seed{};
  bool parsed = ParseHex(*stored, &seed);
  sodium_memzero(stored->data(), stored->size());
  if (!parsed) {
    return Status::Internal("the settings value cards.signing_seed is not 64 hex digits");
  }
  SigningKey key = SigningKey::FromSeed(seed);
  sodium_memzero(seed.data(), seed.size());
  if (created) {
    AuditEntry audit{"", std::string(actor), "card.key.create", std::string(kSeedSetting), "",
                     "Ed25519 card signing key " + key.key_id()};
    CARDEX_RETURN_IF_ERROR(store.AppendAudit({&audit, 1}));
  }
  return key;
}

Result<SigningKey> LoadKeyFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(path + ": cannot read the signing key file");
  std::ostringstream text;
  text << in.rdbuf();
  std::string content = text.str();
  std::array<uint8_t, 32> seed{};
  bool ok = ParseHex(content, &seed);
  sodium_memzero(content.data(), content.size());
  if (!ok) {
    return Status::InvalidArgument(path + ": a signing key file holds 64 hex digits "
                                   "(cardex card keygen --out FILE writes one)");
  }
  SigningKey key = SigningKey::FromSeed(seed);
  sodium_memzero(seed.data(), seed.size());
  return key;
}

Result<SigningKey> WriteNewKeyFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) {
      return Status::AlreadyExists(path + ": exists; a key file is never overwritten");
    }
    return Status::IoError(path + ": " + std::strerror(errno));
  }
  std::array<uint8_t, 32> seed = RandomSeed();
  std::string text = Hex(seed.data(), seed.size()) + "\n";
  bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  written = ::fsync(fd) == 0 && written;
  written = ::close(fd) == 0 && written;
  sodium_memzero(text.data(), text.size());
  if (!written) {
    ::unlink(path.c_str());
    return Status::IoError(path + ": could not write the key");
  }
  SigningKey key = SigningKey::FromSeed(seed);
  sodium_memzero(seed.data(), seed.size());
  return key;
}

}  // namespace cardex::cards
