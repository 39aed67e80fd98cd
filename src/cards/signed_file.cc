#include "cardex/cards/signed_file.h"

#include <sodium.h>

#include <cctype>

#include "cards_internal.h"

namespace cardex::cards {

namespace {

constexpr std::string_view kTag = "CDXSIG1.";

}  // namespace

std::string SignFile(std::string_view bytes, const SigningKey& key) {
  return std::string(kTag) + key.key_id() + "." + cards_internal::Base64Url(key.Sign(bytes)) +
         "\n";
}

Status VerifyFileSignature(std::string_view bytes, std::string_view signature,
                           const PublicKey& public_key) {
  while (!signature.empty() && std::isspace(static_cast<unsigned char>(signature.front()))) {
    signature.remove_prefix(1);
  }
  while (!signature.empty() && std::isspace(static_cast<unsigned char>(signature.back()))) {
    signature.remove_suffix(1);
  }
  size_t dot = signature.rfind('.');
  if (signature.substr(0, kTag.size()) != kTag || dot == std::string_view::npos ||
      dot < kTag.size()) {
    return Status::InvalidArgument("malformed file signature: expected CDXSIG1.<key id>.<sig>");
  }
  std::string_view key_id = signature.substr(kTag.size(), dot - kTag.size());
  std::string sig;
  if (!cards_internal::FromBase64Url(signature.substr(dot + 1), &sig) ||
      sig.size() != crypto_sign_BYTES) {
    return Status::InvalidArgument("malformed file signature: not 64 bytes of base64url");
  }
  if (crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(sig.data()),
                                  reinterpret_cast<const unsigned char*>(bytes.data()),
                                  bytes.size(), public_key.data()) != 0) {
    std::string given = KeyId(public_key);
    if (key_id != given) {
      return Status::InvalidArgument("file signature does not match: signed by key " +
                                     cards_internal::ShownKeyId(key_id) +
                                     ", the public key given is " + given);
    }
    return Status::InvalidArgument("file signature does not match: the file was changed");
  }
  return Status::Ok();
}

}  // namespace cardex::cards
