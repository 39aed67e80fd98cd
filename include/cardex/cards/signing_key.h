// The Ed25519 key that signs card payloads (docs/cards.md, "The signing
// key"). A key is its 32-byte seed: the key pair is derived from it
// (crypto_sign_seed_keypair), so storing the seed stores the pair.
//
// Two homes for the seed, chosen by the operator:
//   - the database (settings key "cards.signing_seed"): created on first use,
//     nothing to distribute, but every copy of the database can sign cards;
//   - a key file (64 hex digits, written by WriteNewKeyFile): the database
//     never holds it, so a leaked backup cannot forge a card, but the file
//     must reach whichever machine produces cards and be kept safe.
//
// Thread safety: a SigningKey is an immutable value.
#ifndef CARDEX_CARDS_SIGNING_KEY_H_
#define CARDEX_CARDS_SIGNING_KEY_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "cardex/core/status.h"
#include "cardex/store/store.h"

namespace cardex::cards {

using PublicKey = std::array<uint8_t, 32>;

class SigningKey {
 public:
  // Derives the pair from a 32-byte seed.
  static SigningKey FromSeed(const std::array<uint8_t, 32>& seed);

  const PublicKey& public_key() const { return public_key_; }
  // Names the key in every payload it signs: the first 8 bytes of
  // SHA-256(public key) as 16 lowercase hex digits.
  const std::string& key_id() const { return key_id_; }
  // The detached Ed25519 signature (64 bytes) of `message`.
  std::string Sign(std::string_view message) const;

 private:
  PublicKey public_key_{};
  std::array<uint8_t, 64> secret_key_{};
  std::string key_id_;
};

// The database's key: loads the seed from the settings table or, on first
// use, creates one there and audits it (action card.key.create, subject
// cards.signing_seed, the key id; never the seed) under `actor`. Two
// processes racing on a new database end up with the same key
// (Store::PutSettingIfAbsent) and one audit entry. Runs outside or inside the
// caller's transaction.
Result<SigningKey> LoadOrCreateStoreKey(Store& store, std::string_view actor = "cardex");

// Reads a key file: 64 hex digits (the seed), surrounding white space
// ignored. kNotFound when it cannot be read, kInvalidArgument (naming the
// file) when it holds anything else.
Result<SigningKey> LoadKeyFile(const std::string& path);

// Writes a fresh random seed to `path` (mode 0600); refuses to overwrite an
// existing file (kAlreadyExists), so a key in use is never lost.
Result<SigningKey> WriteNewKeyFile(const std::string& path);

// The key id of any public key (as SigningKey::key_id).
std::string KeyId(const PublicKey& key);

// Public keys as text: 64 lowercase hex digits.
std::string PublicKeyHex(const PublicKey& key);
// Parses 64 hex digits (either case); kInvalidArgument otherwise.
Result<PublicKey> ParsePublicKey(std::string_view hex);

}  // namespace cardex::cards

#endif  // CARDEX_CARDS_SIGNING_KEY_H_
